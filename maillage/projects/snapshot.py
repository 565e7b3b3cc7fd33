"""The one adapter from the database to the engine: a project's `ProjectSnapshot`.

It reads the project in a fixed number of queries whatever its size, in two sides:

* the **plan** (`read_plan`): axes, steps, tasks, needs, assignments and bodies, what the
  team edits all day;
* the **people** (`read_people`): organisations, people, their employments and availability,
  the framework and the assessments, and the territories around the project — the bulk of the
  rows, and what changes rarely.

Besides the project's own people and organisations, the people side brings in the directory
around the project (organisations of the project's territory, the territories below it and its
neighbours, the territories above it, and the employers of its people) flagged
`in_project=False`, so that the analysis can widen the circle. It depends on the plan only
through the ids the plan refers to (`PlanRefs`), so a cached people side stays exact as long as
the directory is unchanged and the plan refers to the same people, organisations and
competencies: that is what lets the Analyse page re-read only the plan after an edit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.db import connection
from django.db.models import DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from maillage.competencies.models import Assessment, Competency, Level
from maillage.directory.models import Availability, Employment, Organisation, Person, Territory
from maillage.directory.selectors import default_days
from maillage.engine import snapshot as engine
from maillage.governance.models import Body, BodyMember
from maillage.projects.models import (
    Axis,
    Project,
    ProjectOrganisation,
    ProjectPerson,
    Step,
    Task,
    TaskDependency,
)
from maillage.staffing.models import Assignment, Need


@dataclass(frozen=True)
class PlanRefs:
    """The people, organisations and competencies a plan refers to."""

    people: frozenset[int]
    organisations: frozenset[int]
    competencies: frozenset[int]


@dataclass(frozen=True)
class PlanSide:
    axes: tuple[engine.Axis, ...]
    steps: tuple[engine.Step, ...]
    tasks: tuple[engine.Task, ...]
    needs: tuple[engine.Need, ...]
    assignments: tuple[engine.Assignment, ...]
    bodies: tuple[engine.Body, ...]

    @cached_property
    def refs(self) -> PlanRefs:
        people = {a.person_id for a in self.assignments}
        for axis in self.axes:
            people.update((axis.lead_id, axis.political_referent_id, axis.technical_referent_id))
        for body in self.bodies:
            people.update(body.member_ids)
            people.add(body.animator_id)
        organisations = {t.lead_organisation_id for t in self.tasks}
        organisations.update(a.lead_organisation_id for a in self.axes)
        return PlanRefs(
            people=frozenset(pk for pk in people if pk is not None),
            organisations=frozenset(pk for pk in organisations if pk is not None),
            competencies=frozenset(n.competency_id for n in self.needs),
        )


@dataclass(frozen=True)
class PeopleSide:
    """The people side of a snapshot, and what it was read for."""

    key: tuple[object, ...]  # the project's fields it depends on, and the plan's refs
    levels: tuple[int, ...]
    territories: tuple[engine.Territory, ...]
    organisations: tuple[engine.Organisation, ...]
    people: tuple[engine.Person, ...]
    competencies: tuple[engine.Competency, ...]
    assessments: tuple[engine.Assessment, ...]


def people_key(project: Project, refs: PlanRefs) -> tuple[object, ...]:
    """What, besides the directory, the people side of `project` depends on."""
    return (
        project.pk,
        project.created_at,
        project.territory_id,
        project.framework_id,
        project.horizon_start,
        project.horizon_months,
        refs,
    )


# -- territories --------------------------------------------------------------------------------


def _circle_ids(project: Project) -> list[int]:
    """The project's territory, its neighbours, everything below them, everything above it."""
    territory = Territory._meta.db_table
    neighbours = Territory.neighbours.through._meta.db_table
    sql = f"""
        WITH RECURSIVE
        seeds(id) AS (
            SELECT %s
            UNION SELECT to_territory_id FROM {neighbours} WHERE from_territory_id = %s
            UNION SELECT from_territory_id FROM {neighbours} WHERE to_territory_id = %s
        ),
        below(id) AS (
            SELECT id FROM seeds
            UNION SELECT t.id FROM {territory} t JOIN below b ON t.parent_id = b.id
        ),
        above(id) AS (
            SELECT parent_id FROM {territory} WHERE id = %s AND parent_id IS NOT NULL
            UNION SELECT t.parent_id FROM {territory} t JOIN above a ON t.id = a.id
            WHERE t.parent_id IS NOT NULL
        )
        SELECT id FROM below UNION SELECT id FROM above
    """
    home = project.territory_id
    with connection.cursor() as cursor:
        cursor.execute(sql, [home, home, home, home])
        return [row[0] for row in cursor.fetchall()]


