"""Gaps between needs and people's time, per month, competency, axis and organisation.

Two views: the mobilised gap (what the people actually assigned leave uncovered) and the
structural gap (what no allocation of the project's people could cover: total need minus a
maximum flow). See docs/algorithms/analysis.md for definitions and rounding.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from maillage.engine.analysis.flow import (
    SCALE,
    FloatMatrix,
    StaffingModel,
    StructuralFlow,
    build_model,
    paused_gc,
    solve_structural,
)
from maillage.engine.snapshot import ProjectSnapshot

EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class NeedGap:
    """One need's monthly days: needed, covered, and the gap (needed minus covered)."""

    need_id: int
    task_id: int
    competency_id: int
    min_level: int
    need: tuple[float, ...]
    covered: tuple[float, ...]
    gap: tuple[float, ...]

    @property
    def total_gap(self) -> float:
        return sum(self.gap)


@dataclass(frozen=True, slots=True)
class GapSeries:
    """Monthly totals of a group of needs; `key` is the competency, axis or organisation id."""

    key: int | None
    need: tuple[float, ...]
    covered: tuple[float, ...]
    gap: tuple[float, ...]

    @property
    def total_need(self) -> float:
        return sum(self.need)

    @property
    def total_gap(self) -> float:
        return sum(self.gap)


@dataclass(frozen=True, slots=True)
class GapView:
    """One view of the gaps ("mobilised" or "structural"), by need and aggregated."""

    name: str
    by_need: tuple[NeedGap, ...]
    by_month: GapSeries
    by_competency: tuple[GapSeries, ...]
    by_axis: tuple[GapSeries, ...]  # key None: tasks without an axis
    by_organisation: tuple[GapSeries, ...]  # the task's lead organisation; None: no lead

    @property
    def total_gap(self) -> float:
        return self.by_month.total_gap


@dataclass(frozen=True, slots=True)
class UnheldNeed:
    """A need whose level nobody in the project holds; who outside the project holds it."""

    need_id: int
    task_id: int
    competency_id: int
    min_level: int
    days: float  # over the horizon
    outside_holder_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class GapAnalysis:
    mobilised: GapView
    structural: GapView
    unheld: tuple[UnheldNeed, ...]

    @property
    def held_outside(self) -> tuple[UnheldNeed, ...]:
        """Unheld needs someone in the directory outside the project could cover."""
        return tuple(u for u in self.unheld if u.outside_holder_ids)

    @property
    def held_by_nobody(self) -> tuple[UnheldNeed, ...]:
        return tuple(u for u in self.unheld if not u.outside_holder_ids)


def analyse_gaps(
    snapshot: ProjectSnapshot,
    *,
    model: StaffingModel | None = None,
    flow: StructuralFlow | None = None,
) -> GapAnalysis:
    with paused_gc():
        model = model or build_model(snapshot)
        flow = flow or solve_structural(model)
        mobilised = mobilised_coverage(snapshot, model)
        structural = structural_coverage(model, flow)
        return GapAnalysis(
            mobilised=_view("mobilised", snapshot, model, mobilised),
            structural=_view("structural", snapshot, model, structural),
            unheld=unheld_needs(snapshot, model),
        )


def structural_coverage(model: StaffingModel, flow: StructuralFlow) -> FloatMatrix:
    """Covered days per need and month: each class's flow shared pro rata of its needs."""
    demand = model.class_demand
    full = flow.class_flow >= model.class_demand_int
    covered_class = np.where(full, demand, np.minimum(demand, flow.class_flow / SCALE))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(demand > 0, covered_class / demand, 0.0)
    covered: FloatMatrix = model.need_demand * ratio[model.need_class]
    return covered


