"""A naive coordinator's allocation, kept as a baseline for the optimiser.

Tasks are taken in start order (then id), each of their needs in id order, and the qualified
people in the order of the directory (by id). Like an assignment in the application, each person
is given a constant number of days per month for the whole task: as much of the need's monthly
rate as their tightest month allows. A need stays partly uncovered when the task already has K
people. Locks and the K rule are respected, so the plan is feasible.
"""

from __future__ import annotations

import numpy as np

from maillage.engine.analysis.flow import SCALE
from maillage.engine.staffing.model import Plan, Problem


def greedy_plan(problem: Problem) -> Plan:
    model = problem.model
    k = problem.options.max_people_per_task
    left = problem.capacity.copy()
    demand = problem.demand.copy()
    tasks = {t.id: t for t in problem.snapshot.tasks}
    on_task: dict[int, set[int]] = {t: set(rows) for t, rows in problem.locked_people.items()}
    order = sorted(problem.task_needs, key=lambda t: (tasks[t].start, t) if t in tasks else ())
    plan: Plan = {}
    for t in order:
        rows = on_task.setdefault(t, set())
        locked = problem.locked_people.get(t, frozenset())
        fractions = np.array(model.task_fractions.get(t, ()), dtype=np.float64)
        for n in sorted(problem.task_needs[t], key=lambda n: model.need_ids[n]):
            months = np.flatnonzero(demand[n] > 0)
            if len(months) == 0:
                continue
            share = fractions[months]
            rate = model.need_rates[n] * SCALE  # hundredths per full month, still to cover
            people = problem.class_arrays[int(model.need_class[n])]
            # Each person's constant monthly rate: what their tightest month allows (giving to
            # one person leaves the others' rates unchanged).
            if len(people) == 0:
                continue
            rates = (left[np.ix_(people, months)] / share).min(axis=1)
            for i in np.flatnonzero(rates >= 1).tolist():
                p = int(people[i])
                if rate <= 0:
                    break
                if p in locked or (p not in rows and len(rows) >= k):
                    continue
                given_rate = min(rate, float(rates[i]))
                if given_rate < 1:
                    continue
                given = np.minimum(np.floor(given_rate * share).astype(np.int64), demand[n, months])
                given = np.minimum(given, left[p, months])
                if not given.any():
                    continue
                plan.setdefault((p, n), np.zeros(model.months, np.int64))[months] += given
                left[p, months] -= given
                demand[n, months] -= given
                rate -= given_rate
                rows.add(p)
    return plan
