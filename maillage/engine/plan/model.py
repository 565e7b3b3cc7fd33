"""A plan at one moment: steps and tasks with dates, means and responsibilities, as JSON.

Everything that is compared is a stable identifier or a raw value (person and organisation ids,
responsibility and funder codes): never a rendered or translated label, so that two plans
compare the same whatever the language of who froze or reads them. The names of the people and
organisations as they were are kept beside, for display only.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

JSON = dict[str, Any]
FORMAT = 2  # 1: people and lead organisation stored as rendered labels


class Staffing(NamedTuple):
    """One person on a task."""

    person: int
    responsibility: str  # the code, e.g. "lead"


def _date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


@dataclass(frozen=True)
class PlannedStep:
    key: int
    name: str
    start: datetime.date
    end: datetime.date

    def to_json(self) -> JSON:
        return {
            "key": self.key,
            "name": self.name,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }

    @classmethod
    def from_json(cls, data: JSON) -> PlannedStep:
        return cls(data["key"], data["name"], _date(data["start"]), _date(data["end"]))


@dataclass(frozen=True)
class PlannedTask:
    """A task as the sponsors saw it; `people` are (person id, responsibility code), sorted."""

    key: int
    title: str
    start: datetime.date
    end: datetime.date
    parent: int | None = None
    step: int | None = None
    axis: str = ""
    is_milestone: bool = False
    lead_organisation: int | None = None
    people: tuple[Staffing, ...] = ()
    days_per_month: Decimal = Decimal(0)
    budget: Decimal = Decimal(0)
    budget_lines: tuple[tuple[str, Decimal], ...] = ()
    status: str = "planned"
    progress: int = 0
    predecessors: tuple[int, ...] = ()

    def to_json(self) -> JSON:
        return {
            "key": self.key,
            "title": self.title,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "parent": self.parent,
            "step": self.step,
            "axis": self.axis,
            "is_milestone": self.is_milestone,
            "lead_organisation": self.lead_organisation,
            "people": [[person, responsibility] for person, responsibility in self.people],
            "days_per_month": str(self.days_per_month),
            "budget": str(self.budget),
            "budget_lines": [[funder, str(amount)] for funder, amount in self.budget_lines],
            "status": self.status,
            "progress": self.progress,
            "predecessors": list(self.predecessors),
        }

    @classmethod
    def from_json(cls, data: JSON) -> PlannedTask:
        return cls(
            key=data["key"],
            title=data["title"],
            start=_date(data["start"]),
            end=_date(data["end"]),
            parent=data.get("parent"),
            step=data.get("step"),
            axis=data.get("axis", ""),
            is_milestone=bool(data.get("is_milestone", False)),
            lead_organisation=data.get("lead_organisation"),
            people=tuple(
                Staffing(person, responsibility)
                for person, responsibility in data.get("people", ())
            ),
            days_per_month=Decimal(data.get("days_per_month", "0")),
            budget=Decimal(data.get("budget", "0")),
            budget_lines=tuple(
                (funder, Decimal(amount)) for funder, amount in data.get("budget_lines", ())
            ),
            status=data.get("status", "planned"),
            progress=int(data.get("progress", 0)),
            predecessors=tuple(data.get("predecessors", ())),
        )


@dataclass(frozen=True)
class Plan:
    horizon_start: datetime.date
    horizon_months: int
    steps: tuple[PlannedStep, ...] = ()
    tasks: tuple[PlannedTask, ...] = field(default=())
    # Display only, never compared: names as they were when the plan was taken.
    person_names: dict[int, str] = field(default_factory=dict, compare=False)
    organisation_names: dict[int, str] = field(default_factory=dict, compare=False)

    def to_json(self) -> JSON:
        return {
            "format": FORMAT,
            "horizon_start": self.horizon_start.isoformat(),
            "horizon_months": self.horizon_months,
            "steps": [step.to_json() for step in self.steps],
            "tasks": [task.to_json() for task in self.tasks],
            "person_names": {str(key): name for key, name in self.person_names.items()},
            "organisation_names": {str(key): name for key, name in self.organisation_names.items()},
        }

    @classmethod
    def from_json(cls, data: JSON) -> Plan:
        return cls(
            horizon_start=_date(data["horizon_start"]),
            horizon_months=int(data["horizon_months"]),
            steps=tuple(PlannedStep.from_json(step) for step in data.get("steps", ())),
            tasks=tuple(PlannedTask.from_json(task) for task in data.get("tasks", ())),
            person_names={int(key): name for key, name in data.get("person_names", {}).items()},
            organisation_names={
                int(key): name for key, name in data.get("organisation_names", {}).items()
            },
        )

    def step_names(self) -> dict[int, str]:
        return {step.key: step.name for step in self.steps}