def mobilised_coverage(snapshot: ProjectSnapshot, model: StaffingModel) -> FloatMatrix:
    """Covered days per need and month by the people assigned to each task."""
    months = model.months
    row_of = model.person_row()
    rates: dict[int, dict[int, float]] = {}  # task -> person row -> assigned days per month
    for a in snapshot.assignments:
        row = row_of.get(a.person_id)
        if row is None or a.days_per_month <= 0 or a.task_id not in model.task_fractions:
            continue
        per_task = rates.setdefault(a.task_id, {})
        per_task[row] = per_task.get(row, 0.0) + a.days_per_month

    assigned = np.zeros((len(model.person_ids), months), dtype=np.float64)
    for task_id, per_task in rates.items():
        task_share = np.array(model.task_fractions[task_id], dtype=np.float64)
        for row, rate in per_task.items():
            assigned[row] += rate * task_share
    # An over-allocated person's assignments each count pro rata of their capacity.
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(assigned > model.capacity + EPSILON, model.capacity / assigned, 1.0)
    scale_rows = scale.tolist()
    over_months: dict[int, set[int]] = {
        int(row): set(np.flatnonzero(scale[row] < 1.0).tolist())
        for row in np.flatnonzero((scale < 1.0).any(axis=1))
    }

    needs_of_task: dict[int, list[int]] = {}
    for n, task_id in enumerate(model.need_task_ids):
        needs_of_task.setdefault(task_id, []).append(n)
    covered = np.zeros_like(model.need_demand)
    levels = model.levels
    for task_id, per_task in rates.items():
        need_rows = needs_of_task.get(task_id)
        if not need_rows:
            continue
        # Highest minimum level first, then need id: the priority of the deterministic split.
        need_rows.sort(key=lambda n: (-model.need_min_levels[n], model.need_ids[n]))
        people = sorted(per_task)
        qualified = [
            [
                i
                for i, row in enumerate(people)
                if levels.get((model.person_ids[row], model.need_competency_ids[n]), -1)
                >= model.need_min_levels[n]
            ]
            for n in need_rows
        ]
        if not any(qualified):
            continue
        base_rates = [per_task[row] for row in people]
        base_demand = [model.need_rates[n] for n in need_rows]
        fractions = model.task_fractions[task_id]
        # Needs and assigned days scale alike with the task's share of a month: one split at
        # the monthly rate serves every month where nobody on the task is over-allocated.
        rows = np.array(need_rows, dtype=np.int64)
        regular = cover(base_rates, base_demand, qualified)
        covered[rows] = np.outer(regular, fractions)
        irregular = set().union(*(over_months.get(row, ()) for row in people))
        for m in sorted(irregular):
            f = fractions[m]
            if f <= 0:
                continue
            covered[rows, m] = cover(
                [r * scale_rows[row][m] * f for r, row in zip(base_rates, people, strict=True)],
                [d * f for d in base_demand],
                qualified,
            )
    return covered


def cover(
    supplies: Sequence[float], demands: Sequence[float], qualified: Sequence[Sequence[int]]
) -> list[float]:
    """Covered amount of each demand, in priority order, by the supplies qualified for it.

    Demands are served one after the other, each as much as possible without reducing the
    earlier ones (augmenting paths may re-route earlier flow): the result is the
    lexicographically largest coverage in priority order, and its total is maximal.
    """
    if len(demands) == 1:
        return [min(demands[0], sum(supplies[i] for i in qualified[0]))]
    spare = list(supplies)
    flows: list[dict[int, float]] = [{} for _ in supplies]  # supply -> demand -> amount
    qualifies: list[list[int]] = [[] for _ in supplies]
    for d, holders in enumerate(qualified):
        for i in holders:
            qualifies[i].append(d)
    covered = [0.0] * len(demands)
    for d, demand in enumerate(demands):
        while demand - covered[d] > EPSILON:
            # Backward search from demand d to a supply with spare time.
            next_of_supply: dict[int, int] = {}
            next_of_demand: dict[int, int] = {d: -1}
            queue = deque([d])
            start = -1
            while queue and start < 0:
                x = queue.popleft()
                for i in qualified[x]:
                    if i in next_of_supply:
                        continue
                    next_of_supply[i] = x
                    if spare[i] > EPSILON:
                        start = i
                        break
                    for y, f in flows[i].items():
                        if f > EPSILON and y not in next_of_demand:
                            next_of_demand[y] = i
                            queue.append(y)
            if start < 0:
                break
            amount = min(demand - covered[d], spare[start])
            x = next_of_supply[start]
            while next_of_demand[x] >= 0:
                i = next_of_demand[x]
                amount = min(amount, flows[i][x])
                x = next_of_supply[i]
            spare[start] -= amount
            i = start
            while True:
                x = next_of_supply[i]
                flows[i][x] = flows[i].get(x, 0.0) + amount
                nxt = next_of_demand[x]
                if nxt < 0:
                    break
                flows[nxt][x] -= amount
                i = nxt
            covered[d] += amount
    return covered


