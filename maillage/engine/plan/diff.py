"""What changed between two plans: tasks added, removed, moved, re-dated, re-staffed, budgets.

Tasks and steps are matched by their key (the database id), so a renamed task is the same task.
People and organisations are compared by id and responsibilities by code: the result never
depends on names or on the language of whoever froze or reads the plans.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from maillage.engine.plan.model import Plan, PlannedStep, PlannedTask


class Change(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    MOVED = "moved"  # another parent, step or axis
    REDATED = "redated"
    RESTAFFED = "restaffed"  # other people, lead organisation or person-days
    BUDGET = "budget"  # total or lines per funder
    RENAMED = "renamed"
    PROGRESS = "progress"  # status or progress


@dataclass(frozen=True)
class TaskChange:
    key: int
    title: str
    changes: frozenset[Change]
    before: PlannedTask | None
    after: PlannedTask | None


@dataclass(frozen=True)
class StepChange:
    key: int
    name: str
    changes: frozenset[Change]
    before: PlannedStep | None
    after: PlannedStep | None


@dataclass(frozen=True)
class PlanDiff:
    tasks: tuple[TaskChange, ...]
    steps: tuple[StepChange, ...]
    # Display only: the names of both plans, the newer one's winning.
    person_names: dict[int, str] = field(default_factory=dict, compare=False)
    organisation_names: dict[int, str] = field(default_factory=dict, compare=False)

    @property
    def is_empty(self) -> bool:
        return not self.tasks and not self.steps

    def tasks_with(self, change: Change) -> list[TaskChange]:
        return [task for task in self.tasks if change in task.changes]

    def counts(self) -> dict[Change, int]:
        return {change: len(self.tasks_with(change)) for change in Change}


def task_changes(before: PlannedTask, after: PlannedTask) -> frozenset[Change]:
    found: set[Change] = set()
    if (before.parent, before.step, before.axis) != (after.parent, after.step, after.axis):
        found.add(Change.MOVED)
    if (before.start, before.end) != (after.start, after.end):
        found.add(Change.REDATED)
    if (sorted(before.people), before.lead_organisation, before.days_per_month) != (
        sorted(after.people),
        after.lead_organisation,
        after.days_per_month,
    ):
        found.add(Change.RESTAFFED)
    if before.budget != after.budget or dict(before.budget_lines) != dict(after.budget_lines):
        found.add(Change.BUDGET)
    if before.title != after.title:
        found.add(Change.RENAMED)
    if (before.status, before.progress) != (after.status, after.progress):
        found.add(Change.PROGRESS)
    return frozenset(found)


def step_changes(before: PlannedStep, after: PlannedStep) -> frozenset[Change]:
    found: set[Change] = set()
    if (before.start, before.end) != (after.start, after.end):
        found.add(Change.REDATED)
    if before.name != after.name:
        found.add(Change.RENAMED)
    return frozenset(found)


def diff_plans(old: Plan, new: Plan) -> PlanDiff:
    """Every task and step that differs, in the order of the new plan, removed ones last."""
    old_tasks = {task.key: task for task in old.tasks}
    new_tasks = {task.key: task for task in new.tasks}
    tasks: list[TaskChange] = []
    for key, after in new_tasks.items():
        before = old_tasks.get(key)
        changes = frozenset({Change.ADDED}) if before is None else task_changes(before, after)
        if changes:
            tasks.append(TaskChange(key, after.title, changes, before, after))
    for key, before in old_tasks.items():
        if key not in new_tasks:
            tasks.append(TaskChange(key, before.title, frozenset({Change.REMOVED}), before, None))

    old_steps = {step.key: step for step in old.steps}
    new_steps = {step.key: step for step in new.steps}
    steps: list[StepChange] = []
    for key, after_step in new_steps.items():
        before_step = old_steps.get(key)
        changes = (
            frozenset({Change.ADDED})
            if before_step is None
            else step_changes(before_step, after_step)
        )
        if changes:
            steps.append(StepChange(key, after_step.name, changes, before_step, after_step))
    for key, before_step in old_steps.items():
        if key not in new_steps:
            steps.append(
                StepChange(key, before_step.name, frozenset({Change.REMOVED}), before_step, None)
            )
    return PlanDiff(
        tuple(tasks),
        tuple(steps),
        person_names={**old.person_names, **new.person_names},
        organisation_names={**old.organisation_names, **new.organisation_names},
    )
