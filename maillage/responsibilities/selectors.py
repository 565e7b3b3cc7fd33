"""Reads for the responsibility pages, each in a fixed number of queries whatever the size."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When

from maillage.access import Perm, ProjectAccess, scoped
from maillage.directory.models import Employment, Organisation, Person
from maillage.engine import scheme as engine_scheme
from maillage.engine.timeline import month_end
from maillage.projects.models import Axis, Project, Task, add_months
from maillage.projects.snapshot import snapshot_for_project
from maillage.responsibilities import workload
from maillage.responsibilities.models import TaskPartner
from maillage.staffing.models import Assignment

R = Assignment.Responsibility
RESPONSIBILITY_ORDER = [R.LEAD, R.VALIDATOR, R.CONTRIBUTOR, R.CONSULTED, R.INFORMED]
# RACI letters: R does the work (the lead is R*), A approves, C is consulted, I is informed.
RACI_LETTERS = {
    R.LEAD: "R*",
    R.CONTRIBUTOR: "R",
    R.VALIDATOR: "A",
    R.CONSULTED: "C",
    R.INFORMED: "I",
}


@dataclass
class Filters:
    axis: int | None = None
    organisation: int | None = None
    person: int | None = None
    start: datetime.date | None = None  # first day of the first month shown
    end: datetime.date | None = None  # last day of the last month shown

    @property
    def is_active(self) -> bool:
        return any(v is not None for v in (self.axis, self.organisation, self.person, self.start))

    def query(self) -> dict[str, str]:
        values = {
            "axis": self.axis,
            "organisation": self.organisation,
            "person": self.person,
            "from": f"{self.start:%Y-%m}" if self.start else None,
            "to": f"{self.end:%Y-%m}" if self.end else None,
        }
        return {k: str(v) for k, v in values.items() if v is not None}


def _month(value: Any) -> datetime.date | None:
    try:
        return datetime.datetime.strptime(str(value), "%Y-%m").date()
    except (TypeError, ValueError):
        return None


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def parse_filters(params: Any) -> Filters:
    start, end = _month(params.get("from")), _month(params.get("to"))
    if start and not end:
        end = start
    if end and not start:
        start = end
    if start and end and end < start:
        start, end = end, start
    return Filters(
        axis=_int(params.get("axis")),
        organisation=_int(params.get("organisation")),
        person=_int(params.get("person")),
        start=start,
        end=month_end(end) if end else None,
    )


def _responsibility_rank() -> Case:
    return Case(
        *[
            When(responsibility=value, then=Value(i))
            for i, value in enumerate(RESPONSIBILITY_ORDER)
        ],
        output_field=IntegerField(),
    )


def _employments(project: Project) -> Prefetch:
    return Prefetch(
        "person__employments",
        queryset=Employment.objects.select_related("organisation").order_by("-time_share"),
    )


def assignments(access: ProjectAccess, filters: Filters) -> QuerySet[Assignment]:
    """The rows of « qui fait quoi, quand, comment, avec qui », filtered."""
    queryset = (
        scoped(access, Assignment)
        .select_related("task", "task__axis", "task__step", "task__lead_organisation", "person")
        .prefetch_related(
            _employments(access.project),
            Prefetch(
                "task__partners",
                queryset=TaskPartner.objects.select_related("organisation"),
            ),
        )
        .annotate(rank=_responsibility_rank())
        .order_by(
            "task__axis__order",
            "task__axis__code",
            "task__start",
            "task__order",
            "task_id",
            "rank",
            "person__last_name",
            "person__first_name",
        )
    )
    if filters.axis is not None:
        queryset = queryset.filter(task__axis_id=filters.axis)
    if filters.person is not None:
        queryset = queryset.filter(person_id=filters.person)
    if filters.organisation is not None:
        queryset = queryset.filter(
            Q(person__employments__organisation_id=filters.organisation)
            | Q(task__lead_organisation_id=filters.organisation)
        ).distinct()
    if filters.start and filters.end:
        queryset = queryset.filter(task__start__lte=filters.end, task__end__gte=filters.start)
    return queryset


def filter_choices(access: ProjectAccess) -> dict[str, Any]:
    project = access.project
    months = project.horizon_month_starts()
    return {
        "axes": list(scoped(access, Axis)),
        "organisations": list(Organisation.objects.filter(project_links__project=project)),
        "people": list(
            Person.objects.filter(project_links__project=project).order_by(
                "last_name", "first_name"
            )
        ),
        "months": months,
        "responsibilities": Assignment.Responsibility.choices,
    }


@dataclass
class RaciMatrix:
    people: list[Person] = field(default_factory=list)
    rows: list[tuple[Task, list[str]]] = field(default_factory=list)


def raci(access: ProjectAccess, filters: Filters) -> RaciMatrix:
    """Tasks by people: each cell the RACI letters of the person on the task."""
    cells: dict[tuple[int, int], list[str]] = {}
    tasks: dict[int, Task] = {}
    people: dict[int, Person] = {}
    for assignment in assignments(access, filters):
        tasks.setdefault(assignment.task_id, assignment.task)
        people.setdefault(assignment.person_id, assignment.person)
        letters = cells.setdefault((assignment.task_id, assignment.person_id), [])
        letters.append(RACI_LETTERS[assignment.responsibility])
    ordered_people = sorted(people.values(), key=lambda p: (p.last_name, p.first_name, p.pk))
    return RaciMatrix(
        people=ordered_people,
        rows=[
            (task, [" ".join(cells.get((task.pk, p.pk), [])) for p in ordered_people])
            for task in tasks.values()
        ],
    )


def _visible_people(access: ProjectAccess) -> set[int] | None:
    """People whose capacity the user may see (None: everyone)."""
    if access.can(Perm.VIEW_PERSONAL_DATA):
        return None
    return set(Person.objects.filter(user_id=access.user.pk).values_list("pk", flat=True))


@dataclass
class Workload:
    months: list[datetime.date]
    people: list[workload.PersonLoad]
    organisations: list[workload.OrganisationLoad]
    hidden_people: int = 0


def project_workload(access: ProjectAccess, filters: Filters | None = None) -> Workload:
    """Heat map data: people by months and per organisation, limited to what the user may see."""
    snapshot = snapshot_for_project(access.project)
    loads = workload.person_loads(snapshot)
    visible = _visible_people(access)
    shown = [load for load in loads if visible is None or load.person_id in visible]
    organisations = workload.organisation_loads(snapshot, loads) if visible is None else []
    months = list(snapshot.months)
    if filters is not None and filters.person is not None:
        shown = [load for load in shown if load.person_id == filters.person]
    return Workload(months, shown, organisations, len(loads) - len(shown))


def month_query(month: datetime.date) -> str:
    return f"{month:%Y-%m}"


def scheme_data(access: ProjectAccess) -> dict[str, Any]:
    """The scheme as cytoscape elements; contacts and time only for who may see them."""
    project = access.project
    snapshot = snapshot_for_project(project)
    scheme = engine_scheme.organisation_scheme(snapshot)
    visible = _visible_people(access)
    contacts = access.can(Perm.VIEW_CONTACTS)
    person_ids = [n.object_id for n in scheme.nodes if n.kind == "person"]
    details = {
        p.pk: p
        for p in Person.objects.filter(pk__in=person_ids).only(
            "pk", "email", "phone", "job_title", "user_id"
        )
    }
    from maillage.projects.models import ProjectPerson

    leeway_labels = dict(ProjectPerson.Leeway.choices)
    mandate_labels = dict(ProjectPerson.Mandate.choices)
    kind_labels = {
        "person": dict(Person.Kind.choices),
        "organisation": dict(Organisation.Kind.choices),
    }
    from maillage.governance.models import Body

    kind_labels["body"] = dict(Body.Kind.choices)
    nodes = []
    for node in scheme.nodes:
        data: dict[str, Any] = {
            "id": node.id,
            "kind": node.kind,
            "label": node.label,
            "category": node.category,
            "category_label": str(kind_labels.get(node.kind, {}).get(node.category, "")),
        }
        if node.kind == "person":
            person = details.get(node.object_id)
            data["leeway"] = node.leeway or ""
            data["leeway_label"] = str(leeway_labels.get(node.leeway or "", ""))
            data["mandate_label"] = str(mandate_labels.get(node.mandate or "", ""))
            data["job_title"] = person.job_title if person else ""
            if contacts and person is not None:
                data["email"] = person.email
                data["phone"] = person.phone
        nodes.append({"data": data})
    links = []
    for index, link in enumerate(scheme.links):
        data = {
            "id": f"link{index}",
            "source": link.source,
            "target": link.target,
            "kind": link.kind,
            "detail": link.detail,
        }
        person_id = int(link.source.split(":")[1]) if link.source.startswith("person:") else None
        if link.kind == engine_scheme.CONTRIBUTES_TO and (visible is None or person_id in visible):
            data["days_per_month"] = link.days_per_month
        links.append({"data": data})
    return {"nodes": nodes, "links": links, "horizon": month_query(snapshot.months[0])}


def next_month(month: datetime.date) -> datetime.date:
    return add_months(month, 1)
