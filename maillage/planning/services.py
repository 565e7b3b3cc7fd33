"""Writes of the planning: freezing and submitting versions, sponsors' decisions, rolling the
window, and moving a task from the Gantt. Each service owns its transaction."""

from __future__ import annotations

import datetime
import logging
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from maillage.access import Perm, ProjectAccess
from maillage.analysis.changes import data_changed, plan_scope
from maillage.engine.plan.rolling import RollRefusal, roll_refusal, rolled_start
from maillage.planning.models import CalendarLink, PlanVersion, Review, Roll
from maillage.planning.snapshot import current_plan
from maillage.projects import services as project_services
from maillage.projects.models import Project, ProjectOrganisation, Step, Task

logger = logging.getLogger(__name__)

NO_SPONSOR = _(
    "No sponsor of the project has a named representative: name the elected official who "
    "speaks for each sponsor in the directory before submitting."
)
NOT_SUBMITTABLE = _("Only a version that is frozen and not yet submitted can be submitted.")
NOT_PENDING = _("This version is not awaiting your decision.")
NOT_REPRESENTATIVE = _("Only the named representative of a sponsor can decide on a version.")
COMMENT_REQUIRED = _("Say which changes you ask for in the comment.")
NOT_AWAITING = _(
    "This version is not awaiting decisions: a decision is recorded only on a submitted version."
)
ALREADY_DECIDED = _("%(sponsor)s has already decided on this version.")
DECISION_DATE_FUTURE = _("The date of the decision cannot be in the future.")
DECISION_DATE_BEFORE = _("The decision cannot be dated before the submission (%(date)s).")
ATTACHMENT_MAX_MB = 10
ATTACHMENT_TOO_LARGE = _("The attached document weighs %(size)s MB: the limit is %(limit)s MB.")
ATTACHMENT_WRONG_TYPE = _("The attached document must be a PDF, ODT, DOCX, PNG or JPEG file.")
# Extension → how such a file starts (a renamed file of another kind is refused too).
ATTACHMENT_SIGNATURES = {
    ".pdf": (b"%PDF",),
    ".odt": (b"PK\x03\x04",),
    ".docx": (b"PK\x03\x04",),
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}
DEADLINE_PAST = _("The deadline cannot be in the past.")
ROLL_REFUSALS = {
    RollRefusal.NOT_FIRST_DAY: _("The horizon must start on the first day of a month."),
    RollRefusal.ALREADY_CURRENT: _(
        "The window already starts with the current month: it moves forward once that month "
        "is over."
    ),
}


# --- Versions -----------------------------------------------------------------------------------


def version_freeze(*, access: ProjectAccess, label: str, note: str = "") -> PlanVersion:
    """Freeze the plan as it stands now in a new version (numbered from 1 in each project)."""
    access.require(Perm.SUBMIT_VERSION)
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=access.project.pk)
        last = PlanVersion.objects.filter(project=project).order_by("-number").first()
        version = PlanVersion(
            project=project,
            number=(last.number + 1) if last else 1,
            label=label,
            note=note,
            data=current_plan(project).to_json(),
            created_by=access.user,
        )
        version.full_clean()
        version.save()
    return version


def submittable_sponsors(project: Project) -> list[ProjectOrganisation]:
    return list(
        ProjectOrganisation.objects.filter(
            project=project, is_sponsor=True, representative__isnull=False
        ).select_related("organisation", "representative__user")
    )


def version_submit(
    *, access: ProjectAccess, version: PlanVersion, deadline: datetime.date | None
) -> PlanVersion:
    """Ask every sponsor's named representative to validate the version by `deadline`."""
    access.require(Perm.SUBMIT_VERSION)
    with transaction.atomic():
        version = PlanVersion.objects.select_for_update().get(pk=version.pk)
        if version.status != PlanVersion.Status.FROZEN:
            raise ValidationError(NOT_SUBMITTABLE)
        if deadline is not None and deadline < timezone.localdate():
            raise ValidationError({"deadline": DEADLINE_PAST})
        sponsors = submittable_sponsors(version.project)
        if not sponsors:
            raise ValidationError(NO_SPONSOR)
        Review.objects.bulk_create(
            Review(
                version=version,
                sponsor=sponsor,
                sponsor_name=str(sponsor.organisation),
                representative=sponsor.representative,
                representative_name=str(sponsor.representative),
            )
            for sponsor in sponsors
        )
        version.status = PlanVersion.Status.SUBMITTED
        version.submitted_at = timezone.now()
        version.deadline = deadline
        version.save(update_fields=["status", "submitted_at", "deadline"])
        step_ids = [step["key"] for step in version.data.get("steps", [])]
        Step.objects.filter(pk__in=step_ids, status=Step.Status.DRAFT).update(
            status=Step.Status.SUBMITTED
        )
        data_changed(plan_scope(version.project_id))  # update() sends no signal
    return version


