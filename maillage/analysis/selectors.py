"""What the Analyse page shows, read from a project's analysis report: gap tables (heat maps, by
axis and organisation) and findings, each with a link to the object to fix, filtered, and
trimmed to what the viewer may see (personal data, partners)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from maillage.access import Perm, ProjectAccess
from maillage.engine.analysis import AnalysisReport
from maillage.engine.analysis.duplicates import DUPLICATE_RULES
from maillage.engine.analysis.findings import Finding
from maillage.engine.analysis.report import bridge_links
from maillage.engine.analysis.time_losses import TIME_LOSS_RULES

SEVERITIES = {
    "error": gettext_lazy("Error"),
    "warning": gettext_lazy("Warning"),
    "info": gettext_lazy("Information"),
}
# Findings whose substance is a person's motivation: only for those who see personal data.
MOTIVATION_CODES = frozenset({"LEAD_LOW_MOTIVATION"})
# Findings that quote a person's availability: others see who and when, not the figures.
CAPACITY_CODES = frozenset({"PERSON_OVERALLOCATED", "TIME_SHARE_EXCEEDED", "GOVERNANCE_LOAD_HIGH"})
HEAT_LEVELS = 5  # colour classes of the heat map, 0 (no gap) to 4


@dataclass(frozen=True)
class Filters:
    axis: int | None = None
    organisation: int | None = None
    severity: str = ""

    @property
    def active(self) -> bool:
        return bool(self.axis or self.organisation or self.severity)


def filters_from(query: Any) -> Filters:
    def number(name: str) -> int | None:
        try:
            return int(query.get(name, ""))
        except ValueError:
            return None

    severity = query.get("severity", "")
    return Filters(
        number("axis"), number("organisation"), severity if severity in SEVERITIES else ""
    )


@dataclass(frozen=True)
class Link:
    label: str
    url: str | None


@dataclass
class FindingRow:
    severity: str
    severity_label: str
    category: str
    message: str
    target: Link
    month: Any = None


@dataclass
class HeatRow:
    label: str
    cells: list[tuple[float, int]]  # (gap days, colour class)
    total: float


@dataclass
class GroupRow:
    label: str
    link: Link
    need: float
    structural: float
    mobilised: float
    structural_percent: int = 0
    mobilised_percent: int = 0


@dataclass
class AnalysisView:
    months: list[str]
    heat_maps: list[tuple[str, str, list[HeatRow]]]  # (id, caption, rows)
    totals: dict[str, float]
    by_axis: list[GroupRow]
    by_organisation: list[GroupRow]
    axes: list[tuple[int, str]]
    organisations: list[tuple[int, str]]
    findings: list[FindingRow] = field(default_factory=list)
    hidden_findings: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    similar_tasks: list[dict[str, Any]] = field(default_factory=list)
    unheld: list[dict[str, Any]] = field(default_factory=list)
    single_points: list[dict[str, Any]] = field(default_factory=list)
    fragile_tasks: list[dict[str, Any]] = field(default_factory=list)
    departures: list[dict[str, Any]] = field(default_factory=list)
    bridges: list[dict[str, Any]] = field(default_factory=list)
    show_findings: bool = False
    show_personal: bool = False


class _Objects:
    """Names of the report's objects and the page where each one is fixed."""

    def __init__(self, report: AnalysisReport, project_id: int) -> None:
        s = report.snapshot
        self.project_id = project_id
        self.tasks = {t.id: t for t in s.tasks}
        self.people = {p.id: p for p in s.people}
        self.organisations = {o.id: o for o in s.organisations}
        self.axes = {a.id: a for a in s.axes}
        self.competencies = {c.id: c for c in s.competencies}
        self.needs = {n.id: n for n in s.needs}
        self.assignments = {a.id: a for a in s.assignments}
        self.bodies = {b.id: b for b in s.bodies}
        self.steps = {x.id: x for x in s.steps}
        self.task_people: dict[int, set[int]] = defaultdict(set)
        for a in s.assignments:
            self.task_people[a.task_id].add(a.person_id)

    def _url(self, name: str, *args: int) -> str:
        return reverse(name, args=[self.project_id, *args])

    def task(self, task_id: int) -> Link:
        task = self.tasks.get(task_id)
        label = task.title if task else f"#{task_id}"
        return Link(label, self._url("task_detail", task_id) if task else None)

    def person(self, person_id: int) -> Link:
        person = self.people.get(person_id)
        if person is None:
            return Link(f"#{person_id}", None)
        url = self._url("person_detail", person_id) if person.in_project else None
        return Link(person.name, url)

    def organisation(self, organisation_id: int | None) -> Link:
        organisation = self.organisations.get(organisation_id or 0)
        if organisation is None:
            return Link(_("No lead organisation"), None)
        url = self._url("organisation_detail", organisation.id) if organisation.in_project else None
        return Link(organisation.name, url)

    def axis(self, axis_id: int | None) -> Link:
        axis = self.axes.get(axis_id or 0)
        if axis is None:
            return Link(_("No axis"), None)
        return Link(f"{axis.code} {axis.name}", self._url("project_overview"))

    def competency(self, competency_id: int) -> str:
        c = self.competencies.get(competency_id)
        return f"{c.code} {c.name}" if c else f"#{competency_id}"

    def target(self, kind: str, object_id: int) -> Link:
        """The page where the object of a finding is fixed."""
        if kind == "task":
            return self.task(object_id)
        if kind == "need" and object_id in self.needs:
            return self.task(self.needs[object_id].task_id)
        if kind == "assignment" and object_id in self.assignments:
            return self.task(self.assignments[object_id].task_id)
        if kind == "person":
            return self.person(object_id)
        if kind == "organisation":
            return self.organisation(object_id)
        if kind == "axis":
            return self.axis(object_id)
        names = {"body": self.bodies, "step": self.steps}
        item = names.get(kind, {}).get(object_id)
        label = getattr(item, "name", None) or _("Project overview")
        return Link(label, self._url("project_overview"))

    def tasks_of(self, kind: str, object_id: int) -> list[int]:
        if kind == "task":
            return [object_id]
        if kind == "need" and object_id in self.needs:
            return [self.needs[object_id].task_id]
        if kind == "assignment" and object_id in self.assignments:
            return [self.assignments[object_id].task_id]
        return []

    def axes_and_organisations(self, finding: Finding) -> tuple[set[int], set[int]]:
        """The axes and organisations a finding concerns, for the filters."""
        axes: set[int] = set()
        organisations: set[int] = set()
        for kind, object_id in [
            (finding.object_kind, finding.object_id),
            *((r.kind, r.id) for r in finding.related),
        ]:
            for task_id in self.tasks_of(kind, object_id):
                task = self.tasks.get(task_id)
                if task is not None:
                    axes.add(task.axis_id or 0)
                    organisations.add(task.lead_organisation_id or 0)
            if kind == "person" and object_id in self.people:
                organisations |= {e.organisation_id for e in self.people[object_id].employments}
            elif kind == "organisation":
                organisations.add(object_id)
            elif kind == "axis" and object_id in self.axes:
                axes.add(object_id)
                organisations.add(self.axes[object_id].lead_organisation_id or 0)
            elif kind == "body" and object_id in self.bodies:
                axes |= set(self.bodies[object_id].axis_ids)
        return axes, organisations

    def people_of(self, finding: Finding) -> set[int]:
        found = {r.id for r in finding.related if r.kind == "person"}
        if finding.object_kind == "person":
            found.add(finding.object_id)
        return found


