"""The thresholds of the analysis a project team may set, with their defaults and bounds.

One catalogue serves the engine, the command line (`maillage analyze --thresholds FILE`), the
project's settings page and the documentation: a threshold is named once here, and its default
is the one of the analysis it belongs to (`RuleThresholds`, `DuplicateThresholds`,
`TimeLossThresholds`). Values come from files and forms as a mapping of names to numbers; only
the names of this catalogue are accepted, within their bounds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal

from maillage.engine.analysis.report import AnalysisOptions

Section = Literal["rules", "duplicates", "time_losses"]
Problem = Literal["unknown", "not_a_number", "not_an_integer", "out_of_range"]


@dataclass(frozen=True, slots=True)
class Threshold:
    name: str  # the key in files and forms
    section: Section  # the analysis it belongs to (an attribute of AnalysisOptions)
    attribute: str  # its attribute in that analysis' thresholds
    integer: bool
    minimum: float
    maximum: float
    unit: str  # "" (a number), "days", "share" (0..1, shown as a percentage), "level"

    @property
    def default(self) -> float:
        value = getattr(getattr(AnalysisOptions(), self.section), self.attribute)
        return int(value) if self.integer else float(value)


THRESHOLDS: tuple[Threshold, ...] = (
    Threshold("low_motivation", "rules", "low_motivation", True, 1, 3, "level"),
    Threshold(
        "overallocation_tolerance_days",
        "rules",
        "overallocation_tolerance_days",
        False,
        0,
        10,
        "days",
    ),
    Threshold("similar_task_score", "duplicates", "score", False, 0.3, 1, "share"),
    Threshold("body_overlap", "duplicates", "body_overlap", False, 0.3, 1, "share"),
    Threshold("governance_share", "time_losses", "governance_share", False, 0.05, 1, "share"),
    Threshold("max_contributors", "time_losses", "max_contributors", True, 2, 50, ""),
    Threshold("crumb_days", "time_losses", "crumb_days", False, 0.1, 10, "days"),
    Threshold("crumb_tasks", "time_losses", "crumb_tasks", True, 2, 30, ""),
)
BY_NAME = {t.name: t for t in THRESHOLDS}


class ThresholdError(ValueError):
    """A value that cannot be a threshold: what is wrong, and with which name."""

    def __init__(self, name: str, problem: Problem, value: object = None) -> None:
        self.name = name
        self.problem = problem
        self.value = value
        super().__init__(f"{name}: {problem}")

    def message(self, language: Literal["fr", "en"] = "fr") -> str:
        threshold = BY_NAME.get(self.name)
        if threshold is None:
            known = ", ".join(t.name for t in THRESHOLDS)
            if language == "fr":
                return f"seuil inconnu « {self.name} » (seuils possibles : {known})"
            return f'unknown threshold "{self.name}" (known thresholds: {known})'
        low, high = format_bound(threshold.minimum), format_bound(threshold.maximum)
        bounds = f"{low}–{high}"
        if language == "fr":
            low, high = low.replace(".", ","), high.replace(".", ",")
            return {
                "not_a_number": f"« {self.name} » doit être un nombre, pas {self.value!r}",
                "not_an_integer": f"« {self.name} » doit être un nombre entier, pas {self.value!r}",
                "out_of_range": (
                    f"« {self.name} » doit être entre {low} et {high}, pas {self.value!r}"
                ),
            }.get(self.problem, self.problem)
        return {
            "not_a_number": f'"{self.name}" must be a number, not {self.value!r}',
            "not_an_integer": f'"{self.name}" must be a whole number, not {self.value!r}',
            "out_of_range": f'"{self.name}" must be within {bounds}, not {self.value!r}',
        }.get(self.problem, self.problem)


def format_bound(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def checked_value(threshold: Threshold, value: object) -> float:
    """`value` as the threshold's number, or ThresholdError."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ThresholdError(threshold.name, "not_a_number", value)
    if threshold.integer and not float(value).is_integer():
        raise ThresholdError(threshold.name, "not_an_integer", value)
    if not threshold.minimum <= value <= threshold.maximum:
        raise ThresholdError(threshold.name, "out_of_range", value)
    return int(value) if threshold.integer else float(value)


def options_with(
    values: Mapping[str, object], base: AnalysisOptions | None = None
) -> AnalysisOptions:
    """`base` (the defaults when None) with the thresholds named in `values` replaced.

    Raises ThresholdError for the first unknown name or wrong value, in the catalogue's order
    (unknown names first).
    """
    options = base or AnalysisOptions()
    for name in values:
        if name not in BY_NAME:
            raise ThresholdError(name, "unknown", values[name])
    changed: dict[Section, dict[str, float]] = {}
    for threshold in THRESHOLDS:
        if threshold.name in values:
            value = checked_value(threshold, values[threshold.name])
            changed.setdefault(threshold.section, {})[threshold.attribute] = value
    updates = {
        section: replace(getattr(options, section), **attributes)
        for section, attributes in changed.items()
    }
    return replace(options, **updates)


def threshold_values(options: AnalysisOptions) -> dict[str, float]:
    """The value of every threshold of the catalogue in `options`, by name."""
    return {t.name: getattr(getattr(options, t.section), t.attribute) for t in THRESHOLDS}


__all__ = [
    "BY_NAME",
    "THRESHOLDS",
    "Threshold",
    "ThresholdError",
    "checked_value",
    "options_with",
    "threshold_values",
]
