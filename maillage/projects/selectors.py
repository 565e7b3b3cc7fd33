"""Reads for the pages: each returns everything a page shows in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from maillage.access import (
    Perm,
    ProjectAccess,
    get_scoped_or_404,
    personal_fields_visible,
    scoped,
)
from maillage.competencies.models import Assessment
from maillage.directory.models import Employment, Organisation, Person
from maillage.directory.selectors import MonthTime, availability_months
from maillage.governance.models import Body, BodyMember
from maillage.projects.models import (
    Axis,
    Membership,
    Objective,
    Project,
    ProjectOrganisation,
    ProjectPerson,
    Step,
    Task,
    TaskDependency,
    shift_months,
)
from maillage.staffing.models import Assignment, Need

UPCOMING_MILESTONES = 5
# The overview warns this many months before a PAT's recognition expires.
RECOGNITION_WARNING_MONTHS = 6


def _project_employments(project: Any) -> Prefetch:
    """A person's employments with organisations of `project`, largest share first."""
    return Prefetch(
        "employments",
        queryset=Employment.objects.filter(organisation__project_links__project=project)
        .select_related("organisation")
        .order_by("-time_share", "organisation__name"),
        to_attr="project_employments",
    )


def _lead_assignments() -> Prefetch:
    return Prefetch(
        "assignments",
        queryset=Assignment.objects.filter(responsibility=Assignment.Responsibility.LEAD)
        .select_related("person")
        .order_by("person__last_name", "person__first_name"),
        to_attr="lead_assignments",
    )


# --- Project ------------------------------------------------------------------------------------


def project_overview(access: ProjectAccess) -> dict[str, Any]:
    project = access.project
    today = timezone.localdate()
    referents = ("lead", "lead_organisation", "political_referent", "technical_referent")
    context: dict[str, Any] = {
        "sponsors": ProjectOrganisation.objects.filter(
            project=project, is_sponsor=True
        ).select_related("organisation", "representative"),
        "objectives": Objective.objects.filter(project=project).prefetch_related(
            "expected_results"
        ),
        "axes": Axis.objects.filter(project=project).select_related(*referents),
        "steps": Step.objects.filter(project=project),
        "milestones": Task.objects.filter(project=project, is_milestone=True, end__gte=today)
        .select_related("axis")
        .order_by("end", "id")[:UPCOMING_MILESTONES],
        "bodies": Body.objects.filter(project=project)
        .select_related("animator")
        .annotate(member_count=Count("memberships")),
        "counts": {
            "people": ProjectPerson.objects.filter(project=project).count(),
            "organisations": ProjectOrganisation.objects.filter(project=project).count(),
            "tasks": Task.objects.filter(project=project).count(),
        },
        "members": None,
        "recognition": recognition_status(project, today),
        "can_edit_framing": access.can(Perm.EDIT_PROJECT),
        "can_edit_plan": access.can(Perm.EDIT_PLAN),
    }
    if access.can(Perm.MANAGE_MEMBERS):
        context["members"] = Membership.objects.filter(project=project).select_related("user")
    return context


@dataclass(frozen=True)
class RecognitionStatus:
    expiry: datetime.date
    is_expired: bool
    is_expiring: bool  # within RECOGNITION_WARNING_MONTHS


def recognition_status(project: Project, today: datetime.date) -> RecognitionStatus | None:
    """When the PAT's recognition expires, and whether it is time to warn (no query)."""
    expiry = project.recognition_expiry
    if project.kind != Project.Kind.PAT or expiry is None:
        return None
    return RecognitionStatus(
        expiry=expiry,
        is_expired=today >= expiry,
        is_expiring=shift_months(expiry, -RECOGNITION_WARNING_MONTHS) <= today < expiry,
    )


