"""The optimiser's explanations, rendered for one reader.

An explanation is kept as the engine gave it: a reason code and its parameters, never as text.
It is rendered when shown, with the person's motivation, legitimacy, level and available time
only for readers allowed to see that person's personal data (`access.personal_fields_visible`);
others read the same sentence without those values.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from maillage.access import ProjectAccess, personal_fields_visible
from maillage.directory.models import Person
from maillage.engine.staffing import explain
from maillage.engine.staffing import remedies as engine_remedies

ENGINE_RULES = {**explain.RULES, **engine_remedies.RULES}
# Parameters of the engine's messages that come from a person's personal data.
PERSONAL_PARAMS = frozenset({"motivation", "legitimacy", "level", "available"})


def stored_reason(finding: Any) -> dict[str, Any] | None:
    """The part of an engine finding worth keeping: its code, parameters and month."""
    if not isinstance(finding, Mapping) or finding.get("code") not in ENGINE_RULES:
        return None
    params = finding.get("params")
    return {
        "code": finding["code"],
        "params": dict(params) if isinstance(params, Mapping) else {},
        "month": finding.get("month"),
    }


def people_whose_data_is_visible(access: ProjectAccess, person_ids: Iterable[Any]) -> set[int]:
    """Among `person_ids`, the people whose personal data `access` may see (one query)."""
    ids = {pk for pk in person_ids if isinstance(pk, int)}
    if not ids:
        return set()
    return {
        person.pk
        for person in Person.objects.filter(pk__in=ids).only("pk", "user_id")
        if "motivation" in personal_fields_visible(access, person)
    }


def _number(value: Any) -> str:
    if isinstance(value, float) and not value.is_integer():
        return number_format(round(value, 2))
    if isinstance(value, int | float):
        return number_format(int(value))
    return str(value)


def _month(value: Any) -> datetime.date | None:
    try:
        year, month = str(value).split("-")[:2]
        return datetime.date(int(year), int(month), 1)
    except (TypeError, ValueError):
        return None


def _without_personal_data(code: str, params: Mapping[str, Any]) -> str:
    values = {name: _number(value) for name, value in params.items()}
    values.setdefault("organisation", "")
    if code.startswith("STAFF_ASSIGNED"):
        text = (
            _(
                "%(person)s: holds “%(competency)s” at the level asked (minimum %(min_level)s); "
                "%(days)s days proposed during “%(task)s”."
            )
            % values
        )
        if code != "STAFF_ASSIGNED" and values["organisation"]:
            text += " " + _("From %(organisation)s.") % values
        return text
    if code == "REMEDY_UPSKILLING":
        return (
            _(
                "Train %(person)s to level %(min_level)s in “%(competency)s”: %(cost)s €, "
                "%(lead)s months; closes %(closed)s days of gap."
            )
            % values
        )
    if code == "REMEDY_WIDENING":
        return (
            _(
                "Widen the circle to %(person)s (%(organisation)s) in “%(competency)s”: "
                "%(cost)s €, %(lead)s months; closes %(closed)s days of gap."
            )
            % values
        )
    return _("Explanation shown to the coordinator and the person (personal data).")


def redacted_text(finding: Any) -> str | None:
    """The finding's sentence without personal values, or None when it names none."""
    reason = stored_reason(finding)
    if reason is None:
        return None
    rule = ENGINE_RULES[reason["code"]]
    if not PERSONAL_PARAMS & set(rule.params):
        return None
    try:
        return _without_personal_data(rule.code, reason["params"])
    except (KeyError, ValueError, TypeError):
        return _("Explanation shown to the coordinator and the person (personal data).")


def render_reason(reason: Mapping[str, Any], *, personal: bool) -> str:
    """One stored reason as a sentence; personal values only when `personal` is true."""
    rule = ENGINE_RULES.get(str(reason.get("code")))
    if rule is None:
        return ""
    if not personal and (redacted := redacted_text(reason)) is not None:
        return redacted
    language = "en" if (get_language() or "fr").startswith("en") else "fr"
    params = dict(reason.get("params") or {})
    try:
        return rule.finding(0, month=_month(reason.get("month")), **params).message(language)
    except (KeyError, ValueError, TypeError, IndexError):
        return ""


def render_reasons(reasons: Iterable[Mapping[str, Any]], *, personal: bool) -> str:
    return " ; ".join(filter(None, (render_reason(r, personal=personal) for r in reasons)))


__all__ = [
    "PERSONAL_PARAMS",
    "people_whose_data_is_visible",
    "redacted_text",
    "render_reason",
    "render_reasons",
    "stored_reason",
]