def _category(code: str) -> str:
    if code in DUPLICATE_RULES:
        return _("Duplicate")
    if code in TIME_LOSS_RULES:
        return _("Time loss")
    return _("Inconsistency")


def _round(value: float) -> float:
    return round(value, 1)


def _heat_rows(
    report: AnalysisReport, view_name: str, needs: set[int] | None, objects: _Objects
) -> list[HeatRow]:
    view = getattr(report.gaps, view_name)
    months = len(report.snapshot.months)
    totals: dict[int, list[float]] = {}
    for need in view.by_need:
        if needs is not None and need.need_id not in needs:
            continue
        row = totals.setdefault(need.competency_id, [0.0] * months)
        for m, gap in enumerate(need.gap):
            row[m] += gap
    peak = max((max(row) for row in totals.values()), default=0.0)
    rows = []
    for competency_id, row in totals.items():
        cells = [
            (_round(gap), 0 if gap < 0.05 else min(HEAT_LEVELS - 1, 1 + int(3 * gap / peak)))
            for gap in row
        ]
        if sum(row) >= 0.05:  # competencies without a gap would only add rows of zeros
            rows.append(HeatRow(objects.competency(competency_id), cells, _round(sum(row))))
    rows.sort(key=lambda r: (-r.total, r.label))
    return rows


def _groups(report: AnalysisReport, attribute: str, link: Any, keep: int | None) -> list[GroupRow]:
    structural = getattr(report.gaps.structural, attribute)
    mobilised = {s.key: s.total_gap for s in getattr(report.gaps.mobilised, attribute)}
    rows = [
        GroupRow(
            link(s.key).label,
            link(s.key),
            _round(s.total_need),
            _round(s.total_gap),
            _round(mobilised.get(s.key, 0.0)),
        )
        for s in structural
        if keep is None or (s.key or 0) == keep
    ]
    peak = max((max(r.structural, r.mobilised) for r in rows), default=0.0) or 1.0
    for r in rows:
        r.structural_percent = round(100 * r.structural / peak)
        r.mobilised_percent = round(100 * r.mobilised / peak)
    rows.sort(key=lambda r: (-(r.structural + r.mobilised), r.label))
    return rows