def framing_page(access: ProjectAccess) -> dict[str, Any]:
    """The framing of the project: sponsors, objectives and results, axes, identity."""
    project = access.project
    referents = ("lead", "lead_organisation", "political_referent", "technical_referent")
    return {
        "project": project,
        "is_pat": project.kind == Project.Kind.PAT,
        "can_edit": access.can(Perm.EDIT_PROJECT),
        "sponsors": list(
            ProjectOrganisation.objects.filter(project=project, is_sponsor=True).select_related(
                "organisation", "representative"
            )
        ),
        "objectives": list(
            Objective.objects.filter(project=project).prefetch_related("expected_results")
        ),
        "axes": list(Axis.objects.filter(project=project).select_related(*referents)),
        "recognition": recognition_status(project, timezone.localdate()),
    }


# --- Directory ----------------------------------------------------------------------------------


def project_organisations(access: ProjectAccess) -> QuerySet[Organisation]:
    project = access.project
    return (
        scoped(access, Organisation)
        .select_related("territory")
        .annotate(
            people_count=Count(
                "employments__person",
                filter=Q(employments__person__project_links__project=project),
                distinct=True,
            )
        )
        .order_by("name")
    )


def project_people(
    access: ProjectAccess, *, organisation_id: int | None = None, kind: str = ""
) -> QuerySet[Person]:
    people = scoped(access, Person).prefetch_related(_project_employments(access.project))
    if organisation_id is not None:
        people = people.filter(
            employments__organisation_id=organisation_id,
            employments__organisation__project_links__project=access.project,
        )
    if kind:
        people = people.filter(kind=kind)
    return people.distinct().order_by("last_name", "first_name")


def organisation_detail(access: ProjectAccess, organisation_id: Any) -> dict[str, Any]:
    project = access.project
    organisation = get_scoped_or_404(
        access, Organisation.objects.select_related("territory"), organisation_id
    )
    link = ProjectOrganisation.objects.select_related("representative").get(
        project=project, organisation=organisation
    )
    return {
        "organisation": organisation,
        "link": link,
        "employments": Employment.objects.filter(
            organisation=organisation, person__project_links__project=project
        ).select_related("person"),
        "tasks": Task.objects.filter(project=project, lead_organisation=organisation),
        "axes": Axis.objects.filter(project=project, lead_organisation=organisation),
    }


# --- People -------------------------------------------------------------------------------------


@dataclass
class PersonPage:
    person: Person
    link: ProjectPerson
    employments: list[Employment]
    availability: list[MonthTime]
    axis_roles: list[tuple[Axis, list[str]]]
    assignments: list[Assignment]
    seats: list[BodyMember]
    assessments: list[Assessment]
    animated_bodies: list[Body] = field(default_factory=list)


def _visible_assessments(access: ProjectAccess, person: Person) -> list[Assessment]:
    """The person's assessments in the project's framework; a level nobody validated yet is
    personal data, so members without the right see validated levels only."""
    assessments = Assessment.objects.filter(
        person=person, competency__framework_id=access.project.framework_id
    ).select_related("competency")
    if "unvalidated_level" not in personal_fields_visible(access, person):
        assessments = assessments.filter(validated_level__isnull=False)
    return list(assessments)


def person_detail(
    access: ProjectAccess, person_id: Any, *, with_availability: bool = False
) -> PersonPage:
    """A person's page; their monthly availability (personal data) only when asked for."""
    project = access.project
    person = get_scoped_or_404(
        access, Person.objects.prefetch_related(_project_employments(project)), person_id
    )
    link = ProjectPerson.objects.get(project=project, person=person)
    availability = (
        availability_months(project=project, person=person, project_share=link.time_share)
        if with_availability
        else []
    )
    axes = Axis.objects.filter(project=project).filter(
        Q(lead=person) | Q(political_referent=person) | Q(technical_referent=person)
    )
    axis_roles = []
    for axis in axes:
        roles = []
        if axis.lead_id == person.pk:
            roles.append(gettext("lead"))
        if axis.political_referent_id == person.pk:
            roles.append(gettext("political referent"))
        if axis.technical_referent_id == person.pk:
            roles.append(gettext("technical referent"))
        axis_roles.append((axis, roles))
    return PersonPage(
        person=person,
        link=link,
        employments=person.project_employments,  # type: ignore[attr-defined]
        availability=availability,
        axis_roles=axis_roles,
        assignments=list(
            Assignment.objects.filter(person=person, task__project=project)
            .select_related("task")
            .order_by("task__start", "task__title")
        ),
        seats=list(
            BodyMember.objects.filter(person=person, body__project=project).select_related("body")
        ),
        assessments=_visible_assessments(access, person),
        animated_bodies=list(Body.objects.filter(project=project, animator=person)),
    )


