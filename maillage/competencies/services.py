"""Writes of the competency review: campaigns, personal links, answers, validation, privacy.

Each service owns its transaction and raises `ValidationError` (keyed by field when a field is
at fault) so that nothing is half-saved. Links are random tokens of which only a hash is kept:
a link can be shown once, when it is issued, and issuing a new one replaces the old one.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from maillage.access import Perm, ProjectAccess
from maillage.competencies import tokens
from maillage.competencies.models import (
    Answer,
    Assessment,
    Campaign,
    Competency,
    Invitation,
    Validation,
)
from maillage.competencies.tokens import LinkRefused
from maillage.directory import services as directory_services
from maillage.directory.models import Employment, Person
from maillage.directory.selectors import months_from
from maillage.directory.services import check_month_days
from maillage.projects.models import ProjectPerson

# A link issued late (a reminder the day before the deadline) still leaves this many days.
MIN_LINK_DAYS = 3
ANSWER_FIELDS = ("level", "motivation", "legitimacy")
CAPACITY_FIELDS = ("days_per_month", "mandate", "delegation", "leeway", "means")

LinkBuilder = Callable[[str], str]


# --- Links ---------------------------------------------------------------------------------------


def _link_expiry(campaign: Campaign) -> datetime.datetime:
    end_of_deadline = timezone.make_aware(
        datetime.datetime.combine(campaign.deadline, datetime.time.max)
    )
    return max(end_of_deadline, timezone.now() + datetime.timedelta(days=MIN_LINK_DAYS))


def _rotate_token(invitation: Invitation) -> str:
    token = tokens.new_token()
    invitation.token_hash = tokens.token_hash(token)
    invitation.expires_at = _link_expiry(invitation.campaign)
    invitation.revoked_at = None
    return token


def invitation_for_token(token: str, *, for_update: bool = False) -> Invitation:
    """The invitation a link opens, or `LinkRefused` saying why (and nothing else)."""
    invitation = tokens.find_by_token(
        Invitation.objects.select_related("campaign", "campaign__project", "person"),
        token,
        invalid=_("This review link is not valid."),
        replaced=_("This review link is not valid. It may have been replaced by a newer one."),
        for_update=for_update,
    )
    if invitation.revoked_at is not None:
        raise LinkRefused("revoked", _("This review link was revoked by the coordinator."))
    if invitation.campaign.status == Campaign.Status.CLOSED:
        raise LinkRefused("closed", _("This review is closed: answers are no longer collected."))
    if invitation.expires_at <= timezone.now():
        raise LinkRefused(
            "expired", _("This review link has expired. Ask the coordinator for a new one.")
        )
    return invitation


def _send_link(invitation: Invitation, link: str, *, reminder: bool) -> None:
    campaign = invitation.campaign
    subject = (
        gettext("Reminder: competency review “%(title)s”")
        if reminder
        else gettext("Competency review “%(title)s”")
    ) % {"title": campaign.title}
    body = gettext(
        "Hello %(name)s,\n\n"
        "%(project)s invites you to take part in the review “%(title)s”.\n\n"
        "Purpose: %(purpose)s\n\n"
        "Your personal link (valid until %(expiry)s, no account needed; do not share it):\n"
        "%(link)s\n\n"
        "Any earlier link you received for this review no longer works.\n"
        "Deadline: %(deadline)s.\n"
    ) % {
        "name": invitation.person.first_name,
        "project": campaign.project.name,
        "title": campaign.title,
        "purpose": campaign.purpose,
        "expiry": timezone.localtime(invitation.expires_at).strftime("%d/%m/%Y"),
        "link": link,
        "deadline": campaign.deadline.strftime("%d/%m/%Y"),
    }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.person.email])


# --- Campaigns -----------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *, access: ProjectAccess, data: Mapping[str, Any], link_for: LinkBuilder
) -> Campaign:
    """A campaign and one invitation per chosen person; those with an email get their link."""
    project = access.project
    people = list(data["people"])
    axes = list(data.get("axes") or [])
    competencies = list(data.get("competencies") or [])
    # An axis brings the competencies its tasks need (the staffing needs of its tasks).
    if axes:
        needed = Competency.objects.filter(
            needs__task__project=project, needs__task__axis__in=axes, children__isnull=True
        )
        competencies = list({c.pk: c for c in [*competencies, *needed]}.values())
    errors: dict[str, Any] = {}
    if not people:
        errors["people"] = _("Choose at least one person.")
    if not competencies:
        errors["competencies"] = _(
            "Choose at least one competency, or axes whose tasks need competencies."
        )
    if any(c.framework_id != project.framework_id for c in competencies):
        errors["competencies"] = _("Choose competencies of the project's framework.")
    if data["deadline"] < timezone.localdate():
        errors["deadline"] = _("The deadline cannot be in the past.")
    if errors:
        raise ValidationError(errors)
    campaign = Campaign(
        project=project, title=data["title"], purpose=data["purpose"], deadline=data["deadline"]
    )
    campaign.full_clean()
    campaign.save()
    campaign.competencies.set(competencies)
    campaign.axes.set(axes)
    outgoing = []
    for person in people:
        invitation = Invitation(campaign=campaign, person=person)
        token = _rotate_token(invitation)
        invitation.save()
        if person.email:
            outgoing.append((invitation, link_for(token)))
    transaction.on_commit(lambda: _send_all(outgoing, reminder=False))
    return campaign


def _send_all(outgoing: list[tuple[Invitation, str]], *, reminder: bool) -> None:
    for invitation, link in outgoing:
        _send_link(invitation, link, reminder=reminder)


@transaction.atomic
def campaign_close(*, campaign: Campaign) -> Campaign:
    if campaign.status != Campaign.Status.CLOSED:
        campaign.status = Campaign.Status.CLOSED
        campaign.closed_at = timezone.now()
        campaign.save(update_fields=["status", "closed_at"])
    return campaign


def _require_open(invitation: Invitation) -> None:
    if invitation.campaign.status == Campaign.Status.CLOSED:
        raise ValidationError(_("The campaign is closed."))


@transaction.atomic
def invitation_new_link(*, invitation: Invitation) -> str:
    """A fresh link for the person (the old one stops working); shown once to the coordinator."""
    _require_open(invitation)
    if invitation.submitted_at is not None:
        raise ValidationError(_("%(person)s has already answered.") % {"person": invitation.person})
    token = _rotate_token(invitation)
    invitation.save(update_fields=["token_hash", "expires_at", "revoked_at"])
    return token


@transaction.atomic
def invitation_remind(*, invitation: Invitation, link_for: LinkBuilder) -> None:
    """Email the person a fresh link, if they have not answered and have an email."""
    _require_open(invitation)
    if invitation.submitted_at is not None:
        raise ValidationError(_("%(person)s has already answered.") % {"person": invitation.person})
    if not invitation.person.email:
        raise ValidationError(
            _("%(person)s has no email address: copy a link and send it another way.")
            % {"person": invitation.person}
        )
    token = _rotate_token(invitation)
    invitation.reminded_at = timezone.now()
    invitation.reminder_count += 1
    invitation.save(
        update_fields=["token_hash", "expires_at", "revoked_at", "reminded_at", "reminder_count"]
    )
    outgoing = [(invitation, link_for(token))]
    transaction.on_commit(lambda: _send_all(outgoing, reminder=True))


@transaction.atomic
def campaign_remind_pending(*, campaign: Campaign, link_for: LinkBuilder) -> int:
    """Remind everyone who has not answered, has an email and whose link is not revoked."""
    _require_open(Invitation(campaign=campaign))
    pending = campaign.invitations.select_related("person", "campaign", "campaign__project").filter(
        submitted_at__isnull=True, revoked_at__isnull=True
    )
    count = 0
    for invitation in pending:
        if invitation.person.email:
            invitation_remind(invitation=invitation, link_for=link_for)
            count += 1
    return count


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> None:
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


# --- Answers -------------------------------------------------------------------------------------


def _scale(invitation: Invitation) -> set[int]:
    return set(invitation.campaign.project.framework.levels.values_list("value", flat=True))


def _check_answers(
    invitation: Invitation, data: Mapping[str, Any], *, complete: bool
) -> dict[str, Any]:
    """Field errors of the answers in `data` (keys `<field>_<competency id>` and capacity)."""
    errors: dict[str, Any] = {}
    scale = _scale(invitation)
    for competency in invitation.campaign.competencies.all():
        for field in ANSWER_FIELDS:
            key = f"{field}_{competency.pk}"
            value = data.get(key)
            allowed = scale if field == "level" else {1, 2, 3, 4}
            if value is None:
                if complete:
                    errors[key] = _("Answer this question.")
            elif value not in allowed:
                errors[key] = _("Choose a value of the scale (%(values)s).") % {
                    "values": ", ".join(str(v) for v in sorted(allowed))
                }
    days = data.get("days_per_month")
    if days is not None and not (Decimal(0) <= days <= Decimal(31)):
        errors["days_per_month"] = _("Give a number of days between 0 and 31.")
    elif days is None and complete:
        errors["days_per_month"] = _("Answer this question.")
    elif days is not None:
        project = invitation.campaign.project
        for month in months_from(project, timezone.localdate()):
            try:
                check_month_days(month, days, field="days_per_month")
            except ValidationError as error:
                errors["days_per_month"] = error.message_dict["days_per_month"][0]
                break
    if data.get("mandate") and data["mandate"] not in ProjectPerson.Mandate.values:
        errors["mandate"] = _("Choose one of the proposed answers.")
    if data.get("leeway") and data["leeway"] not in ProjectPerson.Leeway.values:
        errors["leeway"] = _("Choose one of the proposed answers.")
    return errors


def _write_answers(invitation: Invitation, data: Mapping[str, Any]) -> list[Answer]:
    existing = {answer.competency_id: answer for answer in invitation.answers.all()}
    saved = []
    for competency in invitation.campaign.competencies.all():
        answer = existing.get(competency.pk) or Answer(invitation=invitation, competency=competency)
        for field in ANSWER_FIELDS:
            setattr(answer, field, data.get(f"{field}_{competency.pk}"))
        answer.save()
        saved.append(answer)
    for field in CAPACITY_FIELDS:
        value = data.get(field)
        setattr(invitation, field, value if value is not None or field == "days_per_month" else "")
    return saved


def _lock_usable(invitation: Invitation) -> Invitation:
    """The invitation locked for writing; a submitted one cannot be changed by its link."""
    invitation = Invitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
    if invitation.submitted_at is not None:
        raise LinkRefused("submitted", _("Your answers were already sent; this link is used."))
    return invitation


@transaction.atomic
def answers_save_draft(*, invitation: Invitation, data: Mapping[str, Any]) -> Invitation:
    """Save what is filled so far (autosave); values outside a scale are refused."""
    campaign = invitation.campaign
    invitation = _lock_usable(invitation)
    invitation.campaign = campaign
    errors = _check_answers(invitation, data, complete=False)
    if errors:
        raise ValidationError(errors)
    _write_answers(invitation, data)
    invitation.draft_saved_at = timezone.now()
    invitation.save()
    return invitation


@transaction.atomic
def answers_submit(*, invitation: Invitation, data: Mapping[str, Any]) -> Invitation:
    """Send the answers: the link is then used, and the person's assessments are updated
    (declared level, motivation, legitimacy; a validated level stays until re-validated)."""
    campaign = invitation.campaign
    invitation = _lock_usable(invitation)
    invitation.campaign = campaign
    errors = _check_answers(invitation, data, complete=True)
    if errors:
        raise ValidationError(errors)
    answers = _write_answers(invitation, data)
    invitation.submitted_at = timezone.now()
    invitation.save()
    today = timezone.localdate()
    for answer in answers:
        Assessment.objects.update_or_create(
            person_id=invitation.person_id,
            competency_id=answer.competency_id,
            defaults={
                "level": answer.level,
                "motivation": answer.motivation,
                "legitimacy": answer.legitimacy,
                "assessed_on": today,
            },
            create_defaults={
                "level": answer.level,
                "motivation": answer.motivation,
                "legitimacy": answer.legitimacy,
                "assessed_on": today,
                "source": Assessment.Source.SELF,
            },
        )
    return invitation


# --- Validation ----------------------------------------------------------------------------------


def validator_role(access: ProjectAccess, person: Person) -> str | None:
    """The coordinator validates anyone; a line manager validates the people they manage."""
    if access.can(Perm.RUN_REVIEWS):
        return Validation.Role.COORDINATOR
    manages = Employment.objects.filter(person=person, manager__user_id=access.user.pk).exists()
    return Validation.Role.MANAGER if manages else None


@transaction.atomic
def assessment_validate(
    *, access: ProjectAccess, assessment: Assessment, level: Any, comment: str = ""
) -> Validation:
    """Confirm or adjust a declared level; both values and who decided are kept."""
    role = validator_role(access, assessment.person)
    if role is None:
        raise ValidationError(_("Only the coordinator or the person's manager can validate."))
    scale = set(assessment.competency.framework.levels.values_list("value", flat=True))
    if level not in scale:
        raise ValidationError(
            {
                "level": _("Choose a level of the scale (%(values)s).")
                % {"values": ", ".join(str(v) for v in sorted(scale))}
            }
        )
    assessment.validated_level = level
    assessment.source = (
        Assessment.Source.COORDINATOR
        if role == Validation.Role.COORDINATOR
        else Assessment.Source.MANAGER
    )
    assessment.full_clean()
    assessment.save(update_fields=["validated_level", "source"])
    validation = Validation(
        assessment=assessment,
        declared_level=assessment.level,
        validated_level=level,
        validated_by=access.user,
        role=role,
        comment=comment[:300],
    )
    validation.full_clean()
    validation.save()
    latest = (
        Answer.objects.filter(
            invitation__person_id=assessment.person_id,
            invitation__submitted_at__isnull=False,
            competency_id=assessment.competency_id,
        )
        .order_by("-invitation__submitted_at")
        .first()
    )
    if latest is not None:
        latest.validated_level = level
        latest.save(update_fields=["validated_level"])
    return validation


# --- Availability declared in a review ----------------------------------------------------------


@transaction.atomic
def availability_validate(
    *, access: ProjectAccess, invitation: Invitation, days: Decimal
) -> list[datetime.date]:
    """The coordinator's value of the days per month a person declared: written on their
    availability from the month of their answer to the end of the horizon, the declared value
    kept beside it. Returns the months written."""
    if not access.can(Perm.RUN_REVIEWS):
        raise ValidationError(_("Only the coordinator validates a declared availability."))
    if invitation.submitted_at is None or invitation.days_per_month is None:
        raise ValidationError({"days": _("This person has not declared an availability.")})
    project = access.project
    months = months_from(project, timezone.localdate(invitation.submitted_at))
    directory_services.availability_from_review(
        person=invitation.person,
        months=months,
        declared=invitation.days_per_month,
        validated=days,
    )
    return months