@dataclass
class SubmissionNotice:
    """Who was told of a submission by e-mail, who could not be, who has no account."""

    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    without_email: list[str] = field(default_factory=list)
    without_account: list[str] = field(default_factory=list)


def version_submission_notify(*, version: PlanVersion, version_url: str) -> SubmissionNotice:
    """E-mail each representative who has an account that `version` awaits their decision.

    A failure to send never undoes the submission: it is reported, and the coordinator can
    tell the representative another way. Sent in French, the language of the product."""
    notice = SubmissionNotice()
    reviews = version.reviews.select_related("representative__user").order_by("sponsor_name")
    with translation.override(settings.LANGUAGE_CODE):
        for review in reviews:
            user = review.representative.user if review.representative else None
            name = review.representative_name
            if user is None or not user.is_active:
                notice.without_account.append(name)
                continue
            if not user.email:
                notice.without_email.append(name)
                continue
            context = {
                "name": name,
                "sponsor": review.sponsor_name,
                "project": version.project.name,
                "version": str(version),
                "deadline": (
                    formats.date_format(version.deadline, "j F Y") if version.deadline else ""
                ),
                "url": version_url,
            }
            subject = _("Version %(version)s of the plan awaits your decision") % context
            body = render_to_string("planning/email_submitted.txt", context)
            try:
                send_mail(subject, body, None, [user.email], fail_silently=False)
            except Exception:  # any failure of the mail server is reported, never a 500
                logger.exception("The submission e-mail to %s could not be sent", user.email)
                notice.failed.append(name)
            else:
                notice.sent.append(name)
    return notice


def reviews_for_user(access: ProjectAccess, version: PlanVersion) -> list[Review]:
    """The pending decisions on `version` that this user may take (as a named representative)."""
    person = getattr(access.user, "person", None)
    if person is None or not access.can(Perm.VALIDATE):
        return []
    return list(version.reviews.filter(representative=person, decision=Review.Decision.PENDING))


def review_decide(
    *, access: ProjectAccess, version: PlanVersion, decision: str, comment: str
) -> PlanVersion:
    """Record the representative's decision; the version validated by all becomes the baseline."""
    if not access.can(Perm.VALIDATE):
        raise PermissionDenied(NOT_REPRESENTATIVE)
    person = getattr(access.user, "person", None)
    if decision not in (Review.Decision.VALIDATED, Review.Decision.CHANGES_REQUESTED):
        raise ValidationError({"decision": _("Choose a decision.")})
    if decision == Review.Decision.CHANGES_REQUESTED and not comment.strip():
        raise ValidationError({"comment": COMMENT_REQUIRED})
    with transaction.atomic():
        version = PlanVersion.objects.select_for_update().get(pk=version.pk)
        if person is None or not version.reviews.filter(representative=person).exists():
            raise PermissionDenied(NOT_REPRESENTATIVE)
        pending = list(
            version.reviews.filter(representative=person, decision=Review.Decision.PENDING)
        )
        # Once one sponsor asks for changes the others may still give their decision.
        open_statuses = (PlanVersion.Status.SUBMITTED, PlanVersion.Status.CHANGES_REQUESTED)
        if version.status not in open_statuses or not pending:
            raise ValidationError(NOT_PENDING)
        now = timezone.now()
        for review in pending:
            review.decision = decision
            review.comment = comment.strip()
            review.decided_at = now
            review.decision_date = timezone.localdate(now)
            review.decided_by = access.user
            review.save(
                update_fields=["decision", "comment", "decided_at", "decision_date", "decided_by"]
            )
        _follow_decisions(version)
    return version


