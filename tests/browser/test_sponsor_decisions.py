"""In a real browser, on the demo: a version validated by a sponsor whose elected official has
no account (the coordination records the decision, a letter attached) and by one who has an
account (who finds the version on their home page and decides)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import time_machine

from maillage.demo import load_demo
from maillage.planning.models import PlanVersion, Review
from maillage.projects.models import ProjectOrganisation
from tests.browser.helpers import accessibility_problems, log_in

SHOTS = Path("/tmp/shots/decisions")
LETTER = b"%PDF-1.4\n% courrier du maire\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def _shoot(page: Any, name: str) -> None:
    """Screenshots at a laptop's and a phone's width, to be looked at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def _check(page: Any, name: str) -> None:
    assert accessibility_problems(page) == [], name
    _shoot(page, name)


def test_decisions_with_and_without_an_account(
    page: Any, browser: Any, live_server: Any, tmp_path: Path
) -> None:
    # Time flows from a fixed morning (the live server and the forms need a moving clock).
    with time_machine.travel("2026-12-03 10:00 +0100", tick=True):
        project = load_demo(today=datetime.date(2026, 12, 3))
        sponsors = list(
            ProjectOrganisation.objects.filter(
                project=project, is_sponsor=True, representative__isnull=False
            ).select_related("representative__user", "organisation")
        )
        with_account = [s for s in sponsors if s.representative.user_id]
        without_account = [s for s in sponsors if not s.representative.user_id]
        assert with_account and without_account, "the demo has both kinds of representatives"

        log_in(page, "coordination")
        page.goto(f"/projects/{project.pk}/plan/versions/new/")
        page.fill("#id_label", "Feuille de route de décembre")
        with page.expect_navigation():
            page.click("form:has(#id_label) button[type=submit]")
        page.click("a[href$='/submit/']")
        page.fill("#id_deadline", "2026-12-18")
        with page.expect_navigation():
            page.click("form:has(#id_deadline) button[type=submit]")
        version = PlanVersion.objects.get(project=project, label="Feuille de route de décembre")
        assert version.status == PlanVersion.Status.SUBMITTED
        # The page names who has no account and must have their decision recorded.
        assert "Sans compte" in page.content()
        _check(page, "version-submitted")

        letter = tmp_path / "courrier-du-maire.pdf"
        letter.write_bytes(LETTER)
        for index, sponsor in enumerate(without_account):
            name = str(sponsor.representative)
            page.click(f"a:has-text('Enregistrer la décision de {name}')")
            page.check("input[name=decision][value=validated]")
            page.fill("#id_decision_date", "2026-12-03")
            if index == 0:
                page.check("input[name=means][value=letter]")
                page.set_input_files("#id_attachment", str(letter))
                page.fill("#id_comment", "Avis favorable du conseil municipal.")
                _check(page, "record-decision")
            else:
                page.check("input[name=means][value=meeting]")
            with page.expect_navigation():
                page.click("form[enctype] button[type=submit]")
            assert f"La décision de {name}" in page.content()

        first = str(without_account[0].representative)
        text = page.locator("#decisions-title + .table-scroll").inner_text()
        assert f"Décision de {first} du 3 décembre 2026 (courrier)" in text
        assert "enregistrée par la coordination le 3 décembre 2026" in text
        with page.expect_download() as download:
            page.click("a:has-text('Télécharger le document joint')")
        assert Path(download.value.path()).read_bytes() == LETTER
        _check(page, "version-recorded")
        version.refresh_from_db()
        assert version.status == PlanVersion.Status.SUBMITTED  # the elected still has to

        elected_user = with_account[0].representative.user
        context = browser.new_context(base_url=live_server.url, locale="fr-FR")
        context.set_default_timeout(15_000)
        elected = context.new_page()
        log_in(elected, elected_user.username)
        assert elected.locator("h2:has-text('À valider')").count() == 1
        awaiting = elected.locator("#awaiting").inner_text()
        assert "Feuille de route de décembre" in awaiting and "18 décembre 2026" in awaiting
        _check(elected, "home-awaiting")
        with elected.expect_navigation():
            elected.click(f"a[href$='/plan/versions/{version.pk}/#decision']")
        elected.check("input[name=decision][value=validated]")
        with elected.expect_navigation():
            elected.click("form[action$='/decide/'] button[type=submit]")
        elected.goto("/")
        assert "Feuille de route de décembre" not in (
            elected.locator("#awaiting").inner_text()
            if elected.locator("#awaiting").count()
            else ""
        )
        context.close()

        version.refresh_from_db()
        assert version.status == PlanVersion.Status.VALIDATED and version.is_baseline
        recorded = Review.objects.get(
            version=version, representative=without_account[0].representative
        )
        assert recorded.recorded_on_behalf and recorded.means == Review.Means.LETTER
        page.goto(f"/projects/{project.pk}/plan/versions/compare/?old={version.pk}")
        assert "enregistrée par la coordination" in page.content()
        _check(page, "compare")
        # The first version of the demo differs by added and re-dated tasks only, whatever the
        # language the pages are read in.
        first = PlanVersion.objects.get(project=project, number=1)
        page.goto(f"/projects/{project.pk}/plan/versions/compare/?old={first.pk}")
        counts = page.locator(".diff-counts").inner_text()
        assert "réaffecté" not in counts and "ajouté" in counts, counts
        _check(page, "compare-first")
        page.goto(f"/projects/{project.pk}/plan/versions/")
        assert "enregistrée par la coordination" in page.content()
        _check(page, "versions")
