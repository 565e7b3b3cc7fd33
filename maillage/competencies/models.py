"""Competency frameworks and each person's assessment in Le Boterf's terms."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maillage.directory.models import Person


class Framework(models.Model):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("competency framework")
        verbose_name_plural = _("competency frameworks")

    def __str__(self) -> str:
        return self.name


class Level(models.Model):
    """One step of a framework's know-how scale, with what a person at that level can do."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="levels", verbose_name=_("framework")
    )
    value = models.PositiveSmallIntegerField(_("value"))
    label = models.CharField(_("label"), max_length=100)
    descriptor = models.TextField(_("descriptor"), blank=True)

    class Meta:
        ordering = ["framework", "value"]
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        constraints = [
            models.UniqueConstraint(fields=["framework", "value"], name="level_unique_value")
        ]

    def __str__(self) -> str:
        return f"{self.value} — {self.label}"


class Competency(models.Model):
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="competencies",
        verbose_name=_("framework"),
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children",
        verbose_name=_("parent"),
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_collective = models.BooleanField(
        _("collective competency"), default=False,
        help_text=_("Held by a team or a partnership rather than by one person."),
    )

    class Meta:
        ordering = ["framework", "code"]
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="competency_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


SCALE_1_4 = [MinValueValidator(1), MaxValueValidator(4)]


class Assessment(models.Model):
    """A person's savoir agir (level), vouloir agir (motivation) and legitimacy in a competency.

    The declared level is the person's own; a validated level, when set by the coordinator or
    the person's manager, is the one the analysis uses. Motivation is personal data.
    """

    class Source(models.TextChoices):
        SELF = "self", _("Self-assessment")
        COORDINATOR = "coordinator", _("Coordinator")
        MANAGER = "manager", _("Manager")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("person")
    )
    competency = models.ForeignKey(
        Competency, on_delete=models.CASCADE, related_name="assessments",
        verbose_name=_("competency"),
    )
    level = models.PositiveSmallIntegerField(_("declared know-how level"))
    validated_level = models.PositiveSmallIntegerField(
        _("validated know-how level"), null=True, blank=True
    )
    motivation = models.PositiveSmallIntegerField(
        _("motivation"), validators=SCALE_1_4,
        help_text=_("Vouloir agir, from 1 (reluctant) to 4 (keen)."),
    )
    legitimacy = models.PositiveSmallIntegerField(
        _("legitimacy"), validators=SCALE_1_4,
        help_text=_("Recognised by peers and mandated, from 1 (not at all) to 4 (fully)."),
    )
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.SELF
    )
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)

    class Meta:
        ordering = ["person", "competency"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "competency"], name="assessment_unique_person_competency"
            ),
            models.CheckConstraint(
                condition=Q(motivation__gte=1) & Q(motivation__lte=4),
                name="assessment_motivation_1_4",
            ),
            models.CheckConstraint(
                condition=Q(legitimacy__gte=1) & Q(legitimacy__lte=4),
                name="assessment_legitimacy_1_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.competency}: {self.effective_level}"

    @property
    def effective_level(self) -> int:
        return self.validated_level if self.validated_level is not None else self.level