def _territories_with_ancestors(ids: Iterable[int]) -> tuple[engine.Territory, ...]:
    """The territories `ids` and all those above them, with the neighbour links among them."""
    seeds = sorted({pk for pk in ids if pk is not None})
    if not seeds:
        return ()
    territory = Territory._meta.db_table
    placeholders = ", ".join(["%s"] * len(seeds))
    sql = f"""
        WITH RECURSIVE up(id) AS (
            SELECT id FROM {territory} WHERE id IN ({placeholders})
            UNION SELECT t.parent_id FROM {territory} t JOIN up ON t.id = up.id
            WHERE t.parent_id IS NOT NULL
        )
        SELECT t.id, t.name, t.level, t.parent_id FROM {territory} t
        WHERE t.id IN (SELECT id FROM up) ORDER BY t.id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, seeds)
        rows = cursor.fetchall()
    kept = [row[0] for row in rows]
    neighbours: dict[int, set[int]] = defaultdict(set)
    for a, b in Territory.neighbours.through.objects.filter(
        from_territory_id__in=kept, to_territory_id__in=kept
    ).values_list("from_territory_id", "to_territory_id"):
        neighbours[a].add(b)
        neighbours[b].add(a)
    return tuple(
        engine.Territory(
            id=pk,
            name=name,
            level=level,
            parent_id=parent_id,
            neighbour_ids=tuple(sorted(neighbours[pk])),
        )
        for pk, name, level, parent_id in rows
    )


# -- the people side ----------------------------------------------------------------------------


def read_people(project: Project, refs: PlanRefs) -> PeopleSide:
    """The people side of `project`'s snapshot, for a plan referring to `refs`."""
    months = tuple(project.horizon_month_starts())
    levels = tuple(
        Level.objects.filter(framework_id=project.framework_id)
        .order_by("value")
        .values_list("value", flat=True)
    )

    # Organisations: the project's, then the directory around it.
    links = {
        po.organisation_id: po
        for po in ProjectOrganisation.objects.filter(project=project).select_related("organisation")
    }
    around = (
        Organisation.objects.filter(
            Q(territory_id__in=_circle_ids(project))
            | Q(employments__person__project_links__project=project)
            | Q(pk__in=refs.organisations)
        )
        .exclude(pk__in=list(links))
        .distinct()
    )
    organisations = [po.organisation for po in links.values()] + list(around)
    organisation_ids = {o.pk for o in organisations}

    # People: the project's, anyone its plan refers to, and the directory people around it.
    participants = {
        pp.person_id: pp
        for pp in ProjectPerson.objects.filter(project=project).select_related("person")
    }
    others = (
        Person.objects.filter(
            Q(pk__in=refs.people)
            | Q(employments__organisation_id__in=organisation_ids - set(links))
        )
        .exclude(pk__in=list(participants))
        .distinct()
    )
    people = [pp.person for pp in participants.values()] + list(others)
    person_ids = [p.pk for p in people]

    employments: dict[int, list[engine.Employment]] = defaultdict(list)
    for person_id, organisation_id, share in (
        Employment.objects.filter(person_id__in=person_ids, organisation_id__in=organisation_ids)
        .order_by("person_id", "organisation_id")
        .values_list("person_id", "organisation_id", "time_share")
    ):
        employments[person_id].append(engine.Employment(organisation_id, float(share)))
    available = {
        (person_id, month): float(days)
        for person_id, month, days in Availability.objects.filter(
            person_id__in=person_ids, month__gte=months[0], month__lte=months[-1]
        ).values_list("person_id", "month", "days")
    }

    # A month without a row takes the default of the project's participants: working days
    # times their share of time for the project (what the person's time page shows).
    defaults = {
        (person_id, month): float(default_days(month, link.time_share))
        for person_id, link in participants.items()
        if link.time_share
        for month in months
    }

    competencies = list(
        Competency.objects.filter(
            Q(framework_id=project.framework_id) | Q(pk__in=refs.competencies)
        )
        .order_by("id")
        .values_list("id", "code", "name", "parent_id")
    )
    # Plain value rows rather than model instances: this read sits on the page's refresh path.
    assessments = tuple(
        engine.Assessment(
            person_id=person_id,
            competency_id=competency_id,
            level=validated if validated is not None else declared,
            motivation=motivation,
            legitimacy=legitimacy,
        )
        for person_id, competency_id, declared, validated, motivation, legitimacy in (
            Assessment.objects.filter(
                person_id__in=person_ids, competency_id__in=[c[0] for c in competencies]
            )
            .order_by("person_id", "competency_id")
            .values_list(
                "person_id", "competency_id", "level", "validated_level", "motivation", "legitimacy"
            )
        )
    )
    return PeopleSide(
        key=people_key(project, refs),
        levels=levels,
        territories=_territories_with_ancestors(
            {o.territory_id for o in organisations} | {project.territory_id}
        ),
        organisations=tuple(
            engine.Organisation(
                id=o.pk,
                name=o.name,
                kind=o.kind,
                territory_id=o.territory_id,
                in_project=o.pk in links,
                is_sponsor=o.pk in links and links[o.pk].is_sponsor,
            )
            for o in sorted(organisations, key=lambda o: o.pk)
        ),
        people=tuple(
            engine.Person(
                id=p.pk,
                name=f"{p.first_name} {p.last_name}",
                kind=p.kind,
                employments=tuple(employments[p.pk]),
                availability=tuple(
                    available.get((p.pk, month), defaults.get((p.pk, month), 0.0))
                    for month in months
                ),
                in_project=p.pk in participants,
                mandate=participants[p.pk].mandate if p.pk in participants else None,
                leeway=participants[p.pk].leeway if p.pk in participants else None,
            )
            for p in sorted(people, key=lambda p: p.pk)
        ),
        competencies=tuple(
            engine.Competency(id=pk, code=code, name=name, parent_id=parent_id)
            for pk, code, name, parent_id in competencies
        ),
        assessments=assessments,
    )


