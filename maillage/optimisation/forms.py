"""The start form of a proposal and the remedy costs form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.optimisation.models import RemedyRates
from maillage.optimisation.services import RATE_FIELDS


class StartForm(forms.Form):
    max_people_per_task = forms.IntegerField(
        label=_("People per task at most (K)"),
        min_value=1,
        max_value=50,
        initial=6,
        help_text=_("More people on a task means more coordination time."),
    )
    time_limit = forms.IntegerField(
        label=_("Time limit (seconds)"),
        min_value=1,
        max_value=3600,
        initial=60,
        help_text=_("The best plan found by then is proposed, with its distance to the bound."),
    )


class RatesForm(forms.ModelForm):
    class Meta:
        model = RemedyRates
        fields = RATE_FIELDS