def _check_attachment(attachment: Any) -> None:
    name = (attachment.name or "").lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    if attachment.size > ATTACHMENT_MAX_MB * 1024 * 1024:
        size = formats.number_format(Decimal(attachment.size) / (1024 * 1024), 1)
        raise ValidationError(
            {"attachment": ATTACHMENT_TOO_LARGE % {"size": size, "limit": ATTACHMENT_MAX_MB}}
        )
    signatures = ATTACHMENT_SIGNATURES.get(extension)
    attachment.seek(0)
    head = attachment.read(8)
    attachment.seek(0)
    if signatures is None or not head.startswith(signatures):
        raise ValidationError({"attachment": ATTACHMENT_WRONG_TYPE})


def review_record_on_behalf(
    *,
    access: ProjectAccess,
    review: Review,
    decision: str,
    decision_date: datetime.date,
    means: str,
    comment: str = "",
    attachment: Any = None,
) -> Review:
    """Record the decision a sponsor's representative gave outside Maillage (at a meeting, in
    a letter…), as the coordination; the version's status follows as for any decision."""
    access.require(Perm.SUBMIT_VERSION)
    errors: dict[str, Any] = {}
    if decision not in (Review.Decision.VALIDATED, Review.Decision.CHANGES_REQUESTED):
        errors["decision"] = _("Choose a decision.")
    elif decision == Review.Decision.CHANGES_REQUESTED and not comment.strip():
        errors["comment"] = COMMENT_REQUIRED
    if means not in Review.Means.values:
        errors["means"] = _("Choose how the decision was given.")
    if decision_date > timezone.localdate():
        errors["decision_date"] = DECISION_DATE_FUTURE
    if errors:
        raise ValidationError(errors)
    if attachment is not None:
        _check_attachment(attachment)
    with transaction.atomic():
        version = PlanVersion.objects.select_for_update().get(pk=review.version_id)
        review = Review.objects.select_for_update().get(pk=review.pk)
        open_statuses = (PlanVersion.Status.SUBMITTED, PlanVersion.Status.CHANGES_REQUESTED)
        if version.status not in open_statuses:
            raise ValidationError(NOT_AWAITING)
        if review.decision != Review.Decision.PENDING:
            raise ValidationError(ALREADY_DECIDED % {"sponsor": review.sponsor_name})
        submitted_on = timezone.localdate(version.submitted_at) if version.submitted_at else None
        if submitted_on and decision_date < submitted_on:
            raise ValidationError(
                {
                    "decision_date": DECISION_DATE_BEFORE
                    % {"date": formats.date_format(submitted_on, "j F Y")}
                }
            )
        review.version = version
        review.decision = decision
        review.comment = comment.strip()
        review.decision_date = decision_date
        review.means = means
        review.recorded_on_behalf = True
        review.decided_at = timezone.now()
        review.decided_by = access.user
        review.full_clean(
            exclude=["version", "sponsor", "representative", "decided_by", "attachment"]
        )
        if attachment is not None:
            # Written last: nothing above can refuse the decision once the file is stored.
            review.attachment.save(attachment.name, attachment, save=False)
        review.save()
        _follow_decisions(version)
    return review


def _follow_decisions(version: PlanVersion) -> None:
    """The version's status once a decision is in: changes requested as soon as one sponsor
    asks; validated, and the baseline, once all sponsors validated."""
    decisions = set(version.reviews.values_list("decision", flat=True))
    if Review.Decision.CHANGES_REQUESTED in decisions:
        if version.status != PlanVersion.Status.CHANGES_REQUESTED:
            version.status = PlanVersion.Status.CHANGES_REQUESTED
            version.save(update_fields=["status"])
    elif decisions == {Review.Decision.VALIDATED}:
        _make_baseline(version)