# --- Tasks --------------------------------------------------------------------------------------


@dataclass
class TaskNode:
    task: Task
    depth: int
    matches: bool = True
    children: list[TaskNode] = field(default_factory=list)


TREE_FILTERS = ("axis", "step", "status", "lead_organisation")


def task_tree(access: ProjectAccess, filters: dict[str, Any]) -> list[TaskNode]:
    """The project's task tree; with filters, matching tasks and the ancestors leading to them."""
    tasks = list(
        Task.objects.filter(project=access.project)
        .select_related("axis", "step", "lead_organisation")
        .prefetch_related(_lead_assignments())
    )
    nodes = {task.pk: TaskNode(task=task, depth=0) for task in tasks}
    roots: list[TaskNode] = []
    for task in tasks:
        node = nodes[task.pk]
        parent = nodes.get(task.parent_id) if task.parent_id else None
        (parent.children if parent else roots).append(node)

    person_tasks: set[int] | None = None
    if filters.get("person") not in (None, ""):
        person_tasks = set(
            Assignment.objects.filter(
                task__project=access.project, person_id=filters["person"]
            ).values_list("task_id", flat=True)
        )

    def matches(task: Task) -> bool:
        if person_tasks is not None and task.pk not in person_tasks:
            return False
        for name in TREE_FILTERS:
            wanted = filters.get(name)
            if wanted not in (None, "") and str(
                getattr(task, f"{name}_id" if name != "status" else name)
            ) != str(wanted):
                return False
        return True

    def prune(branch: list[TaskNode], depth: int) -> list[TaskNode]:
        kept = []
        for node in branch:
            node.depth = depth
            node.matches = matches(node.task)
            node.children = prune(node.children, depth + 1)
            if node.matches or node.children:
                kept.append(node)
        return kept

    return prune(roots, 1)


def task_detail(access: ProjectAccess, task_id: Any) -> Task:
    queryset = Task.objects.select_related(
        "parent", "step", "axis", "lead_organisation"
    ).prefetch_related(
        Prefetch("needs", queryset=Need.objects.select_related("competency")),
        Prefetch(
            "assignments",
            queryset=Assignment.objects.select_related("person").order_by(
                "responsibility", "person__last_name"
            ),
        ),
        "budget_lines",
        "deliverables",
        Prefetch(
            "predecessor_links",
            queryset=TaskDependency.objects.select_related("predecessor"),
        ),
        Prefetch("successor_links", queryset=TaskDependency.objects.select_related("successor")),
        Prefetch("children", queryset=Task.objects.select_related("lead_organisation")),
    )
    return get_scoped_or_404(access, queryset, task_id)


def task_deletion_summary(task: Task) -> dict[str, Any]:
    """What goes away with a task: its sub-tasks (all levels), their needs and assignments."""
    from maillage.projects.services import descendant_ids

    ids = {task.pk, *descendant_ids(task)}
    return {
        "subtasks": Task.objects.filter(pk__in=ids - {task.pk}),
        "needs": Need.objects.filter(task_id__in=ids).select_related("task", "competency"),
        "assignments": Assignment.objects.filter(task_id__in=ids).select_related("task", "person"),
    }
