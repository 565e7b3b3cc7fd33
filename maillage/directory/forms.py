"""Forms for the people and organisations of a project."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.access import ProjectAccess
from maillage.directory.models import Organisation, Person, Territory
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


class PersonForm(forms.ModelForm):
    """The person, their main organisation in the project and their mandate in it."""

    organisation = forms.ModelChoiceField(
        label=_("main organisation"), queryset=Organisation.objects.none(), required=False
    )
    time_share = forms.DecimalField(
        label=_("time share with this organisation"),
        min_value=Decimal(0),
        max_value=Decimal(1),
        decimal_places=2,
        initial=Decimal(1),
        required=False,
        help_text=_("From 0 to 1: 1 is full time, 0.5 half time."),
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
        self.fields["time_share"].widget.attrs.update({"step": "0.05", "min": 0, "max": 1})
        if link is not None:
            self.fields["mandate"].initial = link.mandate
            self.fields["leeway"].initial = link.leeway
            self.fields["means"].initial = link.means
        if employment is not None:
            self.fields["organisation"].initial = employment.organisation_id
            self.fields["time_share"].initial = employment.time_share

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("organisation") and data.get("time_share") is None:
            data["time_share"] = Decimal(1)
        return data
