"""Forms for the people and organisations of a project."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from maillage.access import ProjectAccess
from maillage.directory.models import Organisation, Person, Territory
from maillage.numbers import plain_decimal
from maillage.projects.models import ProjectPerson


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(
        label=_("website"), required=False, max_length=200, assume_scheme="https"
    )
    is_sponsor = forms.BooleanField(
        label=_("sponsor (commanditaire) of the project"), required=False
    )

    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "territory", "email", "phone", "website", "address"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, is_sponsor: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = Territory.objects.all()
        self.fields["is_sponsor"].initial = is_sponsor


class PercentField(forms.DecimalField):
    """A share typed as a percentage in the page's language ("62,5" or "62,5 %" in French),
    cleaned to the number of percent (0 to 100): forms divide it by 100 for the services."""

    def __init__(self, *, decimal_places: int = 0, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", Decimal(0))
        kwargs.setdefault("max_value", Decimal(100))
        super().__init__(
            max_digits=3 + decimal_places, decimal_places=decimal_places, localize=True, **kwargs
        )
        self.widget.attrs.update({"inputmode": "decimal", "size": 6})

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = value.replace("%", "").strip()
        return super().to_python(value)  # type: ignore[no-any-return]

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            value = plain_decimal(value)
        return super().prepare_value(value)


def share_to_percent(share: Decimal) -> Decimal:
    return plain_decimal(share * 100)


class PersonForm(forms.ModelForm):
    """The person, their main organisation in the project and their mandate in it."""

    organisation = forms.ModelChoiceField(
        label=_("main organisation"), queryset=Organisation.objects.none(), required=False
    )
    time_share = PercentField(
        label=_("time share with this organisation (%)"),
        initial=100,
        required=False,
        help_text=_("50 for half time, 100 for full time."),
    )
    mandate = forms.ChoiceField(
        label=_("mandate"),
        choices=ProjectPerson.Mandate.choices,
        initial=ProjectPerson.Mandate.NONE,
    )
    leeway = forms.ChoiceField(
        label=_("leeway"),
        choices=ProjectPerson.Leeway.choices,
        initial=ProjectPerson.Leeway.CARRIES_OUT,
    )
    means = forms.CharField(
        label=_("means at their disposal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Person
        fields = ["kind", "first_name", "last_name", "job_title", "email", "phone"]

    def __init__(
        self,
        *args: Any,
        access: ProjectAccess,
        link: ProjectPerson | None = None,
        employment: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            project_links__project=access.project
        )
        if link is not None:
            self.fields["mandate"].initial = link.mandate
            self.fields["leeway"].initial = link.leeway
            self.fields["means"].initial = link.means
        if employment is not None:
            self.fields["organisation"].initial = employment.organisation_id
            self.fields["time_share"].initial = share_to_percent(employment.time_share)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("time_share") is not None:
            data["time_share"] = data["time_share"] / 100  # the services take a share, 0–1
        elif data.get("organisation"):
            data["time_share"] = Decimal(1)
        return data


# --- A person's time ----------------------------------------------------------------------------


class EmploymentForm(forms.Form):
    """One employment of the person with an organisation of the project."""

    organisation = forms.ModelChoiceField(
        label=_("organisation"), queryset=Organisation.objects.none()
    )
    time_share = PercentField(
        label=_("time share (%)"), help_text=_("50 for half time, 100 for full time.")
    )
    role = forms.CharField(label=_("role in the organisation"), max_length=200, required=False)
    manager = forms.ModelChoiceField(
        label=_("line manager"), queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args: Any, access: ProjectAccess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            project_links__project=access.project
        )
        self.fields["manager"].queryset = Person.objects.filter(
            project_links__project=access.project
        )

    def cleaned_employment(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["time_share"] = data["time_share"] / 100
        return data


EmploymentFormSet = forms.formset_factory(EmploymentForm, extra=1, can_delete=True)


class TimeForm(forms.Form):
    """The share of time for the project and one input per month of the horizon
    (blank: the month keeps its default)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    project_share = PercentField(
        decimal_places=1,
        label=_("share of time for the project (%)"),
        help_text=_(
            "Of their working time. Months left blank get this share of their working days."
        ),
    )

    def __init__(self, *args: Any, months: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.months = months
        for month in months:
            self.fields[month.field_name] = forms.DecimalField(
                label=formats.date_format(month.month, "F Y"),
                required=False,
                max_digits=5,
                decimal_places=2,
                localize=True,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5}),
            )

    def month_rows(self) -> list[tuple[Any, Any]]:
        return [(month, self[month.field_name]) for month in self.months]

    def cleaned_months(self) -> dict[Any, Decimal | None]:
        return {m.month: self.cleaned_data.get(m.field_name) for m in self.months}
