"""The one adapter from the database to the engine: a project's `ProjectSnapshot`.

It reads the project in a fixed number of queries whatever its size. Besides the project's own
people and organisations, it brings in the directory around the project (organisations of the
project's territory, the territories above and below it and its neighbours, and the employers
of its people) flagged `in_project=False`, so that the analysis can widen the circle.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from maillage.competencies.models import Assessment, Competency, Level
from maillage.directory.models import Availability, Employment, Organisation, Person, Territory
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


def _territory_circle(project: Project) -> tuple[dict[int, engine.Territory], set[int]]:
    """All territories (small table) and the ids around the project's territory."""
    neighbours: dict[int, set[int]] = defaultdict(set)
    through = Territory.neighbours.through
    for a, b in through.objects.values_list("from_territory_id", "to_territory_id"):
        neighbours[a].add(b)
        neighbours[b].add(a)
    rows = list(Territory.objects.values_list("id", "name", "level", "parent_id"))
    children: dict[int, list[int]] = defaultdict(list)
    parents: dict[int, int | None] = {}
    for pk, _name, _level, parent_id in rows:
        parents[pk] = parent_id
        if parent_id is not None:
            children[parent_id].append(pk)

    def below(roots: Iterable[int]) -> set[int]:
        found, stack = set(), list(roots)
        while stack:
            pk = stack.pop()
            if pk not in found:
                found.add(pk)
                stack.extend(children[pk])
        return found

    home = project.territory_id
    circle = below([home, *neighbours[home]])
    parent = parents.get(home)
    while parent is not None and parent not in circle:
        circle.add(parent)
        parent = parents.get(parent)
    territories = {
        pk: engine.Territory(
            id=pk,
            name=name,
            level=level,
            parent_id=parent_id,
            neighbour_ids=tuple(sorted(neighbours[pk])),
        )
        for pk, name, level, parent_id in rows
    }
    return territories, circle


def _with_ancestors(
    ids: Iterable[int], territories: dict[int, engine.Territory]
) -> list[engine.Territory]:
    kept: set[int] = set()
    for pk in ids:
        while pk is not None and pk not in kept and pk in territories:
            kept.add(pk)
            pk = territories[pk].parent_id
    return [
        engine.Territory(
            id=t.id,
            name=t.name,
            level=t.level,
            parent_id=t.parent_id,
            neighbour_ids=tuple(n for n in t.neighbour_ids if n in kept),
        )
        for t in (territories[pk] for pk in sorted(kept))
    ]


def snapshot_for_project(project: Project) -> engine.ProjectSnapshot:
    """Everything the engine needs about `project`, read in a bounded number of queries."""
    months = tuple(project.horizon_month_starts())
    levels = tuple(
        Level.objects.filter(framework_id=project.framework_id)
        .order_by("value")
        .values_list("value", flat=True)
    )
    territories, circle = _territory_circle(project)

    # Organisations: the project's, then the directory around it.
    links = {
        po.organisation_id: po
        for po in ProjectOrganisation.objects.filter(project=project).select_related("organisation")
    }
    around = (
        Organisation.objects.filter(
            Q(territory_id__in=circle)
            | Q(employments__person__project_links__project=project)
            | Q(led_tasks__project=project)
            | Q(led_axes__project=project)
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
    referred = Q(assignments__task__project=project) | Q(body_memberships__body__project=project)
    for relation in (
        "led_axes",
        "political_referent_axes",
        "technical_referent_axes",
        "animated_bodies",
    ):
        referred |= Q(**{f"{relation}__project": project})
    others = (
        Person.objects.filter(
            referred | Q(employments__organisation_id__in=organisation_ids - set(links))
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

    competencies = list(
        Competency.objects.filter(
            Q(framework_id=project.framework_id) | Q(needs__task__project=project)
        )
        .distinct()
        .order_by("id")
    )
    # Plain value rows rather than model instances: this read sits on the page's refresh path.
    assessments = [
        engine.Assessment(
            person_id=person_id,
            competency_id=competency_id,
            level=validated if validated is not None else declared,
            motivation=motivation,
            legitimacy=legitimacy,
        )
        for person_id, competency_id, declared, validated, motivation, legitimacy in (
            Assessment.objects.filter(
                person_id__in=person_ids, competency_id__in=[c.pk for c in competencies]
            )
            .order_by("person_id", "competency_id")
            .values_list(
                "person_id", "competency_id", "level", "validated_level", "motivation", "legitimacy"
            )
        )
    ]

    predecessors: dict[int, list[int]] = defaultdict(list)
    for predecessor_id, successor_id in TaskDependency.objects.filter(
        successor__project=project
    ).values_list("predecessor_id", "successor_id"):
        predecessors[successor_id].append(predecessor_id)
    tasks = (
        Task.objects.filter(project=project)
        .annotate(
            funding=Coalesce(Sum("budget_lines__amount"), Value(0), output_field=DecimalField())
        )
        .order_by("id")
    )

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

    return engine.ProjectSnapshot(
        id=project.pk,
        name=project.name,
        kind=project.kind,
        months=months,
        levels=levels,
        carrier_id=project.carrier_id,
        allow_work_on_unvalidated_steps=project.allow_work_on_unvalidated_steps,
        territories=tuple(
            _with_ancestors(
                {o.territory_id for o in organisations} | {project.territory_id}, territories
            )
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
                availability=tuple(available.get((p.pk, month), 0.0) for month in months),
                in_project=p.pk in participants,
                mandate=participants[p.pk].mandate if p.pk in participants else None,
                leeway=participants[p.pk].leeway if p.pk in participants else None,
            )
            for p in sorted(people, key=lambda p: p.pk)
        ),
        competencies=tuple(
            engine.Competency(id=c.pk, code=c.code, name=c.name, parent_id=c.parent_id)
            for c in competencies
        ),
        assessments=tuple(assessments),
        axes=tuple(
            engine.Axis(
                id=a.pk,
                code=a.code,
                name=a.name,
                lead_id=a.lead_id,
                political_referent_id=a.political_referent_id,
                technical_referent_id=a.technical_referent_id,
                lead_organisation_id=a.lead_organisation_id,
            )
            for a in Axis.objects.filter(project=project).order_by("order", "id")
        ),
        steps=tuple(
            engine.Step(id=s.pk, name=s.name, start=s.start, end=s.end, status=s.status)
            for s in Step.objects.filter(project=project).order_by("order", "start", "id")
        ),
        tasks=tuple(
            engine.Task(
                id=t.pk,
                title=t.title,
                start=t.start,
                end=t.end,
                description=t.description,
                parent_id=t.parent_id,
                step_id=t.step_id,
                axis_id=t.axis_id,
                is_milestone=t.is_milestone,
                status=t.status,
                lead_organisation_id=t.lead_organisation_id,
                budget=float(t.budget),
                funding=float(t.funding),
                predecessor_ids=tuple(sorted(predecessors[t.pk])),
            )
            for t in tasks
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
                id=b.pk,
                name=b.name,
                kind=b.kind,
                meetings_per_year=b.meetings_per_year,
                meeting_days=float(b.meeting_days),
                member_ids=tuple(sorted(body_members[b.pk])),
                axis_ids=tuple(sorted(body_axes[b.pk])),
                animator_id=b.animator_id,
            )
            for b in Body.objects.filter(project=project).order_by("id")
        ),
    )
