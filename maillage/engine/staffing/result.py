"""The optimiser's entry point and its result: plan, bound, explanations, remedies, JSON."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

import numpy as np

from maillage.engine.analysis.findings import Finding
from maillage.engine.analysis.flow import SCALE, solve_structural
from maillage.engine.snapshot import ProjectSnapshot
from maillage.engine.staffing.explain import Explainer
from maillage.engine.staffing.model import (
    ProgressCallback,
    StaffingOptions,
    StopCallback,
)
from maillage.engine.staffing.remedies import Remedy, propose_remedies
from maillage.engine.staffing.solver import Solved, solve, uncovered


@dataclass(frozen=True, slots=True)
class ProposedAssignment:
    """Days of one person on one need of a task, per month of the horizon."""

    person_id: int
    task_id: int
    need_id: int
    competency_id: int
    days: tuple[float, ...]
    locked: bool
    explain: Callable[[], Finding] = field(repr=False, compare=False)

    @property
    def explanation(self) -> Finding:
        """Why this person: level, motivation, legitimacy, availability, organisation."""
        return self.explain()

    @property
    def total_days(self) -> float:
        return sum(self.days)


@dataclass(frozen=True, slots=True)
class UnmetNeed:
    """What the plan leaves of a need, per month, and why (one reason per month with a gap)."""

    need_id: int
    task_id: int
    competency_id: int
    min_level: int
    days: tuple[float, ...]
    explain: Callable[[], tuple[Finding, ...]] = field(repr=False, compare=False)

    @property
    def reasons(self) -> tuple[Finding, ...]:
        """Why it stays uncovered, one finding per month with a gap."""
        return self.explain()

    @property
    def total_days(self) -> float:
        return sum(self.days)


@dataclass(frozen=True, slots=True)
class StaffingResult:
    months: tuple[datetime.date, ...]
    objective: float  # person-days of need the plan covers (locked days included)
    bound: float  # proven: no plan keeping the locks covers more
    unlocked_bound: float  # the structural maximum flow without the locks (the gap analysis)
    score: float  # the weighted objective: coverage, fit, people per task, small slices
    fit: float
    people_on_tasks: int
    small_slices: int
    max_people_per_task: int
    method: str
    proven_optimal: bool
    seconds: float
    assignments: tuple[ProposedAssignment, ...]
    unmet: tuple[UnmetNeed, ...]
    remedies: tuple[Remedy, ...]
    greedy_objective: float | None = None

    @property
    def ratio(self) -> float:
        """Covered days over the bound (1.0 when there is nothing to cover)."""
        return self.objective / self.bound if self.bound > 0 else 1.0

    @property
    def gap_percent(self) -> float:
        return 100.0 * (1.0 - self.ratio)


def optimise(
    snapshot: ProjectSnapshot,
    options: StaffingOptions | None = None,
    *,
    progress: ProgressCallback | None = None,
    should_stop: StopCallback | None = None,
    greedy: bool = False,
) -> StaffingResult:
    """Propose a staffing plan; raises InfeasibleLock (a lock cannot be kept) or
    StaffingCancelled (`should_stop()` returned True). `progress(fraction, label)` is called
    along the way. With `greedy`, the naive baseline's covered days are reported beside."""
    options = options or StaffingOptions()
    start = time.perf_counter()
    span = (0.0, 0.8) if options.remedies else (0.0, 0.95)
    solved = solve(snapshot, options, progress=progress, should_stop=should_stop, span=span)
    return build_result(
        solved, options, start=start, progress=progress, should_stop=should_stop, greedy=greedy
    )


def greedy_result(
    snapshot: ProjectSnapshot, options: StaffingOptions | None = None
) -> StaffingResult:
    """The naive baseline's plan (see greedy.py) as a result, for comparison and for checks."""
    from maillage.engine.staffing.greedy import greedy_plan
    from maillage.engine.staffing.model import bound_int, evaluate, prepare

    options = replace(options or StaffingOptions(), remedies=False)
    start = time.perf_counter()
    problem = prepare(snapshot, options)
    bound, per_month = bound_int(problem)
    plan = greedy_plan(problem)
    solved = Solved(
        problem,
        plan,
        evaluate(problem, plan),
        bound,
        per_month,
        "greedy baseline",
        False,
        time.perf_counter() - start,
    )
    return build_result(solved, options, start=start)


