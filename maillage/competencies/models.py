"""Competency frameworks and each person's assessment in Le Boterf's terms."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maillage.directory.models import Person


class Framework(models.Model):
    """A competency framework; several projects may use it (see `access.can_edit_shared`)."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # Shipped frameworks are offered to every project and changed only by staff: a project
    # edits its own copy of them.
    is_public = models.BooleanField(_("offered to every project"), default=False)
    made_for = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="own_frameworks",
        verbose_name=_("made for the project"),
        help_text=_("The project that imported or copied it: its members may choose it."),
    )

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
        Framework,
        on_delete=models.CASCADE,
        related_name="competencies",
        verbose_name=_("framework"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_collective = models.BooleanField(
        _("collective competency"),
        default=False,
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
        Competency,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("competency"),
    )
    level = models.PositiveSmallIntegerField(_("declared know-how level"))
    validated_level = models.PositiveSmallIntegerField(
        _("validated know-how level"), null=True, blank=True
    )
    motivation = models.PositiveSmallIntegerField(
        _("motivation"),
        validators=SCALE_1_4,
        help_text=_("Vouloir agir, from 1 (reluctant) to 4 (keen)."),
    )
    legitimacy = models.PositiveSmallIntegerField(
        _("legitimacy"),
        validators=SCALE_1_4,
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


# --- Review campaigns ----------------------------------------------------------------------------


class Campaign(models.Model):
    """A competency and motivation review: chosen people answer a self-assessment form."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="review_campaigns",
        verbose_name=_("project"),
    )
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(
        _("purpose of the review"),
        help_text=_("Shown at the top of the form: why the answers are collected, who reads them."),
    )
    competencies = models.ManyToManyField(
        Competency, related_name="campaigns", verbose_name=_("competencies")
    )
    axes = models.ManyToManyField(
        "projects.Axis", blank=True, related_name="review_campaigns", verbose_name=_("axes")
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["project", "-created_at", "-id"]
        verbose_name = _("review campaign")
        verbose_name_plural = _("review campaigns")

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    """One person's place in a campaign: a personal link (only its hash is kept) and the
    person's own capacity (pouvoir agir) as they declared it."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("campaign")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="review_invitations",
        verbose_name=_("person"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("link expires at"))
    revoked_at = models.DateTimeField(_("link revoked at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("answers withdrawn at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    draft_saved_at = models.DateTimeField(_("draft saved at"), null=True, blank=True)
    # Capacity (pouvoir agir), self-declared.
    days_per_month = models.DecimalField(
        _("time available per month (days)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(31)],
    )
    mandate = models.CharField(_("mandate"), max_length=20, blank=True)
    delegation = models.TextField(_("delegation"), blank=True)
    leeway = models.CharField(_("leeway"), max_length=20, blank=True)
    means = models.TextField(_("means at your disposal"), blank=True)

    class Meta:
        ordering = ["campaign", "person"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "person"], name="invitation_unique_campaign_person"
            ),
            models.CheckConstraint(
                condition=Q(days_per_month__isnull=True)
                | (Q(days_per_month__gte=0) & Q(days_per_month__lte=31)),
                name="invitation_days_0_31",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.campaign}"


class Answer(models.Model):
    """A person's answer for one competency of a campaign; a draft until the invitation is
    submitted. The validated level of that answer is kept beside the declared one."""

    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, related_name="answers", verbose_name=_("invitation")
    )
    competency = models.ForeignKey(
        Competency, on_delete=models.CASCADE, related_name="answers", verbose_name=_("competency")
    )
    level = models.PositiveSmallIntegerField(_("declared know-how level"), null=True, blank=True)
    motivation = models.PositiveSmallIntegerField(
        _("motivation"), null=True, blank=True, validators=SCALE_1_4
    )
    legitimacy = models.PositiveSmallIntegerField(
        _("legitimacy"), null=True, blank=True, validators=SCALE_1_4
    )
    validated_level = models.PositiveSmallIntegerField(
        _("validated know-how level"), null=True, blank=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["invitation", "competency"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "competency"], name="answer_unique_competency"
            ),
            models.CheckConstraint(
                condition=Q(motivation__isnull=True)
                | (Q(motivation__gte=1) & Q(motivation__lte=4)),
                name="answer_motivation_1_4",
            ),
            models.CheckConstraint(
                condition=Q(legitimacy__isnull=True)
                | (Q(legitimacy__gte=1) & Q(legitimacy__lte=4)),
                name="answer_legitimacy_1_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invitation.person_id} — {self.competency}: {self.level}"


class Validation(models.Model):
    """Who confirmed or adjusted a declared level, when, and to what: both values are kept."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        MANAGER = "manager", _("Manager")

    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="validations",
        verbose_name=_("assessment"),
    )
    declared_level = models.PositiveSmallIntegerField(_("declared know-how level"))
    validated_level = models.PositiveSmallIntegerField(_("validated know-how level"))
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("validated by"),
    )
    role = models.CharField(_("as"), max_length=20, choices=Role.choices)
    validated_at = models.DateTimeField(_("validated at"), auto_now_add=True)
    comment = models.CharField(_("comment"), max_length=300, blank=True)

    class Meta:
        ordering = ["assessment", "-validated_at", "-id"]
        verbose_name = _("validation")
        verbose_name_plural = _("validations")

    def __str__(self) -> str:
        return f"{self.assessment}: {self.declared_level} → {self.validated_level}"
