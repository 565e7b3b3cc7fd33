"""The structural staffing network: monthly time flowing to the need classes people qualify for.

Needs are grouped by class (competency, minimum level): every need of a class has the same
qualifying people, so one node per class is exact. Days are scaled to integer hundredths for the
maximum-flow solver. See docs/algorithms/analysis.md.
"""

from __future__ import annotations

import datetime
import gc
import heapq
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from ortools.graph.python import max_flow  # type: ignore[import-untyped]

from maillage.engine.snapshot import ProjectSnapshot
from maillage.engine.timeline import governance_days_by_month, task_month_fractions

SCALE = 100  # the solver works in hundredths of a person-day

FloatMatrix = npt.NDArray[np.float64]
IntMatrix = npt.NDArray[np.int64]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small acyclic result objects.

    Tens of thousands of frozen rows would otherwise trigger full collections that scan the
    whole snapshot again and again (a third of the large project's time); reference counting
    still frees everything, and the collector's previous state is restored.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True, slots=True)
class NeedClass:
    competency_id: int
    min_level: int


@dataclass(frozen=True, slots=True, eq=False)
class StaffingModel:
    """Everything the gap and fragility analyses share, computed once from a snapshot.

    Rows of `capacity` follow `person_ids` (the project's people, sorted by id); rows of
    `need_demand` follow `need_ids` (sorted by id); rows of `class_demand` follow `classes`.
    """

    months: int
    person_ids: tuple[int, ...]
    capacity: FloatMatrix  # days for tasks, person x month
    capacity_int: IntMatrix  # the same in hundredths
    levels: dict[tuple[int, int], int]  # (person id, competency id) -> level, everyone
    need_ids: tuple[int, ...]
    need_task_ids: tuple[int, ...]
    need_competency_ids: tuple[int, ...]
    need_min_levels: tuple[int, ...]
    need_rates: tuple[float, ...]  # days per month while the task runs
    need_class: npt.NDArray[np.int64]  # need row -> class row
    need_demand: FloatMatrix  # days, need x month
    classes: tuple[NeedClass, ...]
    class_people: tuple[tuple[int, ...], ...]  # class row -> qualified person rows
    person_classes: tuple[tuple[int, ...], ...]  # person row -> class rows they qualify for
    class_demand: FloatMatrix  # days, class x month
    class_demand_int: IntMatrix
    arc_person: npt.NDArray[np.int32]  # the qualification arcs, person row ...
    arc_class: npt.NDArray[np.int32]  # ... to class row
    task_fractions: dict[int, tuple[float, ...]]

    def person_row(self) -> dict[int, int]:
        return {pid: row for row, pid in enumerate(self.person_ids)}


def build_model(snapshot: ProjectSnapshot) -> StaffingModel:
    months = len(snapshot.months)
    governance = governance_days_by_month(snapshot.bodies, snapshot.months)
    project_people = sorted((p for p in snapshot.people if p.in_project), key=lambda p: p.id)
    capacity = np.zeros((len(project_people), months), dtype=np.float64)
    for row, person in enumerate(project_people):
        load = governance.get(person.id, (0.0,) * months)
        for m, days in enumerate(person.availability[:months]):
            capacity[row, m] = max(0.0, days - load[m])
    capacity_int = np.rint(capacity * SCALE).astype(np.int64)

    levels: dict[tuple[int, int], int] = {}
    for a in snapshot.assessments:
        key = (a.person_id, a.competency_id)
        if a.level > levels.get(key, -1):
            levels[key] = a.level

    # Tasks often share their dates (whole months, a step's span): compute each span once.
    spans: dict[tuple[datetime.date, datetime.date], tuple[float, ...]] = {}
    task_fractions = {}
    for t in snapshot.tasks:
        span = (t.start, t.end)
        if span not in spans:
            spans[span] = task_month_fractions(t, snapshot.months)
        task_fractions[t.id] = spans[span]
    zero = (0.0,) * months
    needs = sorted(snapshot.needs, key=lambda n: n.id)
    class_keys = sorted({(n.competency_id, n.min_level) for n in needs})
    class_row = {key: row for row, key in enumerate(class_keys)}
    need_class = np.array(
        [class_row[(n.competency_id, n.min_level)] for n in needs], dtype=np.int64
    )
    need_demand = np.array(
        [[n.days_per_month * f for f in task_fractions.get(n.task_id, zero)] for n in needs],
        dtype=np.float64,
    ).reshape(len(needs), months)
    class_demand = np.zeros((len(class_keys), months), dtype=np.float64)
    np.add.at(class_demand, need_class, need_demand)
    class_demand_int = np.rint(class_demand * SCALE).astype(np.int64)

    # Qualified project people per class, from each competency's holders sorted by level.
    row_of = {p.id: row for row, p in enumerate(project_people)}
    holders: dict[int, list[tuple[int, int]]] = {}
    for (pid, cid), level in levels.items():
        if pid in row_of:
            holders.setdefault(cid, []).append((level, row_of[pid]))
    class_people: list[tuple[int, ...]] = []
    person_classes: list[list[int]] = [[] for _ in project_people]
    for row, (cid, min_level) in enumerate(class_keys):
        qualified = tuple(sorted(r for lvl, r in holders.get(cid, ()) if lvl >= min_level))
        class_people.append(qualified)
        for r in qualified:
            person_classes[r].append(row)
    arc_person = np.array([r for r, cls in enumerate(person_classes) for _ in cls], dtype=np.int32)
    arc_class = np.array([c for cls in person_classes for c in cls], dtype=np.int32)
    return StaffingModel(
        months=months,
        person_ids=tuple(p.id for p in project_people),
        capacity=capacity,
        capacity_int=capacity_int,
        levels=levels,
        need_ids=tuple(n.id for n in needs),
        need_task_ids=tuple(n.task_id for n in needs),
        need_competency_ids=tuple(n.competency_id for n in needs),
        need_min_levels=tuple(n.min_level for n in needs),
        need_rates=tuple(n.days_per_month for n in needs),
        need_class=need_class,
        need_demand=need_demand,
        classes=tuple(NeedClass(c, lvl) for c, lvl in class_keys),
        class_people=tuple(class_people),
        person_classes=tuple(tuple(cls) for cls in person_classes),
        class_demand=class_demand,
        class_demand_int=class_demand_int,
        arc_person=arc_person,
        arc_class=arc_class,
        task_fractions=task_fractions,
    )


@dataclass(frozen=True, slots=True, eq=False)
class MonthFlow:
    """One month's maximum flow: the qualification arcs used and the flow on each (hundredths)."""

    arcs: npt.NDArray[np.int64]  # indices into model.arc_person / arc_class
    flows: npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True, eq=False)
