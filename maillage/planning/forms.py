"""Forms of the planning pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.planning.models import PlanVersion, Review
from maillage.projects.forms import DateInput
from maillage.projects.models import Step


class VersionForm(forms.Form):
    label = forms.CharField(
        label=_("label"), max_length=200,
        help_text=_("For example: “Plan submitted to the steering committee of March”."),
    )  # fmt: skip
    note = forms.CharField(
        label=_("note to the sponsors"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SubmitForm(forms.Form):
    deadline = forms.DateField(
        label=_("validation deadline"), required=False, widget=DateInput(),
        help_text=_("Shown in the calendar feed of the project."),
    )  # fmt: skip


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[
            (Review.Decision.VALIDATED, _("I validate this version")),
            (Review.Decision.CHANGES_REQUESTED, _("I ask for changes")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you ask for changes."),
    )  # fmt: skip


class CompareForm(forms.Form):
    old = forms.ModelChoiceField(
        label=_("from"), queryset=PlanVersion.objects.none(), required=False,
        empty_label=_("the current plan"),
    )  # fmt: skip
    new = forms.ModelChoiceField(
        label=_("to"), queryset=PlanVersion.objects.none(), required=False,
        empty_label=_("the current plan"),
    )  # fmt: skip

    def __init__(self, *args: Any, project: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("old", "new"):
            self.fields[name].queryset = PlanVersion.objects.filter(project=project).defer("data")


class MoveForm(forms.Form):
    """New dates of a task from the Gantt or from its keyboard-accessible table."""

    start = forms.DateField(label=_("start"), widget=DateInput())
    end = forms.DateField(label=_("end"), widget=DateInput())
    version = forms.IntegerField(widget=forms.HiddenInput)


class StepForm(forms.ModelForm):
    class Meta:
        model = Step
        fields = ["name", "description", "start", "end", "order"]
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def _post_clean(self) -> None:
        # The service validates the whole step (dates, status) and reports by field.
        pass


class RecordDecisionForm(forms.Form):
    """A representative's decision given outside Maillage, recorded by the coordination."""

    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[
            (Review.Decision.VALIDATED, _("Validated")),
            (Review.Decision.CHANGES_REQUESTED, _("Changes requested")),
        ],
        widget=forms.RadioSelect,
    )
    decision_date = forms.DateField(label=_("date of the decision"), widget=DateInput())
    means = forms.ChoiceField(
        label=_("means"), choices=Review.Means.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when changes are requested: say which ones."),
    )  # fmt: skip
    attachment = forms.FileField(
        label=_("attached document"), required=False,
        help_text=_("The letter, e-mail or minutes: PDF, ODT, DOCX, PNG or JPEG, 10 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.odt,.docx,.png,.jpg,.jpeg"}),
    )  # fmt: skip
