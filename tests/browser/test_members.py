"""In a real browser: the coordinator invites someone, who opens the e-mailed link in another
browser, chooses a password and lands on the project; the coordinator then sees the member."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from maillage.projects.models import Membership
from tests.browser.helpers import accessibility_problems, log_in
from tests.factories import make_person, make_project, make_user

# Set MAILLAGE_SCREENSHOTS to a folder to keep screenshots of the pages at 1366 and 390 px.
SHOTS = os.environ.get("MAILLAGE_SCREENSHOTS", "")


def _shoot(page: Any, name: str) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


@pytest.fixture
def project(transactional_db: None) -> Any:
    claire = make_user(
        "claire", first_name="Claire", last_name="Le Goff", email="claire@example.org"
    )
    project = make_project("PAT du Pays de Test", coordinator=claire)
    make_membership_user = make_user("yannick", first_name="Yannick", last_name="Guillou")
    Membership.objects.create(
        project=project, user=make_membership_user, role=Membership.Role.ELECTED
    )
    make_person(project, first_name="Sophie", last_name="Lebreton")
    return project


def test_an_invited_contributor_sets_a_password_and_the_coordinator_sees_them(
    page: Any, browser: Any, live_server: Any, project: Any
) -> None:
    log_in(page, "claire", "secret-password")
    page.goto(f"/projects/{project.pk}/members/")
    assert page.locator("nav.main-nav a[aria-current=page]").inner_text() == "Membres"
    assert accessibility_problems(page) == []
    _shoot(page, "members")

    page.click("text=Inviter un membre")
    page.fill("#id_email", "sophie.lebreton@example.org")
    page.select_option("#id_role", "contributor")
    page.select_option("#id_person", label="Sophie Lebreton")
    page.fill("#id_message", "Bienvenue dans l’équipe du PAT !")
    assert accessibility_problems(page) == []
    _shoot(page, "invite")
    with page.expect_navigation():
        page.click("button:has-text('Envoyer l’invitation')")
    assert "sophie.lebreton@example.org" in page.locator("#invitations-title + div").inner_text()
    _shoot(page, "members-pending")

    [message] = mail.outbox
    link = re.search(r"https?://\S+/invitations/[A-Za-z0-9_-]{43}/", message.body).group(0)
    assert link.startswith(live_server.url)
    assert link not in page.content()

    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(15_000)
    guest = context.new_page()
    try:
        guest.goto(link)
        assert guest.locator("h1").inner_text() == "Rejoindre « PAT du Pays de Test »"
        assert guest.locator("#id_username").input_value() == "sophie.lebreton"
        assert guest.locator("#id_first_name").input_value() == "Sophie"
        assert accessibility_problems(guest) == []
        _shoot(guest, "accept")
        guest.fill("#id_password1", "un-mot-de-passe-solide")
        guest.fill("#id_password2", "un-mot-de-passe-solide")
        with guest.expect_navigation():
            guest.click("button:has-text('Créer mon compte et rejoindre le projet')")
        assert guest.url == f"{live_server.url}/projects/{project.pk}/"
        assert "Bienvenue dans PAT du Pays de Test" in guest.locator(".messages").inner_text()
        _shoot(guest, "landed")
    finally:
        context.close()

    page.goto(f"/projects/{project.pk}/members/")
    table = page.locator("table.members-table").inner_text()
    assert "Sophie Lebreton" in table
    assert (
        "Contributeur"
        in page.locator(
            "#member-"
            + str(Membership.objects.get(project=project, user__username="sophie.lebreton").pk)
            + " select option:checked"
        ).inner_text()
    )
    assert "Aucune invitation en attente." in page.content()
    _shoot(page, "members-after")


def test_the_role_changes_in_place_and_the_only_coordinator_is_protected(
    page: Any, project: Any
) -> None:
    log_in(page, "claire", "secret-password")
    page.goto(f"/projects/{project.pk}/members/")
    elected = Membership.objects.get(project=project, user__username="yannick")
    row = page.locator(f"#member-{elected.pk}")

    row.locator("select[name=role]").select_option("observer")
    row.locator("button:has-text('Enregistrer')").click()
    page.wait_for_selector(f"#member-{elected.pk}-notice .notice--success")

    elected.refresh_from_db()
    assert elected.role == Membership.Role.OBSERVER
    assert page.locator("#history-title").count() == 1
    assert page.url.endswith("/members/")  # swapped in place, no reload

    claire = Membership.objects.get(project=project, user__username="claire")
    own = page.locator(f"#member-{claire.pk}")
    own.locator("select[name=role]").select_option("contributor")
    own.locator("button:has-text('Enregistrer')").click()
    page.wait_for_selector(f"#member-{claire.pk}-notice .notice--error")
    assert "seul coordinateur" in page.locator(f"#member-{claire.pk}-notice").inner_text()
    claire.refresh_from_db()
    assert claire.role == Membership.Role.COORDINATOR
    assert accessibility_problems(page) == []

    with page.expect_navigation():
        page.locator(f"#member-{elected.pk} a:has-text('Retirer')").click()
    assert page.locator("h1").inner_text() == "Retirer Yannick Guillou du projet ?"
    assert accessibility_problems(page) == []
    _shoot(page, "remove")
    with page.expect_navigation():
        page.click("main button:has-text('Retirer du projet')")
    assert page.locator(f"#member-{elected.pk}").count() == 0
    history = page.locator("#history-title + div").inner_text()
    assert "Yannick Guillou" in history and "Retiré" in history


def test_a_forgotten_password_is_asked_from_the_login_page(page: Any, project: Any) -> None:
    page.goto("/accounts/login/")
    with page.expect_navigation():
        page.click("text=Mot de passe oublié ?")
    assert page.locator("h1").inner_text() == "Mot de passe oublié ?"
    assert accessibility_problems(page) == []
    _shoot(page, "password-reset")

    page.fill("#id_email", "claire@example.org")
    with page.expect_navigation():
        page.click("main button[type=submit]")

    assert page.locator("h1").inner_text() == "Consultez vos e-mails"
    [message] = mail.outbox
    assert message.to == ["claire@example.org"]
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/", message.body).group(0)
    page.goto(link)
    assert accessibility_problems(page) == []
    page.fill("#id_new_password1", "un-nouveau-mot-de-passe")
    page.fill("#id_new_password2", "un-nouveau-mot-de-passe")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.locator("h1").inner_text() == "Mot de passe enregistré"
    log_in(page, "claire", "un-nouveau-mot-de-passe")


def test_the_lockout_page_after_too_many_wrong_passwords(page: Any, project: Any) -> None:
    for _ in range(6):
        page.goto("/accounts/login/")
        page.fill("#id_username", "claire")
        page.fill("#id_password", "pas-le-bon")
        with page.expect_navigation():
            page.click("form:has(#id_username) button[type=submit]")

    assert page.locator("h1").inner_text() == "Trop d’échecs de connexion"
    assert "Réessayez dans 15 minutes" in page.locator("main").inner_text()
    assert accessibility_problems(page) == []
    _shoot(page, "locked-out")
