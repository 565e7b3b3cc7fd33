"""The members services: invitations, their acceptance, roles, removals and their history."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError

from maillage.access import project_access
from maillage.competencies import tokens
from maillage.members import services
from maillage.members.models import Invitation, MembershipEvent
from maillage.projects.models import Membership
from tests.factories import make_membership, make_person, make_project, make_user
from tests.members.helpers import invite

pytestmark = pytest.mark.django_db
Role = Membership.Role
NOW = "2026-12-03 10:00 +0100"


@pytest.fixture
def coordinator() -> Any:
    return make_user("claire", first_name="Claire", last_name="Le Goff", email="claire@example.org")


@pytest.fixture
def project(coordinator: Any) -> Any:
    return make_project("PAT de Test", coordinator=coordinator)


def _access(user: Any, project: Any) -> Any:
    return project_access(user, project.pk)


@time_machine.travel(NOW, tick=False)
def test_it_invites_by_email_storing_only_the_hash_of_the_token(
    project: Any, coordinator: Any, settings: Any
) -> None:
    invitation, token = invite(project, coordinator, "sophie@example.org", message="Bienvenue !")

    invitation.refresh_from_db()
    assert invitation.token_hash == tokens.token_hash(token)
    assert token not in str(Invitation.objects.filter(pk=invitation.pk).values().get())
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(
        days=settings.MAILLAGE_INVITATION_DAYS
    )
    assert invitation.sent_at is not None
    message = mail.outbox[-1]
    assert message.to == ["sophie@example.org"]
    assert "PAT de Test" in message.subject
    assert "Bienvenue !" in message.body
    assert "Claire Le Goff" in message.body


@time_machine.travel(NOW, tick=False)
def test_the_expiry_follows_the_setting(project: Any, coordinator: Any, settings: Any) -> None:
    settings.MAILLAGE_INVITATION_DAYS = 3

    invitation, _ = invite(project, coordinator, "sophie@example.org")

    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=3)


def test_it_refuses_an_address_already_invited_or_member(project: Any, coordinator: Any) -> None:
    invite(project, coordinator, "sophie@example.org")

    with pytest.raises(ValidationError) as pending:
        invite(project, coordinator, "Sophie@example.org")
    with pytest.raises(ValidationError) as member:
        invite(project, coordinator, "claire@example.org")

    assert "email" in pending.value.error_dict
    assert "email" in member.value.error_dict
    assert Invitation.objects.count() == 1


def test_a_mail_failure_leaves_the_invitation_pending_and_unsent(
    project: Any, coordinator: Any, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "tests.members.failing_backend.EmailBackend"

    invitation, sent = services.invitation_create(
        access=_access(coordinator, project),
        email="sophie@example.org",
        role=Role.CONTRIBUTOR,
        link_for=lambda token: f"http://testserver/invitations/{token}/",
    )

    assert sent is False
    invitation.refresh_from_db()
    assert invitation.is_pending and invitation.sent_at is None


def test_accepting_with_a_new_account_creates_the_membership_and_links_the_person(
    project: Any, coordinator: Any
) -> None:
    person = make_person(project, first_name="Sophie", last_name="Lebreton")
    invitation, token = invite(project, coordinator, "sophie@example.org", person=person)

    user, acceptance = services.invitation_accept_new_account(
        token=token, username="sophie", password="un-mot-de-passe-solide"
    )

    assert user.email == "sophie@example.org" and user.check_password("un-mot-de-passe-solide")
    membership = Membership.objects.get(project=project, user=user)
    assert membership.role == Role.CONTRIBUTOR
    assert acceptance.person_linked
    person.refresh_from_db()
    assert person.user == user
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None and invitation.accepted_by == user
    event = MembershipEvent.objects.get(project=project, user=user)
    assert (event.action, event.role, event.by) == ("added", Role.CONTRIBUTOR, coordinator)


def test_accepting_into_an_existing_account(project: Any, coordinator: Any) -> None:
    existing = make_user("lea", email="lea@example.org")
    _, token = invite(project, coordinator, "lea@example.org", role=Role.PARTNER)

    acceptance = services.invitation_accept(token=token, user=existing)

    assert acceptance.membership.role == Role.PARTNER
    assert Membership.objects.filter(project=project, user=existing).exists()


def test_a_used_link_is_refused_and_changes_nothing(project: Any, coordinator: Any) -> None:
    _, token = invite(project, coordinator, "sophie@example.org")
    services.invitation_accept_new_account(token=token, username="sophie", password="pw-solide-42x")
    memberships = Membership.objects.count()

    with pytest.raises(services.LinkRefused) as refused:
        services.invitation_accept(token=token, user=make_user("intrus"))

    assert refused.value.reason == "used" and refused.value.status == 410
    assert Membership.objects.count() == memberships


def test_an_expired_link_is_refused(project: Any, coordinator: Any) -> None:
    with time_machine.travel("2026-12-03 10:00 +0100", tick=False):
        _, token = invite(project, coordinator, "sophie@example.org")
    users = get_user_model().objects.count()

    with (
        time_machine.travel("2026-12-17 10:01 +0100", tick=False),
        pytest.raises(services.LinkRefused) as refused,
    ):
        services.invitation_accept_new_account(
            token=token, username="sophie", password="pw-solide-42x"
        )

    assert refused.value.reason == "expired"
    assert get_user_model().objects.count() == users
    assert not Membership.objects.filter(user__username="sophie").exists()


def test_a_revoked_or_unknown_link_is_refused(project: Any, coordinator: Any) -> None:
    invitation, token = invite(project, coordinator, "sophie@example.org")
    services.invitation_revoke(access=_access(coordinator, project), invitation=invitation)

    with pytest.raises(services.LinkRefused) as revoked:
        services.invitation_for_token(token)
    with pytest.raises(services.LinkRefused) as unknown:
        services.invitation_for_token("B" * 43)
    with pytest.raises(services.LinkRefused) as malformed:
        services.invitation_for_token("not a token")

    assert (revoked.value.reason, revoked.value.status) == ("revoked", 410)
    assert (unknown.value.status, malformed.value.status) == (404, 404)


def test_resending_replaces_the_link(project: Any, coordinator: Any) -> None:
    invitation, old_token = invite(project, coordinator, "sophie@example.org")

    assert services.invitation_resend(
        access=_access(coordinator, project),
        invitation=invitation,
        link_for=lambda token: f"http://testserver/invitations/{token}/",
    )

    new_token = mail.outbox[-1].body.split("/invitations/")[1].split("/")[0]
    assert new_token != old_token
    with pytest.raises(services.LinkRefused):
        services.invitation_for_token(old_token)
    assert services.invitation_for_token(new_token).pk == invitation.pk


def test_an_account_already_member_cannot_accept_again(project: Any, coordinator: Any) -> None:
    member = make_user("lea", email="lea@example.org")
    make_membership(project, member, Role.OBSERVER)
    invitation = Invitation.objects.create(
        project=project,
        email="autre@example.org",
        role=Role.COORDINATOR,
        token_hash=tokens.token_hash("C" * 43),
        expires_at=datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC),
    )

    with pytest.raises(ValidationError):
        services.invitation_accept(token="C" * 43, user=member)

    assert Membership.objects.get(project=project, user=member).role == Role.OBSERVER
    invitation.refresh_from_db()
    assert invitation.is_pending


def test_the_last_coordinator_can_be_neither_demoted_nor_removed(
    project: Any, coordinator: Any
) -> None:
    membership = Membership.objects.get(project=project, user=coordinator)
    access = _access(coordinator, project)

    with pytest.raises(ValidationError, match="only coordinator"):
        services.member_change_role(
            access=access, membership=membership, role=Role.OBSERVER, expected_role=Role.COORDINATOR
        )
    with pytest.raises(ValidationError, match="only coordinator"):
        services.member_remove(access=access, membership=membership)

    membership.refresh_from_db()
    assert membership.role == Role.COORDINATOR
    assert not MembershipEvent.objects.exists()


def test_a_coordinator_can_step_down_once_another_one_exists(
    project: Any, coordinator: Any
) -> None:
    make_membership(project, make_user("second"), Role.COORDINATOR)
    membership = Membership.objects.get(project=project, user=coordinator)

    services.member_change_role(
        access=_access(coordinator, project),
        membership=membership,
        role=Role.CONTRIBUTOR,
        expected_role=Role.COORDINATOR,
    )

    membership.refresh_from_db()
    assert membership.role == Role.CONTRIBUTOR


def test_a_role_changed_meanwhile_is_not_overwritten(project: Any, coordinator: Any) -> None:
    membership = make_membership(project, make_user("sophie"), Role.CONTRIBUTOR)
    Membership.objects.filter(pk=membership.pk).update(role=Role.ELECTED)

    with pytest.raises(ValidationError, match="in the meantime"):
        services.member_change_role(
            access=_access(coordinator, project),
            membership=membership,
            role=Role.OBSERVER,
            expected_role=Role.CONTRIBUTOR,
        )

    membership.refresh_from_db()
    assert membership.role == Role.ELECTED


def test_changes_and_removals_are_kept_in_the_history(project: Any, coordinator: Any) -> None:
    sophie = make_user("sophie", first_name="Sophie", last_name="Lebreton")
    membership = make_membership(project, sophie, Role.CONTRIBUTOR)
    access = _access(coordinator, project)

    services.member_change_role(
        access=access, membership=membership, role=Role.ELECTED, expected_role=Role.CONTRIBUTOR
    )
    services.member_remove(access=access, membership=membership)
    sophie.delete()

    events = list(MembershipEvent.objects.filter(project=project).order_by("at", "pk"))
    assert [(e.action, e.previous_role, e.role) for e in events] == [
        ("role_changed", Role.CONTRIBUTOR, Role.ELECTED),
        ("removed", "", Role.ELECTED),
    ]
    assert {e.user_name for e in events} == {"Sophie Lebreton"}
    assert {e.by_name for e in events} == {"Claire Le Goff"}
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_linking_a_member_to_a_person_of_the_project(project: Any, coordinator: Any) -> None:
    sophie = make_user("sophie")
    membership = make_membership(project, sophie, Role.CONTRIBUTOR)
    first = make_person(project)
    second = make_person(project)
    access = _access(coordinator, project)

    services.member_link_person(access=access, membership=membership, person=first)
    services.member_link_person(access=access, membership=membership, person=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.user, second.user) == (None, sophie)

    services.member_link_person(access=access, membership=membership, person=None)
    second.refresh_from_db()
    assert second.user is None


def test_a_person_of_another_project_or_already_linked_cannot_be_linked(
    project: Any, coordinator: Any
) -> None:
    membership = make_membership(project, make_user("sophie"), Role.CONTRIBUTOR)
    elsewhere = make_person(make_project())
    taken = make_person(project, user=make_user("autre"))
    access = _access(coordinator, project)

    for person in (elsewhere, taken):
        with pytest.raises(ValidationError):
            services.member_link_person(access=access, membership=membership, person=person)

    elsewhere.refresh_from_db()
    assert elsewhere.user is None


def test_a_refused_new_account_leaves_no_user_and_the_invitation_pending(
    project: Any, coordinator: Any
) -> None:
    person = make_person(project)
    invitation, token = invite(project, coordinator, "sophie@example.org", person=person)
    users = get_user_model().objects.count()

    with pytest.raises(ValidationError) as refused:
        services.invitation_accept_new_account(
            token=token, username="pas un nom valide !", password="pw-solide-42x"
        )

    assert "username" in refused.value.error_dict
    assert get_user_model().objects.count() == users
    invitation.refresh_from_db()
    person.refresh_from_db()
    assert invitation.is_pending and person.user is None
    assert not MembershipEvent.objects.exists()


def test_a_person_removed_from_the_project_meanwhile_is_not_linked(
    project: Any, coordinator: Any
) -> None:
    person = make_person(project, first_name="Sophie", last_name="Lebreton")
    _, token = invite(project, coordinator, "sophie@example.org", person=person)
    person.project_links.all().delete()

    user, acceptance = services.invitation_accept_new_account(
        token=token, username="sophie", password="pw-solide-42x"
    )

    assert Membership.objects.filter(project=project, user=user).exists()
    assert not acceptance.person_linked
    assert "no longer in the project" in acceptance.person_not_linked
    person.refresh_from_db()
    assert person.user is None
