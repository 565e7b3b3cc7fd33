"""Forms of the responsibility pages; choices are limited to the project's own objects."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.access import ProjectAccess, scoped
from maillage.directory.models import Organisation, Person
from maillage.projects.models import Axis, Task
from maillage.responsibilities.models import MissionLetter
from maillage.staffing.models import Assignment


class DaysField(forms.CharField):
    """Person-days per month, typed as text so that "2,5" works; the service checks the range."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return value.replace(",", ".").replace(" ", "") if value else value


class AllocationForm(forms.Form):
    responsibility = forms.ChoiceField(
        label=_("responsibility"), choices=Assignment.Responsibility.choices
    )
    days_per_month = DaysField(
        label=_("person-days per month"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5}),
    )
    modalities = forms.CharField(
        label=_("modalities (how)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class AssignmentCreateForm(forms.Form):
    task = forms.ModelChoiceField(label=_("task"), queryset=Task.objects.none())
    person = forms.ModelChoiceField(label=_("person"), queryset=Person.objects.none())
    responsibility = forms.ChoiceField(
        label=_("responsibility"), choices=Assignment.Responsibility.choices
    )
    days_per_month = DaysField(
        label=_("person-days per month"),
        initial="0",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5}),
    )
    modalities = forms.CharField(
        label=_("modalities (how)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, access: ProjectAccess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = scoped(access, Task).order_by("start", "order", "id")
        self.fields["person"].queryset = scoped(access, Person).order_by("last_name", "first_name")


class AxisForm(forms.ModelForm):
    class Meta:
        model = Axis
        fields = ["lead", "lead_organisation", "political_referent", "technical_referent"]

    def __init__(self, *args: Any, access: ProjectAccess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = scoped(access, Person).order_by("last_name", "first_name")
        for name in ("lead", "political_referent", "technical_referent"):
            self.fields[name].queryset = people
        self.fields["lead_organisation"].queryset = scoped(access, Organisation)


class PartnerForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("organisation"), queryset=Organisation.objects.none()
    )
    contribution = forms.CharField(label=_("contribution"), max_length=300, required=False)

    def __init__(self, *args: Any, access: ProjectAccess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = scoped(access, Organisation)


class MissionLetterForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = MissionLetter
        fields = ["introduction", "objectives", "means", "closing", "signatory"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ("introduction", "objectives", "means", "closing")
        }
