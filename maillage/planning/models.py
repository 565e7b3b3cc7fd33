"""Guiding-thread versions of the plan, the sponsors' decisions on them, the rolls of the
window, and the secret calendar links."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maillage.directory.models import Person
from maillage.projects.models import Project, ProjectOrganisation


class FrozenVersionError(Exception):
    """A frozen version's content was about to change."""


# Only these fields of a version ever change after it is frozen.
VERSION_STATE_FIELDS = frozenset({"status", "submitted_at", "deadline", "is_baseline"})


class PlanVersion(models.Model):
    """The plan as it was when the coordinator froze it. Its content never changes afterwards."""

    class Status(models.TextChoices):
        FROZEN = "frozen", _("Frozen, not submitted")
        SUBMITTED = "submitted", _("Submitted to the sponsors")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        VALIDATED = "validated", _("Validated by all sponsors")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="plan_versions", verbose_name=_("project")
    )
    number = models.PositiveIntegerField(_("number"))
    label = models.CharField(_("label"), max_length=200)
    note = models.TextField(_("note to the sponsors"), blank=True)
    data = models.JSONField(_("content"), editable=False)
    created_at = models.DateTimeField(_("frozen at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("frozen by"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.FROZEN
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    deadline = models.DateField(_("validation deadline"), null=True, blank=True)
    is_baseline = models.BooleanField(_("baseline"), default=False)

    class Meta:
        ordering = ["project", "-number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="plan_version_number"),
            models.UniqueConstraint(
                fields=["project"], condition=Q(is_baseline=True), name="plan_version_one_baseline"
            ),
        ]

    def __str__(self) -> str:
        return f"v{self.number} — {self.label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Why here and not only in the services: no code path, admin included, may rewrite what
        # the sponsors were shown. Existing versions save their state fields only.
        update_fields = kwargs.get("update_fields")
        if self.pk is not None and (
            update_fields is None or not set(update_fields) <= VERSION_STATE_FIELDS
        ):
            raise FrozenVersionError(str(_("A frozen version can never change.")))
        super().save(*args, **kwargs)


def decision_attachment_path(review: Review, filename: str) -> str:
    # Not guessable from outside, and sent only through a view that checks access anyway.
    return f"planning/decisions/{review.version.project_id}/{uuid.uuid4().hex}/{filename}"


class Review(models.Model):
    """One sponsor's decision on one submitted version, made by its named representative, or
    recorded by the coordination on their behalf (a representative without an account)."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Awaiting decision")
        VALIDATED = "validated", _("Validated")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")

    class Means(models.TextChoices):
        MEETING = "meeting", _("meeting")
        LETTER = "letter", _("letter")
        EMAIL = "email", _("e-mail")
        OTHER = "other", _("other means")

    version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("version")
    )
    sponsor = models.ForeignKey(
        ProjectOrganisation,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("sponsor"),
    )
    sponsor_name = models.CharField(_("sponsor"), max_length=200)
    representative = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("representative"),
    )
    representative_name = models.CharField(_("representative"), max_length=200)
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    comment = models.TextField(_("comment"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    recorded_on_behalf = models.BooleanField(_("recorded by the coordination"), default=False)
    decision_date = models.DateField(_("date of the decision"), null=True, blank=True)
    means = models.CharField(_("means"), max_length=20, choices=Means.choices, blank=True)
    attachment = models.FileField(
        _("attached document"), upload_to=decision_attachment_path, max_length=300, blank=True
    )

    class Meta:
        ordering = ["version", "sponsor_name"]
        verbose_name = _("sponsor decision")
        verbose_name_plural = _("sponsor decisions")
        constraints = [
            models.UniqueConstraint(fields=["version", "sponsor"], name="review_one_per_sponsor")
        ]

    def __str__(self) -> str:
        return f"{self.version} — {self.sponsor_name}: {self.get_decision_display()}"

    @property
    def attachment_name(self) -> str:
        return self.attachment.name.rsplit("/", 1)[-1] if self.attachment else ""


class Roll(models.Model):
    """The window moved forward one month; `data` is the plan as it stood at that moment."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="plan_rolls", verbose_name=_("project")
    )
    from_month = models.DateField(_("month that left the window"))
    to_month = models.DateField(_("new first month"))
    rolled_at = models.DateTimeField(_("rolled at"), auto_now_add=True)
    rolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("rolled by"),
    )
    data = models.JSONField(_("plan at the roll"), editable=False)

    class Meta:
        ordering = ["project", "-to_month"]
        verbose_name = _("roll of the window")
        verbose_name_plural = _("rolls of the window")
        constraints = [
            models.UniqueConstraint(fields=["project", "to_month"], name="roll_one_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.project} → {self.to_month:%Y-%m}"


class CalendarLink(models.Model):
    """A user's secret address of the project's calendar feed (calendar apps cannot log in)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="calendar_links", verbose_name=_("project")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_links",
        verbose_name=_("user"),
    )
    token = models.CharField(_("secret token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="calendar_link_one_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.project}"
