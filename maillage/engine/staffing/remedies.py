"""Remedies for the gaps the plan cannot close (METHOD.md step 6), each with cost, lead time and
an effect computed by re-running the structural gap analysis on the snapshot with the remedy
applied. See docs/algorithms/staffing.md.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from maillage.engine.analysis.findings import Finding, Rule
from maillage.engine.analysis.flow import build_model, solve_structural
from maillage.engine.analysis.gaps import structural_coverage
from maillage.engine.snapshot import Assessment, Person, ProjectSnapshot
from maillage.engine.staffing.model import Plan, Problem, RemedyCosts, make_finding

KINDS = ("upskilling", "external_expertise", "recruitment", "widening", "pooling")

RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule(
            "REMEDY_UPSKILLING",
            "info",
            "person",
            "Train a motivated project member one level below the need, who has time.",
            "Former {person} (niveau {level}, motivation {motivation}/4) au niveau {min_level} "
            "en « {competency} » : {cost} €, {lead} mois ; comble {closed} j d'écart.",
            "Train {person} (level {level}, motivation {motivation}/4) to level {min_level} in "
            '"{competency}": {cost} €, {lead} months; closes {closed} days of gap.',
            ("person", "level", "motivation", "min_level", "competency", "cost", "lead", "closed"),
        ),
        Rule(
            "REMEDY_EXTERNAL_EXPERTISE",
            "info",
            "project",
            "Buy days of external expertise at a day rate.",
            "Acheter {days} j d'expertise externe en « {competency} » niveau {min_level} : "
            "{cost} €, {lead} mois ; comble {closed} j d'écart.",
            'Buy {days} days of external expertise in "{competency}" level {min_level}: '
            "{cost} €, {lead} months; closes {closed} days of gap.",
            ("days", "competency", "min_level", "cost", "lead", "closed"),
        ),
        Rule(
            "REMEDY_RECRUITMENT",
            "info",
            "project",
            "Recruit a new post or a share of a post (a placeholder person until filled).",
            "Recruter {fte} ETP en « {competency} » niveau {min_level} : {cost} € sur "
            "l'horizon, {lead} mois ; comble {closed} j d'écart.",
            'Recruit {fte} FTE in "{competency}" level {min_level}: {cost} € over the '
            "horizon, {lead} months; closes {closed} days of gap.",
            ("fte", "competency", "min_level", "cost", "lead", "closed"),
        ),
        Rule(
            "REMEDY_WIDENING",
            "info",
            "person",
            "Bring in a person of the directory outside the project who holds the competency.",
            "Élargir le tour de table à {person} ({organisation}), niveau {level} en "
            "« {competency} » : {cost} €, {lead} mois ; comble {closed} j d'écart.",
            'Widen the circle to {person} ({organisation}), level {level} in "{competency}": '
            "{cost} €, {lead} months; closes {closed} days of gap.",
            ("person", "organisation", "level", "competency", "cost", "lead", "closed"),
        ),
        Rule(
            "REMEDY_POOLING",
            "info",
            "person",
            "Share more of a partner organisation's qualified person across structures.",
            "Mutualiser {days} j de {person} ({organisation}) en « {competency} » : {cost} €, "
            "{lead} mois ; comble {closed} j d'écart.",
            'Pool {days} days of {person} ({organisation}) in "{competency}": {cost} €, '
            "{lead} months; closes {closed} days of gap.",
            ("days", "person", "organisation", "competency", "cost", "lead", "closed"),
        ),
    )
}


@dataclass(frozen=True, slots=True)
class Remedy:
    kind: str  # one of KINDS
    competency_id: int
    min_level: int
    cost: float  # euros
    lead_time_months: int
    gap_before: float  # structural gap of the project, days over the horizon
    gap_after: float  # the same, re-computed with the remedy applied
    description: Finding
    person_id: int | None = None  # the person trained, widened, pooled, or the placeholder
    days: float = 0.0  # days bought or added
    fte: float = 0.0
    added_days: tuple[float, ...] = ()  # per month: the placeholder's or the pooled days

    @property
    def gap_closed(self) -> float:
        return self.gap_before - self.gap_after

    @property
    def closed_per_euro(self) -> float:
        return self.gap_closed / self.cost if self.cost > 0 else math.inf


def apply_remedy(snapshot: ProjectSnapshot, remedy: Remedy) -> ProjectSnapshot:
    """The snapshot with the remedy applied, as its effect was computed."""
    pid = remedy.person_id
    if remedy.kind == "upskilling":
        best = max(
            (
                a
                for a in snapshot.assessments
                if a.person_id == pid and a.competency_id == remedy.competency_id
            ),
            key=lambda a: a.level,
        )
        trained = replace(best, level=remedy.min_level)
        return replace(
            snapshot,
            assessments=tuple(trained if a is best else a for a in snapshot.assessments),
        )
    if remedy.kind in ("external_expertise", "recruitment"):
        assert pid is not None
        name = "External expertise" if remedy.kind == "external_expertise" else "Recruitment"
        person = Person(pid, name, "other", (), remedy.added_days, True, "none", "carries_out")
        return replace(
            snapshot,
            people=(*snapshot.people, person),
            assessments=(
                *snapshot.assessments,
                Assessment(pid, remedy.competency_id, remedy.min_level, 3, 3),
            ),
        )
    if remedy.kind == "widening":
        people = tuple(
            replace(p, in_project=True, mandate="none") if p.id == pid else p
            for p in snapshot.people
        )
        return replace(snapshot, people=people)
    if remedy.kind == "pooling":
        people = tuple(
            replace(
                p,
                availability=tuple(
                    d + (remedy.added_days[m] if m < len(remedy.added_days) else 0.0)
                    for m, d in enumerate(p.availability)
                ),
            )
            if p.id == pid
            else p
            for p in snapshot.people
        )
        return replace(snapshot, people=people)
    raise ValueError(f"unknown remedy kind {remedy.kind!r}")


def structural_gap(snapshot: ProjectSnapshot) -> float:
    """The structural gap of `analyse_gaps` (total over the horizon), computed the same way."""
    model = build_model(snapshot)
    covered = structural_coverage(model, solve_structural(model))
    gap = np.maximum(model.need_demand - covered, 0.0)
    return float(sum(gap.sum(axis=0).tolist()))


@dataclass(frozen=True, slots=True)
class ClassGap:
    competency_id: int
    min_level: int
    gap: tuple[float, ...]  # days per month

    @property
    def total(self) -> float:
        return sum(self.gap)


def class_gaps(snapshot: ProjectSnapshot) -> list[ClassGap]:
    """Structural gap per need class (competency, minimum level), largest first."""
    model = build_model(snapshot)
    covered = structural_coverage(model, solve_structural(model))
    gap = np.maximum(model.need_demand - covered, 0.0)
    per_class = np.zeros((len(model.classes), model.months))
    np.add.at(per_class, model.need_class, gap)
    result = [
        ClassGap(cls.competency_id, cls.min_level, tuple(per_class[k].tolist()))
        for k, cls in enumerate(model.classes)
        if per_class[k].sum() > 0.005
    ]
    result.sort(key=lambda g: (-g.total, g.competency_id, g.min_level))
    return result


def propose_remedies(
    snapshot: ProjectSnapshot,
    *,
    costs: RemedyCosts,
    problem: Problem | None = None,
    plan: Plan | None = None,
    gaps: int = 5,
    candidates: int = 2,
    deadline: float | None = None,
) -> tuple[Remedy, ...]:
    """Candidate remedies for the `gaps` largest class gaps, ranked by gap closed per euro, then
    by lead time. `problem` and `plan` give each person's time left after the plan (upskilling);
    without them, their time for tasks is used. `deadline` (perf_counter) stops early."""
    if deadline is not None and time.perf_counter() > deadline:
        return ()
    base = structural_gap(snapshot)
    builder = _Builder(snapshot, costs, base, problem, plan)
    builder.deadline = deadline
    remedies: list[Remedy] = []
    for target in class_gaps(snapshot)[: max(0, gaps)]:
        for make in (
            builder.upskilling,
            builder.external,
            builder.recruitment,
            builder.widening,
            builder.pooling,
        ):
            for remedy in make(target, candidates, deadline):
                if remedy is not None and remedy.gap_closed > 0.005:
                    remedies.append(remedy)
    remedies.sort(
        key=lambda r: (
            -r.closed_per_euro,
            r.lead_time_months,
            KINDS.index(r.kind),
            r.competency_id,
            r.person_id or 0,
        )
    )
    return tuple(remedies)


class _Builder:
    def __init__(
        self,
        snapshot: ProjectSnapshot,
        costs: RemedyCosts,
        base: float,
        problem: Problem | None,
        plan: Plan | None,
    ) -> None:
        self.snapshot = snapshot
        self.costs = costs
        self.base = base
        self.people = {p.id: p for p in snapshot.people}
        self.organisations = {o.id: o for o in snapshot.organisations}
        self.competencies = {c.id: c for c in snapshot.competencies}
        self.assess: dict[tuple[int, int], Assessment] = {}
        for a in snapshot.assessments:
            key = (a.person_id, a.competency_id)
            if key not in self.assess or a.level > self.assess[key].level:
                self.assess[key] = a
        self.spare: dict[int, tuple[float, ...]] = {}
        if problem is not None:
            left = problem.capacity.astype(np.float64) / 100
            for (p, _), amounts in (plan or {}).items():
                left[p] -= amounts / 100
            for row, pid in enumerate(problem.model.person_ids):
                self.spare[pid] = tuple(left[row].tolist())
        else:
            model = build_model(snapshot)
            for row, pid in enumerate(model.person_ids):
                self.spare[pid] = tuple(model.capacity[row].tolist())
        self.next_id = max((p.id for p in snapshot.people), default=0) + 1
        self.deadline: float | None = None
        self.rerun_seconds = 0.0

    def _name(self, cid: int) -> str:
        c = self.competencies.get(cid)
        return c.name if c else f"#{cid}"

    def _org(self, person: Person) -> str:
        for e in person.employments:
            if e.organisation_id in self.organisations:
                return self.organisations[e.organisation_id].name
        return ""

    def _make(
        self,
        kind: str,
        target: ClassGap,
        cost: float,
        lead: int,
        object_id: int,
        params: dict[str, str | int | float],
        **extra: Any,
    ) -> Remedy | None:
        """The remedy with its effect: the structural gap re-computed with it applied."""
        if self._late(self.deadline):
            return None
        code = "REMEDY_" + kind.upper()
        draft = Remedy(
            kind,
            target.competency_id,
            target.min_level,
            cost,
            lead,
            self.base,
            self.base,
            make_finding(RULES[code], object_id, {**params, "closed": 0.0}),
            **extra,
        )
        begun = time.perf_counter()
        after = structural_gap(apply_remedy(self.snapshot, draft))
        self.rerun_seconds = time.perf_counter() - begun
        closed = round(self.base - after, 2)
        finding = make_finding(RULES[code], object_id, {**params, "closed": closed})
        return replace(draft, gap_after=after, description=finding)

    def _late(self, deadline: float | None) -> bool:
        """True when another re-run would end after the deadline."""
        return deadline is not None and time.perf_counter() + self.rerun_seconds > deadline

    def _months(self, target: ClassGap) -> list[int]:
        return [m for m, g in enumerate(target.gap) if g > 0]

    def upskilling(
        self, target: ClassGap, count: int, deadline: float | None
    ) -> list[Remedy | None]:
        months = self._months(target)
        found = []
        for pid, person in self.people.items():
            a = self.assess.get((pid, target.competency_id))
            if not person.in_project or a is None or a.level != target.min_level - 1:
                continue
            if a.motivation < 3:
                continue
            spare = self.spare.get(pid, ())
            free = sum(max(0.0, spare[m]) for m in months if m < len(spare))
            if free > 0.005:
                found.append((-free, pid, a))
        result: list[Remedy | None] = []
        for _, pid, a in sorted(found, key=lambda x: (x[0], x[1]))[:count]:
            if self._late(deadline):
                break
            cost, lead = self.costs.training_cost, self.costs.training_lead_months
            params: dict[str, str | int | float] = {
                "person": self.people[pid].name,
                "level": a.level,
                "motivation": a.motivation,
                "min_level": target.min_level,
                "competency": self._name(target.competency_id),
                "cost": cost,
                "lead": lead,
            }
            result.append(self._make("upskilling", target, cost, lead, pid, params, person_id=pid))
        return result

    def external(self, target: ClassGap, count: int, deadline: float | None) -> list[Remedy | None]:
        if self._late(deadline) or count <= 0:
            return []
        days = tuple(math.ceil(g * 2) / 2 for g in target.gap)  # bought in half days
        total = sum(days)
        cost, lead = total * self.costs.expert_day_rate, self.costs.expert_lead_months
        params: dict[str, str | int | float] = {
            "days": total,
            "competency": self._name(target.competency_id),
            "min_level": target.min_level,
            "cost": cost,
            "lead": lead,
        }
        return [
            self._make(
                "external_expertise",
                target,
                cost,
                lead,
                target.competency_id,
                params,
                person_id=self.next_id,
                days=total,
                added_days=days,
            )
        ]

    def recruitment(
        self, target: ClassGap, count: int, deadline: float | None
    ) -> list[Remedy | None]:
        if self._late(deadline) or count <= 0:
            return []
        per_fte = self.costs.working_days_per_month
        fte = min(1.0, max(0.1, math.ceil(max(target.gap) / per_fte * 10) / 10))
        months = len(self.snapshot.months)
        cost = fte * self.costs.recruitment_yearly_cost_per_fte * months / 12
        lead = self.costs.recruitment_lead_months
        params: dict[str, str | int | float] = {
            "fte": fte,
            "competency": self._name(target.competency_id),
            "min_level": target.min_level,
            "cost": cost,
            "lead": lead,
        }
        return [
            self._make(
                "recruitment",
                target,
                cost,
                lead,
                target.competency_id,
                params,
                person_id=self.next_id,
                days=fte * per_fte * months,
                fte=fte,
                added_days=(round(fte * per_fte, 2),) * months,
            )
        ]

    def widening(self, target: ClassGap, count: int, deadline: float | None) -> list[Remedy | None]:
        months = self._months(target)
        found = []
        for pid, person in self.people.items():
            a = self.assess.get((pid, target.competency_id))
            if person.in_project or a is None or a.level < target.min_level:
                continue
            free = sum(person.availability[m] for m in months if m < len(person.availability))
            if free > 0:
                found.append((-free, pid, a))
        result: list[Remedy | None] = []
        for _, pid, a in sorted(found, key=lambda x: (x[0], x[1]))[:count]:
            if self._late(deadline):
                break
            person = self.people[pid]
            cost, lead = self.costs.widening_cost, self.costs.widening_lead_months
            params: dict[str, str | int | float] = {
                "person": person.name,
                "organisation": self._org(person),
                "level": a.level,
                "competency": self._name(target.competency_id),
                "cost": cost,
                "lead": lead,
            }
            result.append(self._make("widening", target, cost, lead, pid, params, person_id=pid))
        return result

    def pooling(self, target: ClassGap, count: int, deadline: float | None) -> list[Remedy | None]:
        per_fte = self.costs.working_days_per_month
        found = []
        for pid, person in self.people.items():
            a = self.assess.get((pid, target.competency_id))
            if not person.in_project or a is None or a.level < target.min_level:
                continue
            partners = [
                e
                for e in person.employments
                if e.organisation_id in self.organisations
                and self.organisations[e.organisation_id].in_project
            ]
            if not partners:
                continue
            ceiling = max(e.time_share for e in partners) * per_fte
            extra = tuple(
                round(min(g, max(0.0, ceiling - days)), 2) if g > 0 else 0.0
                for g, days in zip(target.gap, person.availability, strict=False)
            )
            if sum(extra) > 0.005:
                found.append((-sum(extra), pid, extra))
        result: list[Remedy | None] = []
        for _, pid, extra in sorted(found, key=lambda x: (x[0], x[1]))[:count]:
            if self._late(deadline):
                break
            person = self.people[pid]
            days = round(sum(extra), 2)
            cost, lead = days * self.costs.pooling_day_rate, self.costs.pooling_lead_months
            params: dict[str, str | int | float] = {
                "days": days,
                "person": person.name,
                "organisation": self._org(person),
                "competency": self._name(target.competency_id),
                "cost": cost,
                "lead": lead,
            }
            result.append(
                self._make(
                    "pooling",
                    target,
                    cost,
                    lead,
                    pid,
                    params,
                    person_id=pid,
                    days=days,
                    added_days=extra,
                )
            )
        return result
