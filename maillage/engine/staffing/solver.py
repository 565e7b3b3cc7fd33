"""The staffing optimiser: min-cost maximum flows per month, the K rule, then local repairs.

1. Bound: the structural maximum flow of the class network (what the locks leave) — no plan
   covers more.
2. Month by month, a minimum-cost maximum flow from people to the needs they qualify for (OR-Tools
   `SimpleMinCostFlow`), costs = minus the fit per day, with a continuity bonus for people
   already on the task. A task reaching K people is closed to anyone else; the month is solved
   again until no task exceeds K.
3. A fill pass (a qualified person with time left, allowed on the task) and a merge pass (small
   slices moved onto a person already serving the need).
4. Up to `exact_max_variables`, CP-SAT solves the exact model, started from that plan.

See docs/algorithms/staffing.md.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow  # type: ignore[import-untyped]

from maillage.engine.analysis.flow import SCALE, paused_gc
from maillage.engine.snapshot import ProjectSnapshot
from maillage.engine.staffing.model import (
    IntArray,
    Plan,
    PlanValue,
    Problem,
    ProgressCallback,
    StaffingCancelled,
    StaffingOptions,
    StopCallback,
    bound_int,
    evaluate,
    prepare,
)

NEED_ARCS_LIMIT = 150_000  # beyond, a month is solved on the class network, then shared
MAX_REPAIRS = 4  # residual re-routings per month; the fill pass takes over after
COST_SCALE = 10  # fit points per day are turned into integer costs per hundredth of a day


@dataclass(frozen=True, slots=True)
class Solved:
    """A plan with its value, how it was found, and the bound (for the result builder)."""

    problem: Problem
    plan: Plan
    value: PlanValue
    bound_int: int
    bound_per_month: IntArray
    method: str
    proven_optimal: bool
    seconds: float


class _Clock:
    def __init__(
        self,
        limit: float,
        progress: ProgressCallback | None,
        should_stop: StopCallback | None,
    ) -> None:
        self.start = time.perf_counter()
        self.limit = limit
        self.progress = progress
        self.should_stop = should_stop

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def left(self) -> float:
        return self.limit - self.elapsed()

    def tick(self, fraction: float, label: str) -> None:
        if self.should_stop is not None and self.should_stop():
            raise StaffingCancelled(label)
        if self.progress is not None:
            self.progress(min(1.0, max(0.0, fraction)), label)


def solve(
    snapshot: ProjectSnapshot,
    options: StaffingOptions,
    *,
    progress: ProgressCallback | None = None,
    should_stop: StopCallback | None = None,
    span: tuple[float, float] = (0.0, 1.0),
) -> Solved:
    """Prepare the problem, compute the bound, and find the plan (see the module docstring)."""
    clock = _Clock(options.time_limit, progress, should_stop)
    low, high = span

    def tick(fraction: float, label: str) -> None:
        clock.tick(low + (high - low) * fraction, label)

    with paused_gc():
        tick(0.0, "prepare")
        problem = prepare(snapshot, options)
        bound, per_month = bound_int(problem)
        tick(0.1, "bound")
        plan = flow_plan(problem, lambda f, label: tick(0.1 + 0.6 * f, label), clock)
        fill(problem, plan)
        merge_small_slices(problem, plan)
        fill(problem, plan)  # time a merge freed may serve another need
        value = evaluate(problem, plan)
        method, optimal = "min-cost flow, K repair, merges", False
        tick(0.75, "exact")
        variables = count_variables(problem)
        if 0 < variables <= options.exact_max_variables and clock.left() > 0.5:
            from maillage.engine.staffing.exact import solve_exact

            exact = solve_exact(
                problem, plan, time_limit=min(options.exact_time_limit, clock.left() - 0.2)
            )
            if exact is not None:
                exact_plan, optimal = exact
                exact_value = evaluate(problem, exact_plan)
                if exact_value.score >= value.score - 1e-9:
                    plan, value = exact_plan, exact_value
                    method = "CP-SAT, exact model" + (" (optimal)" if optimal else "")
                else:
                    optimal = False
        elif variables == 0:
            optimal = True
        tick(1.0, "done")
    return Solved(problem, plan, value, bound, per_month, method, optimal, clock.elapsed())


def count_variables(problem: Problem) -> int:
    """Day variables of the exact model: qualified (person, need, month) with time and need."""
    return sum(_need_arc_count(problem, m) for m in range(problem.model.months))


def flow_plan(
    problem: Problem,
    tick: ProgressCallback,
    clock: _Clock | None = None,
    *,
    first_pass: bool | None = None,
) -> Plan:
    """Month by month min-cost maximum flows with the K rule (step 2 of the module docstring).

    Small months are solved on person → need arcs; months with more than `NEED_ARCS_LIMIT` such
    arcs on person → class arcs, each class's flow then shared among its needs. On small
    problems, a first pass without the K rule closes each task used by more than K people to
    the K who gave it the most days over the horizon. The months are then solved in order,
    closing a task as soon as K people work on it; when a task went over K, the people who gave
    it the least are dropped and what they left is re-routed on the residual.
    """
    k = problem.options.max_people_per_task
    months = problem.model.months
    sizes = [_need_arc_count(problem, m) for m in range(months)]
    small = max(sizes, default=0) <= NEED_ARCS_LIMIT
    task_index = {t: i for i, t in enumerate(sorted(set(problem.need_task)))}
    n_tasks = max(1, len(task_index))
    locked_keys = np.array(
        sorted(
            p * n_tasks + task_index[t]
            for t, rows in problem.locked_people.items()
            if t in task_index
            for p in rows
        ),
        dtype=np.int64,
    )
    state = _KState(k, n_tasks, locked_keys, problem, task_index)
    arcs = [_MonthArcs(problem, m) for m in range(months)] if small else []
    if first_pass if first_pass is not None else small:
        totals: dict[int, int] = {}
        for m in range(months):
            tick(0.3 * m / months, "first pass")
            for (p, n), amount in (
                arcs[m].solve(problem, state, continuity=True, use_k=False).items()
            ):
                key = p * n_tasks + task_index[problem.need_task[n]]
                totals[key] = totals.get(key, 0) + amount
        per_task: dict[int, list[tuple[int, int]]] = {}
        for key, amount in totals.items():
            per_task.setdefault(key % n_tasks, []).append((amount, key // n_tasks))
        for t, people in per_task.items():
            fixed = state.on_task.get(t, set())
            if len(fixed) + sum(p not in fixed for _, p in people) > k:
                ranked = [
                    p for _, p in sorted(people, key=lambda x: (-x[0], x[1])) if p not in fixed
                ]
                state.close(t, fixed | set(ranked[: k - len(fixed)]))
    plan: Plan = {}
    for m in range(months):
        tick(0.3 + 0.7 * m / months, f"month {m + 1}")
        if small:
            flows = arcs[m].solve(problem, state, continuity=True, use_k=True)
        else:
            flows = _class_month(problem, m, state, task_index)
        rounds = 0
        while True:
            grew: dict[int, dict[int, int]] = {}
            for (p, n), amount in flows.items():
                t = task_index[problem.need_task[n]]
                if p not in state.on_task.get(t, ()):
                    new = grew.setdefault(t, {})
                    new[p] = new.get(p, 0) + amount
            over = {t for t, new in grew.items() if len(state.on_task.get(t, ())) + len(new) > k}
            for t in sorted(over):
                new, before = grew[t], state.on_task.get(t, set())
                ranked = sorted(new, key=lambda p: (-new[p], p))
                state.close(t, before | set(ranked[: k - len(before)]))
            for pair in list(flows):
                t = task_index[problem.need_task[pair[1]]]
                if t in over and pair[0] not in state.closed[t]:
                    del flows[pair]
            if rounds >= MAX_REPAIRS or (rounds > 0 and not over):
                break
            rounds += 1
            # Re-route what is left: time still free, need still open, on person → need arcs.
            caps = problem.capacity[:, m].copy()
            demand = problem.demand[:, m].copy()
            for (p, n), amount in flows.items():
                caps[p] -= amount
                demand[n] -= amount
            more = _MonthArcs(problem, m, caps, demand).solve(
                problem, state, continuity=True, use_k=True
            )
            if not more:
                break
            for pair, amount in more.items():
                flows[pair] = flows.get(pair, 0) + amount
        for (p, n), amount in flows.items():
            state.add(task_index[problem.need_task[n]], p)
            plan.setdefault((p, n), np.zeros(months, np.int64))[m] += amount
        if clock is not None and clock.left() < 0:
            break
    return plan


def _need_arc_count(problem: Problem, m: int) -> int:
    model = problem.model
    active = np.flatnonzero(problem.demand[:, m] > 0)
    if len(active) == 0:
        return 0
    has_time = problem.capacity[:, m] > 0
    per_class = np.array([int(has_time[c].sum()) for c in problem.class_arrays], np.int64)
    return int(per_class[model.need_class[active]].sum())


def _class_month(
    problem: Problem, m: int, state: _KState, task_index: dict[int, int]
) -> dict[tuple[int, int], int]:
    """Min-cost maximum flow person → class, then each class's flow shared among its needs.

    The class network has the structural flow's value, so coverage is the month's bound; the
    cost is the fit without the lead-organisation term, which the sharing then favours along
    with people already on the task.
    """
    model = problem.model
    caps = problem.capacity[:, m]
    demand = problem.demand[:, m]
    class_demand = np.zeros(len(model.classes), dtype=np.int64)
    np.add.at(class_demand, model.need_class, demand)
    keep = np.flatnonzero((caps[model.arc_person] > 0) & (class_demand[model.arc_class] > 0))
    if len(keep) == 0:
        return {}
    n_people = len(model.person_ids)
    n_classes = len(model.classes)
    tail = model.arc_person[keep].astype(np.int64)
    head = model.arc_class[keep].astype(np.int64)
    # Continuity: a person already on a task with an open need of the class this month.
    active = np.flatnonzero(demand > 0)
    task_of = np.array([task_index[problem.need_task[n]] for n in active.tolist()], np.int64)
    classes_of: dict[int, list[int]] = {}
    for t, n in zip(task_of.tolist(), active.tolist(), strict=True):
        classes_of.setdefault(t, []).append(int(model.need_class[n]))
    known = sorted(
        {
            p * n_classes + c
            for p, tasks in state.tasks_of.items()
            for t in tasks
            for c in classes_of.get(t, ())
        }
    )
    weight = problem.arc_fit[keep] + problem.options.weights.person_on_task * _member(
        tail * n_classes + head, np.array(known, dtype=np.int64)
    )
    solver = min_cost_flow.SimpleMinCostFlow()
    arc_ids = solver.add_arcs_with_capacity_and_unit_cost(
        tail.astype(np.int32),
        (head + n_people).astype(np.int32),
        np.minimum(caps[tail], class_demand[head]),
        -np.rint(weight * COST_SCALE).astype(np.int64),
    )
    people_nodes = np.unique(tail)
    class_nodes = np.unique(head)
    solver.set_nodes_supplies(
        np.concatenate([people_nodes, class_nodes + n_people]).astype(np.int32),
        np.concatenate([caps[people_nodes], -class_demand[class_nodes]]).astype(np.int64),
    )
    status = solver.solve_max_flow_with_min_cost()
    if status != solver.OPTIMAL:  # pragma: no cover - bounded integer data
        raise RuntimeError(f"minimum-cost flow failed: {status}")
    flows = np.asarray(solver.flows(arc_ids), dtype=np.int64)
    used = np.flatnonzero(flows > 0)
    supply: dict[int, dict[int, int]] = {}  # class -> person -> hundredths
    for p, c, a in zip(tail[used].tolist(), head[used].tolist(), flows[used].tolist(), strict=True):
        supply.setdefault(c, {})[p] = a
    needs_of: dict[int, list[int]] = {}
    for n in np.flatnonzero(demand > 0).tolist():
        needs_of.setdefault(int(model.need_class[n]), []).append(n)
    result: dict[tuple[int, int], int] = {}
    weights = problem.options.weights
    for c, people in supply.items():
        needs = needs_of.get(c, [])
        left = {n: int(demand[n]) for n in needs}

        def allowed(p: int, n: int) -> bool:
            t = task_index[problem.need_task[n]]
            if p in state.on_task_locked.get(t, ()):
                return False
            closed = state.closed.get(t)
            return closed is None or p in closed

        # Preferred pairs first: the person already works on the task or for its lead.
        by_task: dict[int, list[int]] = {}
        by_lead: dict[int, list[int]] = {}
        for n in needs:
            task_id = problem.need_task[n]
            by_task.setdefault(task_index[task_id], []).append(n)
            lead = problem.task_lead.get(task_id)
            if lead is not None:
                by_lead.setdefault(lead, []).append(n)
        pairs: list[tuple[float, int, int]] = []
        for p in people:
            bonus: dict[int, float] = {}
            for t in state.tasks_of.get(p, ()):
                for n in by_task.get(t, ()):
                    bonus[n] = bonus.get(n, 0.0) + weights.person_on_task
            for org in problem.employers[p]:
                for n in by_lead.get(org, ()):
                    bonus[n] = bonus.get(n, 0.0) + weights.lead_organisation
            pairs.extend((-b, p, n) for n, b in bonus.items() if b > 0)
        pairs.sort()
        for _, p, n in pairs:
            amount = min(people[p], left[n])
            if amount > 0 and allowed(p, n):
                result[(p, n)] = result.get((p, n), 0) + amount
                people[p] -= amount
                left[n] -= amount
        # Then the largest remaining supplies on the largest remaining needs.
        order_p = sorted((p for p in people if people[p] > 0), key=lambda p: (-people[p], p))
        order_n = sorted((n for n in needs if left[n] > 0), key=lambda n: (-left[n], n))
        for p in order_p:
            for n in order_n:
                if people[p] == 0:
                    break
                amount = min(people[p], left[n])
                if amount > 0 and allowed(p, n):
                    result[(p, n)] = result.get((p, n), 0) + amount
                    people[p] -= amount
                    left[n] -= amount
    return result


class _KState:
    """Who works on each task so far and which tasks are closed, as (person, task) keys."""

    def __init__(
        self,
        k: int,
        n_tasks: int,
        locked_keys: IntArray,
        problem: Problem,
        task_index: dict[int, int],
    ) -> None:
        self.k = k
        self.n_tasks = n_tasks
        self.locked_keys = locked_keys
        self.on_task_locked = {
            task_index[t]: set(rows) for t, rows in problem.locked_people.items() if t in task_index
        }
        self.on_task: dict[int, set[int]] = {t: set(r) for t, r in self.on_task_locked.items()}
        self.tasks_of: dict[int, set[int]] = {}
        for t, rows in self.on_task.items():
            for p in rows:
                self.tasks_of.setdefault(p, set()).add(t)
        self.closed: dict[int, set[int]] = {}
        self._on: IntArray | None = None
        self._allowed: IntArray | None = None
        for t, rows in self.on_task.items():
            if len(rows) >= k:
                self.close(t, rows)

    def close(self, t: int, rows: set[int]) -> None:
        self.closed[t] = set(rows)
        self._allowed = None

    def add(self, t: int, p: int) -> None:
        rows = self.on_task.setdefault(t, set())
        if p not in rows:
            rows.add(p)
            self.tasks_of.setdefault(p, set()).add(t)
            self._on = None
            if len(rows) >= self.k and t not in self.closed:
                self.close(t, rows)

    def on_keys(self) -> IntArray:
        if self._on is None:
            self._on = np.array(
                sorted(p * self.n_tasks + t for t, rows in self.on_task.items() for p in rows),
                dtype=np.int64,
            )
        return self._on

    def closed_flags(self) -> npt.NDArray[np.bool_]:
        flags = np.zeros(self.n_tasks, dtype=bool)
        flags[list(self.closed)] = True
        return flags

    def allowed_keys(self) -> IntArray:
        if self._allowed is None:
            self._allowed = np.array(
                sorted(p * self.n_tasks + t for t, rows in self.closed.items() for p in rows),
                dtype=np.int64,
            )
        return self._allowed


def _member(keys: IntArray, sorted_keys: IntArray) -> npt.NDArray[np.bool_]:
    """keys ∈ sorted_keys, by binary search (the large array is never sorted)."""
    if len(sorted_keys) == 0:
        return np.zeros(len(keys), dtype=bool)
    pos = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    found: npt.NDArray[np.bool_] = sorted_keys[pos] == keys
    return found


class _MonthArcs:
    """One month's qualification arcs person → need, with their fit costs, built once."""

    def __init__(
        self,
        problem: Problem,
        m: int,
        caps: IntArray | None = None,
        demand: IntArray | None = None,
    ) -> None:
        model = problem.model
        self.n_people = len(model.person_ids)
        caps = problem.capacity[:, m] if caps is None else caps
        demand = problem.demand[:, m] if demand is None else demand
        self.caps = caps
        self.demand = demand
        task_ids = sorted(set(problem.need_task))
        index = {t: i for i, t in enumerate(task_ids)}
        n_tasks = max(1, len(task_ids))
        need_task = np.array([index[t] for t in problem.need_task], np.int64).reshape(-1)
        by_class: dict[int, list[int]] = {}
        for n in np.flatnonzero(demand > 0).tolist():
            by_class.setdefault(int(model.need_class[n]), []).append(n)
        tails, heads, fits = [], [], []
        for c, needs in by_class.items():
            people = problem.class_arrays[c]
            mask = caps[people] > 0
            if not mask.any():
                continue
            chosen = people[mask]
            tails.append(np.tile(chosen, len(needs)))
            heads.append(np.repeat(np.array(needs, np.int64), len(chosen)))
            fits.append(np.stack([problem.fit[n][mask] for n in needs]).ravel())
        if tails:
            self.tail = np.concatenate(tails)
            self.head = np.concatenate(heads)
            self.fit = np.concatenate(fits)
        else:
            self.tail = self.head = np.zeros(0, np.int64)
            self.fit = np.zeros(0, np.float64)
        self.task = need_task[self.head] if len(self.head) else np.zeros(0, np.int64)
        self.key = self.tail * n_tasks + self.task

    def solve(
        self,
        problem: Problem,
        state: _KState,
        *,
        continuity: bool,
        use_k: bool,
        taken: dict[tuple[int, int], int] | None = None,
    ) -> dict[tuple[int, int], int]:
        """Min-cost maximum flow: hundredths per (person row, need row).

        With `taken`, only the time and need those flows leave are used (a residual repair).
        """
        if len(self.tail) == 0:
            return {}
        caps, demand = self.caps, self.demand
        if taken:
            caps, demand = caps.copy(), demand.copy()
            for (p, n), amount in taken.items():
                caps[p] -= amount
                demand[n] -= amount
        allowed = (caps[self.tail] > 0) & (demand[self.head] > 0)
        if len(state.locked_keys):
            allowed &= ~_member(self.key, state.locked_keys)
        if use_k and state.closed:
            closed = np.flatnonzero(allowed & state.closed_flags()[self.task])
            allowed[closed] = _member(self.key[closed], state.allowed_keys())
        idx = np.flatnonzero(allowed)
        if len(idx) == 0:
            return {}
        weight = self.fit[idx]
        if continuity and state.on_task:
            bonus = problem.options.weights.person_on_task
            weight = weight + bonus * _member(self.key[idx], state.on_keys())
        tail, head = self.tail[idx], self.head[idx]
        capacity = np.minimum(caps[tail], demand[head])
        solver = min_cost_flow.SimpleMinCostFlow()
        arc_ids = solver.add_arcs_with_capacity_and_unit_cost(
            tail.astype(np.int32),
            (head + self.n_people).astype(np.int32),
            capacity,
            -np.rint(weight * COST_SCALE).astype(np.int64),
        )
        people_nodes = np.unique(tail)
        need_nodes = np.unique(head)
        solver.set_nodes_supplies(
            np.concatenate([people_nodes, need_nodes + self.n_people]).astype(np.int32),
            np.concatenate([caps[people_nodes], -demand[need_nodes]]).astype(np.int64),
        )
        status = solver.solve_max_flow_with_min_cost()
        if status != solver.OPTIMAL:  # pragma: no cover - bounded integer data
            raise RuntimeError(f"minimum-cost flow failed: {status}")
        flows = np.asarray(solver.flows(arc_ids), dtype=np.int64)
        used = np.flatnonzero(flows > 0)
        return {
            (p, n): a
            for p, n, a in zip(
                tail[used].tolist(), head[used].tolist(), flows[used].tolist(), strict=True
            )
        }


