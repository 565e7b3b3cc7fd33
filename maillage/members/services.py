"""Writes of the members app: invitations, their acceptance, roles, removals, person links.

Every change of a membership writes a `MembershipEvent` in the same transaction. A project
always keeps at least one coordinator: the last one can be neither demoted nor removed.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from maillage.access import ProjectAccess
from maillage.competencies import tokens
from maillage.competencies.tokens import LinkRefused
from maillage.directory.models import Person
from maillage.members.models import Invitation, MembershipEvent
from maillage.projects.models import Membership

logger = logging.getLogger(__name__)

Role = Membership.Role
LinkBuilder = Callable[[str], str]


@dataclass(frozen=True)
class Acceptance:
    membership: Membership
    person_linked: bool
    # Why the invited person could not be linked to the account (empty when it was, or none).
    person_not_linked: str = ""


def display_name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def _event(
    *,
    membership: Membership,
    action: str,
    by: Any,
    role: str | None = None,
    previous_role: str = "",
) -> MembershipEvent:
    event = MembershipEvent(
        project=membership.project,
        user=membership.user,
        user_name=display_name(membership.user),
        action=action,
        role=role or membership.role,
        previous_role=previous_role,
        by=by,
        by_name=display_name(by),
    )
    event.full_clean()
    event.save()
    return event


def _invitation_expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=settings.MAILLAGE_INVITATION_DAYS)


# --- Invitations ---------------------------------------------------------------------------------


def _check_invitable(access: ProjectAccess, email: str, person: Person | None) -> None:
    project = access.project
    if Membership.objects.filter(project=project, user__email__iexact=email).exists():
        raise ValidationError(
            {"email": _("A member of the project already has this email address.")}
        )
    pending = Invitation.objects.filter(
        project=project,
        email__iexact=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    )
    if pending.exists():
        raise ValidationError(
            {"email": _("This address already has a pending invitation: send it again instead.")}
        )
    if person is not None:
        if not person.project_links.filter(project=project).exists():
            raise ValidationError({"person": _("This person is not in the project's directory.")})
        if person.user_id is not None:
            raise ValidationError({"person": _("This person is already linked to an account.")})


def _send(invitation: Invitation, link: str) -> bool:
    """E-mail the link; a failure is logged and reported, the invitation stays pending."""
    project = invitation.project
    inviter = display_name(invitation.invited_by) or project.name
    subject = gettext("Invitation to join “%(project)s” on Maillage") % {"project": project.name}
    body = gettext(
        "Hello,\n\n"
        "%(inviter)s invites you to join the project “%(project)s” on Maillage "
        "as %(role)s.\n\n"
        "%(message)s"
        "To accept, open this link (valid until %(expiry)s, usable once; do not share it):\n"
        "%(link)s\n\n"
        "If you did not expect this invitation, ignore this message.\n"
    ) % {
        "inviter": inviter,
        "project": project.name,
        "role": invitation.get_role_display().lower(),
        "message": f"« {invitation.message.strip()} »\n\n" if invitation.message.strip() else "",
        "expiry": timezone.localtime(invitation.expires_at).strftime("%d/%m/%Y"),
        "link": link,
    }
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    except Exception:  # any mail server failure: the coordinator is told, nothing is lost
        logger.exception("Invitation e-mail to %s could not be sent", invitation.email)
        return False
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["sent_at"])
    return True


def invitation_create(
    *,
    access: ProjectAccess,
    email: str,
    role: str,
    person: Person | None = None,
    message: str = "",
    link_for: LinkBuilder,
) -> tuple[Invitation, bool]:
    """Invite an e-mail with a role and send the link; True if the e-mail went out."""
    email = email.strip()
    with transaction.atomic():
        _check_invitable(access, email, person)
        token = tokens.new_token()
        invitation = Invitation(
            project=access.project,
            email=email,
            role=role,
            person=person,
            message=message.strip(),
            token_hash=tokens.token_hash(token),
            invited_by=access.user,
            expires_at=_invitation_expiry(),
        )
        invitation.full_clean()
        invitation.save()
    return invitation, _send(invitation, link_for(token))


def invitation_resend(
    *, access: ProjectAccess, invitation: Invitation, link_for: LinkBuilder
) -> bool:
    """A new link (the previous one stops working) and a new expiry, e-mailed again."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_pending:
            raise ValidationError(_("This invitation was already used or revoked."))
        token = tokens.new_token()
        invitation.token_hash = tokens.token_hash(token)
        invitation.expires_at = _invitation_expiry()
        invitation.save(update_fields=["token_hash", "expires_at"])
    return _send(invitation, link_for(token))


@transaction.atomic
def invitation_revoke(*, access: ProjectAccess, invitation: Invitation) -> None:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation was already accepted."))
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


def invitation_for_token(token: str, *, for_update: bool = False) -> Invitation:
    """The invitation a link opens, or `LinkRefused` saying why (and nothing else)."""
    invitation = tokens.find_by_token(
        Invitation.objects.select_related("project", "person", "invited_by"),
        token,
        invalid=_("This invitation link is not valid."),
        replaced=_("This invitation link is not valid. It may have been replaced by a newer one."),
        for_update=for_update,
    )
    if invitation.accepted_at is not None:
        raise LinkRefused("used", _("This invitation was already accepted: log in instead."))
    if invitation.revoked_at is not None:
        raise LinkRefused("revoked", _("This invitation was withdrawn by the coordinator."))
    if invitation.is_expired:
        raise LinkRefused(
            "expired", _("This invitation has expired. Ask the coordinator for a new one.")
        )
    return invitation