# -- the plan side ------------------------------------------------------------------------------


def read_plan(project: Project) -> PlanSide:
    """The plan side of `project`'s snapshot."""
    predecessors: dict[int, list[int]] = defaultdict(list)
    for predecessor_id, successor_id in TaskDependency.objects.filter(
        successor__project=project
    ).values_list("predecessor_id", "successor_id"):
        predecessors[successor_id].append(predecessor_id)
    body_members: dict[int, list[int]] = defaultdict(list)
    for body_id, person_id in BodyMember.objects.filter(body__project=project).values_list(
        "body_id", "person_id"
    ):
        body_members[body_id].append(person_id)
    body_axes: dict[int, list[int]] = defaultdict(list)
    for body_id, axis_id in Body.axes.through.objects.filter(body__project=project).values_list(
        "body_id", "axis_id"
    ):
        body_axes[body_id].append(axis_id)

    task_rows = (
        Task.objects.filter(project=project)
        .annotate(
            funding=Coalesce(Sum("budget_lines__amount"), Value(0), output_field=DecimalField())
        )
        .order_by("id")
        .values_list(
            "id",
            "title",
            "start",
            "end",
            "description",
            "parent_id",
            "step_id",
            "axis_id",
            "is_milestone",
            "status",
            "lead_organisation_id",
            "budget",
            "funding",
        )
    )
    return PlanSide(
        axes=tuple(
            engine.Axis(
                id=pk,
                code=code,
                name=name,
                lead_id=lead_id,
                political_referent_id=political_id,
                technical_referent_id=technical_id,
                lead_organisation_id=organisation_id,
                pat_fields=tuple(pat_fields or ()),
                is_archived=is_archived,
            )
            for (
                pk,
                code,
                name,
                lead_id,
                political_id,
                technical_id,
                organisation_id,
                pat_fields,
                is_archived,
            ) in (
                Axis.objects.filter(project=project)
                .order_by("order", "id")
                .values_list(
                    "id",
                    "code",
                    "name",
                    "lead_id",
                    "political_referent_id",
                    "technical_referent_id",
                    "lead_organisation_id",
                    "pat_fields",
                    "is_archived",
                )
            )
        ),
        steps=tuple(
            engine.Step(id=pk, name=name, start=start, end=end, status=status)
            for pk, name, start, end, status in Step.objects.filter(project=project)
            .order_by("order", "start", "id")
            .values_list("id", "name", "start", "end", "status")
        ),
        tasks=tuple(
            engine.Task(
                id=pk,
                title=title,
                start=start,
                end=end,
                description=description,
                parent_id=parent_id,
                step_id=step_id,
                axis_id=axis_id,
                is_milestone=is_milestone,
                status=status,
                lead_organisation_id=organisation_id,
                budget=float(budget),
                funding=float(funding),
                predecessor_ids=tuple(sorted(predecessors[pk])),
            )
            for (
                pk,
                title,
                start,
                end,
                description,
                parent_id,
                step_id,
                axis_id,
                is_milestone,
                status,
                organisation_id,
                budget,
                funding,
            ) in task_rows
        ),
        needs=tuple(
            engine.Need(
                id=need_id,
                task_id=task_id,
                competency_id=competency_id,
                min_level=min_level,
                days_per_month=float(days),
            )
            for need_id, task_id, competency_id, min_level, days in Need.objects.filter(
                task__project=project
            )
            .order_by("id")
            .values_list("id", "task_id", "competency_id", "min_level", "days_per_month")
        ),
        assignments=tuple(
            engine.Assignment(
                id=assignment_id,
                task_id=task_id,
                person_id=person_id,
                responsibility=responsibility,
                days_per_month=float(days),
                is_locked=is_locked,
            )
            for assignment_id, task_id, person_id, responsibility, days, is_locked in (
                Assignment.objects.filter(task__project=project)
                .order_by("id")
                .values_list(
                    "id", "task_id", "person_id", "responsibility", "days_per_month", "is_locked"
                )
            )
        ),
        bodies=tuple(
            engine.Body(
                id=pk,
                name=name,
                kind=kind,
                meetings_per_year=meetings,
                meeting_days=float(days),
                member_ids=tuple(sorted(body_members[pk])),
                axis_ids=tuple(sorted(body_axes[pk])),
                animator_id=animator_id,
                months=tuple(sorted({int(m) for m in months or ()})),
            )
            for pk, name, kind, meetings, days, animator_id, months in Body.objects.filter(
                project=project
            )
            .order_by("id")
            .values_list(
                "id", "name", "kind", "meetings_per_year", "meeting_days", "animator_id", "months"
            )
        ),
    )