def unheld_needs(snapshot: ProjectSnapshot, model: StaffingModel) -> tuple[UnheldNeed, ...]:
    """Needs no project person holds at the level, with the outside people who do."""
    outside = [p.id for p in sorted(snapshot.people, key=lambda p: p.id) if not p.in_project]
    totals = model.need_demand.sum(axis=1).tolist()
    result = []
    for n, need_id in enumerate(model.need_ids):
        if model.class_people[int(model.need_class[n])]:
            continue
        cid, min_level = model.need_competency_ids[n], model.need_min_levels[n]
        holders = tuple(pid for pid in outside if model.levels.get((pid, cid), -1) >= min_level)
        result.append(
            UnheldNeed(need_id, model.need_task_ids[n], cid, min_level, totals[n], holders)
        )
    return tuple(result)


def _view(
    name: str, snapshot: ProjectSnapshot, model: StaffingModel, covered: FloatMatrix
) -> GapView:
    demand = model.need_demand
    gap = np.maximum(demand - covered, 0.0)
    need_rows = demand.tolist()
    covered_rows = covered.tolist()
    gap_rows = gap.tolist()
    by_need = tuple(
        NeedGap(
            need_id=model.need_ids[n],
            task_id=model.need_task_ids[n],
            competency_id=model.need_competency_ids[n],
            min_level=model.need_min_levels[n],
            need=tuple(need_rows[n]),
            covered=tuple(covered_rows[n]),
            gap=tuple(gap_rows[n]),
        )
        for n in range(len(model.need_ids))
    )
    tasks = {t.id: t for t in snapshot.tasks}
    axis_keys = [getattr(tasks.get(t), "axis_id", None) for t in model.need_task_ids]
    org_keys = [getattr(tasks.get(t), "lead_organisation_id", None) for t in model.need_task_ids]
    total = _series(None, demand.sum(axis=0), covered.sum(axis=0), gap.sum(axis=0))
    return GapView(
        name=name,
        by_need=by_need,
        by_month=total,
        by_competency=_grouped(model.need_competency_ids, demand, covered, gap),
        by_axis=_grouped(axis_keys, demand, covered, gap),
        by_organisation=_grouped(org_keys, demand, covered, gap),
    )


def _grouped(
    keys: Iterable[int | None], demand: FloatMatrix, covered: FloatMatrix, gap: FloatMatrix
) -> tuple[GapSeries, ...]:
    keys = list(keys)
    distinct = sorted(set(keys), key=lambda k: (k is None, k or 0))
    index = {k: i for i, k in enumerate(distinct)}
    rows = np.array([index[k] for k in keys], dtype=np.int64)
    sums = []
    for matrix in (demand, covered, gap):
        total = np.zeros((len(distinct), demand.shape[1]), dtype=np.float64)
        np.add.at(total, rows, matrix)
        sums.append(total)
    return tuple(_series(k, sums[0][i], sums[1][i], sums[2][i]) for i, k in enumerate(distinct))


def _series(
    key: int | None, need: FloatMatrix, covered: FloatMatrix, gap: FloatMatrix
) -> GapSeries:
    return GapSeries(
        key=key,
        need=tuple(need.tolist()),
        covered=tuple(covered.tolist()),
        gap=tuple(gap.tolist()),
    )
