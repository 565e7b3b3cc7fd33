"""The exact staffing model for CP-SAT, used when the instance is small enough.

Variables (integer hundredths of a day) x[p, n, m] for each qualified person p, need n and month
m with time and need; booleans y[p, t] (p works on task t), z[p, n, m] (the slice exists) and
b[p, n, m] (the slice is at least the small-slice threshold). Maximise

    sum x.(coverage + fit(p, n)) - person_on_task.sum y - small_slice.sum (z - b)

under sum_n x <= capacity(p, m), sum_p x <= need(n, m), x <= ub.y, x <= ub.z,
x >= threshold.b, b <= z, and sum_p y[p, t] <= K - (people locked on t). Locked days are
already subtracted.
"""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from maillage.engine.analysis.flow import SCALE
from maillage.engine.staffing.model import Plan, Problem

SCORE_SCALE = 10  # integer objective = score * SCALE * SCORE_SCALE


def solve_exact(problem: Problem, hint: Plan, *, time_limit: float) -> tuple[Plan, bool] | None:
    """Solve the exact model from the hint; (plan, proven optimal), or None without a solution."""
    model = problem.model
    weights = problem.options.weights
    small = round(weights.small_slice_days * SCALE)
    k = problem.options.max_people_per_task
    cp = cp_model.CpModel()
    x: dict[tuple[int, int, int], cp_model.IntVar] = {}
    y: dict[tuple[int, int], cp_model.IntVar] = {}
    terms: list[tuple[cp_model.IntVar, int]] = []
    by_person: dict[tuple[int, int], list[cp_model.IntVar]] = {}
    by_need: dict[tuple[int, int], list[cp_model.IntVar]] = {}
    pair_cost = round(weights.person_on_task * SCALE * SCORE_SCALE)
    slice_cost = round(weights.small_slice * SCALE * SCORE_SCALE)
    for n in range(len(model.need_ids)):
        t = problem.need_task[n]
        locked = problem.locked_people.get(t, frozenset())
        people = problem.class_arrays[int(model.need_class[n])]
        for m in np.flatnonzero(problem.demand[n] > 0).tolist():
            d = int(problem.demand[n, m])
            threshold = min(small, int(problem.need_demand[n, m]))
            for i, p in enumerate(people.tolist()):
                c = int(problem.capacity[p, m])
                if c <= 0 or p in locked:
                    continue
                ub = min(c, d)
                var = cp.new_int_var(0, ub, f"x{p}_{n}_{m}")
                x[(p, n, m)] = var
                gain = weights.coverage + float(problem.fit[n][i])
                terms.append((var, round(gain * SCORE_SCALE)))
                by_person.setdefault((p, m), []).append(var)
                by_need.setdefault((n, m), []).append(var)
                if (p, t) not in y:
                    y[(p, t)] = cp.new_bool_var(f"y{p}_{t}")
                    terms.append((y[(p, t)], -pair_cost))
                cp.add(var <= ub * y[(p, t)])
                z = cp.new_bool_var(f"z{p}_{n}_{m}")
                cp.add(var <= ub * z)
                terms.append((z, -slice_cost))
                if ub >= threshold:
                    b = cp.new_bool_var(f"b{p}_{n}_{m}")
                    cp.add(var >= threshold * b)
                    cp.add(b <= z)
                    terms.append((b, slice_cost))
    if not x:
        return None
    for (p, m), variables in by_person.items():
        cp.add(sum(variables) <= int(problem.capacity[p, m]))
    for (n, m), variables in by_need.items():
        cp.add(sum(variables) <= int(problem.demand[n, m]))
    per_task: dict[int, list[cp_model.IntVar]] = {}
    for (_, t), var in y.items():
        per_task.setdefault(t, []).append(var)
    for t, variables in per_task.items():
        room = k - len(problem.locked_people.get(t, frozenset()))
        if len(variables) > room:
            cp.add(sum(variables) <= room)
    cp.maximize(sum(coef * var for var, coef in terms))
    for (p, n, m), var in x.items():
        amounts = hint.get((p, n))
        cp.add_hint(var, int(amounts[m]) if amounts is not None else 0)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    solver.parameters.num_workers = 2
    status = solver.solve(cp)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    plan: Plan = {}
    for (p, n, m), var in x.items():
        value = int(solver.value(var))
        if value > 0:
            plan.setdefault((p, n), np.zeros(model.months, np.int64))[m] = value
    return plan, status == cp_model.OPTIMAL
