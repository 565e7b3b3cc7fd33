"""One need class seen on its own: who qualifies and, month by month, the days needed by the
class and the stricter ones beside the days its qualified people have, and what the project's
structural maximum flow covers (the task form's preview of a need being edited).

The flow is the one of `maillage.engine.analysis.flow` over the whole project, so that time the
qualified people owe to other competencies is not counted twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np

from maillage.engine.analysis.flow import SCALE, build_model, solve_month
from maillage.engine.snapshot import Need, ProjectSnapshot, Task

PREVIEW_ID = -1  # the id of a need or task not saved yet


@dataclass(frozen=True, slots=True)
class ClassMonth:
    """One month of a class: days needed (the class and stricter levels of the competency),
    days its qualified people have for tasks, days the maximum flow covers, the gap."""

    month: int  # index into the snapshot's months
    needed: float
    available: float
    covered: float

    @property
    def gap(self) -> float:
        return max(0.0, self.needed - self.covered)


@dataclass(frozen=True, slots=True)
class ClassBalance:
    competency_id: int
    min_level: int
    qualified_ids: tuple[int, ...]  # project people holding the competency at the level
    months: tuple[ClassMonth, ...]


def with_need(snapshot: ProjectSnapshot, need: Need, task: Task | None = None) -> ProjectSnapshot:
    """`snapshot` where `need` (and `task`, when given) replace those of the same id, or are
    added when new (id `PREVIEW_ID`)."""
    needs = (*(n for n in snapshot.needs if n.id != need.id), need)
    tasks = snapshot.tasks
    if task is not None:
        tasks = (*(t for t in tasks if t.id != task.id), task)
    return replace(snapshot, needs=needs, tasks=tasks)


def class_balance(
    snapshot: ProjectSnapshot,
    competency_id: int,
    min_level: int,
    months: Iterable[int] | None = None,
) -> ClassBalance:
    """The balance of the class (competency, minimum level) in `months` (all when None)."""
    model = build_model(snapshot)
    wanted = range(model.months) if months is None else sorted(set(months))
    rows = [
        row
        for row, c in enumerate(model.classes)
        if c.competency_id == competency_id and c.min_level >= min_level
    ]
    person_rows = [
        row
        for row, pid in enumerate(model.person_ids)
        if model.levels.get((pid, competency_id), -1) >= min_level
    ]
    result = []
    for m in wanted:
        if not 0 <= m < model.months:
            continue
        needed = float(model.class_demand[rows, m].sum()) if rows else 0.0
        available = float(model.capacity[person_rows, m].sum()) if person_rows else 0.0
        covered = 0.0
        if rows and needed > 0:
            _, flow = solve_month(model, m)
            per_class = np.zeros(len(model.classes), dtype=np.int64)
            np.add.at(per_class, model.arc_class[flow.arcs], flow.flows)
            covered = min(needed, float(per_class[rows].sum()) / SCALE)
        result.append(ClassMonth(m, needed, available, covered))
    return ClassBalance(
        competency_id,
        min_level,
        tuple(model.person_ids[row] for row in person_rows),
        tuple(result),
    )
