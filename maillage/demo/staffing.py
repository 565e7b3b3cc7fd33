"""Staffing of the demo: needs, leads and contributors within everyone's capacity.

A mixin of the demo builder: it shares the builder's state (people, levels, availability,
governance load, tasks) and keeps, per person and month, the days already allocated, computed
with the engine's pro rata rule, so that nobody is over-allocated but where planted.
"""

from __future__ import annotations

import calendar
import datetime
import math
from decimal import Decimal

from maillage.demo import data, defects
from maillage.projects.models import Task
from maillage.staffing.models import Assignment, Need


def half_day(value: float) -> Decimal:
    """Rounded to the half day, as a practitioner would write it."""
    return Decimal(round(value * 2) / 2).quantize(Decimal("0.01"))


def month_fractions(
    start: datetime.date, end: datetime.date, months: list[datetime.date]
) -> list[float]:
    """Share of each month covered by [start, end]: the engine's pro rata rule."""
    fractions = []
    for month in months:
        length = calendar.monthrange(month.year, month.month)[1]
        first, last = month, month.replace(day=length)
        lo, hi = max(start, first), min(end, last)
        fractions.append(((hi - lo).days + 1) / length if hi >= lo else 0.0)
    return fractions


class StaffingMixin:
    # -- capacity --------------------------------------------------------------------------
    def capacity(self, key: str, month: int) -> float:
        return self.availability[key][month] - self.governance[key]

    def fits(self, key: str, task: Task, days: float) -> bool:
        """Whether `days` a month on `task` stay within the person's capacity every month."""
        return all(
            self.load[key][m] + days * f <= self.capacity(key, m) + 1e-9
            for m, f in enumerate(self.fractions(task))
            if f
        )

    def assign(self, task: Task, key: str, responsibility: str, days: float) -> Assignment:
        assert key not in self.on_task[task.pk], (task.title, key)
        self.on_task[task.pk].add(key)
        for m, f in enumerate(self.fractions(task)):
            self.load[key][m] += days * f
        return Assignment.objects.create(
            task=task,
            person=self.people[key],
            responsibility=responsibility,
            days_per_month=half_day(days),
        )

    def is_planted(self, title: str) -> bool:
        return title in {
            defects.OVER_ALLOCATING_TASK,
            defects.TASK_WITHOUT_LEAD,
            defects.LEAD_WITHOUT_MANDATE[1],
        }

    def project_people(self) -> list[data.Human]:
        return [h for h in data.PEOPLE if h.in_project]

    def best_level(self, code: str) -> int:
        return max((self.levels[h.key].get(code, 0) for h in self.project_people()), default=0)

    def qualified(self, key: str, need: Need) -> bool:
        return self.levels[key].get(need.competency.code, 0) >= need.min_level

    def lead_candidates(self, task: Task) -> list[str]:
        """People of the lead organisation who may lead: qualified for a need first."""
        org_key = next(k for k, o in self.orgs.items() if o.pk == task.lead_organisation_id)
        needs = self.needs.get(task.title, [])
        candidates = [
            h.key
            for h in self.project_people()
            if any(e[0] == org_key for e in h.employments)
            and h.mandate != "none"
            and h.kind not in ("elected", "volunteer")
        ]
        return sorted(
            candidates,
            key=lambda key: (
                bool(needs) and not any(self.qualified(key, n) for n in needs),
                -sum(self.levels[key].get(n.competency.code, 0) for n in needs),
            ),
        )

    def build_staffing(self) -> None:
        """Needs on every leaf task, then a lead for every task, then contributors."""
        for title, spec in self.specs.items():
            self.needs[title] = []
            if spec.children or spec.milestone_day:
                continue
            levels = {
                code: min(self.rng.choice([2, 2, 3]), self.best_level(code))
                for code in spec.competencies
            }
            task = self.tasks[title]
            if task.lead_organisation_id is not None:
                # The lead organisation can lead its own task: someone there reaches the level
                # of at least one need (else the catalogue is wrong).
                in_org = self.lead_candidates(task)
                reach = {
                    c: max((self.levels[k].get(c, 0) for k in in_org), default=0) for c in levels
                }
                if not any(reach[c] >= level for c, level in levels.items()):
                    code = max(levels, key=lambda c: reach[c])
                    assert reach[code] >= 1, f"{task.lead_organisation} cannot lead {title!r}"
                    levels[code] = reach[code]
            for code, level in levels.items():
                days = self.rng.choice([0.5, 1, 1, 1.5, 2, 3])
                self.needs[title].append(
                    Need.objects.create(
                        task=task,
                        competency=self.competencies[code],
                        min_level=level,
                        days_per_month=half_day(days),
                    )
                )
        self.plant_assignments()
        staffed = [title for title in self.specs if not self.is_planted(title)]
        # Leaves first: their leads need more days than the coordination of a parent task.
        for title in sorted(staffed, key=lambda t: bool(self.specs[t].children)):
            spec = self.specs[title]
            if spec.milestone_day:
                days = 0.0  # a milestone is a date, not work
            elif spec.children:
                days = 0.5
            else:
                days = self.rng.choice([0.5, 1, 1, 1.5])
            self.pick_lead(self.tasks[title], days)
        for title in staffed:
            spec, task = self.specs[title], self.tasks[title]
            if spec.milestone_day:
                self.add_validator(task)
            if spec.children or spec.milestone_day:
                continue
            self.staff_needs(task)
            uncovered = [
                need.competency.code
                for need in self.needs[title]
                if not any(self.qualified(key, need) for key in self.on_task[task.pk])
                and title != defects.UNHELD_NEED_TASK
            ]
            if uncovered:
                raise RuntimeError(f"Demo generation: {title!r} lacks {uncovered}")
            axis = task.axis
            if axis is not None and axis.political_referent_id and self.rng.random() < 0.4:
                referent = next(
                    k for k, p in self.people.items() if p.pk == axis.political_referent_id
                )
                if referent not in self.on_task[task.pk]:
                    self.assign(task, referent, Assignment.Responsibility.INFORMED, 0)

    def add_validator(self, task: Task) -> None:
        """Elected officials validate the milestones: the axis's political referent, else the
        vice-president in charge of the project (when the data model knows that role)."""
        validator = "validator"
        if validator not in Assignment.Responsibility.values:
            return
        referent = task.axis.political_referent_id if task.axis else None
        key = next((k for k, p in self.people.items() if p.pk == referent), "yannick")
        if key not in self.on_task[task.pk]:
            self.assign(task, key, validator, 0)

    def plant_assignments(self) -> None:
        """The planted assignments that stay within capacity, made before the bulk."""
        # A task with a contributor and no lead at all (its lead organisation is None).
        task = self.tasks[defects.TASK_WITHOUT_LEAD]
        assert task.lead_organisation_id is None
        self.assign(task, "nathalie", Assignment.Responsibility.CONTRIBUTOR, 0.5)
        # A lead without a mandate.
        task = self.tasks[defects.LEAD_WITHOUT_MANDATE[1]]
        self.assign(task, "camille", Assignment.Responsibility.LEAD, 1)
        self.assign(task, "maelle", Assignment.Responsibility.CONTRIBUTOR, 0.5)
        for key in ("camille", "nathalie", "maelle"):
            assert all(self.load[key][m] <= self.capacity(key, m) for m in range(12)), key

    def pick_lead(self, task: Task, days: float) -> str:
        """A lead from the lead organisation, qualified for one of the task's needs."""
        needs = self.needs[task.title]
        candidates = [
            key
            for key in self.lead_candidates(task)
            if not needs or any(self.qualified(key, need) for need in needs)
        ]
        for wanted in (days, min(days, 0.5)):
            for key in candidates:
                if self.fits(key, task, wanted):
                    self.assign(task, key, Assignment.Responsibility.LEAD, wanted)
                    return key
        raise RuntimeError(f"Demo generation: nobody can lead {task.title!r}")

    def staff_needs(self, task: Task) -> None:
        """A qualified contributor for each need its lead does not cover, within capacity."""
        for need in self.needs[task.title]:
            workers = self.on_task[task.pk]
            if any(self.qualified(key, need) for key in workers):
                continue
            holders = [
                h.key
                for h in self.project_people()
                if self.qualified(h.key, need) and h.key not in workers and h.key != "claire"
            ]
            self.rng.shuffle(holders)
            for key in holders:
                days = next(
                    (d for d in (float(need.days_per_month), 0.5) if self.fits(key, task, d)),
                    None,
                )
                if days is not None:
                    self.assign(task, key, Assignment.Responsibility.CONTRIBUTOR, days)
                    break
            if self.rng.random() < 0.25:
                others = [
                    h.key
                    for h in self.project_people()
                    if h.key not in self.on_task[task.pk]
                    and self.levels[h.key].get(need.competency.code, 0) >= 2
                ]
                if others:
                    consulted = self.rng.choice(others)
                    self.assign(task, consulted, Assignment.Responsibility.CONSULTED, 0)

    # -- planted defects -------------------------------------------------------------------
    def plant_defects(self) -> None:
        # Over-allocation: the chargée de mission alone on a one-month task, beyond her time.
        task = self.tasks[defects.OVER_ALLOCATING_TASK]
        month = defects.OVER_ALLOCATED_MONTH_OFFSET
        assert self.fractions(task) == [1.0 if m == month else 0.0 for m in range(12)]
        remaining = self.capacity("claire", month) - self.load["claire"][month]
        self.assign(
            task, "claire", Assignment.Responsibility.LEAD, math.ceil(max(remaining, 0)) + 2.5
        )
        # A need at a level nobody holds.
        Need.objects.filter(
            task=self.tasks[defects.UNHELD_NEED_TASK],
            competency=self.competencies[defects.UNHELD_COMPETENCY],
        ).update(min_level=defects.UNHELD_NEED_LEVEL)
        # The other planted defects are in the hand-written content (data.py): the axis
        # without political referent, the elected technical referent sitting in every body,
        # the duplicate surveys, the under-funded vegetable unit, the pop-up grocery ending
        # late and the SAFER agreement started in a draft step.
