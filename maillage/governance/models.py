"""Steering bodies (COPIL, COTECH, project group…), their members and cadence."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from maillage.directory.models import Person
from maillage.numbers import plain_decimal
from maillage.projects.models import Axis, Project


class Body(models.Model):
    class Kind(models.TextChoices):
        COPIL = "copil", _("Steering committee (COPIL)")
        COTECH = "cotech", _("Technical committee (COTECH)")
        PROJECT_GROUP = "project_group", _("Project group")
        WORKING_GROUP = "working_group", _("Working group")
        FOOD_COUNCIL = "food_council", _("Local food council")
        PLENARY = "plenary", _("Plenary assembly")
        OTHER = "other", _("Other")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="bodies", verbose_name=_("project")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    meetings_per_year = models.PositiveSmallIntegerField(
        _("meetings per year"), validators=[MaxValueValidator(366)]
    )
    meeting_days = models.DecimalField(
        _("meeting duration (days)"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
        help_text=_(
            "Length of one meeting, e.g. 0.5 for a half day. The animator counts as much again "
            "for preparing it."
        ),
    )
    # Month numbers (1 = January) in which the body meets; empty: spread evenly over the year.
    months = models.JSONField(_("months it meets"), default=list, blank=True)
    animator = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="animated_bodies",
        verbose_name=_("animated by"),
    )
    axes = models.ManyToManyField(
        Axis, blank=True, related_name="bodies", verbose_name=_("axes it coordinates")
    )
    members = models.ManyToManyField(
        Person, through="BodyMember", related_name="bodies", verbose_name=_("members")
    )
    # Raised by every edit of the body's own fields (optimistic locking).
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["project", "kind", "name"]
        verbose_name = _("governance body")
        verbose_name_plural = _("governance bodies")
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting_days__gte=0), name="body_meeting_days_positive"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def months_display(self) -> str:
        """The months it meets, in the page's language: "mars, juin, novembre", or "tous les
        mois sauf août" when it meets in most months."""
        months = sorted(set(self.months))
        if not months:
            return str(_("spread over the year"))
        if len(months) == 12:
            return str(_("every month"))
        if len(months) >= 9:
            missing = ", ".join(str(MONTHS[m]) for m in range(1, 13) if m not in months)
            return str(_("every month except %(months)s") % {"months": missing})
        return ", ".join(str(MONTHS[month]) for month in months)

    @property
    def meeting_days_plain(self) -> Decimal:
        """The days per meeting as people write them: 0.5, not 0.50; 10, not 1E+1."""
        return plain_decimal(Decimal(self.meeting_days))


class BodyMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        MEMBER = "member", _("Member")
        SECRETARY = "secretary", _("Secretary")

    class College(models.TextChoices):
        ELECTED = "elected", _("Elected officials and local authorities")
        STATE = "state", _("State services")
        CONSULAR = "consular", _("Consular chambers")
        ASSOCIATIONS = "associations", _("Associations")
        ECONOMIC = "economic", _("Economic actors")
        CITIZENS = "citizens", _("Citizens")
        RESEARCH = "research", _("Research and training")

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("body")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="body_memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    # Blank only for members recorded before colleges were asked (imports, older projects).
    college = models.CharField(_("college"), max_length=20, choices=College.choices, blank=True)

    class Meta:
        ordering = ["body", "role", "person"]
        verbose_name = _("body member")
        verbose_name_plural = _("body members")
        constraints = [
            models.UniqueConstraint(fields=["body", "person"], name="body_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.body}"
