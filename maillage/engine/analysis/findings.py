"""What an analysis reports: a finding with a stable code, a severity and a text in two languages.

The engine carries the French and English messages itself, so the command line and the exports
need no translation machinery; the web interface may still translate by `code` and `params`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]
ParamValue = str | int | float
Language = Literal["fr", "en"]

SEVERITY_RANK: dict[str, int] = {"error": 0, "warning": 1, "info": 2}

FRENCH_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True, slots=True)
class ObjectRef:
    """An object of the snapshot a finding also concerns (a person on a task, the other task…)."""

    kind: str
    id: int


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem or opportunity; its messages are rendered from the rule's templates on use."""

    code: str
    severity: Severity
    object_kind: str  # task, axis, person, need, assignment, body, step, project
    object_id: int
    template_fr: str = field(repr=False)
    template_en: str = field(repr=False)
    month: datetime.date | None = None
    params: tuple[tuple[str, ParamValue], ...] = ()
    related: tuple[ObjectRef, ...] = ()

    @property
    def message_fr(self) -> str:
        return render(self.template_fr, dict(self.params), self.month, "fr")

    @property
    def message_en(self) -> str:
        return render(self.template_en, dict(self.params), self.month, "en")

    def message(self, language: str = "fr") -> str:
        return self.message_en if language == "en" else self.message_fr

    def param(self, name: str) -> ParamValue:
        return dict(self.params)[name]

    def sort_key(self) -> tuple[int, str, str, int, datetime.date, str]:
        # Findings of one code share their params' names and types, so the repr orders them.
        return (
            SEVERITY_RANK[self.severity],
            self.code,
            self.object_kind,
            self.object_id,
            self.month or datetime.date.min,
            repr(self.params),
        )


@dataclass(frozen=True, slots=True)
class Rule:
    """One entry of a catalogue: what is checked, how bad it is, and the message in both languages.

    Templates use `str.format` fields named after the finding's params; numbers are written with
    a decimal comma in French, and a `month` field is filled from the finding's month.
    """

    code: str
    severity: Severity
    object_kind: str
    summary_en: str
    template_fr: str
    template_en: str
    params: tuple[str, ...] = field(default=())

    def finding(
        self,
        object_id: int,
        *,
        month: datetime.date | None = None,
        related: Iterable[ObjectRef] = (),
        **params: ParamValue,
    ) -> Finding:
        ordered = tuple(sorted(params.items()))
        return Finding(
            code=self.code,
            severity=self.severity,
            object_kind=self.object_kind,
            object_id=object_id,
            month=month,
            params=ordered,
            related=tuple(related),
            template_fr=self.template_fr,
            template_en=self.template_en,
        )


def format_number(value: float, language: Language) -> str:
    """At most two decimals, no trailing zeros; a decimal comma in French."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    return text.replace(".", ",") if language == "fr" else text


def format_month(month: datetime.date, language: Language) -> str:
    names = FRENCH_MONTHS if language == "fr" else ENGLISH_MONTHS
    return f"{names[month.month - 1]} {month.year}"


def render(
    template: str,
    params: Mapping[str, ParamValue],
    month: datetime.date | None,
    language: Language,
) -> str:
    values: dict[str, str] = {}
    for name, value in params.items():
        if isinstance(value, str | int):
            values[name] = str(value)
        else:
            values[name] = format_number(value, language)
    if month is not None:
        values["month"] = format_month(month, language)
    return template.format(**values)


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Errors first, then by code, object and month: the same input always gives the same list."""
    return sorted(findings, key=Finding.sort_key)


def catalogue_check(rules: Mapping[str, Rule]) -> None:
    """Fail early if a template names a field its rule does not declare (used by the tests)."""
    for code, rule in rules.items():
        if code != rule.code:
            raise ValueError(f"catalogue key {code!r} differs from rule code {rule.code!r}")
        sample: dict[str, ParamValue] = dict.fromkeys(rule.params, "x")
        for template in (rule.template_fr, rule.template_en):
            render(template, sample, datetime.date(2000, 1, 1), "en")
