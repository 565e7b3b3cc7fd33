"""Staffing runs done by the worker, the changes users accepted, and the costs of remedies."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.projects.models import Project


class StaffingRun(models.Model):
    """One call of the staffing optimiser on a project, queued for the worker."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="staffing_runs", verbose_name=_("project")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    max_people_per_task = models.PositiveSmallIntegerField(
        _("people per task at most"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    time_limit = models.PositiveIntegerField(
        _("time limit (seconds)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(3600)],
    )
    progress = models.FloatField(_("progress"), default=0.0)
    progress_label = models.CharField(_("step"), max_length=200, blank=True)
    cancel_requested = models.BooleanField(_("cancellation requested"), default=False)
    heartbeat = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    task_id = models.CharField(_("queue task"), max_length=64, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    error_message = models.TextField(_("error message"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("staffing run")
        verbose_name_plural = _("staffing runs")

    def __str__(self) -> str:
        return f"{self.project} #{self.pk} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class AcceptedChange(models.Model):
    """One change of a proposal that a user accepted: the history of the staffing."""

    class Kind(models.TextChoices):
        ADDED = "added", _("Added")
        CHANGED = "changed", _("Days changed")
        REMOVED = "removed", _("Removed")
        LOCKED = "locked", _("Locked")
        UNLOCKED = "unlocked", _("Unlocked")
        REMEDY = "remedy", _("Remedy added to the plan")

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="staffing_changes",
        verbose_name=_("project"),
    )
    run = models.ForeignKey(
        StaffingRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("proposal"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Names are copied: the history stays readable after a task or a person is deleted.
    task_id_copy = models.PositiveBigIntegerField(_("task id"), null=True, blank=True)
    task_title = models.CharField(_("task"), max_length=300, blank=True)
    person_id_copy = models.PositiveBigIntegerField(_("person id"), null=True, blank=True)
    person_name = models.CharField(_("person"), max_length=300, blank=True)
    days_before = models.DecimalField(
        _("days per month before"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    days_after = models.DecimalField(
        _("days per month after"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    # Text without personal values; the engine's reasons are kept as codes and parameters and
    # rendered for each reader (maillage.optimisation.explanations).
    detail = models.TextField(_("detail"), blank=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    accepted_at = models.DateTimeField(_("accepted at"), auto_now_add=True)

    class Meta:
        ordering = ["-accepted_at", "-pk"]
        verbose_name = _("accepted change")
        verbose_name_plural = _("accepted changes")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person_name} — {self.task_title}"


class RemedyRates(models.Model):
    """A project's costs and lead times of remedies (the engine's defaults until edited)."""

    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, related_name="remedy_rates", verbose_name=_("project")
    )
    training_cost = models.DecimalField(
        _("training cost (€ per person and competency)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    training_lead_months = models.PositiveSmallIntegerField(_("training lead time (months)"))
    expert_day_rate = models.DecimalField(
        _("external expertise day rate (€)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    expert_lead_months = models.PositiveSmallIntegerField(
        _("external expertise lead time (months)")
    )
    recruitment_yearly_cost_per_fte = models.DecimalField(
        _("recruitment yearly cost of a full-time post (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    recruitment_lead_months = models.PositiveSmallIntegerField(_("recruitment lead time (months)"))
    working_days_per_month = models.DecimalField(
        _("project days a full-time post gives a month"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(1), MaxValueValidator(23)],
    )
    widening_cost = models.DecimalField(
        _("cost of an agreement with a new partner (€)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    widening_lead_months = models.PositiveSmallIntegerField(_("widening lead time (months)"))
    pooling_day_rate = models.DecimalField(
        _("pooling day rate refunded between structures (€)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    pooling_lead_months = models.PositiveSmallIntegerField(_("pooling lead time (months)"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("remedy costs")
        verbose_name_plural = _("remedy costs")

    def __str__(self) -> str:
        return str(self.project)
