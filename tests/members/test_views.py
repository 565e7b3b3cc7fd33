"""The members page, the invitation link and the password pages, as each persona sees them."""

from __future__ import annotations

import re
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from maillage.competencies import tokens
from maillage.members.models import Invitation, MembershipEvent
from maillage.projects.models import Membership
from tests.factories import make_person, make_user
from tests.members.helpers import invite, token_in_last_mail
from tests.personas import PERSONAS

pytestmark = pytest.mark.django_db
Role = Membership.Role


def _members_url(project: Any) -> str:
    return reverse("members", args=[project.pk])


# --- The members page ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_members_page_answers_each_persona(
    persona: str, personas: dict[str, Client], project: Any
) -> None:
    response = personas[persona].get(_members_url(project))

    expected = {"outsider": 404, "anonymous": 302}.get(persona, 200)
    assert response.status_code == expected
    if expected == 200:
        content = response.content.decode()
        assert "Observer Test" in content and "Coordinator Test" in content
        manages = persona == "coordinator"
        assert ("Invite a member" in content) is manages
        assert ("Pending invitations" in content) is manages
        assert ('name="role"' in content) is manages


def test_only_the_coordinator_has_members_in_the_navigation(
    personas: dict[str, Client], project: Any
) -> None:
    overview = reverse("project_overview", args=[project.pk])
    link = f'href="{_members_url(project)}"'

    assert link in personas["coordinator"].get(overview).content.decode()
    for persona in ("contributor", "elected", "partner", "observer"):
        assert link not in personas[persona].get(overview).content.decode()


def test_the_page_shows_the_linked_person_and_since_when(
    personas: dict[str, Client], persona_users: dict[str, Any], project: Any
) -> None:
    MembershipEvent.objects.create(
        project=project,
        user=persona_users["observer"],
        user_name="Observer Test",
        action="added",
        role=Role.OBSERVER,
        at="2026-11-02T10:00:00+01:00",
    )

    content = personas["coordinator"].get(_members_url(project)).content.decode()

    assert "Camille Contrib" in content  # the contributor's person
    assert "2 November 2026" in content


# --- Inviting ------------------------------------------------------------------------------------


def test_the_coordinator_invites_and_the_token_is_only_in_the_email(
    personas: dict[str, Client], project: Any
) -> None:
    person = make_person(project, first_name="Sophie", last_name="Lebreton")
    response = personas["coordinator"].post(
        reverse("invitation_create", args=[project.pk]),
        {
            "email": "sophie@example.org",
            "role": Role.CONTRIBUTOR,
            "person": person.pk,
            "message": "Bienvenue dans le PAT",
        },
        follow=True,
    )

    assert response.status_code == 200
    invitation = Invitation.objects.get(project=project)
    assert (invitation.email, invitation.role, invitation.person) == (
        "sophie@example.org",
        Role.CONTRIBUTOR,
        person,
    )
    [message] = mail.outbox
    assert message.to == ["sophie@example.org"]
    assert re.search(r"http://testserver/invitations/[A-Za-z0-9_-]{43}/", message.body)
    token = token_in_last_mail()
    assert invitation.token_hash == tokens.token_hash(token)
    page = response.content.decode()
    assert "sophie@example.org" in page and "Pending invitations" in page
    assert token not in page
    assert token not in personas["coordinator"].get(_members_url(project)).content.decode()


