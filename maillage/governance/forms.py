"""Forms of the governance pages: a body, and a member seated in it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from maillage.access import ProjectAccess, scoped
from maillage.directory.models import Person
from maillage.governance.models import Body, BodyMember
from maillage.projects.models import Axis

MONTH_CHOICES = [(number, MONTHS[number]) for number in range(1, 13)]


class BodyForm(forms.ModelForm):
    """A body of the project; carries the version the user started from (optimistic locking)."""

    months = forms.TypedMultipleChoiceField(
        label=_("Months it meets"),
        choices=MONTH_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,  # the service says which month is missing, with the other errors
        help_text=_("Tick each month with a meeting, e.g. March, June and November."),
    )
    meetings_per_year = forms.IntegerField(
        label=_("Meetings per year"),
        min_value=0,
        max_value=366,
        required=False,
        help_text=_("Leave empty for one meeting in each month ticked."),
    )
    meeting_days = forms.DecimalField(
        label=_("Days per meeting"),
        min_value=0,
        max_value=10,
        max_digits=4,
        decimal_places=2,
        localize=True,
        help_text=_(
            "For each member, e.g. 0.5 for a half day. The animator counts as much again for "
            "preparing it."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Body
        fields = ["name", "kind", "animator", "meeting_days", "months", "meetings_per_year", "axes"]
        widgets = {"axes": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, access: ProjectAccess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["animator"].queryset = scoped(access, Person).order_by(
            "last_name", "first_name"
        )
        self.fields["animator"].help_text = _("The person who prepares and leads the meetings.")
        self.fields["axes"].queryset = scoped(access, Axis).order_by("order", "code")
        self.fields["axes"].required = False
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.initial["months"] = list(self.instance.months)
            self.initial["meeting_days"] = self.instance.meeting_days_plain
        self.fields["meeting_days"].widget.attrs["inputmode"] = "decimal"

    def _post_clean(self) -> None:
        # The service validates the whole body (months, cadence, animator) and reports by field.
        pass


class BodyMemberForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    college = forms.ChoiceField(
        label=_("College"),
        choices=[("", "---------"), *BodyMember.College.choices],
        error_messages={"required": _("Choose the college this member sits in.")},
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=BodyMember.Role.choices, initial=BodyMember.Role.MEMBER
    )

    def __init__(self, *args: Any, access: ProjectAccess, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (
            scoped(access, Person)
            .exclude(body_memberships__body=body)
            .order_by("last_name", "first_name")
        )