class StructuralFlow:
    class_flow: IntMatrix  # hundredths, class x month
    person_flow: IntMatrix  # hundredths, person x month
    months: tuple[MonthFlow, ...]

    @property
    def total_int(self) -> int:
        return int(self.class_flow.sum())


def solve_month(
    model: StaffingModel, month: int, *, capacity_int: npt.NDArray[np.int64] | None = None
) -> tuple[int, MonthFlow]:
    """Maximum flow source → person → class → sink for one month, with OR-Tools."""
    caps = model.capacity_int[:, month] if capacity_int is None else capacity_int
    demand = model.class_demand_int[:, month]
    n_people, n_classes = len(model.person_ids), len(model.classes)
    people = np.flatnonzero(caps > 0)
    classes = np.flatnonzero(demand > 0)
    arcs = np.flatnonzero((caps[model.arc_person] > 0) & (demand[model.arc_class] > 0))
    if len(arcs) == 0:
        return 0, MonthFlow(np.zeros(0, np.int64), np.zeros(0, np.int64))
    sink = 1 + n_people + n_classes
    tails = np.concatenate(
        [np.zeros(len(people), np.int64), 1 + model.arc_person[arcs], 1 + n_people + classes]
    ).astype(np.int32)
    heads = np.concatenate(
        [1 + people, 1 + n_people + model.arc_class[arcs], np.full(len(classes), sink)]
    ).astype(np.int32)
    capacities = np.concatenate(
        [caps[people], caps[model.arc_person[arcs]], demand[classes]]
    ).astype(np.int64)
    solver = max_flow.SimpleMaxFlow()
    arc_ids = solver.add_arcs_with_capacity(tails, heads, capacities)
    status = solver.solve(0, sink)
    if status != solver.OPTIMAL:  # pragma: no cover - capacities are bounded, cannot overflow
        raise RuntimeError(f"maximum flow failed: {status}")
    start = len(people)
    qualification = np.asarray(arc_ids)[start : start + len(arcs)].astype(np.int32)
    flows = np.asarray(solver.flows(qualification), dtype=np.int64)
    used = flows > 0
    return int(solver.optimal_flow()), MonthFlow(arcs[used].astype(np.int64), flows[used])


