"""Typed, frozen data classes describing one project at one moment: the engine's only input.

Times are person-days per calendar month. Monthly series (availability) are tuples aligned with
`ProjectSnapshot.months`, the first day of each month of the project's horizon.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Territory:
    id: int
    name: str
    level: str  # commune, epci, departement, region
    parent_id: int | None = None
    neighbour_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Organisation:
    id: int
    name: str
    kind: str
    territory_id: int
    in_project: bool = True
    is_sponsor: bool = False


@dataclass(frozen=True, slots=True)
class Employment:
    organisation_id: int
    time_share: float  # share of a full-time post agreed with the organisation, 0..1


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    name: str
    kind: str  # agent, technician, elected, partner, volunteer, other
    employments: tuple[Employment, ...] = ()
    availability: tuple[float, ...] = ()  # days per month of the horizon
    in_project: bool = True
    mandate: str | None = None  # none, oral, written, deliberation (None: not in the project)
    leeway: str | None = None  # decides, proposes, carries_out


@dataclass(frozen=True, slots=True)
class Competency:
    id: int
    code: str
    name: str
    parent_id: int | None = None


@dataclass(frozen=True, slots=True)
class Assessment:
    person_id: int
    competency_id: int
    level: int  # validated level when there is one, else the declared level
    motivation: int  # 1..4
    legitimacy: int  # 1..4


@dataclass(frozen=True, slots=True)
class Axis:
    id: int
    code: str
    name: str
    lead_id: int | None = None
    political_referent_id: int | None = None
    technical_referent_id: int | None = None
    lead_organisation_id: int | None = None
    pat_fields: tuple[str, ...] = ()  # fields of food of a PAT axis
    is_archived: bool = False


@dataclass(frozen=True, slots=True)
class Step:
    id: int
    name: str
    start: datetime.date
    end: datetime.date
    status: str  # draft, submitted, validated


@dataclass(frozen=True, slots=True)
class Task:
    id: int
    title: str
    start: datetime.date
    end: datetime.date
    description: str = ""
    parent_id: int | None = None
    step_id: int | None = None
    axis_id: int | None = None
    is_milestone: bool = False
    status: str = "planned"
    lead_organisation_id: int | None = None
    budget: float = 0.0
    funding: float = 0.0  # sum of the task's budget lines
    predecessor_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Need:
    id: int
    task_id: int
    competency_id: int
    min_level: int
    days_per_month: float


@dataclass(frozen=True, slots=True)
class Assignment:
    id: int
    task_id: int
    person_id: int
    responsibility: str  # lead, contributor, consulted, informed
    days_per_month: float
    is_locked: bool = False


@dataclass(frozen=True, slots=True)
class Body:
    id: int
    name: str
    kind: str  # copil, cotech, project_group, working_group, food_council, plenary, other
    meetings_per_year: int
    meeting_days: float  # per meeting and member; the animator counts twice (preparation)
    member_ids: tuple[int, ...] = ()
    axis_ids: tuple[int, ...] = ()
    animator_id: int | None = None
    # Month numbers (1 = January) in which it meets; empty: spread evenly over the 12 months.
    months: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class ProjectSnapshot:
    id: int
    name: str
    kind: str
    months: tuple[datetime.date, ...]
    levels: tuple[int, ...]  # the framework's know-how scale, ascending
    carrier_id: int | None = None
    allow_work_on_unvalidated_steps: bool = False
    territories: tuple[Territory, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    people: tuple[Person, ...] = ()
    competencies: tuple[Competency, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    axes: tuple[Axis, ...] = ()
    steps: tuple[Step, ...] = ()
    tasks: tuple[Task, ...] = ()
    needs: tuple[Need, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    bodies: tuple[Body, ...] = ()

    @property
    def horizon_start(self) -> datetime.date:
        return self.months[0]
