"""What each task needs (competency, level, days) and who is assigned to it."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maillage.competencies.models import Competency
from maillage.directory.models import Person
from maillage.projects.models import Task


class Need(models.Model):
    """A task needs this many person-days per month of a competency at least at this level."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="needs", verbose_name=_("task")
    )
    competency = models.ForeignKey(
        Competency, on_delete=models.PROTECT, related_name="needs", verbose_name=_("competency")
    )
    min_level = models.PositiveSmallIntegerField(_("minimum level"))
    days_per_month = models.DecimalField(
        _("person-days per month"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    # Optimistic locking: an edit that did not start from the current version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["task", "competency"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        constraints = [
            models.UniqueConstraint(fields=["task", "competency"], name="need_unique_competency"),
            models.CheckConstraint(condition=Q(days_per_month__gte=0), name="need_days_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.task}: {self.competency} ≥ {self.min_level}"


class Assignment(models.Model):
    class Responsibility(models.TextChoices):
        LEAD = "lead", _("Lead")
        CONTRIBUTOR = "contributor", _("Contributor")
        CONSULTED = "consulted", _("Consulted")
        INFORMED = "informed", _("Informed")
        VALIDATOR = "validator", _("Validator")

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("task")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("person")
    )
    responsibility = models.CharField(
        _("responsibility"), max_length=20, choices=Responsibility.choices
    )
    days_per_month = models.DecimalField(
        _("person-days per month"),
        max_digits=6,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(31)],
    )
    modalities = models.TextField(
        _("modalities (how)"),
        blank=True,
        help_text=_("How this person takes part: meetings, deliverables, field visits…"),
    )
    is_locked = models.BooleanField(
        _("locked"), default=False, help_text=_("Kept as it is by the staffing optimiser.")
    )
    # Optimistic locking: an edit that did not start from the current version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["task", "responsibility", "person"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["task", "person", "responsibility"], name="assignment_unique_role"
            ),
            models.CheckConstraint(
                condition=Q(days_per_month__gte=0), name="assignment_days_positive"
            ),
            models.CheckConstraint(
                condition=Q(days_per_month__lte=31), name="assignment_days_max_31"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.task} ({self.get_responsibility_display()})"
