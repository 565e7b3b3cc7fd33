"""Checks shared by the staffing tests: every hard rule on a result, and a brute-force optimum."""

from __future__ import annotations

import pytest

from maillage.engine.snapshot import ProjectSnapshot
from maillage.engine.staffing import StaffingOptions, StaffingResult
from maillage.engine.timeline import capacities, task_month_fractions


def assert_feasible(
    snap: ProjectSnapshot, result: StaffingResult, options: StaffingOptions
) -> None:
    """Capacity, qualification, K and locks, checked from the snapshot alone."""
    months = len(snap.months)
    cap = capacities(snap)
    people = {p.id: p for p in snap.people}
    tasks = {t.id: t for t in snap.tasks}
    needs = {n.id: n for n in snap.needs}
    levels: dict[tuple[int, int], int] = {}
    for a in snap.assessments:
        key = (a.person_id, a.competency_id)
        levels[key] = max(levels.get(key, -1), a.level)
    locks = [a for a in snap.assignments if a.is_locked and a.days_per_month > 0]
    locked_pairs = {(a.person_id, a.task_id) for a in locks}
    load = {pid: [0.0] * months for pid in people}
    locked_days: dict[tuple[int, int], list[float]] = {}
    for a in locks:
        fractions = task_month_fractions(tasks[a.task_id], snap.months)
        series = locked_days.setdefault((a.person_id, a.task_id), [0.0] * months)
        for m in range(months):
            load[a.person_id][m] += a.days_per_month * fractions[m]
            series[m] += a.days_per_month * fractions[m]
    covered = {nid: [0.0] * months for nid in needs}
    locked_rows: dict[tuple[int, int], list[float]] = {}
    on_task: dict[int, set[int]] = {}
    for row in result.assignments:
        n = needs[row.need_id]
        assert (row.task_id, row.competency_id) == (n.task_id, n.competency_id)
        assert people[row.person_id].in_project, row
        assert levels.get((row.person_id, n.competency_id), -1) >= n.min_level, row
        assert all(d >= 0 for d in row.days)
        if row.locked:
            assert (row.person_id, row.task_id) in locked_pairs
            series = locked_rows.setdefault((row.person_id, row.task_id), [0.0] * months)
            for m, d in enumerate(row.days):
                series[m] += d
        else:
            assert (row.person_id, row.task_id) not in locked_pairs, "a lock was changed"
            for m, d in enumerate(row.days):
                load[row.person_id][m] += d
        for m, d in enumerate(row.days):
            covered[n.id][m] += d
        if row.total_days > 0:
            on_task.setdefault(row.task_id, set()).add(row.person_id)
    for a in locks:
        on_task.setdefault(a.task_id, set()).add(a.person_id)
    for pid, series in load.items():
        for m, days in enumerate(series):
            assert days <= cap[pid][m] + 0.011, (pid, m, days, cap[pid][m])
    for nid, series in covered.items():
        n = needs[nid]
        fractions = task_month_fractions(tasks[n.task_id], snap.months)
        for m, days in enumerate(series):
            assert days <= n.days_per_month * fractions[m] + 0.006, (nid, m)
    for task_id, rows in on_task.items():
        assert len(rows) <= options.max_people_per_task, (task_id, rows)
    for pair, series in locked_rows.items():  # locked days cover needs, never more than locked
        for m, days in enumerate(series):
            assert days <= locked_days[pair][m] + 0.006
    assert result.objective == pytest.approx(
        sum(r.total_days for r in result.assignments), abs=0.01
    )
    assert result.objective <= result.bound + 1e-9
    for u in result.unmet:
        n = needs[u.need_id]
        fractions = task_month_fractions(tasks[n.task_id], snap.months)
        for m, days in enumerate(u.days):
            need = round(n.days_per_month * fractions[m], 2)
            assert days == pytest.approx(max(0.0, need - covered[n.id][m]), abs=0.011)
        assert len(u.reasons) == sum(d > 0 for d in u.days)


def brute_force(snap: ProjectSnapshot, options: StaffingOptions) -> tuple[float, float]:
    """Best coverage and best score over whole-day allocations in the first month.

    For instances whose tasks and availability lie in the first month only; needs and capacities
    are whole days. Fit is recomputed here from the weights' definitions.
    """
    w = options.weights
    k = options.max_people_per_task
    in_project_orgs = {o.id for o in snap.organisations if o.in_project}
    tasks = {t.id: t for t in snap.tasks}
    people = [p for p in snap.people if p.in_project]
    best: dict[tuple[int, int], tuple[int, int, int]] = {}
    for a in snap.assessments:
        key = (a.person_id, a.competency_id)
        if (a.level, a.motivation, a.legitimacy) > best.get(key, (-1, 0, 0)):
            best[key] = (a.level, a.motivation, a.legitimacy)
    pairs = []
    for n in snap.needs:
        for p in people:
            level, motivation, legitimacy = best.get((p.id, n.competency_id), (-1, 0, 0))
            if level < n.min_level:
                continue
            employers = {e.organisation_id for e in p.employments}
            fit = (
                w.level_above * (level - n.min_level)
                + w.motivation * (motivation - 1)
                + w.legitimacy * (legitimacy - 1)
                + w.lead_organisation * (tasks[n.task_id].lead_organisation_id in employers)
                + w.partner * bool(employers & in_project_orgs)
            )
            pairs.append((p.id, n.id, n.task_id, fit))
    cap = {p.id: int(p.availability[0]) for p in people}
    need_left = {n.id: int(n.days_per_month) for n in snap.needs}
    best_cover, best_score = 0.0, 0.0
    # Depth-first enumeration with pruning on capacity and need.
    values = [0] * len(pairs)

    def visit(i: int) -> None:
        nonlocal best_cover, best_score
        if i == len(pairs):
            on_task: dict[int, set[int]] = {}
            for (pid, _, tid, _), x in zip(pairs, values, strict=True):
                if x:
                    on_task.setdefault(tid, set()).add(pid)
            if any(len(rows) > k for rows in on_task.values()):
                return
            cover = sum(values)
            fit = sum(x * pair[3] for pair, x in zip(pairs, values, strict=True))
            n_pairs = sum(len(rows) for rows in on_task.values())
            score = w.coverage * cover + fit - w.person_on_task * n_pairs
            best_cover = max(best_cover, cover)
            best_score = max(best_score, score)
            return
        pid, nid, _, _ = pairs[i]
        for x in range(min(cap[pid], need_left[nid]) + 1):
            values[i] = x
            cap[pid] -= x
            need_left[nid] -= x
            visit(i + 1)
            cap[pid] += x
            need_left[nid] += x
        values[i] = 0

    visit(0)
    return best_cover, best_score
