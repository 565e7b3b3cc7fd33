"""Reads: a proposal as a difference from today's assignments, the remedies, the history.

The engine proposes person-days per person, task need and month. The plan stores one rate per
person and task (`Assignment.days_per_month`, spread over the task's months), so a proposal's
rate for a person on a task is its busiest month: partial first and last months carry less.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from maillage.access import ProjectAccess, scoped
from maillage.competencies.models import Competency
from maillage.directory.models import Organisation, Person
from maillage.optimisation.explanations import (
    people_whose_data_is_visible,
    redacted_text,
    render_reason,
    stored_reason,
)
from maillage.optimisation.models import AcceptedChange, StaffingRun
from maillage.projects.models import Task
from maillage.staffing.models import Assignment, Need

CENT = Decimal("0.01")
HISTORY_ROWS = 50


def text_of(value: Any) -> str:
    """An engine explanation as text: a string, a {fr, en} pair, or a list of such."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        language = (get_language() or "fr")[:2]
        for key in (f"message_{language}", language, "message_fr", "fr", "en", "text", "message"):
            if isinstance(value.get(key), str):
                return str(value[key])
        return ", ".join(f"{k}: {v}" for k, v in value.items() if not isinstance(v, dict | list))
    if isinstance(value, list | tuple):
        return " ; ".join(filter(None, (text_of(v) for v in value)))
    return str(value)


def _explanation(item: dict[str, Any]) -> str:
    for key in ("explanation", "why", "reason_text", "reason", "reasons"):
        if key in item:
            return text_of(item[key])
    return ""


def _monthly_days(item: dict[str, Any]) -> dict[Any, float]:
    """{month: days} of one engine assignment (one month, or a series over the horizon)."""
    days = item.get("days_by_month", item.get("days", 0.0))
    if isinstance(days, list | tuple):
        return {m: float(d) for m, d in enumerate(days) if d}
    months = item.get("months")
    if isinstance(months, dict):
        return {m: float(d) for m, d in months.items() if d}
    return {item.get("month", 0): float(days or 0.0)}


@dataclass
class Change:
    """One line of the difference: a person on a task, today and as proposed."""

    key: str
    kind: str  # added, changed, removed
    task_id: int
    person_id: int
    task_title: str
    person_name: str
    before: Decimal
    after: Decimal
    state: str  # the assignments' ids and versions today, for the optimistic check
    explanations: list[str] = field(default_factory=list)
    # The engine's reasons as codes and parameters, kept in the history (no personal text).
    reasons: list[dict[str, Any]] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(AcceptedChange.Kind(self.kind).label)


@dataclass
class Proposal:
    changes: list[Change]
    kept: int  # person-task pairs the proposal leaves as they are (locked ones included)
    locked: int
    unmet: list[dict[str, Any]]
    summary: dict[str, Any]


def assignment_state(assignments: Iterable[Assignment]) -> str:
    return ",".join(f"{a.pk}:{a.version}" for a in sorted(assignments, key=lambda a: a.pk))


def proposed_rates(result: dict[str, Any]) -> dict[tuple[int, int], tuple[Decimal, list[str]]]:
    """(task id, person id) -> (days per month, explanations) of the proposal."""
    per_month: dict[tuple[int, int], dict[Any, float]] = defaultdict(lambda: defaultdict(float))
    explanations: dict[tuple[int, int], list[str]] = defaultdict(list)
    for item in result.get("assignments", []):
        if item.get("locked"):  # kept as they are: never part of the difference
            continue
        key = (int(item["task_id"]), int(item["person_id"]))
        for month, days in _monthly_days(item).items():
            per_month[key][month] += days
        text = _explanation(item)
        if text and text not in explanations[key]:
            explanations[key].append(text)
    rates = {}
    for key, months in per_month.items():
        rate = Decimal(str(max(months.values(), default=0.0))).quantize(CENT)
        if rate > 0:
            rates[key] = (min(rate, Decimal(31)), explanations[key])
    return rates


def proposed_reasons(result: dict[str, Any]) -> dict[tuple[int, int], list[dict[str, Any]]]:
    """(task id, person id) -> the engine's reasons (code and parameters) of the proposal."""
    reasons: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    for item in result.get("assignments", []):
        if item.get("locked"):
            continue
        reason = stored_reason(item.get("reason"))
        key = (int(item["task_id"]), int(item["person_id"]))
        if reason is not None and reason not in reasons[key]:
            reasons[key].append(reason)
    return reasons


def current_assignments(project: Any) -> QuerySet[Assignment]:
    return Assignment.objects.filter(task__project=project).select_related("task", "person")