def _accept(invitation: Invitation, user: Any) -> Acceptance:
    if Membership.objects.filter(project=invitation.project, user=user).exists():
        raise ValidationError(
            _("This account is already a member of the project “%(project)s”.")
            % {"project": invitation.project.name}
        )
    membership = Membership(project=invitation.project, user=user, role=invitation.role)
    membership.full_clean()
    membership.save()
    _event(membership=membership, action=MembershipEvent.Action.ADDED, by=invitation.invited_by)
    linked, why_not = False, ""
    if invitation.person_id is not None:
        person = Person.objects.select_for_update().get(pk=invitation.person_id)
        if not person.project_links.filter(project=invitation.project).exists():
            why_not = gettext("%(person)s is no longer in the project's directory.") % {
                "person": person
            }
        elif person.user_id is not None and person.user_id != user.pk:
            why_not = gettext("%(person)s is already linked to another account.") % {
                "person": person
            }
        elif Person.objects.filter(user=user).exclude(pk=person.pk).exists():
            why_not = gettext("Your account is already linked to another person.")
        else:
            person.user = user
            person.save(update_fields=["user"])
            linked = True
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return Acceptance(membership=membership, person_linked=linked, person_not_linked=why_not)


@transaction.atomic
def invitation_accept(*, token: str, user: Any) -> Acceptance:
    """Make an existing account a member with the invited role; the link is then used."""
    invitation = invitation_for_token(token, for_update=True)
    return _accept(invitation, user)


@transaction.atomic
def invitation_accept_new_account(
    *, token: str, username: str, password: str, first_name: str = "", last_name: str = ""
) -> tuple[Any, Acceptance]:
    """Create the invited e-mail's account and make it a member, all or nothing."""
    invitation = invitation_for_token(token, for_update=True)
    user_model = get_user_model()
    if user_model._default_manager.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("An account already uses this email address: log in to accept."))
    user = user_model(
        username=username,
        email=invitation.email,
        first_name=first_name,
        last_name=last_name,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user, _accept(invitation, user)


# --- Members -------------------------------------------------------------------------------------


def _coordinators(project: Any) -> list[Membership]:
    return list(
        Membership.objects.select_for_update().filter(project=project, role=Role.COORDINATOR)
    )


def _locked(access: ProjectAccess, membership: Membership) -> Membership:
    try:
        return (
            Membership.objects.select_for_update()
            .select_related("user", "project")
            .get(pk=membership.pk, project=access.project)
        )
    except Membership.DoesNotExist:
        raise ValidationError(_("This member was removed in the meantime.")) from None


@transaction.atomic
def member_change_role(
    *, access: ProjectAccess, membership: Membership, role: str, expected_role: str
) -> Membership:
    """Give a member another role; refused if someone changed it since the page was shown."""
    coordinators = _coordinators(access.project)
    membership = _locked(access, membership)
    if membership.role != expected_role:
        raise ValidationError(
            _(
                "Someone changed this member's role in the meantime (now %(role)s). "
                "Check it and choose again."
            )
            % {"role": membership.get_role_display()}
        )
    if role == membership.role:
        return membership
    if membership.role == Role.COORDINATOR and len(coordinators) <= 1:
        raise ValidationError(
            _("%(member)s is the project's only coordinator: name another coordinator first.")
            % {"member": display_name(membership.user)}
        )
    previous = membership.role
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role"])
    _event(
        membership=membership,
        action=MembershipEvent.Action.ROLE_CHANGED,
        by=access.user,
        previous_role=previous,
    )
    return membership


@transaction.atomic
def member_remove(*, access: ProjectAccess, membership: Membership) -> None:
    """Remove a member from the project; the history keeps the line."""
    coordinators = _coordinators(access.project)
    membership = _locked(access, membership)
    if membership.role == Role.COORDINATOR and len(coordinators) <= 1:
        raise ValidationError(
            _("%(member)s is the project's only coordinator and cannot be removed.")
            % {"member": display_name(membership.user)}
        )
    _event(membership=membership, action=MembershipEvent.Action.REMOVED, by=access.user)
    membership.delete()


@transaction.atomic
def member_link_person(
    *, access: ProjectAccess, membership: Membership, person: Person | None
) -> None:
    """Link a member's account to a person of the project's directory, or unlink it (None)."""
    membership = _locked(access, membership)
    user = membership.user
    current = Person.objects.select_for_update().filter(user=user).first()
    if person is None:
        if current is not None:
            if not current.project_links.filter(project=access.project).exists():
                raise ValidationError(
                    _("This account is linked to a person of another project's directory.")
                )
            current.user = None
            current.save(update_fields=["user"])
        return
    person = Person.objects.select_for_update().get(pk=person.pk)
    if not person.project_links.filter(project=access.project).exists():
        raise ValidationError({"person": _("This person is not in the project's directory.")})
    if person.user_id is not None and person.user_id != user.pk:
        raise ValidationError({"person": _("This person is already linked to another account.")})
    if current is not None and current.pk != person.pk:
        if not current.project_links.filter(project=access.project).exists():
            raise ValidationError(
                _("This account is linked to a person of another project's directory.")
            )
        current.user = None
        current.save(update_fields=["user"])
    person.user = user
    person.save(update_fields=["user"])