# -- the whole snapshot -------------------------------------------------------------------------


def compose(project: Project, people: PeopleSide, plan: PlanSide) -> engine.ProjectSnapshot:
    """The snapshot of `project` from its two sides (`people` read for `plan.refs`)."""
    return engine.ProjectSnapshot(
        id=project.pk,
        name=project.name,
        kind=project.kind,
        months=tuple(project.horizon_month_starts()),
        levels=people.levels,
        carrier_id=project.carrier_id,
        allow_work_on_unvalidated_steps=project.allow_work_on_unvalidated_steps,
        territories=people.territories,
        organisations=people.organisations,
        people=people.people,
        competencies=people.competencies,
        assessments=people.assessments,
        axes=plan.axes,
        steps=plan.steps,
        tasks=plan.tasks,
        needs=plan.needs,
        assignments=plan.assignments,
        bodies=plan.bodies,
    )


def snapshot_for_project(project: Project) -> engine.ProjectSnapshot:
    """Everything the engine needs about `project`, read in a bounded number of queries."""
    plan = read_plan(project)
    return compose(project, read_people(project, plan.refs), plan)


__all__ = [
    "PeopleSide",
    "PlanRefs",
    "PlanSide",
    "compose",
    "people_key",
    "read_people",
    "read_plan",
    "snapshot_for_project",
]