def proposal_for(project: Any, run: StaffingRun, *, lock: bool = False) -> Proposal:
    """The run's proposal compared with the project's assignments as they are now."""
    result = run.result or {}
    proposed = proposed_rates(result)
    reasons = proposed_reasons(result)
    assignments = current_assignments(project)
    if lock:
        assignments = assignments.select_for_update(of=("self",))
    current: dict[tuple[int, int], list[Assignment]] = defaultdict(list)
    for a in assignments:
        current[(a.task_id, a.person_id)].append(a)
    staffed_tasks = set(
        Need.objects.filter(task__project=project).values_list("task_id", flat=True)
    )
    tasks = dict(Task.objects.filter(project=project).values_list("pk", "title"))
    people_ids = {pid for _, pid in proposed} | {pid for _, pid in current}
    people = {p.pk: str(p) for p in Person.objects.filter(pk__in=people_ids)}

    changes: list[Change] = []
    kept = locked = 0
    for key in sorted(set(proposed) | set(current)):
        task_id, person_id = key
        if task_id not in tasks:
            continue
        rows = current.get(key, [])
        before = sum((a.days_per_month for a in rows), Decimal(0)).quantize(CENT)
        if any(a.is_locked for a in rows):
            locked += 1
            kept += 1
            continue
        after, why = proposed.get(key, (Decimal(0), []))
        if key not in proposed:
            if before <= 0 or task_id not in staffed_tasks:
                continue
            kind = "removed"
            why = [_("Not needed on this task by the proposal: the need is covered by others.")]
        elif before <= 0:
            kind = "added"
        elif abs(after - before) >= CENT:
            kind = "changed"
        else:
            kept += 1
            continue
        changes.append(
            Change(
                key=f"{task_id}-{person_id}",
                kind=kind,
                task_id=task_id,
                person_id=person_id,
                task_title=tasks[task_id],
                person_name=people.get(person_id, f"#{person_id}"),
                before=before,
                after=after,
                state=assignment_state(rows),
                explanations=why,
                reasons=reasons.get(key, []),
            )
        )
    changes.sort(key=lambda c: (c.task_title, c.task_id, c.person_name, c.person_id))
    return Proposal(changes, kept, locked, unmet_needs(project, result), summary_of(result))


def method_label(method: str) -> str:
    """The engine names its method in English (it imports no Django): the page says it in the
    reader's language; whether it is proven optimal is shown apart."""
    labels = {
        "min-cost flow, K repair, merges": _(
            "minimum-cost flows month by month, then repairs and merges"
        ),
        "CP-SAT, exact model": _("exact model solved by CP-SAT"),
    }
    return labels.get(method.removesuffix(" (optimal)"), method)


def summary_of(result: dict[str, Any]) -> dict[str, Any]:
    """Objective, bound, ratio and the fit terms, as the engine reported them."""
    objective = result.get("objective")
    bound = result.get("bound")
    ratio = result.get("ratio")
    if ratio is None and isinstance(objective, int | float) and isinstance(bound, int | float):
        ratio = objective / bound if bound else 1.0
    terms = [
        (_("Fit (points: level above the minimum, motivation, legitimacy, organisation)"), "fit"),
        (_("People on tasks"), "people_on_tasks"),
        (_("Small slices (under a day a month)"), "small_slices"),
        (_("Greedy baseline (person-days covered)"), "greedy_objective"),
    ]
    return {
        "objective": objective,
        "bound": bound,
        "gap_percent": result.get("gap_percent"),
        "ratio_percent": None if ratio is None else round(100 * float(ratio), 1),
        "method": method_label(result.get("method", "")),
        "seconds": result.get("seconds"),
        "proven_optimal": bool(result.get("proven_optimal")),
        "fit_terms": [(label, result[key]) for label, key in terms if result.get(key) is not None],
    }


def unmet_needs(project: Any, result: dict[str, Any]) -> list[dict[str, Any]]:
    """The needs the proposal leaves uncovered, with the reason, grouped by need."""
    grouped: dict[Any, dict[str, Any]] = {}
    for item in result.get("unmet", []):
        key = item.get("need_id") or (item.get("task_id"), item.get("competency_id"))
        row = grouped.setdefault(
            key,
            {
                "task_id": item.get("task_id"),
                "competency_id": item.get("competency_id"),
                "need_id": item.get("need_id"),
                "days": 0.0,
                "reasons": [],
                "codes": [],
            },
        )
        days = item.get("days", 0.0)
        row["days"] += sum(days) if isinstance(days, list | tuple) else float(days or 0.0)
        reasons = item.get("reasons")
        findings = reasons if isinstance(reasons, list) else [item.get("reason", "")]
        for finding in findings:  # one line per kind of reason (the first month's)
            code = finding.get("code") if isinstance(finding, dict) else finding
            text = text_of(finding)
            if text and code not in row["codes"]:
                row["codes"].append(code)
                row["reasons"].append(text)
        row.setdefault("min_level", item.get("min_level"))
    _name_rows(project, grouped.values())
    return sorted(grouped.values(), key=lambda r: (-r["days"], r["task_title"]))


def _name_rows(project: Any, rows: Iterable[dict[str, Any]]) -> None:
    rows = list(rows)
    needs = {
        n.pk: n for n in Need.objects.filter(task__project=project).select_related("competency")
    }
    tasks = dict(Task.objects.filter(project=project).values_list("pk", "title"))
    competency_ids = {r.get("competency_id") for r in rows if r.get("competency_id")}
    competencies = dict(Competency.objects.filter(pk__in=competency_ids).values_list("pk", "name"))
    for row in rows:
        need = needs.get(row.get("need_id"))
        if need is not None:
            row.setdefault("task_id", need.task_id)
            row["task_id"] = row["task_id"] or need.task_id
            row["competency_id"] = row.get("competency_id") or need.competency_id
            row["competency_name"] = need.competency.name
            row["min_level"] = need.min_level
        else:
            row["competency_name"] = competencies.get(row.get("competency_id"), "")
        row["task_title"] = tasks.get(row.get("task_id"), "")


