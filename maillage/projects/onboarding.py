"""The “getting started” checklist of a project: which first steps are done, read from the data.

Each step is done or not from the rows of the project alone (no flag to tick), so the list stays
true whoever fills the forms and in whatever order. All steps are read in one query.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
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


def _count(queryset: object) -> Coalesce:
    return Coalesce(Subquery(queryset, output_field=IntegerField()), Value(0))


def _axis_without_referents(project_ref: OuterRef) -> Exists:
    axes = Axis.objects.filter(project=project_ref, is_archived=False)
    missing = Q(lead__isnull=True) | Q(political_referent__isnull=True)
    return Exists(axes.filter(missing | Q(technical_referent__isnull=True)))


def _facts(project: Project) -> dict[str, object]:
    """Every fact the checklist needs, in one query."""
    here = OuterRef("pk")
    # A month without an availability row takes its default from the project share
    # (`maillage.directory.selectors.default_days`), so a share gives time by itself.
    typed_availability = Exists(
        Availability.objects.filter(
            person=OuterRef("person"),
            month__gte=project.horizon_start,
            month__lte=project.horizon_end,
        )
    )
    people_with_time = (
        ProjectPerson.objects.filter(project=here)
        .filter(Q(time_share__gt=0) | typed_availability)
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
            has_axis=Exists(Axis.objects.filter(project=here, is_archived=False)),
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


def _links(*pairs: tuple[str | Promise, str]) -> list[Link]:
    return [Link(label, url) for label, url in pairs]


def getting_started(access: ProjectAccess) -> Checklist:
    """The checklist of a project's first steps, each with links to the pages that do it."""
    project = access.project
    pk = project.pk
    facts = _facts(project)
    framing = reverse("framing", args=[pk])
    directory = reverse("directory", args=[pk])
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
            _links((_("Steps"), reverse("planning_steps", args=[pk]))),
        ),
        ChecklistItem(
            "people",
            _("Add the people and their time"),
            _(
                "At least two people with time for the project: a share of their working "
                "time, or days typed for a month of the horizon on their Time page."
            ),
            int(facts["people_with_time"]) >= MIN_PEOPLE,  # type: ignore[call-overload]
            _links(
                (_("Import a spreadsheet"), reverse("directory_people_import", args=[pk])),
                (_("Add a person"), reverse("person_create", args=[pk])),
                (_("Directory (time of each person)"), directory),
            ),
        ),
        ChecklistItem(
            "campaign",
            _("Run a competency review"),
            _("A review campaign exists."),
            bool(facts["has_campaign"]),
            _links((_("Review campaigns"), reverse("competencies_campaigns", args=[pk]))),
        ),
        ChecklistItem(
            "needs",
            _("Say what the tasks need"),
            _("At least one task with a competency need."),
            bool(facts["has_need"]),
            _links((_("Needs"), reverse("staffing_needs_grid", args=[pk]))),
        ),
        ChecklistItem(
            "referents",
            _("Name the lead and referents"),
            _("Every axis has a lead, a political and a technical referent."),
            bool(facts["has_axis"]) and not facts["has_axis_without_referents"],
            _links((_("Referents of the axes"), reverse("responsibilities_axes", args=[pk]))),
        ),
        ChecklistItem(
            "bodies",
            _("Set up the governance"),
            _("At least one governance body."),
            bool(facts["has_body"]),
            _links((_("Governance bodies"), reverse("governance_bodies", args=[pk]))),
        ),
        ChecklistItem(
            "members",
            _("Invite the team"),
            _("At least two members with access to the project."),
            int(facts["member_count"]) >= MIN_MEMBERS,  # type: ignore[call-overload]
            _links((_("Members"), reverse("members", args=[pk]))),
        ),
    ]
    return Checklist(items)