def _make_baseline(version: PlanVersion) -> None:
    PlanVersion.objects.filter(project=version.project_id, is_baseline=True).update(
        is_baseline=False
    )
    version.status = PlanVersion.Status.VALIDATED
    version.is_baseline = True
    version.save(update_fields=["status", "is_baseline"])
    step_ids = [step["key"] for step in version.data.get("steps", [])]
    Step.objects.filter(pk__in=step_ids).update(status=Step.Status.VALIDATED)
    data_changed(plan_scope(version.project_id))  # update() sends no signal


# --- Rolling window -----------------------------------------------------------------------------


def roll_forward(*, access: ProjectAccess, today: datetime.date | None = None) -> Roll:
    """Move the window one month forward, keeping the plan as it stood as history."""
    access.require(Perm.SUBMIT_VERSION)
    today = today or timezone.localdate()
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=access.project.pk)
        refusal = roll_refusal(project.horizon_start, today)
        if refusal is not None:
            raise ValidationError(ROLL_REFUSALS[refusal])
        new_start = rolled_start(project.horizon_start)
        roll = Roll.objects.create(
            project=project,
            from_month=project.horizon_start,
            to_month=new_start,
            rolled_by=access.user,
            data=current_plan(project).to_json(),
        )
        project.horizon_start = new_start
        project.save(update_fields=["horizon_start"])
    access.project.horizon_start = new_start
    return roll


# --- Gantt --------------------------------------------------------------------------------------


def task_move(
    *, task: Task, start: datetime.date, end: datetime.date, expected_version: int
) -> Task:
    """New dates from a drag on the Gantt: the task form's validation and its optimistic lock."""
    return project_services.task_update(
        task=task, data={"start": start, "end": end}, expected_version=expected_version
    )


def task_reorder(*, access: ProjectAccess, task: Task, direction: str) -> None:
    """Swap the task with its previous ("up") or next ("down") sibling; siblings are renumbered
    so that the order is explicit from then on."""
    access.require(Perm.EDIT_PLAN)
    with transaction.atomic():
        siblings = list(
            Task.objects.select_for_update()
            .filter(project=access.project, parent_id=task.parent_id)
            .order_by("order", "start", "id")
        )
        index = next(i for i, sibling in enumerate(siblings) if sibling.pk == task.pk)
        other = index - 1 if direction == "up" else index + 1
        if direction not in ("up", "down") or not 0 <= other < len(siblings):
            raise ValidationError(_("This task cannot move further that way."))
        siblings[index], siblings[other] = siblings[other], siblings[index]
        for position, sibling in enumerate(siblings):
            sibling.order = position
        Task.objects.bulk_update(siblings, ["order"])


# --- Steps ------------------------------------------------------------------------------------

STEP_FIELDS = ("name", "description", "start", "end", "order")
STEP_IN_USE = _(
    "This step still has tasks: move them to another step (or delete them) before deleting it."
)


def step_save(*, access: ProjectAccess, step: Step | None, data: Any) -> Step:
    """Create or update a step; a change makes a validated step a draft again."""
    access.require(Perm.EDIT_PLAN)
    with transaction.atomic():
        step = step or Step(project=access.project)
        changed = False
        for field in STEP_FIELDS:
            if field in data and getattr(step, field) != data[field]:
                setattr(step, field, data[field])
                changed = True
        if step.start and step.end and step.end < step.start:
            raise ValidationError({"end": project_services.END_BEFORE_START})
        step.full_clean(exclude=["project"], validate_constraints=False)
        if changed and step.pk and step.status != Step.Status.DRAFT:
            # Sponsors validated what the step was: a changed step goes back to them.
            step.status = Step.Status.DRAFT
        step.save()
    return step


def step_delete(*, access: ProjectAccess, step: Step) -> None:
    access.require(Perm.EDIT_PLAN)
    with transaction.atomic():
        if Task.objects.filter(step=step).exists():
            raise ValidationError(STEP_IN_USE)
        step.delete()


# --- Calendar -----------------------------------------------------------------------------------


def calendar_link_renew(*, access: ProjectAccess) -> CalendarLink:
    """A new secret address for this user's calendar feed; the previous one stops working."""
    with transaction.atomic():
        CalendarLink.objects.filter(project=access.project, user=access.user).delete()
        return CalendarLink.objects.create(
            project=access.project, user=access.user, token=secrets.token_urlsafe(32)
        )