def spare(problem: Problem, plan: Plan) -> np.typing.NDArray[np.int64]:
    """Capacity left to each person each month (hundredths) after the plan and the locks."""
    left = problem.capacity.copy()
    for (p, _), amounts in plan.items():
        left[p] -= amounts
    return left


def uncovered(problem: Problem, plan: Plan) -> np.typing.NDArray[np.int64]:
    """Need left uncovered (hundredths, need x month) after the plan and the locks."""
    left = problem.demand.copy()
    for (_, n), amounts in plan.items():
        left[n] -= amounts
    return left


def people_on_tasks(problem: Problem, plan: Plan) -> dict[int, set[int]]:
    on_task: dict[int, set[int]] = {t: set(rows) for t, rows in problem.locked_people.items()}
    for (p, n), amounts in plan.items():
        if amounts.any():
            on_task.setdefault(problem.need_task[n], set()).add(p)
    return on_task


def fill(problem: Problem, plan: Plan) -> None:
    """Give uncovered need to a qualified person with time left who is allowed on the task."""
    model = problem.model
    k = problem.options.max_people_per_task
    left = spare(problem, plan)
    gap = uncovered(problem, plan)
    on_task = people_on_tasks(problem, plan)
    # Only the needs of classes where someone qualified still has time that month.
    free_class = np.array(
        [(left[people] > 0).any(axis=0) for people in problem.class_arrays], dtype=bool
    ).reshape(len(problem.class_arrays), model.months)
    candidates = (gap > 0) & free_class[model.need_class]
    for n, m in np.argwhere(candidates).tolist():
        if gap[n, m] <= 0:
            continue
        t = problem.need_task[n]
        people = problem.class_arrays[int(model.need_class[n])]
        if len(people) == 0:
            continue
        rows = on_task.setdefault(t, set())
        locked = problem.locked_people.get(t, frozenset())
        fit = problem.fit[n]
        free = np.flatnonzero(left[people, m] > 0)
        if len(free) == 0:
            continue
        chosen = people[free]
        outside = ~np.isin(chosen, np.fromiter(rows, np.int64, count=len(rows)))
        order = free[np.lexsort((chosen, -fit[free], outside))].tolist()
        for i in order:
            p = int(people[i])
            if p in locked or (p not in rows and len(rows) >= k):
                continue
            amount = int(min(gap[n, m], left[p, m]))
            plan.setdefault((p, n), np.zeros(model.months, np.int64))[m] += amount
            left[p, m] -= amount
            gap[n, m] -= amount
            rows.add(p)
            if gap[n, m] == 0:
                break


