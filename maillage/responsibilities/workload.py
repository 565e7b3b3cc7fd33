"""Time and workload per person and month, from the engine's snapshot (no database access here).

Task days follow the engine's timeline: a monthly rate applies pro rata of the part of each month
the task covers. Governance days come from the bodies a person sits in. Over-allocation is what
the analysis rule PERSON_OVERALLOCATED finds, so the heat map and the analysis always agree.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from maillage.engine.analysis.rules import check_all
from maillage.engine.snapshot import ProjectSnapshot
from maillage.engine.timeline import governance_days_by_month, task_month_fractions

OVERALLOCATION_RULE = "PERSON_OVERALLOCATED"


@dataclass
class MonthLoad:
    month: datetime.date
    task_days: float = 0.0
    governance_days: float = 0.0
    available_days: float = 0.0
    overallocated: bool = False

    @property
    def load(self) -> float:
        return round(self.task_days + self.governance_days, 2)

    @property
    def ratio(self) -> float | None:
        """Load over availability; None when nothing is available and nothing is asked."""
        if self.available_days > 0:
            return self.load / self.available_days
        return None if self.load == 0 else float("inf")

    @property
    def level(self) -> int:
        """Heat map class: 0 idle, 1 light, 2 busy, 3 full, 4 over capacity."""
        if self.overallocated:
            return 4
        ratio = self.ratio
        if ratio is None or ratio == 0:
            return 0
        return 1 if ratio < 0.5 else 2 if ratio < 0.9 else 3


@dataclass
class PersonLoad:
    person_id: int
    name: str
    months: list[MonthLoad] = field(default_factory=list)

    @property
    def overallocated(self) -> bool:
        return any(month.overallocated for month in self.months)


def person_loads(snapshot: ProjectSnapshot, person_ids: set[int] | None = None) -> list[PersonLoad]:
    """Load of each person of the project (or of `person_ids`) in each month of the horizon."""
    months = snapshot.months
    fractions = {
        t.id: task_month_fractions(t, months) for t in snapshot.tasks if t.status != "cancelled"
    }
    task_days: dict[int, list[float]] = defaultdict(lambda: [0.0] * len(months))
    for assignment in snapshot.assignments:
        shares = fractions.get(assignment.task_id)
        if shares is None or assignment.days_per_month <= 0:
            continue
        row = task_days[assignment.person_id]
        for index, share in enumerate(shares):
            row[index] += assignment.days_per_month * share
    governance = governance_days_by_month(snapshot.bodies, months)
    flagged = {
        (finding.object_id, finding.month)
        for finding in check_all(snapshot, codes=frozenset({OVERALLOCATION_RULE}))
    }
    loads = []
    for person in sorted(snapshot.people, key=lambda p: (p.name, p.id)):
        if person_ids is not None and person.id not in person_ids:
            continue
        if person_ids is None and not (person.in_project or person.id in task_days):
            continue
        row = task_days.get(person.id, [0.0] * len(months))
        loads.append(
            PersonLoad(
                person.id,
                person.name,
                [
                    MonthLoad(
                        month,
                        round(row[index], 2),
                        round(governance[person.id][index], 2) if person.id in governance else 0.0,
                        person.availability[index] if index < len(person.availability) else 0.0,
                        (person.id, month) in flagged,
                    )
                    for index, month in enumerate(months)
                ],
            )
        )
    return loads


@dataclass
class OrganisationLoad:
    organisation_id: int
    name: str
    months: list[MonthLoad] = field(default_factory=list)


def organisation_loads(
    snapshot: ProjectSnapshot, loads: list[PersonLoad]
) -> list[OrganisationLoad]:
    """Each person's load and availability shared among their employers by time share."""
    people = {p.id: p for p in snapshot.people}
    names = {o.id: o.name for o in snapshot.organisations}
    result: dict[int, OrganisationLoad] = {}
    for load in loads:
        employments = people[load.person_id].employments
        total = sum(e.time_share for e in employments)
        for employment in employments:
            weight = employment.time_share / total if total > 0 else 1.0 / len(employments)
            entry = result.setdefault(
                employment.organisation_id,
                OrganisationLoad(
                    employment.organisation_id,
                    names.get(employment.organisation_id, "?"),
                    [MonthLoad(m.month) for m in load.months],
                ),
            )
            for total_month, month in zip(entry.months, load.months, strict=True):
                total_month.task_days = round(total_month.task_days + month.task_days * weight, 2)
                total_month.governance_days = round(
                    total_month.governance_days + month.governance_days * weight, 2
                )
                total_month.available_days = round(
                    total_month.available_days + month.available_days * weight, 2
                )
                total_month.overallocated = total_month.overallocated or (
                    total_month.load > total_month.available_days + 1e-9
                )
    return sorted(result.values(), key=lambda o: o.name)
