"""The people and organisations of the territory, independent of any one project."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Territory(models.Model):
    class Level(models.TextChoices):
        COMMUNE = "commune", _("Municipality")
        EPCI = "epci", _("Intercommunality (EPCI)")
        DEPARTEMENT = "departement", _("Département")
        REGION = "region", _("Region")

    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    code = models.CharField(_("official code"), max_length=20, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    neighbours = models.ManyToManyField(
        "self", blank=True, symmetrical=True, verbose_name=_("neighbouring territories")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("territory")
        verbose_name_plural = _("territories")

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        EPCI = "epci", _("Intercommunality (EPCI)")
        MUNICIPALITY = "municipality", _("Municipality")
        DEPARTEMENT = "departement", _("Département council")
        REGION = "region", _("Regional council")
        STATE = "state", _("State service")
        CHAMBER = "chamber", _("Consular chamber")
        ASSOCIATION = "association", _("Association")
        SCHOOL = "school", _("School or training centre")
        CATERING = "catering", _("Collective catering")
        COMPANY = "company", _("Company or cooperative")
        PUBLIC_BODY = "public_body", _("Other public body")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    territory = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("territory"),
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.TextField(_("address"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.short_name or self.name


class Person(models.Model):
    class Kind(models.TextChoices):
        AGENT = "agent", _("Agent")
        TECHNICIAN = "technician", _("Technician")
        ELECTED = "elected", _("Elected official")
        PARTNER = "partner", _("Partner")
        VOLUNTEER = "volunteer", _("Volunteer")
        OTHER = "other", _("Other")

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user account"),
    )
    organisations = models.ManyToManyField(
        Organisation,
        through="Employment",
        through_fields=("person", "organisation"),
        related_name="people",
        verbose_name=_("organisations"),
    )
    # A post to fill (a recruitment remedy): planned like anyone, shown as "to recruit".
    is_placeholder = models.BooleanField(
        _("post to fill"),
        default=False,
        help_text=_("A planned recruitment, not yet a real person."),
    )
    # Raised by every write of the person's time (employments, project shares, availability):
    # the time page refuses a save started from an older version.
    time_version = models.PositiveIntegerField(_("version of the time data"), default=0)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Employment(models.Model):
    """A person works for an organisation for a share of their time (1 = full time)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="employments", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="employments",
        verbose_name=_("organisation"),
    )
    time_share = models.DecimalField(
        _("time share"),
        max_digits=4,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("Share of a full-time post agreed with this organisation, from 0 to 1."),
    )
    role = models.CharField(_("role in the organisation"), max_length=200, blank=True)
    manager = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_employments",
        verbose_name=_("line manager"),
    )

    class Meta:
        ordering = ["person", "-time_share"]
        verbose_name = _("employment")
        verbose_name_plural = _("employments")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation"], name="employment_unique_person_organisation"
            ),
            models.CheckConstraint(
                condition=Q(time_share__gte=0) & Q(time_share__lte=1),
                name="employment_time_share_0_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.organisation} ({self.time_share})"


class Availability(models.Model):
    """Person-days a person can give to project work in one calendar month.

    A row overrides the default computed from the month's working days and the person's share
    of time for the project (`maillage.directory.selectors.default_days`); a month without a
    row takes that default. `declared_days` keeps what the person declared in a review when the
    coordinator validated another value.
    """

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="availabilities", verbose_name=_("person")
    )
    month = models.DateField(_("month"), help_text=_("First day of the month."))
    days = models.DecimalField(
        _("available days"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(31)],
    )
    declared_days = models.DecimalField(
        _("days declared by the person"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(31)],
    )

    class Meta:
        ordering = ["person", "month"]
        verbose_name = _("availability")
        verbose_name_plural = _("availabilities")
        constraints = [
            models.UniqueConstraint(fields=["person", "month"], name="availability_unique_month"),
            models.CheckConstraint(
                condition=Q(days__gte=0) & Q(days__lte=31), name="availability_days_0_31"
            ),
            models.CheckConstraint(
                condition=Q(declared_days__isnull=True)
                | (Q(declared_days__gte=0) & Q(declared_days__lte=31)),
                name="availability_declared_days_0_31",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.month:%Y-%m}: {self.days}"

    def clean(self) -> None:
        if self.month and self.month.day != 1:
            from django.core.exceptions import ValidationError

            raise ValidationError({"month": _("A month is given by its first day.")})
