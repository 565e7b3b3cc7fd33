"""In a real browser: the coordinator of an empty project frames it from the framing page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from maillage.projects.models import Axis, ExpectedResult, Objective, Project, ProjectOrganisation
from tests.browser.helpers import accessibility_problems, log_in
from tests.factories import make_project, make_user

SHOTS = Path("/tmp/shots/framing")


@pytest.fixture
def empty_project(transactional_db: None) -> Project:
    user = make_user("coord")
    return make_project("PAT du Val de Test", coordinator=user, kind=Project.Kind.PAT)


def submit(page: Any) -> None:
    with page.expect_navigation():
        page.click("main form.form button[type=submit]")


def shoot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_a_coordinator_frames_an_empty_project(page: Any, empty_project: Project) -> None:
    project = empty_project
    framing = f"/projects/{project.pk}/framing/"
    log_in(page, "coord", "secret-password")

    # The overview's empty states lead to the framing.
    page.goto(f"/projects/{project.pk}/")
    page.click(f"a[href='{framing}#sponsors-title']")
    page.wait_for_url(re.compile(rf"{framing}"))
    assert page.get_by_role("heading", level=1).inner_text() == "Cadrage"
    problems = {"empty framing": accessibility_problems(page)}
    shoot(page, "empty")

    # A sponsor, new organisation, with a representative who has no user account.
    page.get_by_role("link", name="Ajouter un commanditaire").first.click()
    page.fill("#id_new_organisation_name", "Département d’Ille-et-Vilaine")
    page.select_option("#id_new_organisation_kind", "departement")
    page.fill("#id_new_first_name", "Anne")
    page.fill("#id_new_last_name", "Martin")
    problems["sponsor form"] = accessibility_problems(page)
    submit(page)
    sponsor = ProjectOrganisation.objects.get(project=project, is_sponsor=True)
    assert str(sponsor.representative) == "Anne Martin"
    assert sponsor.representative.user_id is None
    assert page.locator(f"#sponsor-{sponsor.organisation_id}").get_by_text("Anne Martin").count()

    # Two objectives, each with an expected result and its indicator.
    for title, indicator, unit, baseline, target in (
        ("Relocaliser la restauration collective", "Part de produits locaux", "%", "12,5", "40"),
        ("Réduire le gaspillage", "Grammes jetés par repas", "g", "120", "84"),
    ):
        page.get_by_role("link", name="Ajouter un objectif").first.click()
        page.fill("#id_title", title)
        submit(page)
        objective = Objective.objects.get(project=project, title=title)
        page.click(f"#objective-{objective.pk} a[href$='/results/new/']")
        page.fill("#id_title", f"Résultat pour {title}")
        page.fill("#id_indicator", indicator)
        page.fill("#id_unit", unit)
        page.fill("#id_baseline", baseline)
        page.fill("#id_target", target)
        page.fill("#id_target_date", "2027-12-31")
        problems["result form"] = accessibility_problems(page)
        submit(page)
    results = ExpectedResult.objects.filter(objective__project=project).order_by("pk")
    assert [str(r.baseline) for r in results] == ["12.50", "120.00"]
    assert page.get_by_text("12,50 %").count() == 1

    # Two axes with PAT fields.
    for code, name, fields in (
        ("ECO", "Économie alimentaire", ["Économie alimentaire", "Restauration collective"]),
        ("NUT", "Nutrition-santé", ["Nutrition et santé"]),
    ):
        page.get_by_role("link", name="Ajouter un axe").first.click()
        page.fill("#id_code", code)
        page.fill("#id_name", name)
        for label in fields:
            page.get_by_label(label, exact=True).check()
        problems["axis form"] = accessibility_problems(page)
        submit(page)
    eco = Axis.objects.get(project=project, code="ECO")
    nut = Axis.objects.get(project=project, code="NUT")
    assert eco.pat_fields == ["food_economy", "catering"]

    # Reorder with the keyboard-reachable buttons, then archive one.
    with page.expect_navigation():
        page.click(f"#axis-{nut.pk} button[value=up]")
    assert list(Axis.objects.filter(project=project).values_list("code", flat=True)) == [
        "NUT",
        "ECO",
    ]
    page.focus(f"#axis-{eco.pk} button[name=archived]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    eco.refresh_from_db()
    assert eco.is_archived
    assert page.locator(f"#axis-{eco.pk} .badge--archived").is_visible()

    # The PAT's identity.
    page.get_by_role("link", name="Modifier l’identité du PAT").click()
    page.fill("#id_pat_usual_name", "PAT du Val de Test")
    page.fill("#id_pat_url", "https://france-pat.fr/pat/val-de-test/")
    page.fill("#id_carrier_siret", "732 829 320 00075")
    page.fill("#id_communes", "35238, 35211")
    page.select_option("#id_recognition_level", "1")
    page.fill("#id_recognition_date", "2025-06-01")
    submit(page)
    # A wrong SIRET is refused, named, and nothing is written.
    assert page.locator("#id_carrier_siret_error").is_visible()
    assert "SIRET" in page.locator("#id_carrier_siret_error").inner_text()
    problems["identity form with an error"] = accessibility_problems(page)
    shoot(page, "identity-error")
    page.fill("#id_carrier_siret", "732 829 320 00074")
    submit(page)
    project.refresh_from_db()
    assert project.carrier_siret == "73282932000074"
    assert project.communes == ["35238", "35211"]
    assert page.get_by_text("1 juin 2028").count() >= 1

    page.goto(framing)
    problems["framing"] = accessibility_problems(page)
    shoot(page, "framing")
    page.goto(f"/projects/{project.pk}/")
    shoot(page, "overview")

    assert {name: found for name, found in problems.items() if found} == {}