REMEDY_KINDS = {
    "upskilling": "upskilling",
    "training": "upskilling",
    "external_expertise": "external_expertise",
    "expertise": "external_expertise",
    "recruitment": "recruitment",
    "widening": "widening",
    "pooling": "pooling",
}


PERSON_REMEDIES = ("upskilling", "widening", "pooling")  # the others name no real person


def gap_need_id(result: dict[str, Any], remedy: dict[str, Any]) -> int | None:
    """The need a remedy of a competency and level serves: the one the plan leaves most open."""
    candidates = [
        u
        for u in result.get("unmet", [])
        if u.get("competency_id") == remedy.get("competency_id")
        and (remedy.get("min_level") is None or u.get("min_level") == remedy.get("min_level"))
    ]
    if not candidates:
        return None
    best = max(candidates, key=lambda u: (float(u.get("days") or 0.0), -int(u["need_id"])))
    return int(best["need_id"])


def remedy_kind_label(kind: str) -> str:
    return {
        "upskilling": _("Upskilling"),
        "external_expertise": _("External expertise"),
        "recruitment": _("Recruitment"),
        "widening": _("Widening the circle"),
        "pooling": _("Pooling"),
    }.get(kind, kind)


def remedies_of(
    project: Any,
    run: StaffingRun | None,
    sort: str = "effectiveness",
    *,
    access: ProjectAccess | None = None,
) -> list[dict]:
    """The run's remedies with names, cost per day closed and their index in the result.

    With `access`, a remedy's description shows a person's motivation and level only to readers
    allowed to see that person's personal data."""
    if run is None or not run.result:
        return []
    rows = []
    for index, item in enumerate(run.result.get("remedies", [])):
        kind = REMEDY_KINDS.get(str(item.get("kind", "")))
        if kind is None:
            continue
        row = dict(item)
        row["index"] = index
        row["kind"] = kind
        row["kind_label"] = remedy_kind_label(kind)
        row["cost"] = float(item.get("cost", 0.0) or 0.0)
        row["lead_months"] = int(item.get("lead_time_months", item.get("lead_months", 0)) or 0)
        row["days_closed"] = float(item.get("gap_closed", item.get("days_closed", 0.0)) or 0.0)
        if not row.get("need_id"):
            row["need_id"] = gap_need_id(run.result, item)
        row["per_thousand_euros"] = (
            round(1000 * row["days_closed"] / row["cost"], 2) if row["cost"] > 0 else None
        )
        row["label"] = text_of(item.get("label") or item.get("description") or "")
        rows.append(row)
    _name_rows(project, rows)
    people_ids = {r.get("person_id") for r in rows if r["kind"] in PERSON_REMEDIES}
    people = {p.pk: str(p) for p in Person.objects.filter(pk__in=people_ids)}
    organisation_ids = {r.get("organisation_id") for r in rows if r.get("organisation_id")}
    organisations = dict(
        Organisation.objects.filter(pk__in=organisation_ids).values_list("pk", "name")
    )
    visible = (
        people_whose_data_is_visible(access, people_ids) if access is not None else set(people)
    )
    for row in rows:
        row["person_name"] = people.get(row.get("person_id"), "")
        row["organisation_name"] = organisations.get(row.get("organisation_id"), "")
        if row.get("person_id") not in visible:
            redacted = redacted_text(row.get("description"))
            if redacted is not None:
                row["label"] = redacted
    if sort == "delay":
        rows.sort(key=lambda r: (r["lead_months"], -(r["per_thousand_euros"] or 1e9)))
    else:  # gap closed per euro, the free ones first
        rows.sort(
            key=lambda r: (
                -(r["per_thousand_euros"] if r["per_thousand_euros"] is not None else 1e12),
                r["lead_months"],
            )
        )
    return rows


def latest_run(access: ProjectAccess, *, succeeded: bool = False) -> StaffingRun | None:
    runs = scoped(access, StaffingRun).select_related("created_by")
    if succeeded:
        runs = runs.filter(status=StaffingRun.Status.SUCCEEDED)
    return runs.first()


def history(access: ProjectAccess) -> list[AcceptedChange]:
    """The latest accepted changes, each with its `explanation` rendered for this reader."""
    changes = list(scoped(access, AcceptedChange).select_related("accepted_by")[:HISTORY_ROWS])
    visible = people_whose_data_is_visible(access, (c.person_id_copy for c in changes))
    for change in changes:
        personal = change.person_id_copy in visible
        parts = [change.detail] if change.detail else []
        parts += [render_reason(r, personal=personal) for r in change.reasons or []]
        change.explanation = " ; ".join(filter(None, parts))  # type: ignore[attr-defined]
    return changes
