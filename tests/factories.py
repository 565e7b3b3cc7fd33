"""Small factory functions for tests: each makes one valid object with sensible defaults."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model

from maillage.competencies.models import Assessment, Competency, Framework, Level
from maillage.directory.models import Availability, Employment, Organisation, Person, Territory
from maillage.governance.models import Body, BodyMember
from maillage.projects.models import (
    Axis,
    BudgetLine,
    Deliverable,
    ExpectedResult,
    Membership,
    Objective,
    Project,
    ProjectOrganisation,
    ProjectPerson,
    Step,
    Task,
    TaskDependency,
)
from maillage.staffing.models import Assignment, Need

_counter = itertools.count(1)
HORIZON_START = datetime.date(2026, 1, 1)


def _n() -> int:
    return next(_counter)


def make_user(username: str | None = None, **fields: Any) -> Any:
    username = username or f"user{_n()}"
    return get_user_model().objects.create_user(
        username=username, password="secret-password", **fields
    )


def make_territory(name: str | None = None, level: str = Territory.Level.EPCI) -> Territory:
    return Territory.objects.create(name=name or f"Territoire {_n()}", level=level)


def make_framework(name: str | None = None, competencies: int = 3) -> Framework:
    framework = Framework.objects.create(name=name or f"Référentiel {_n()}")
    for value, label in enumerate(["Notions", "Pratique", "Maîtrise", "Expertise"], start=1):
        Level.objects.create(framework=framework, value=value, label=label)
    for _ in range(competencies):
        make_competency(framework)
    return framework


def make_competency(framework: Framework, **fields: Any) -> Competency:
    n = _n()
    fields.setdefault("code", f"C{n}")
    fields.setdefault("name", f"Compétence {n}")
    return Competency.objects.create(framework=framework, **fields)


def make_organisation(
    project: Project | None = None,
    *,
    territory: Territory | None = None,
    is_sponsor: bool = False,
    **fields: Any,
) -> Organisation:
    """An organisation, taking part in `project` when one is given."""
    if territory is None:
        territory = project.territory if project else make_territory()
    fields.setdefault("name", f"Structure {_n()}")
    fields.setdefault("kind", Organisation.Kind.ASSOCIATION)
    organisation = Organisation.objects.create(territory=territory, **fields)
    if project is not None:
        ProjectOrganisation.objects.create(
            project=project, organisation=organisation, is_sponsor=is_sponsor
        )
    return organisation


def make_project(
    name: str | None = None,
    *,
    coordinator: Any = None,
    framework: Framework | None = None,
    **fields: Any,
) -> Project:
    """A project with its territory, carrier (linked) and framework."""
    territory = fields.pop("territory", None) or make_territory()
    carrier = fields.pop("carrier", None) or make_organisation(
        territory=territory, kind=Organisation.Kind.EPCI, name=f"Communauté {_n()}"
    )
    project = Project.objects.create(
        name=name or f"Projet {_n()}",
        territory=territory,
        carrier=carrier,
        framework=framework or make_framework(),
        horizon_start=fields.pop("horizon_start", HORIZON_START),
        **fields,
    )
    ProjectOrganisation.objects.create(project=project, organisation=carrier)
    if coordinator is not None:
        make_membership(project, coordinator, Membership.Role.COORDINATOR)
    return project


def make_membership(project: Project, user: Any, role: str) -> Membership:
    return Membership.objects.create(project=project, user=user, role=role)


def make_person(
    project: Project,
    *,
    organisation: Organisation | None = None,
    time_share: Decimal | str = "1",
    mandate: str = ProjectPerson.Mandate.WRITTEN,
    leeway: str = ProjectPerson.Leeway.PROPOSES,
    **fields: Any,
) -> Person:
    """A person of `project`, employed by `organisation` (default: the carrier)."""
    n = _n()
    fields.setdefault("first_name", f"Prénom{n}")
    fields.setdefault("last_name", f"Nom{n}")
    fields.setdefault("kind", Person.Kind.AGENT)
    fields.setdefault("email", f"personne{n}@example.org")
    fields.setdefault("phone", f"02 99 00 {n % 100:02d} {n % 97:02d}")
    person = Person.objects.create(**fields)
    ProjectPerson.objects.create(project=project, person=person, mandate=mandate, leeway=leeway)
    Employment.objects.create(
        person=person,
        organisation=organisation or project.carrier,
        time_share=Decimal(time_share),
    )
    return person


def make_assessment(person: Person, competency: Competency, **fields: Any) -> Assessment:
    fields.setdefault("level", 2)
    fields.setdefault("motivation", 3)
    fields.setdefault("legitimacy", 2)
    return Assessment.objects.create(person=person, competency=competency, **fields)


def make_axis(project: Project, **fields: Any) -> Axis:
    n = _n()
    fields.setdefault("code", f"A{n}")
    fields.setdefault("name", f"Axe {n}")
    return Axis.objects.create(project=project, **fields)


def make_step(project: Project, **fields: Any) -> Step:
    fields.setdefault("name", f"Étape {_n()}")
    fields.setdefault("start", project.horizon_start)
    fields.setdefault("end", project.horizon_end)
    return Step.objects.create(project=project, **fields)


def make_task(project: Project, *, parent: Task | None = None, **fields: Any) -> Task:
    fields.setdefault("title", f"Tâche {_n()}")
    fields.setdefault("start", parent.start if parent else project.horizon_start)
    fields.setdefault("end", parent.end if parent else project.horizon_end)
    return Task.objects.create(project=project, parent=parent, **fields)


def make_need(task: Task, competency: Competency, **fields: Any) -> Need:
    fields.setdefault("min_level", 2)
    fields.setdefault("days_per_month", Decimal("2"))
    return Need.objects.create(task=task, competency=competency, **fields)


def make_assignment(
    task: Task, person: Person, responsibility: str = Assignment.Responsibility.LEAD, **fields: Any
) -> Assignment:
    fields.setdefault("days_per_month", Decimal("1.5"))
    return Assignment.objects.create(
        task=task, person=person, responsibility=responsibility, **fields
    )


def make_body(project: Project, members: list[Person] | None = None, **fields: Any) -> Body:
    fields.setdefault("name", f"Comité {_n()}")
    fields.setdefault("kind", Body.Kind.COTECH)
    fields.setdefault("meetings_per_year", 4)
    fields.setdefault("meeting_days", Decimal("0.5"))
    body = Body.objects.create(project=project, **fields)
    for person in members or []:
        BodyMember.objects.create(body=body, person=person)
    return body


DATASET_SIZES = {"small": 3, "large": 30}


def make_dataset(project: Project, size: str = "small") -> dict[str, list[Any]]:
    """Fill `project` with N of everything (small ≈ 3, large ≈ 30), linked like real data.

    Pages must run the same number of queries for both sizes.
    """
    n = DATASET_SIZES[size]
    competencies = list(project.framework.competencies.all()) or [
        make_competency(project.framework) for _ in range(3)
    ]
    while len(competencies) < n:
        competencies.append(make_competency(project.framework))
    organisations = [project.carrier] + [
        make_organisation(project, is_sponsor=(i == 0)) for i in range(n)
    ]
    people = []
    months = project.horizon_month_starts()
    for i in range(n):
        person = make_person(
            project,
            organisation=organisations[i % len(organisations)],
            time_share="0.8",
            kind=Person.Kind.values[i % len(Person.Kind.values)],
            job_title=f"Chargé·e de mission {i}",
        )
        Employment.objects.create(
            person=person,
            organisation=organisations[(i + 1) % len(organisations)],
            time_share=Decimal("0.2"),
        )
        Availability.objects.bulk_create(
            Availability(person=person, month=month, days=Decimal("4")) for month in months
        )
        for competency in competencies[i % 3 : i % 3 + 2]:
            make_assessment(person, competency, validated_level=3 if i % 2 else None)
        people.append(person)
    objectives = []
    for i in range(n):
        objective = Objective.objects.create(project=project, title=f"Objectif {i}", order=i)
        ExpectedResult.objects.create(objective=objective, title=f"Attendu {i}", target="10")
        objectives.append(objective)
    axes = [
        make_axis(
            project,
            lead=people[i % n],
            lead_organisation=organisations[i % len(organisations)],
            political_referent=people[(i + 1) % n] if i % 3 else None,
            technical_referent=people[(i + 2) % n],
        )
        for i in range(n)
    ]
    steps = [make_step(project, order=i, status=Step.Status.values[i % 3]) for i in range(n)]
    tasks = []
    previous = None
    for i in range(n):
        task = make_task(
            project,
            axis=axes[i % len(axes)],
            step=steps[i % len(steps)],
            lead_organisation=organisations[i % len(organisations)],
            is_milestone=(i % 2 == 0),
            budget=Decimal("1000"),
            progress=10 * (i % 10),
        )
        make_need(task, competencies[i % len(competencies)])
        make_assignment(task, people[i % n], Assignment.Responsibility.LEAD)
        make_assignment(task, people[(i + 1) % n], Assignment.Responsibility.CONTRIBUTOR)
        BudgetLine.objects.create(task=task, funder=BudgetLine.Funder.ADEME, amount=500)
        Deliverable.objects.create(task=task, title=f"Livrable {i}")
        for j in range(2):
            sub = make_task(project, parent=task, title=f"Sous-tâche {i}.{j}")
            make_need(sub, competencies[(i + j) % len(competencies)])
            make_assignment(sub, people[(i + j) % n])
            tasks.append(sub)
        if previous is not None:
            TaskDependency.objects.create(predecessor=previous, successor=task)
        previous = task
        tasks.append(task)
    bodies = [
        make_body(project, members=people[i : i + 3], animator=people[i % n]) for i in range(n)
    ]
    return {
        "organisations": organisations,
        "people": people,
        "competencies": competencies,
        "objectives": objectives,
        "axes": axes,
        "steps": steps,
        "tasks": tasks,
        "bodies": bodies,
    }