def solve_structural(model: StaffingModel, *, without: int | None = None) -> StructuralFlow:
    """The structural maximum flow of every month; `without` removes one person (row)."""
    class_flow = np.zeros((len(model.classes), model.months), dtype=np.int64)
    person_flow = np.zeros((len(model.person_ids), model.months), dtype=np.int64)
    months = []
    for m in range(model.months):
        caps = None
        if without is not None:
            caps = model.capacity_int[:, m].copy()
            caps[without] = 0
        _, month = solve_month(model, m, capacity_int=caps)
        np.add.at(class_flow[:, m], model.arc_class[month.arcs], month.flows)
        np.add.at(person_flow[:, m], model.arc_person[month.arcs], month.flows)
        months.append(month)
    return StructuralFlow(class_flow, person_flow, tuple(months))


class _MonthResidual:
    """The residual network of one month's maximum flow, to re-route around a departure."""

    def __init__(self, model: StaffingModel, flow: StructuralFlow, month: int) -> None:
        self.model = model
        n_people, n_classes = len(model.person_ids), len(model.classes)
        self.pflows: list[dict[int, int]] = [{} for _ in range(n_people)]
        flowers: list[list[int]] = [[] for _ in range(n_classes)]
        mf = flow.months[month]
        for arc, amount in zip(mf.arcs.tolist(), mf.flows.tolist(), strict=True):
            p, c = int(model.arc_person[arc]), int(model.arc_class[arc])
            self.pflows[p][c] = amount
            flowers[c].append(p)
        self.spare = (model.capacity_int[:, month] - flow.person_flow[:, month]).tolist()
        self.deficit = (model.class_demand_int[:, month] - flow.class_flow[:, month]).tolist()
        demand = model.class_demand_int[:, month].tolist()
        # Nodes reachable from the source in the residual network: only they can carry
        # re-routed flow once someone leaves (removing a person only removes arcs).
        self.reach_person = bytearray(n_people)
        self.reach_class = bytearray(n_classes)
        queue: deque[int] = deque()
        for p in range(n_people):
            if self.spare[p] > 0:
                self.reach_person[p] = 1
                queue.append(p)
        while queue:
            p = queue.popleft()
            for c in model.person_classes[p]:
                if self.reach_class[c] or demand[c] == 0:
                    continue
                self.reach_class[c] = 1
                for q in flowers[c]:
                    if not self.reach_person[q]:
                        self.reach_person[q] = 1
                        queue.append(q)

    def loss(self, p: int) -> int:
        """Exact drop of this month's maximum flow (hundredths) when person row `p` leaves."""
        own = self.pflows[p]
        bound = sum(own.values())
        targets = {c: self.deficit[c] + f for c, f in own.items() if self.reach_class[c]}
        if bound == 0 or not targets:
            return bound
        gain = 0
        changed: dict[int, dict[int, int]] = {}
        spare_used: dict[int, int] = {}
        people, reach_person, reach_class = (
            self.model.class_people,
            self.reach_person,
            self.reach_class,
        )
        while gain < bound:
            # Backward breadth-first search from the classes that lost p's flow.
            next_of_person: dict[int, int] = {}
            next_of_class: dict[int, int] = {c: -1 for c, d in targets.items() if d > 0}
            queue = deque(next_of_class)
            start = -1
            while queue and start < 0:
                c = queue.popleft()
                for q in people[c]:
                    if q == p or q in next_of_person or not reach_person[q]:
                        continue
                    next_of_person[q] = c
                    if self.spare[q] - spare_used.get(q, 0) > 0:
                        start = q
                        break
                    for y, f in changed.get(q, self.pflows[q]).items():
                        if f > 0 and y not in next_of_class and reach_class[y]:
                            next_of_class[y] = q
                            queue.append(y)
            if start < 0:
                break
            # Bottleneck along start → c0 → q1 → c1 … → target class.
            amount = min(bound - gain, self.spare[start] - spare_used.get(start, 0))
            c = next_of_person[start]
            while next_of_class[c] >= 0:
                q = next_of_class[c]
                amount = min(amount, changed.get(q, self.pflows[q])[c])
                c = next_of_person[q]
            amount = min(amount, targets[c])
            spare_used[start] = spare_used.get(start, 0) + amount
            q = start
            while True:
                c = next_of_person[q]
                flows_q = changed.setdefault(q, dict(self.pflows[q]))
                flows_q[c] = flows_q.get(c, 0) + amount
                nxt = next_of_class[c]
                if nxt < 0:
                    targets[c] -= amount
                    break
                flows_n = changed.setdefault(nxt, dict(self.pflows[nxt]))
                flows_n[c] -= amount
                q = nxt
            gain += amount
        return bound - gain