def merge_small_slices(problem: Problem, plan: Plan) -> None:
    """Move a small slice onto another person serving the same need that month, when it pays.

    Coverage is unchanged; the move is made when fit, people per task and small slices together
    improve the score.
    """
    weights = problem.options.weights
    small = round(weights.small_slice_days * SCALE)
    left = spare(problem, plan)
    pair_slices: dict[tuple[int, int], int] = {}
    by_need_month: dict[tuple[int, int], list[int]] = {}
    for (p, n), amounts in plan.items():
        t = problem.need_task[n]
        months = np.flatnonzero(amounts > 0).tolist()
        pair_slices[(p, t)] = pair_slices.get((p, t), 0) + len(months)
        for m in months:
            by_need_month.setdefault((n, m), []).append(p)
    for (n, m), people in sorted(by_need_month.items()):
        if len(people) < 2:
            continue
        t = problem.need_task[n]
        for p in sorted(people, key=lambda q: (int(plan[(q, n)][m]), q)):
            amount = int(plan[(p, n)][m])
            threshold = min(small, int(problem.need_demand[n, m]))
            if amount == 0 or amount >= threshold:
                continue
            best, best_gain = -1, 0.0
            for q in people:
                if q == p or left[q, m] < amount or plan[(q, n)][m] == 0:
                    continue
                before = int(plan[(q, n)][m])
                gain = weights.small_slice * (
                    1 + (before < threshold <= before + amount)
                ) + amount / SCALE * (problem.fit_of(q, n) - problem.fit_of(p, n))
                if pair_slices[(p, t)] == 1 and p not in problem.locked_people.get(t, ()):
                    gain += weights.person_on_task
                if gain > best_gain + 1e-9:
                    best, best_gain = q, gain
            if best < 0:
                continue
            plan[(p, n)][m] = 0
            plan[(best, n)][m] += amount
            left[p, m] += amount
            left[best, m] -= amount
            pair_slices[(p, t)] -= 1
    for key in [key for key, amounts in plan.items() if not amounts.any()]:
        del plan[key]
