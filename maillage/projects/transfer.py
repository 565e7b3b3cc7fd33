"""A project to and from the project file (docs/file-format.md).

Export reads the project through the snapshot adapter and writes the engine's format, keeping
only the project's own people and organisations (and those its plan refers to), each person
with their e-mail address. Import loads a file all or nothing: the engine's loader checks the
whole document first, then every object is built and its fields checked against the database's
limits (each problem named by the JSON path of the value), and only then is anything written,
in one transaction. The file's ids are local to it: the import creates new rows and maps the
ids to them, except a person whose e-mail address is that of one person of the instance: that
person joins the project as they are (employers and time unchanged).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.db.models.functions import Lower

from maillage.analysis.changes import PEOPLE, data_changed
from maillage.competencies.models import Assessment, Competency, Framework, Level
from maillage.directory.models import Availability, Employment, Organisation, Person, Territory
from maillage.engine import snapshot as engine
from maillage.engine.fileformat import (
    FileError,
    ProjectFileError,
    dumps_project,
    load_project,
    loads_project,
)
from maillage.governance.models import Body, BodyMember
from maillage.projects.models import (
    Axis,
    BudgetLine,
    Membership,
    Project,
    ProjectOrganisation,
    ProjectPerson,
    Step,
    Task,
    TaskDependency,
)
from maillage.projects.snapshot import compose, read_people, read_plan
from maillage.staffing.models import Assignment, Need

IMPORTED_FUNDING_LABEL = "Financements importés"


def export_snapshot(project: Project) -> engine.ProjectSnapshot:
    """The snapshot of `project` restricted to what belongs to it.

    The analysis' snapshot also reads the directory around the project (people of other
    projects, with their time and assessments); a project file carries only the project's own
    people and those its plan refers to, their employers, and the project's organisations."""
    plan = read_plan(project)
    full = compose(project, read_people(project, plan.refs), plan)
    people = tuple(p for p in full.people if p.in_project or p.id in plan.refs.people)
    person_ids = {p.id for p in people}
    organisation_ids = (
        {o.id for o in full.organisations if o.in_project}
        | set(plan.refs.organisations)
        | {e.organisation_id for p in people for e in p.employments}
    )
    if full.carrier_id is not None:
        organisation_ids.add(full.carrier_id)
    return replace(
        full,
        people=people,
        organisations=tuple(o for o in full.organisations if o.id in organisation_ids),
        assessments=tuple(a for a in full.assessments if a.person_id in person_ids),
    )


def export_project(project: Project) -> str:
    """The project file's text for `project`: its own people and organisations only, each
    person with their e-mail address (so that an import finds them again)."""
    snapshot = export_snapshot(project)
    data = json.loads(dumps_project(snapshot))
    emails = dict(
        Person.objects.filter(pk__in=[p.id for p in snapshot.people])
        .exclude(email="")
        .values_list("pk", "email")
    )
    for person in data.get("people", []):
        if person["id"] in emails:
            person["email"] = emails[person["id"]]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True)
class ImportResult:
    project: Project
    created: dict[str, int]  # model verbose name (plural) -> rows created


def _money(value: float) -> Decimal:
    return Decimal(str(round(value, 2)))


def _split_name(name: str) -> tuple[str, str]:
    first, _, last = name.strip().partition(" ")
    return first, last.strip()


class _Builder:
    """Unsaved model instances with the JSON path they come from, checked before any write."""

    def __init__(self) -> None:
        self.errors: list[FileError] = []

    def check(
        self,
        instance: models.Model,
        path: str,
        fields: dict[str, str] | None = None,
        exclude: Iterable[str] = (),
    ) -> models.Model:
        """Run the model's field checks (foreign keys excluded: the import sets them)."""
        skipped = {f.name for f in instance._meta.concrete_fields if f.is_relation} | set(exclude)
        try:
            instance.clean_fields(exclude=list(skipped))
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                key = (fields or {}).get(field, field)
                where = f"{path}.{key}" if key else path
                for message in messages:
                    self.errors.append(FileError(where, message, message))
        return instance


def _counted(created: Counter[str], model: type[models.Model], rows: list[Any]) -> list[Any]:
    if rows:
        model._default_manager.bulk_create(rows)
        created[str(model._meta.verbose_name_plural)] += len(rows)
    return rows