def test_a_wrong_address_names_the_field_and_saves_nothing(
    personas: dict[str, Client], project: Any
) -> None:
    response = personas["coordinator"].post(
        reverse("invitation_create", args=[project.pk]),
        {"email": "pas-une-adresse", "role": Role.CONTRIBUTOR},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not Invitation.objects.exists() and not mail.outbox


def test_a_mail_failure_is_said_and_the_invitation_stays_pending(
    personas: dict[str, Client], project: Any, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "tests.members.failing_backend.EmailBackend"

    response = personas["coordinator"].post(
        reverse("invitation_create", args=[project.pk]),
        {"email": "sophie@example.org", "role": Role.OBSERVER},
        follow=True,
    )

    content = response.content.decode()
    assert "could not be sent" in content
    assert "e-mail not sent" in content
    assert Invitation.objects.get().is_pending


def test_resend_and_withdraw_from_the_page(
    personas: dict[str, Client], persona_users: dict[str, Any], project: Any
) -> None:
    invitation, first_token = invite(project, persona_users["coordinator"], "sophie@example.org")
    client = personas["coordinator"]

    client.post(reverse("invitation_resend", args=[project.pk, invitation.pk]))
    second_token = token_in_last_mail()
    client.post(reverse("invitation_revoke", args=[project.pk, invitation.pk]))

    assert first_token != second_token
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert Client().get(reverse("invitation_accept", args=[second_token])).status_code == 410


# --- Roles, removals, links ----------------------------------------------------------------------


def test_a_role_is_changed_in_place_with_htmx(
    personas: dict[str, Client], persona_users: dict[str, Any], project: Any
) -> None:
    membership = Membership.objects.get(project=project, user=persona_users["observer"])

    response = personas["coordinator"].post(
        reverse("member_role", args=[project.pk, membership.pk]),
        {"role": Role.ELECTED, "current_role": Role.OBSERVER},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert f'id="member-{membership.pk}"' in response.content.decode()
    assert "is now Elected official" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.ELECTED
    event = MembershipEvent.objects.get(project=project)
    assert (event.action, event.previous_role, event.role) == (
        "role_changed",
        Role.OBSERVER,
        Role.ELECTED,
    )


def test_the_only_coordinator_is_told_they_cannot_step_down(
    personas: dict[str, Client], persona_users: dict[str, Any], project: Any
) -> None:
    membership = Membership.objects.get(project=project, user=persona_users["coordinator"])

    response = personas["coordinator"].post(
        reverse("member_role", args=[project.pk, membership.pk]),
        {"role": Role.OBSERVER, "current_role": Role.COORDINATOR},
        headers={"HX-Request": "true"},
    )

    assert "only coordinator" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.COORDINATOR


def test_a_member_is_removed_after_confirmation_and_the_history_shows_it(
    personas: dict[str, Client], persona_users: dict[str, Any], project: Any
) -> None:
    membership = Membership.objects.get(project=project, user=persona_users["partner"])
    url = reverse("member_remove", args=[project.pk, membership.pk])
    client = personas["coordinator"]

    confirmation = client.get(url)
    assert "Remove Partner Test from the project?" in confirmation.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()

    page = client.post(url, follow=True).content.decode()

    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert "Partner Test was removed from the project." in page
    history = page.split('id="history-title"')[1]
    assert "Partner Test" in history and "Removed" in history
    assert personas["partner"].get(_members_url(project)).status_code == 404


def test_a_member_is_linked_to_a_person_of_the_project_then_unlinked(
    personas: dict[str, Client], persona_users: dict[str, Any], project: Any
) -> None:
    membership = Membership.objects.get(project=project, user=persona_users["elected"])
    person = make_person(project, first_name="Yannick", last_name="Guillou")
    url = reverse("member_person", args=[project.pk, membership.pk])
    client = personas["coordinator"]

    page = client.get(_members_url(project)).content.decode()
    assert f'<option value="{person.pk}">' in page
    # The contributor's person is already linked: not offered.
    assert "Camille Contrib</option>" not in page

    client.post(url, {"person": person.pk})
    person.refresh_from_db()
    assert person.user == persona_users["elected"]

    client.post(url, {"person": ""})
    person.refresh_from_db()
    assert person.user is None


# --- The invitation link -------------------------------------------------------------------------


def test_a_new_person_creates_an_account_and_lands_on_the_project(
    persona_users: dict[str, Any], project: Any
) -> None:
    person = make_person(project, first_name="Sophie", last_name="Lebreton")
    _, token = invite(project, persona_users["coordinator"], "sophie.l@example.org", person=person)
    url = reverse("invitation_accept", args=[token])
    client = Client()

    form_page = client.get(url)
    assert form_page.status_code == 200
    assert form_page.context["form"]["username"].value() == "sophie.l"
    assert form_page.context["form"]["first_name"].value() == "Sophie"

    response = client.post(
        url,
        {
            "username": "sophie.l",
            "first_name": "Sophie",
            "last_name": "Lebreton",
            "password1": "un-mot-de-passe-solide",
            "password2": "un-mot-de-passe-solide",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("project_overview", args=[project.pk])
    user = get_user_model().objects.get(username="sophie.l")
    assert Membership.objects.get(project=project, user=user).role == Role.CONTRIBUTOR
    person.refresh_from_db()
    assert person.user == user
    assert client.get(response["Location"]).status_code == 200
    assert client.get(url).status_code == 410


def test_a_weak_password_is_refused_and_nothing_is_created(
    persona_users: dict[str, Any], project: Any
) -> None:
    _, token = invite(project, persona_users["coordinator"], "sophie@example.org")

    response = Client().post(
        reverse("invitation_accept", args=[token]),
        {"username": "sophie", "password1": "123456", "password2": "123456"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["password2"]
    assert not get_user_model().objects.filter(username="sophie").exists()
    assert Invitation.objects.get().is_pending


def test_a_logged_in_user_accepts_into_their_account(
    persona_users: dict[str, Any], project: Any
) -> None:
    lea = make_user("lea", email="lea@example.org")
    _, token = invite(project, persona_users["coordinator"], "lea@example.org", role=Role.PARTNER)
    client = Client()
    client.force_login(lea)
    url = reverse("invitation_accept", args=[token])

    assert "Accept with this account" in client.get(url).content.decode()
    response = client.post(url)

    assert response.status_code == 302
    assert Membership.objects.get(project=project, user=lea).role == Role.PARTNER


def test_an_existing_account_is_asked_to_log_in_first(
    persona_users: dict[str, Any], project: Any
) -> None:
    make_user("lea", email="lea@example.org")
    _, token = invite(project, persona_users["coordinator"], "lea@example.org")
    url = reverse("invitation_accept", args=[token])

    response = Client().get(url)

    assert response.context["form"] is None
    assert f'href="{reverse("login")}?next={url}"' in response.content.decode()
    assert Client().post(url).status_code == 400
    assert Invitation.objects.get().is_pending


def test_an_expired_link_gets_a_clear_page_and_changes_nothing(
    persona_users: dict[str, Any], project: Any
) -> None:
    with time_machine.travel("2026-12-03 10:00 +0100", tick=False):
        _, token = invite(project, persona_users["coordinator"], "sophie@example.org")
    users = get_user_model().objects.count()

    with time_machine.travel("2026-12-20 10:00 +0100", tick=False):
        response = Client().post(
            reverse("invitation_accept", args=[token]),
            {"username": "sophie", "password1": "pw-solide-42x", "password2": "pw-solide-42x"},
        )

    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert get_user_model().objects.count() == users


def test_an_unknown_link_is_not_found(client: Client) -> None:
    response = client.get(reverse("invitation_accept", args=["Z" * 43]))

    assert response.status_code == 404
    assert "not valid" in response.content.decode()
    assert response["Referrer-Policy"] == "same-origin"


# --- Passwords -----------------------------------------------------------------------------------


def test_the_login_page_and_the_header_link_to_the_password_pages(
    personas: dict[str, Client],
) -> None:
    assert reverse("password_reset") in Client().get(reverse("login")).content.decode()
    assert reverse("password_change") in personas["observer"].get(reverse("home")).content.decode()


def test_a_forgotten_password_is_reset_through_the_emailed_link(db: Any) -> None:
    make_user("camille", email="camille@example.org")
    client = Client()

    client.post(reverse("password_reset"), {"email": "camille@example.org"})
    [message] = mail.outbox
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "nouveau-mot-de-passe-7", "new_password2": "nouveau-mot-de-passe-7"},
    )

    assert done["Location"] == reverse("password_reset_complete")
    user = get_user_model().objects.get(username="camille")
    assert user.check_password("nouveau-mot-de-passe-7")
    assert client.get(link).status_code == 404


def test_a_logged_in_user_changes_their_password(personas: dict[str, Client]) -> None:
    response = personas["observer"].post(
        reverse("password_change"),
        {
            "old_password": "secret-password",
            "new_password1": "nouveau-mot-de-passe-7",
            "new_password2": "nouveau-mot-de-passe-7",
        },
    )

    assert response["Location"] == reverse("password_change_done")
    assert (
        get_user_model().objects.get(username="observer").check_password("nouveau-mot-de-passe-7")
    )


def test_a_coordinator_who_steps_down_is_sent_to_the_read_only_page(
    personas: dict[str, Client], persona_users: dict[str, Any], project: Any
) -> None:
    Membership.objects.filter(project=project, user=persona_users["elected"]).update(
        role=Role.COORDINATOR
    )
    own = Membership.objects.get(project=project, user=persona_users["coordinator"])
    client = personas["coordinator"]

    response = client.post(
        reverse("member_role", args=[project.pk, own.pk]),
        {"role": Role.CONTRIBUTOR, "current_role": Role.COORDINATOR},
        headers={"HX-Request": "true"},
    )

    assert response["HX-Redirect"] == _members_url(project)
    page = client.get(_members_url(project)).content.decode()
    assert "Your role is now Contributor." in page
    assert 'name="role"' not in page


def test_without_htmx_a_role_change_comes_back_to_the_page_with_a_message(
    personas: dict[str, Client], persona_users: dict[str, Any], project: Any
) -> None:
    membership = Membership.objects.get(project=project, user=persona_users["partner"])

    response = personas["coordinator"].post(
        reverse("member_role", args=[project.pk, membership.pk]),
        {"role": Role.OBSERVER, "current_role": Role.PARTNER},
        follow=True,
    )

    assert "Partner Test is now Observer." in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.OBSERVER