def build_result(
    solved: Solved,
    options: StaffingOptions,
    *,
    start: float,
    progress: ProgressCallback | None = None,
    should_stop: StopCallback | None = None,
    greedy: bool = False,
) -> StaffingResult:
    problem, plan = solved.problem, solved.plan
    model = problem.model
    explainer = Explainer(problem, plan)
    rows = []
    for locked, source in ((True, problem.locked), (False, plan)):
        for (p, n), amounts in sorted(
            source.items(), key=lambda item: (model.need_ids[item[0][1]], item[0][0])
        ):
            if not amounts.any():
                continue
            rows.append(
                ProposedAssignment(
                    person_id=model.person_ids[p],
                    task_id=model.need_task_ids[n],
                    need_id=model.need_ids[n],
                    competency_id=model.need_competency_ids[n],
                    days=tuple((amounts / SCALE).tolist()),
                    locked=locked,
                    explain=partial(explainer.assignment, p, n, amounts, locked=locked),
                )
            )
    rows.sort(key=lambda a: (a.task_id, a.need_id, a.person_id, not a.locked))
    gap = uncovered(problem, plan)
    unmet = []
    for n in np.flatnonzero((gap > 0).any(axis=1)).tolist():
        months = np.flatnonzero(gap[n] > 0).tolist()
        unmet.append(
            UnmetNeed(
                need_id=model.need_ids[n],
                task_id=model.need_task_ids[n],
                competency_id=model.need_competency_ids[n],
                min_level=model.need_min_levels[n],
                days=tuple((gap[n] / SCALE).tolist()),
                explain=partial(explainer.unmet_need, n, tuple(months), gap[n].copy()),
            )
        )
    unmet.sort(key=lambda u: u.need_id)
    if should_stop is not None and should_stop():
        from maillage.engine.staffing.model import StaffingCancelled

        raise StaffingCancelled("remedies")
    remedies: tuple[Remedy, ...] = ()
    if options.remedies:
        if progress is not None:
            progress(0.85, "remedies")
        deadline = start + options.time_limit - 0.5  # the unlocked bound still follows
        remedies = propose_remedies(
            problem.snapshot,
            costs=options.costs,
            problem=problem,
            plan=plan,
            gaps=options.remedy_gaps,
            candidates=options.remedy_candidates,
            deadline=deadline,
        )
    greedy_objective = None
    if greedy:
        from maillage.engine.staffing.greedy import greedy_plan
        from maillage.engine.staffing.model import evaluate

        greedy_objective = evaluate(problem, greedy_plan(problem)).covered
    unlocked = solve_structural(model).total_int / SCALE
    if progress is not None:
        progress(1.0, "done")
    value = solved.value
    return StaffingResult(
        months=problem.snapshot.months,
        objective=value.covered,
        bound=solved.bound_int / SCALE,
        unlocked_bound=unlocked,
        score=value.score,
        fit=value.fit,
        people_on_tasks=value.people_on_tasks,
        small_slices=value.small_slices,
        max_people_per_task=options.max_people_per_task,
        method=solved.method,
        proven_optimal=solved.proven_optimal,
        seconds=time.perf_counter() - start,
        assignments=tuple(rows),
        unmet=tuple(unmet),
        remedies=remedies,
        greedy_objective=greedy_objective,
    )


def _finding(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "month": f.month.strftime("%Y-%m") if f.month else None,
        "params": dict(f.params),
        "message_fr": f.message_fr,
        "message_en": f.message_en,
    }


def _r(value: float) -> float:
    return round(value, 2)


def result_to_json(result: StaffingResult) -> dict[str, Any]:
    """Plain JSON-ready data (days rounded to hundredths; month series follow `months`)."""
    return {
        "months": [m.strftime("%Y-%m") for m in result.months],
        "objective": _r(result.objective),
        "bound": _r(result.bound),
        "gap_percent": round(result.gap_percent, 3),
        "ratio": round(result.ratio, 5),
        "unlocked_bound": _r(result.unlocked_bound),
        "fit": _r(result.fit),
        "people_on_tasks": result.people_on_tasks,
        "small_slices": result.small_slices,
        "score": _r(result.score),
        "max_people_per_task": result.max_people_per_task,
        "method": result.method,
        "proven_optimal": result.proven_optimal,
        "seconds": round(result.seconds, 3),
        "greedy_objective": (
            None if result.greedy_objective is None else _r(result.greedy_objective)
        ),
        "assignments": [
            {
                "person_id": a.person_id,
                "task_id": a.task_id,
                "need_id": a.need_id,
                "competency_id": a.competency_id,
                "locked": a.locked,
                "days": _r(a.total_days),
                "days_by_month": [_r(d) for d in a.days],
                "reason": _finding(a.explanation),
            }
            for a in result.assignments
        ],
        "unmet": [
            {
                "need_id": u.need_id,
                "task_id": u.task_id,
                "competency_id": u.competency_id,
                "min_level": u.min_level,
                "days": _r(u.total_days),
                "days_by_month": [_r(d) for d in u.days],
                "reasons": [_finding(f) for f in u.reasons],
            }
            for u in result.unmet
        ],
        "remedies": [
            {
                "kind": r.kind,
                "competency_id": r.competency_id,
                "min_level": r.min_level,
                "person_id": r.person_id,
                "cost": _r(r.cost),
                "lead_time_months": r.lead_time_months,
                "days": _r(r.days),
                "fte": r.fte,
                "gap_before": _r(r.gap_before),
                "gap_after": _r(r.gap_after),
                "gap_closed": _r(r.gap_closed),
                "closed_days_per_1000_euros": (
                    None if r.cost <= 0 else _r(1000 * r.gap_closed / r.cost)
                ),
                "description": _finding(r.description),
            }
            for r in result.remedies
        ],
    }