def analysis_view(
    report: AnalysisReport, access: ProjectAccess, filters: Filters, *, own_person_id: int | None
) -> AnalysisView:
    """Everything the page shows for this viewer and these filters."""
    objects = _Objects(report, access.project.pk)
    snapshot = report.snapshot
    month_format = "YEAR_MONTH_FORMAT"
    months = [formats.date_format(m, month_format) for m in snapshot.months]

    needs: set[int] | None = None
    if filters.axis or filters.organisation:
        needs = set()
        for need in snapshot.needs:
            task = objects.tasks.get(need.task_id)
            if task is None:
                continue
            if filters.axis and (task.axis_id or 0) != filters.axis:
                continue
            if filters.organisation and (task.lead_organisation_id or 0) != filters.organisation:
                continue
            needs.add(need.id)
    structural, mobilised = report.gaps.structural, report.gaps.mobilised
    view = AnalysisView(
        months=months,
        heat_maps=[
            (
                "heat-structural",
                _(
                    "Structural gap: days no allocation of the project's people can cover, "
                    "by competency and month"
                ),
                _heat_rows(report, "structural", needs, objects),
            ),
            (
                "heat-mobilised",
                _(
                    "Mobilised gap: days the people assigned leave uncovered, by competency and "
                    "month"
                ),
                _heat_rows(report, "mobilised", needs, objects),
            ),
        ],
        totals={
            "need": _round(structural.by_month.total_need),
            "structural": _round(structural.total_gap),
            "mobilised": _round(mobilised.total_gap),
        },
        by_axis=_groups(report, "by_axis", objects.axis, filters.axis),
        by_organisation=_groups(
            report, "by_organisation", objects.organisation, filters.organisation
        ),
        axes=[(a.id, f"{a.code} {a.name}") for a in snapshot.axes],
        organisations=sorted(
            ((o.id, o.name) for o in snapshot.organisations if o.in_project),
            key=lambda item: item[1],
        ),
    )
    view.show_findings = access.can(Perm.VIEW_FINDINGS)
    view.show_personal = access.can(Perm.VIEW_PERSONAL_DATA)
    if not view.show_findings:
        return view

    language = "en" if (get_language() or "fr").startswith("en") else "fr"
    for finding in report.findings:
        if filters.severity and finding.severity != filters.severity:
            continue
        if filters.axis or filters.organisation:
            axes, organisations = objects.axes_and_organisations(finding)
            if filters.axis and filters.axis not in axes:
                continue
            if filters.organisation and filters.organisation not in organisations:
                continue
        people = objects.people_of(finding)
        allowed = view.show_personal or (own_person_id is not None and own_person_id in people)
        if finding.code in MOTIVATION_CODES and not allowed:
            view.hidden_findings += 1
            continue
        message = finding.message(language)
        if finding.code in CAPACITY_CODES and not allowed:
            message = _(
                "%(person)s: more time asked than available (details are shown to the "
                "coordination and to the person)."
            ) % {"person": ", ".join(sorted(objects.person(p).label for p in people))}
        view.findings.append(
            FindingRow(
                severity=finding.severity,
                severity_label=str(SEVERITIES[finding.severity]),
                category=_category(finding.code),
                message=message,
                target=objects.target(finding.object_kind, finding.object_id),
            )
        )
    view.counts = {
        key: sum(1 for row in view.findings if row.severity == key) for key in SEVERITIES
    }
    view.similar_tasks = [
        {
            "a": objects.task(p.task_a),
            "b": objects.task(p.task_b),
            "score": p.score,
            "pooling": p.pooling,
            "organisations": (
                objects.organisation(p.organisation_a).label,
                objects.organisation(p.organisation_b).label,
            ),
        }
        for p in report.duplicate_pairs
        if _keeps(objects, filters, (p.task_a, p.task_b))
    ]
    view.unheld = [
        {
            "task": objects.task(u.task_id),
            "competency": objects.competency(u.competency_id),
            "level": u.min_level,
            "days": _round(u.days),
            "outside": len(u.outside_holder_ids),
        }
        for u in report.gaps.unheld
        if _keeps(objects, filters, (u.task_id,))
    ]
    for c in report.mesh.single_points_of_failure:
        view.single_points.append(
            {
                "competency": objects.competency(c.competency_id),
                "level": c.min_level,
                "needs": c.need_count,
                "days": _round(c.days),
                # Who holds it reveals their assessment: personal data.
                "person": objects.person(c.person_ids[0]) if view.show_personal else None,
            }
        )
    view.fragile_tasks = [
        {"task": objects.task(t.task_id), "needs": t.need_count, "any": t.qualified_for_any}
        for t in report.mesh.tasks
        if t.single_point_of_failure and _keeps(objects, filters, (t.task_id,))
    ]
    if view.show_personal:
        view.departures = [
            {"person": objects.person(d.person_id), "increase": _round(d.gap_increase)}
            for d in report.mesh.departures
            if d.gap_increase > 0.05
        ][:20]
    view.bridges = [
        {
            "person": objects.person(p.person_id),
            "organisations": p.organisations_spanned,
            "degree": p.degree,
            "articulation": p.is_articulation_point,
        }
        for p in bridge_links(report)
    ][:20]
    return view


def _keeps(objects: _Objects, filters: Filters, task_ids: Iterable[int]) -> bool:
    if not (filters.axis or filters.organisation):
        return True
    for task_id in task_ids:
        task = objects.tasks.get(task_id)
        if task is None:
            continue
        if filters.axis and (task.axis_id or 0) != filters.axis:
            continue
        if filters.organisation and (task.lead_organisation_id or 0) != filters.organisation:
            continue
        return True
    return False
