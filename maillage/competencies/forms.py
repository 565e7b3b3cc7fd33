"""Forms of the competency pages; choices are limited to the project's people and framework."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.access import ProjectAccess, scoped
from maillage.competencies.models import Campaign, Competency, Level
from maillage.competencies.selectors import assessable_competencies
from maillage.directory.models import Person
from maillage.projects.models import Axis, ProjectPerson

MOTIVATION_CHOICES = [
    (1, _("1 — Reluctant: I would rather not take this on")),
    (2, _("2 — Open: I can if asked")),
    (3, _("3 — Interested: I would like to")),
    (4, _("4 — Keen: I want to take this on")),
]
LEGITIMACY_CHOICES = [
    (1, _("1 — Not recognised for this")),
    (2, _("2 — Partly recognised")),
    (3, _("3 — Recognised by my peers")),
    (4, _("4 — Recognised and formally mandated")),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class CampaignForm(forms.ModelForm):
    people = forms.ModelMultipleChoiceField(
        label=_("People to review"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members or not, agents of the carrier or partners: anyone of the project."),
    )

    class Meta:
        model = Campaign
        fields = ["title", "purpose", "deadline", "people", "competencies", "axes"]
        widgets = {
            "deadline": DateInput(),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "competencies": forms.CheckboxSelectMultiple,
            "axes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, access: ProjectAccess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = scoped(access, Person).order_by("last_name", "first_name")
        self.fields["competencies"].queryset = assessable_competencies(access)
        self.fields["axes"].queryset = scoped(access, Axis).order_by("order", "code")
        self.fields["axes"].required = False
        self.fields["competencies"].required = False
        self.fields["competencies"].help_text = _(
            "Choose competencies, axes, or both: an axis adds the competencies its tasks need."
        )


def _descriptor(level: Level) -> str:
    return f" : {level.descriptor}" if level.descriptor else ""


class ReviewForm(forms.Form):
    """The self-assessment: per competency a level, a motivation and a legitimacy; then the
    person's capacity. Every field is optional here: drafts are partial, and completeness
    is checked by the service when the answers are sent."""

    def __init__(
        self,
        *args: Any,
        competencies: list[Competency],
        levels: list[Level],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        level_choices = [
            (level.value, f"{level.value} — {level.label}" + _descriptor(level)) for level in levels
        ]
        self.competency_fields = []
        for competency in competencies:
            names = []
            for name, label, choices in (
                ("level", _("Know-how level"), level_choices),
                ("motivation", _("Motivation"), MOTIVATION_CHOICES),
                ("legitimacy", _("Legitimacy"), LEGITIMACY_CHOICES),
            ):
                key = f"{name}_{competency.pk}"
                self.fields[key] = forms.TypedChoiceField(
                    label=label,
                    choices=choices,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    widget=forms.RadioSelect,
                )
                names.append(key)
            self.competency_fields.append((competency, [self[name] for name in names]))
        # Typed in the page's language ("2,5" in French, "2.5" in English): a number input
        # would let the browser drop the comma and store 25.
        self.fields["days_per_month"] = forms.DecimalField(
            label=_("Time you can give to the project per month (days)"),
            required=False,
            max_digits=4,
            decimal_places=1,
            localize=True,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5}),
            help_text=_("For example 2 or 1.5, at most the working days of a month."),
        )
        self.fields["mandate"] = forms.ChoiceField(
            label=_("Mandate"),
            choices=[("", "---------"), *ProjectPerson.Mandate.choices],
            required=False,
            help_text=_("Has your organisation or your elected officials asked you to act?"),
        )
        self.fields["delegation"] = forms.CharField(
            label=_("Delegation"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("What you may decide or sign on behalf of your organisation."),
        )
        self.fields["leeway"] = forms.ChoiceField(
            label=_("Leeway"),
            choices=[("", "---------"), *ProjectPerson.Leeway.choices],
            required=False,
        )
        self.fields["means"] = forms.CharField(
            label=_("Means at your disposal"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("Budget, tools, team, vehicle…"),
        )

    def capacity_fields(self) -> list[Any]:
        names = ("days_per_month", "mandate", "delegation", "leeway", "means")
        return [self[name] for name in names]


class ValidationForm(forms.Form):
    assessment = forms.IntegerField(widget=forms.HiddenInput)
    level = forms.TypedChoiceField(label=_("Validated level"), coerce=int, choices=[])
    comment = forms.CharField(label=_("Comment"), max_length=300, required=False)

    def __init__(self, *args: Any, levels: list[Level], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [(lv.value, f"{lv.value} — {lv.label}") for lv in levels]


class InvitationActionForm(forms.Form):
    ACTIONS = [("remind", _("Remind")), ("link", _("New link")), ("revoke", _("Revoke"))]
    invitation = forms.IntegerField()
    action = forms.ChoiceField(choices=ACTIONS)


class CompareForm(forms.Form):
    first = forms.ModelChoiceField(label=_("First campaign"), queryset=Campaign.objects.none())
    second = forms.ModelChoiceField(label=_("Second campaign"), queryset=Campaign.objects.none())

    def __init__(self, *args: Any, access: ProjectAccess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("first", "second"):
            self.fields[name].queryset = scoped(access, Campaign)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (XLSX, ODS or CSV)"),
        help_text=_("Use the template: one row per person, three columns per competency."),
    )


class FrameworkUploadForm(forms.Form):
    file = forms.FileField(label=_("Framework file (JSON, XLSX or CSV)"))


class LevelForm(forms.ModelForm):
    class Meta:
        model = Level
        fields = ["label", "descriptor"]
        widgets = {"descriptor": forms.Textarea(attrs={"rows": 2})}


class CompetencyForm(forms.ModelForm):
    class Meta:
        model = Competency
        fields = ["code", "name", "parent", "description", "is_collective"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, access: ProjectAccess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents = Competency.objects.filter(
            framework_id=access.project.framework_id, parent__isnull=True
        )
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents


class AvailabilityValidationForm(forms.Form):
    """The coordinator's value of the days per month a person declared in a review."""

    invitation = forms.IntegerField(widget=forms.HiddenInput)
    days = forms.DecimalField(
        label=_("Validated availability (days per month)"),
        min_value=0,
        max_digits=4,
        decimal_places=1,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5}),
    )
