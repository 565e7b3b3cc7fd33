"""A project, its framing (sponsors, objectives, axes), its plan (steps, task tree) and members."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from maillage.competencies.models import Framework
from maillage.directory.models import Organisation, Person, Territory
from maillage.projects.validators import (
    validate_insee_codes,
    validate_pat_fields,
    validate_siren,
    validate_siret,
)


def add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def shift_months(day: datetime.date, count: int) -> datetime.date:
    """The same day `count` months later (or earlier), kept within shorter months."""
    first = add_months(day.replace(day=1), count)
    last_day = (add_months(first, 1) - datetime.timedelta(days=1)).day
    return first.replace(day=min(day.day, last_day))


class PatField(models.TextChoices):
    """The fields of food (champs de l'alimentation) a PAT works on, after RnPAT."""

    FOOD_ECONOMY = "food_economy", _("Food economy")
    CULTURE = "culture", _("Culture and gastronomy")
    NUTRITION = "nutrition", _("Nutrition and health")
    SOCIAL = "social", _("Social accessibility")
    ENVIRONMENT = "environment", _("Environment")
    URBAN = "urban", _("Urban planning and land")
    CATERING = "catering", _("Collective catering")


class Recognition(models.IntegerChoices):
    NONE = 0, _("Not recognised")
    EMERGING = 1, _("Level 1 – emerging")
    OPERATIONAL = 2, _("Level 2 – operational")


# Years a recognition lasts (instruction DGAL/SDPAL/2020-758).
RECOGNITION_YEARS = {Recognition.EMERGING: 3, Recognition.OPERATIONAL: 5}


class Project(models.Model):
    class Kind(models.TextChoices):
        PAT = "pat", _("Territorial food project (PAT)")
        MOBILITY = "mobility", _("Mobility")
        ENERGY = "energy", _("Energy")
        HEALTH = "health", _("Local health contract")
        OTHER = "other", _("Other territorial project")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PAT)
    description = models.TextField(_("description"), blank=True)
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="projects", verbose_name=_("territory")
    )
    carrier = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="carried_projects",
        verbose_name=_("carrying organisation"),
    )
    framework = models.ForeignKey(
        Framework,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("competency framework"),
    )
    horizon_start = models.DateField(
        _("first month of the horizon"),
        help_text=_("The plan covers twelve rolling months from this month."),
    )
    horizon_months = models.PositiveSmallIntegerField(
        _("months in the horizon"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
    )
    allow_work_on_unvalidated_steps = models.BooleanField(
        _("work may start on a step not yet validated"), default=False
    )
    # Identity of a PAT (France PAT observatory, recognition by the ministry): all optional.
    pat_identifier = models.CharField(_("France PAT identifier"), max_length=50, blank=True)
    pat_url = models.URLField(_("France PAT page"), blank=True)
    pat_administrative_name = models.CharField(_("administrative name"), max_length=300, blank=True)
    pat_usual_name = models.CharField(_("usual name"), max_length=300, blank=True)
    carrier_siret = models.CharField(
        _("carrier’s SIRET"), max_length=14, blank=True, validators=[validate_siret]
    )
    epci_siren = models.CharField(
        _("EPCI’s SIREN"), max_length=9, blank=True, validators=[validate_siren]
    )
    communes = models.JSONField(
        _("communes (INSEE codes)"),
        default=list,
        blank=True,
        validators=[validate_insee_codes],
    )
    recognition_level = models.PositiveSmallIntegerField(
        _("recognition level"),
        choices=Recognition.choices,
        default=Recognition.NONE,
    )
    recognition_date = models.DateField(_("recognition date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.name

    @property
    def horizon_end(self) -> datetime.date:
        """Last day of the horizon."""
        return add_months(self.horizon_start, self.horizon_months) - datetime.timedelta(days=1)

    def horizon_month_starts(self) -> list[datetime.date]:
        return [add_months(self.horizon_start, i) for i in range(self.horizon_months)]

    @property
    def recognition_expiry(self) -> datetime.date | None:
        """When the recognition ends: 3 years after a level 1, 5 after a level 2."""
        years = RECOGNITION_YEARS.get(self.recognition_level)
        if years is None or self.recognition_date is None:
            return None
        return shift_months(self.recognition_date, 12 * years)


class Membership(models.Model):
    """A user's role in a project; the access module reads nothing else."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        CONTRIBUTOR = "contributor", _("Contributor")
        ELECTED = "elected", _("Elected official")
        PARTNER = "partner", _("Partner")
        OBSERVER = "observer", _("Observer")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("project")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["project", "user"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="membership_unique_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.project} ({self.get_role_display()})"


class ProjectOrganisation(models.Model):
    """An organisation taking part in the project: carrier, sponsor (commanditaire) or partner."""

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="project_organisations",
        verbose_name=_("project"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="project_links",
        verbose_name=_("organisation"),
    )
    is_sponsor = models.BooleanField(_("sponsor"), default=False)
    representative = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("representative"),
        help_text=_("The elected official or person who speaks for this organisation."),
    )

    class Meta:
        ordering = ["project", "organisation__name"]
        verbose_name = _("project organisation")
        verbose_name_plural = _("project organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"], name="project_organisation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.project}"


class ProjectPerson(models.Model):
    """A person taking part in the project, with their pouvoir agir (mandate and leeway)."""

    class Mandate(models.TextChoices):
        NONE = "none", _("No mandate")
        ORAL = "oral", _("Oral agreement")
        WRITTEN = "written", _("Mission letter")
        DELIBERATION = "deliberation", _("Deliberation or formal delegation")

    class Leeway(models.TextChoices):
        DECIDES = "decides", _("Decides")
        PROPOSES = "proposes", _("Proposes")
        CARRIES_OUT = "carries_out", _("Carries out")

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="project_people",
        verbose_name=_("project"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="project_links", verbose_name=_("person")
    )
    mandate = models.CharField(
        _("mandate"), max_length=20, choices=Mandate.choices, default=Mandate.NONE
    )
    leeway = models.CharField(
        _("leeway"), max_length=20, choices=Leeway.choices, default=Leeway.CARRIES_OUT
    )
    means = models.TextField(_("means at their disposal"), blank=True)
    # Share of the person's working time given to this project (0 to 1): the default of their
    # monthly availability is this share of the month's working days.
    time_share = models.DecimalField(
        _("share of time for the project"),
        max_digits=4,
        decimal_places=3,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )

    class Meta:
        ordering = ["project", "person"]
        verbose_name = _("project participant")
        verbose_name_plural = _("project participants")
        constraints = [
            models.UniqueConstraint(fields=["project", "person"], name="project_person_unique"),
            models.CheckConstraint(
                condition=Q(time_share__gte=0) & Q(time_share__lte=1),
                name="project_person_time_share_0_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.project}"


class Objective(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("project")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    # Optimistic locking: a save that did not start from the current version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["project", "order", "id"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self) -> str:
        return self.title


class ExpectedResult(models.Model):
    objective = models.ForeignKey(
        Objective,
        on_delete=models.CASCADE,
        related_name="expected_results",
        verbose_name=_("objective"),
    )
    title = models.CharField(_("title"), max_length=300)
    order = models.PositiveIntegerField(_("order"), default=0)
    # The indicator that tells whether the result is reached.
    indicator = models.CharField(_("indicator"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    baseline = models.DecimalField(
        _("starting value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    target_note = models.CharField(_("remark on the target"), max_length=100, blank=True)

    class Meta:
        ordering = ["objective", "order", "id"]
        verbose_name = _("expected result")
        verbose_name_plural = _("expected results")

    def __str__(self) -> str:
        return self.title


class Axis(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="axes", verbose_name=_("project")
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    lead = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_axes",
        verbose_name=_("lead (chef de file)"),
    )
    lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_axes",
        verbose_name=_("lead organisation"),
    )
    political_referent = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="political_referent_axes",
        verbose_name=_("political referent"),
    )
    technical_referent = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="technical_referent_axes",
        verbose_name=_("technical referent"),
    )
    pat_fields = models.JSONField(
        _("PAT fields"), default=list, blank=True, validators=[validate_pat_fields]
    )
    # An archived axis keeps its tasks but is no longer offered in pickers.
    is_archived = models.BooleanField(_("archived"), default=False)
    # Optimistic locking: a save that did not start from the current version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["project", "order", "code"]
        verbose_name = _("axis")
        verbose_name_plural = _("axes")
        constraints = [models.UniqueConstraint(fields=["project", "code"], name="axis_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def pat_field_labels(self) -> list[str]:
        labels = dict(PatField.choices)
        return [str(labels[value]) for value in self.pat_fields if value in labels]


class Step(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for validation")
        VALIDATED = "validated", _("Validated")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="steps", verbose_name=_("project")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    status = models.CharField(
        _("validation status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )

    class Meta:
        ordering = ["project", "order", "start"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="step_end_after_start")
        ]

    def __str__(self) -> str:
        return self.name


class Task(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        BLOCKED = "blocked", _("Blocked")
        CANCELLED = "cancelled", _("Cancelled")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("project")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent task"),
    )
    step = models.ForeignKey(
        Step,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("step"),
    )
    axis = models.ForeignKey(
        Axis,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("axis"),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    is_milestone = models.BooleanField(_("milestone"), default=False)
    modalities = models.TextField(_("modalities (how)"), blank=True)
    lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_tasks",
        verbose_name=_("lead organisation"),
    )
    budget = models.DecimalField(
        _("budget (€)"),
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    predecessors = models.ManyToManyField(
        "self",
        through="TaskDependency",
        symmetrical=False,
        related_name="successors",
        blank=True,
        verbose_name=_("predecessors"),
    )
    # Optimistic locking: a save that did not start from the current version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["project", "order", "start", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="task_end_after_start"),
            models.CheckConstraint(condition=Q(budget__gte=0), name="task_budget_not_negative"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="task_progress_max_100"),
        ]
        indexes = [models.Index(fields=["project", "start"], name="task_project_start")]

    def __str__(self) -> str:
        return self.title


class TaskDependency(models.Model):
    """Finish-to-start: the successor may not start before the predecessor ends."""

    predecessor = models.ForeignKey(
        Task,
        on_delete=models.CASCADE,
        related_name="successor_links",
        verbose_name=_("predecessor"),
    )
    successor = models.ForeignKey(
        Task,
        on_delete=models.CASCADE,
        related_name="predecessor_links",
        verbose_name=_("successor"),
    )
    lag_days = models.IntegerField(_("lag (days)"), default=0)

    class Meta:
        verbose_name = _("dependency")
        verbose_name_plural = _("dependencies")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="dependency_unique_pair"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=F("successor")), name="dependency_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class BudgetLine(models.Model):
    """Funding of a task by one funder."""

    class Funder(models.TextChoices):
        STATE = "state", _("State")
        ADEME = "ademe", _("ADEME")
        REGION = "region", _("Region")
        DEPARTEMENT = "departement", _("Département")
        EU = "eu", _("European Union")
        OWN = "own", _("Own funds")
        OTHER = "other", _("Other")

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("task")
    )
    funder = models.CharField(_("funder"), max_length=20, choices=Funder.choices)
    amount = models.DecimalField(
        _("amount (€)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    is_secured = models.BooleanField(_("secured"), default=False)
    label = models.CharField(_("label"), max_length=200, blank=True)

    class Meta:
        ordering = ["task", "funder"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.get_funder_display()}: {self.amount} €"


class Deliverable(models.Model):
    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="deliverables", verbose_name=_("task")
    )
    title = models.CharField(_("title"), max_length=300)
    due = models.DateField(_("due"), null=True, blank=True)
    is_done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["task", "due", "id"]
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")

    def __str__(self) -> str:
        return self.title