@dataclass(frozen=True, slots=True)
class DepartureLoss:
    person_row: int
    loss: int  # hundredths of a day over the horizon
    bound: int  # flow through the person: an upper bound on the loss


def departure_losses(
    model: StaffingModel, flow: StructuralFlow, *, top: int | None = None
) -> list[DepartureLoss]:
    """Exact structural loss of each departure, the `top` largest (all when None), ranked.

    Candidates are evaluated by decreasing upper bound (their flow) and the search stops once
    the k-th best exact loss exceeds the next bound; ties are then broken by person row.
    """
    bounds = flow.person_flow.sum(axis=1).tolist()
    order = sorted(range(len(bounds)), key=lambda r: (-bounds[r], r))
    k = len(order) if top is None else max(0, top)
    residuals: dict[int, _MonthResidual] = {}
    best: list[tuple[int, int]] = []  # min-heap of (loss, -row): the k best so far
    results: list[DepartureLoss] = []
    for row in order:
        bound = bounds[row]
        if bound == 0:
            results.append(DepartureLoss(row, 0, 0))
            continue
        if len(best) >= k and (k == 0 or best[0][0] > bound):
            break
        loss = 0
        for m in np.flatnonzero(flow.person_flow[row]).tolist():
            residual = residuals.get(m)
            if residual is None:
                residual = residuals[m] = _MonthResidual(model, flow, m)
            loss += residual.loss(row)
        results.append(DepartureLoss(row, loss, bound))
        heapq.heappush(best, (loss, -row))
        if len(best) > k:
            heapq.heappop(best)
    results.sort(key=lambda d: (-d.loss, d.person_row))
    return results[:k]


def brute_force_losses(model: StaffingModel, rows: Sequence[int]) -> dict[int, int]:
    """Loss of each departure by solving again without the person (for checks and tests)."""
    base = solve_structural(model).total_int
    return {row: base - solve_structural(model, without=row).total_int for row in rows}
