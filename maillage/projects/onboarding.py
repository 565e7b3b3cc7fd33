"""The “getting started” checklist of a project: which first steps are done, read from the data.

Each step is done or not from the rows of the project alone (no flag to tick), so the list stays
true whoever fills the forms and in whatever order. All steps are read in one query.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from maillage.access import ProjectAccess
from maillage.competencies.models import Campaign
from maillage.directory.models import Availability
from maillage.governance.models import Body
from maillage.projects.models import (
    Axis,
    Membership,
    Objective,
    Project,
    ProjectOrganisation,
    ProjectPerson,
    Step,
)
from maillage.staffing.models import Need

MIN_PEOPLE = 2
MIN_MEMBERS = 2


@dataclass(frozen=True)
class Link:
    label: str | Promise
    url: str


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    title: str | Promise
    hint: str | Promise
    done: bool
    links: list[Link] = field(default_factory=list)


@dataclass(frozen=True)
class Checklist:
    items: list[ChecklistItem]

    @property
    def done_count(self) -> int:
        return sum(item.done for item in self.items)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def is_complete(self) -> bool:
        return self.done_count == self.total


def url_or_none(name: str, *args: object) -> str | None:
    """The URL of a page, or None while that page does not exist in this installation."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _count(queryset: object) -> Coalesce:
    return Coalesce(Subquery(queryset, output_field=IntegerField()), Value(0))


def _axis_without_referents(project_ref: OuterRef) -> Exists:
    axes = Axis.objects.filter(project=project_ref)
    if any(f.name == "is_active" for f in Axis._meta.get_fields()):
        axes = axes.filter(is_active=True)
    missing = Q(lead__isnull=True) | Q(political_referent__isnull=True)
    return Exists(axes.filter(missing | Q(technical_referent__isnull=True)))


def _facts(project: Project) -> dict[str, object]:
    """Every fact the checklist needs, in one query."""
    here = OuterRef("pk")
    people_with_time = (
        ProjectPerson.objects.filter(project=here)
        .filter(
            Exists(
                Availability.objects.filter(
                    person=OuterRef("person"),
                    month__gte=project.horizon_start,
                    month__lte=project.horizon_end,
                )
            )
        )
        .order_by()
        .values("project")
        .annotate(count=Count("pk"))
        .values("count")
    )
    members = (
        Membership.objects.filter(project=here)
        .order_by()
        .values("project")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        Project.objects.filter(pk=project.pk)
        .annotate(
            has_represented_sponsor=Exists(
                ProjectOrganisation.objects.filter(
                    project=here, is_sponsor=True, representative__isnull=False
                )
            ),
            has_objective=Exists(Objective.objects.filter(project=here)),
            has_axis=Exists(Axis.objects.filter(project=here)),
            has_axis_without_referents=_axis_without_referents(here),
            has_step=Exists(Step.objects.filter(project=here)),
            people_with_time=_count(people_with_time),
            has_campaign=Exists(Campaign.objects.filter(project=here)),
            has_need=Exists(Need.objects.filter(task__project=here)),
            has_body=Exists(Body.objects.filter(project=here)),
            member_count=_count(members),
        )
        .values(
            "has_represented_sponsor",
            "has_objective",
            "has_axis",
            "has_axis_without_referents",
            "has_step",
            "people_with_time",
            "has_campaign",
            "has_need",
            "has_body",
            "member_count",
        )
        .get()
    )


def _links(*pairs: tuple[str | Promise, str | None]) -> list[Link]:
    return [Link(label, url) for label, url in pairs if url is not None]


def getting_started(access: ProjectAccess) -> Checklist:
    """The checklist of a project's first steps, each with links to the pages that do it."""
    project = access.project
    pk = project.pk
    facts = _facts(project)
    framing = url_or_none("framing", pk)
    directory = url_or_none("directory", pk)
    items = [
        ChecklistItem(
            "framing",
            _("Frame the project"),
            _("At least one sponsor with its representative, and one objective."),
            bool(facts["has_represented_sponsor"] and facts["has_objective"]),
            _links((_("Sponsors and objectives"), framing)),
        ),
        ChecklistItem(
            "axes",
            _("Define the axes"),
            _("At least one axis of work."),
            bool(facts["has_axis"]),
            _links((_("Axes"), framing)),
        ),
        ChecklistItem(
            "steps",
            _("Plan the steps"),
            _("At least one step of the guiding thread."),
            bool(facts["has_step"]),
            _links((_("Steps"), url_or_none("planning_steps", pk))),
        ),
        ChecklistItem(
            "people",
            _("Add the people and their time"),
            _("At least two people, with their availability in the horizon."),
            int(facts["people_with_time"]) >= MIN_PEOPLE,  # type: ignore[call-overload]
            _links(
                (_("Import a spreadsheet"), url_or_none("directory_people_import", pk)),
                (_("Add a person"), url_or_none("person_create", pk)),
                (_("Directory (time of each person)"), directory),
            ),
        ),
        ChecklistItem(
            "campaign",
            _("Run a competency review"),
            _("A review campaign exists."),
            bool(facts["has_campaign"]),
            _links((_("Review campaigns"), url_or_none("competencies_campaigns", pk))),
        ),
        ChecklistItem(
            "needs",
            _("Say what the tasks need"),
            _("At least one task with a competency need."),
            bool(facts["has_need"]),
            _links((_("Needs"), url_or_none("staffing_needs_grid", pk))),
        ),
        ChecklistItem(
            "referents",
            _("Name the lead and referents"),
            _("Every axis has a lead, a political and a technical referent."),
            bool(facts["has_axis"]) and not facts["has_axis_without_referents"],
            _links((_("Referents of the axes"), url_or_none("responsibilities_axes", pk))),
        ),
        ChecklistItem(
            "bodies",
            _("Set up the governance"),
            _("At least one governance body."),
            bool(facts["has_body"]),
            _links((_("Governance bodies"), url_or_none("governance_bodies", pk))),
        ),
        ChecklistItem(
            "members",
            _("Invite the team"),
            _("At least two members with access to the project."),
            int(facts["member_count"]) >= MIN_MEMBERS,  # type: ignore[call-overload]
            _links((_("Members"), url_or_none("members", pk))),
        ),
    ]
    return Checklist(items)
