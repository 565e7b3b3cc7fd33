"""The form of a project's analysis thresholds, built from the engine's catalogue."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from maillage.engine.analysis.thresholds import THRESHOLDS, Threshold

# What each threshold means to the team; a test checks that every threshold has its text.
TEXTS: dict[str, tuple[Promise, Promise]] = {
    "low_motivation": (
        _("Very low motivation of a lead (at most, on 1 to 4)"),
        _("A lead whose motivation for the task's competencies is at or below this is flagged."),
    ),
    "overallocation_tolerance_days": (
        _("Over-allocation tolerated (days a month)"),
        _("A person is flagged as over-allocated beyond their available days plus this margin."),
    ),
    "similar_task_score": (
        _("Similarity of two tasks to report them (%)"),
        _("Two tasks whose titles and descriptions are at least this similar are reported."),
    ),
    "body_overlap": (
        _("Shared members of two bodies to report them (%)"),
        _("Two governance bodies sharing at least this share of their members are reported."),
    ),
    "governance_share": (
        _("Governance load flagged above (% of available time)"),
        _("Meetings taking more than this share of a person's available days are a time loss."),
    ),
    "max_contributors": (
        _("People on one task at most"),
        _("Beyond this, coordination channels grow as n(n−1)/2 and the task is flagged."),
    ),
    "crumb_days": (
        _("A crumb of work is under (days a month)"),
        _("An assignment of fewer days a month than this counts as a crumb."),
    ),
    "crumb_tasks": (
        _("Crumbs in one month that split a person's work"),
        _("A person with at least this many crumbs in the same month is flagged."),
    ),
}


def _shown(threshold: Threshold, value: float) -> Decimal | int:
    """The value as the form shows it: a share as a percentage."""
    if threshold.integer:
        return int(value)
    number = Decimal(str(round(value * 100, 1) if threshold.unit == "share" else value))
    whole = number.to_integral_value()
    # normalize() alone would write 70 as "7E+1", which a number field shows as it is.
    return whole if number == whole else number.normalize()


def _displayed(threshold: Threshold, value: float) -> str:
    """The value as the team reads it, with its unit: "25 %", "0,5"."""
    percent = "\u00a0%" if threshold.unit == "share" else ""
    return f"{number_format(_shown(threshold, value))}{percent}"


def _stored(threshold: Threshold, value: Any) -> float:
    if threshold.integer:
        return int(value)
    number = float(value)
    return round(number / 100, 4) if threshold.unit == "share" else number


class ThresholdsForm(forms.Form):
    """One field per threshold of the catalogue, the default named in its help."""

    def __init__(self, *args: Any, values: dict[str, float], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for threshold in THRESHOLDS:
            label, help_text = TEXTS[threshold.name]
            scale = 100 if threshold.unit == "share" else 1
            default_text = _("Default: %(value)s") % {
                "value": _displayed(threshold, threshold.default)
            }
            common = {
                "label": label,
                "help_text": f"{help_text} {default_text}.",
                "initial": _shown(threshold, values[threshold.name]),
                "min_value": Decimal(str(threshold.minimum)) * scale,
                "max_value": Decimal(str(threshold.maximum)) * scale,
            }
            if threshold.integer:
                common["min_value"] = int(threshold.minimum)
                common["max_value"] = int(threshold.maximum)
                self.fields[threshold.name] = forms.IntegerField(**common)
            else:
                self.fields[threshold.name] = forms.DecimalField(
                    decimal_places=2 if threshold.unit != "share" else 1, **common
                )

    def thresholds(self) -> dict[str, float]:
        """The cleaned values in the engine's units."""
        return {t.name: _stored(t, self.cleaned_data[t.name]) for t in THRESHOLDS}


def thresholds_shown(values: dict[str, float]) -> list[tuple[Promise, str]]:
    """Each threshold's label and value as the team reads them (a share as a percentage)."""
    return [(TEXTS[t.name][0], _displayed(t, values[t.name])) for t in THRESHOLDS]