def _people_by_email(raw_people: list[Any]) -> dict[int, Person]:
    """The file's people found in the instance: file id -> the one person with that e-mail."""
    wanted = {
        int(raw["id"]): str(raw["email"]).strip().lower()
        for raw in raw_people
        if isinstance(raw, dict) and str(raw.get("email") or "").strip()
    }
    if not wanted:
        return {}
    found: dict[str, list[Person]] = {}
    matches = Person.objects.annotate(email_lower=Lower("email")).filter(
        email_lower__in=set(wanted.values()), is_placeholder=False
    )
    for person in matches:
        found.setdefault(person.email.lower(), []).append(person)
    # Two people sharing an address are ambiguous: the file's person is then created.
    return {
        file_id: found[email][0]
        for file_id, email in wanted.items()
        if len(found.get(email, [])) == 1
    }


def import_project(text: str | bytes, *, owner_username: str | None = None) -> ImportResult:
    """Create the project of a project file, all or nothing; raise ProjectFileError if invalid."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        loads_project(text)  # raises the loader's error, with the line and column
        raise
    snapshot = load_project(data)  # raises ProjectFileError with JSON paths
    owner = None
    if owner_username:
        owner = get_user_model().objects.filter(username=owner_username).first()
        if owner is None:
            raise ProjectFileError(
                [
                    FileError(
                        "$",
                        f"user {owner_username!r} does not exist",
                        f"l'utilisateur « {owner_username} » n'existe pas",
                    )
                ]
            )
    try:
        with transaction.atomic():
            return _create(snapshot, data, owner)
    except DatabaseError as error:
        detail = " ".join(str(error).split())[:300]
        raise ProjectFileError(
            [FileError("$", f"the database refused it: {detail}", f"la base a refusé : {detail}")]
        ) from None


def _create(snapshot: engine.ProjectSnapshot, data: dict[str, Any], owner: Any) -> ImportResult:
    b = _Builder()
    created: Counter[str] = Counter()

    # Framework, levels, competencies.
    raw_framework = data["framework"]
    framework = b.check(
        Framework(name=raw_framework.get("name") or f"Référentiel — {snapshot.name}"),
        "$.framework",
    )
    levels = [
        b.check(
            Level(value=level, label=raw.get("label") or str(level)),
            f"$.framework.levels[{i}]",
        )
        for i, (level, raw) in enumerate(zip(snapshot.levels, raw_framework["levels"], strict=True))
    ]
    competencies = []
    seen_codes: dict[str, int] = {}
    for i, c in enumerate(snapshot.competencies):
        path = f"$.framework.competencies[{i}]"
        if c.code in seen_codes:
            b.errors.append(
                FileError(
                    f"{path}.code",
                    f"code {c.code!r} is already used by competency {seen_codes[c.code]}",
                    f"le code « {c.code} » est déjà pris par la compétence {seen_codes[c.code]}",
                )
            )
        seen_codes.setdefault(c.code, c.id)
        competencies.append(b.check(Competency(code=c.code, name=c.name), path))

    # Directory.
    territories = [
        b.check(Territory(name=t.name, level=t.level), f"$.territories[{i}]")
        for i, t in enumerate(snapshot.territories)
    ]
    organisations = [
        b.check(Organisation(name=o.name, kind=o.kind), f"$.organisations[{i}]")
        for i, o in enumerate(snapshot.organisations)
    ]
    # People: one found by the file's e-mail address (one person of the instance has it) is
    # linked to the project as they are; the others are created.
    people = []
    existing = _people_by_email(data.get("people", []))
    for i, p in enumerate(snapshot.people):
        if p.id in existing:
            continue
        first, last = _split_name(p.name)
        email = str(data["people"][i].get("email") or "").strip()
        people.append(
            b.check(
                Person(first_name=first, last_name=last, kind=p.kind, email=email),
                f"$.people[{i}]",
                {"first_name": "name", "last_name": "name"},
                exclude=() if first and last else ("first_name", "last_name"),
            )
        )

    # Project.
    carrier_id = snapshot.carrier_id
    if carrier_id is None:
        carrier_id = next((o.id for o in snapshot.organisations if o.in_project), None)
    if carrier_id is None:
        b.errors.append(
            FileError(
                "$.project.carrier_id",
                "a project needs a carrying organisation (none given, none in the project)",
                "un projet a besoin d'une organisation porteuse (aucune donnée, aucune dans le "
                "projet)",
            )
        )
    project = b.check(
        Project(
            name=snapshot.name,
            kind=snapshot.kind,
            horizon_start=snapshot.months[0],
            horizon_months=len(snapshot.months),
            allow_work_on_unvalidated_steps=snapshot.allow_work_on_unvalidated_steps,
        ),
        "$.project",
        {"horizon_start": "horizon.start", "horizon_months": "horizon.months"},
    )
    axes = [
        b.check(
            Axis(
                code=a.code,
                name=a.name,
                order=i,
                pat_fields=list(a.pat_fields),
                is_archived=a.is_archived,
            ),
            f"$.axes[{i}]",
        )
        for i, a in enumerate(snapshot.axes)
    ]
    steps = [
        b.check(
            Step(name=s.name, start=s.start, end=s.end, status=s.status, order=i), f"$.steps[{i}]"
        )
        for i, s in enumerate(snapshot.steps)
    ]
    tasks = [
        b.check(
            Task(
                title=t.title,
                description=t.description,
                start=t.start,
                end=t.end,
                is_milestone=t.is_milestone,
                status=t.status,
                budget=_money(t.budget),
                order=i,
            ),
            f"$.tasks[{i}]",
        )
        for i, t in enumerate(snapshot.tasks)
    ]
    needs = [
        b.check(
            Need(min_level=n.min_level, days_per_month=_money(n.days_per_month)), f"$.needs[{i}]"
        )
        for i, n in enumerate(snapshot.needs)
    ]
    assignments = [
        b.check(
            Assignment(
                responsibility=a.responsibility,
                days_per_month=_money(a.days_per_month),
                is_locked=a.is_locked,
            ),
            f"$.assignments[{i}]",
        )
        for i, a in enumerate(snapshot.assignments)
    ]
    bodies = [
        b.check(
            Body(
                name=x.name,
                kind=x.kind,
                meetings_per_year=x.meetings_per_year,
                meeting_days=_money(x.meeting_days),
                months=list(x.months),
            ),
            f"$.bodies[{i}]",
        )
        for i, x in enumerate(snapshot.bodies)
    ]
    employments = []
    availabilities = []
    for i, p in enumerate(snapshot.people):
        if p.id in existing:  # linked as they are: their employers and time are known here
            continue
        for j, e in enumerate(p.employments):
            employments.append(
                (
                    p.id,
                    e.organisation_id,
                    b.check(
                        Employment(time_share=_money(e.time_share)),
                        f"$.people[{i}].employments[{j}]",
                    ),
                )
            )
        for month, days in zip(snapshot.months, p.availability, strict=False):
            key = f'availability["{month:%Y-%m}"]'
            availabilities.append(
                (
                    p.id,
                    b.check(
                        Availability(month=month, days=_money(days)),
                        f"$.people[{i}]",
                        {"days": key, "month": key},
                    ),
                )
            )
    if b.errors:
        raise ProjectFileError(b.errors[:200])

    # Everything is valid: write, parents first. Bulk writes send no signal: say it once.
    data_changed(PEOPLE)
    framework.save()
    created[str(Framework._meta.verbose_name_plural)] += 1
    for level in levels:
        level.framework = framework
    _counted(created, Level, levels)
    competency_of = dict(zip((c.id for c in snapshot.competencies), competencies, strict=True))
    for c in competencies:
        c.framework = framework
    _counted(created, Competency, competencies)
    for c, row in zip(snapshot.competencies, competencies, strict=True):
        row.parent = competency_of.get(c.parent_id) if c.parent_id else None
    Competency.objects.bulk_update(
        [row for c, row in zip(snapshot.competencies, competencies, strict=True) if c.parent_id],
        ["parent"],
    )

    territory_of = dict(zip((t.id for t in snapshot.territories), territories, strict=True))
    _counted(created, Territory, territories)
    for t, row in zip(snapshot.territories, territories, strict=True):
        row.parent = territory_of.get(t.parent_id) if t.parent_id else None
    Territory.objects.bulk_update(
        [row for t, row in zip(snapshot.territories, territories, strict=True) if t.parent_id],
        ["parent"],
    )
    Through = Territory.neighbours.through
    pairs = {
        (territory_of[t.id].pk, territory_of[n].pk)
        for t in snapshot.territories
        for n in t.neighbour_ids
    }
    pairs |= {(b_, a_) for a_, b_ in pairs}
    Through.objects.bulk_create(
        [Through(from_territory_id=a_, to_territory_id=b_) for a_, b_ in sorted(pairs)]
    )

    organisation_of = dict(zip((o.id for o in snapshot.organisations), organisations, strict=True))
    for o, row in zip(snapshot.organisations, organisations, strict=True):
        row.territory = territory_of[o.territory_id]
    _counted(created, Organisation, organisations)
    new_people = [p.id for p in snapshot.people if p.id not in existing]
    person_of = {**dict(zip(new_people, people, strict=True)), **existing}
    _counted(created, Person, people)
    for person_id, organisation_id, row in employments:
        row.person = person_of[person_id]
        row.organisation = organisation_of[organisation_id]
    _counted(created, Employment, [row for _, _, row in employments])
    for person_id, row in availabilities:
        row.person = person_of[person_id]
    _counted(created, Availability, [row for _, row in availabilities])
    _counted(
        created,
        Assessment,
        [
            Assessment(
                person=person_of[a.person_id],
                competency=competency_of[a.competency_id],
                level=a.level,
                motivation=a.motivation,
                legitimacy=a.legitimacy,
            )
            for a in snapshot.assessments
        ],
    )

    carrier = organisation_of[carrier_id]  # type: ignore[index]
    project.carrier = carrier
    project.territory = carrier.territory
    project.framework = framework
    project.save()
    created[str(Project._meta.verbose_name_plural)] += 1
    links = {
        o.id: ProjectOrganisation(
            project=project, organisation=organisation_of[o.id], is_sponsor=o.is_sponsor
        )
        for o in snapshot.organisations
        if o.in_project
    }
    links.setdefault(carrier_id, ProjectOrganisation(project=project, organisation=carrier))
    _counted(created, ProjectOrganisation, list(links.values()))
    _counted(
        created,
        ProjectPerson,
        [
            ProjectPerson(
                project=project,
                person=person_of[p.id],
                mandate=p.mandate or ProjectPerson.Mandate.NONE,
                leeway=p.leeway or ProjectPerson.Leeway.CARRIES_OUT,
            )
            for p in snapshot.people
            if p.in_project
        ],
    )
    if owner is not None:
        Membership.objects.create(project=project, user=owner, role=Membership.Role.COORDINATOR)

    def person(pk: int | None) -> Person | None:
        return person_of[pk] if pk is not None else None

    def organisation(pk: int | None) -> Organisation | None:
        return organisation_of[pk] if pk is not None else None

    axis_of = dict(zip((a.id for a in snapshot.axes), axes, strict=True))
    for a, row in zip(snapshot.axes, axes, strict=True):
        row.project = project
        row.lead = person(a.lead_id)
        row.political_referent = person(a.political_referent_id)
        row.technical_referent = person(a.technical_referent_id)
        row.lead_organisation = organisation(a.lead_organisation_id)
    _counted(created, Axis, axes)
    step_of = dict(zip((s.id for s in snapshot.steps), steps, strict=True))
    for row in steps:
        row.project = project
    _counted(created, Step, steps)

    task_of = dict(zip((t.id for t in snapshot.tasks), tasks, strict=True))
    for t, row in zip(snapshot.tasks, tasks, strict=True):
        row.project = project
        row.step = step_of[t.step_id] if t.step_id is not None else None
        row.axis = axis_of[t.axis_id] if t.axis_id is not None else None
        row.lead_organisation = organisation(t.lead_organisation_id)
    _counted(created, Task, tasks)
    for t, row in zip(snapshot.tasks, tasks, strict=True):
        row.parent = task_of[t.parent_id] if t.parent_id is not None else None
    Task.objects.bulk_update(
        [row for t, row in zip(snapshot.tasks, tasks, strict=True) if t.parent_id is not None],
        ["parent"],
    )
    _counted(
        created,
        TaskDependency,
        [
            TaskDependency(predecessor=task_of[p], successor=task_of[t.id])
            for t in snapshot.tasks
            for p in t.predecessor_ids
        ],
    )
    _counted(
        created,
        BudgetLine,
        [
            BudgetLine(
                task=task_of[t.id],
                funder=BudgetLine.Funder.OTHER,
                amount=_money(t.funding),
                label=IMPORTED_FUNDING_LABEL,
            )
            for t in snapshot.tasks
            if t.funding > 0
        ],
    )
    for n, row in zip(snapshot.needs, needs, strict=True):
        row.task = task_of[n.task_id]
        row.competency = competency_of[n.competency_id]
    _counted(created, Need, needs)
    for a, row in zip(snapshot.assignments, assignments, strict=True):
        row.task = task_of[a.task_id]
        row.person = person_of[a.person_id]
    _counted(created, Assignment, assignments)
    for x, row in zip(snapshot.bodies, bodies, strict=True):
        row.project = project
        row.animator = person(x.animator_id)
    _counted(created, Body, bodies)
    _counted(
        created,
        BodyMember,
        [
            BodyMember(body=row, person=person_of[m])
            for x, row in zip(snapshot.bodies, bodies, strict=True)
            for m in x.member_ids
        ],
    )
    BodyAxes = Body.axes.through
    BodyAxes.objects.bulk_create(
        [
            BodyAxes(body_id=row.pk, axis_id=axis_of[a].pk)
            for x, row in zip(snapshot.bodies, bodies, strict=True)
            for a in x.axis_ids
        ]
    )
    return ImportResult(project, dict(created))
