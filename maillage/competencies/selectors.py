"""Reads of the competency pages, each in a fixed number of queries.

Privacy is decided here, once: a viewer who may see a person's personal data (the coordinator,
the person) sees the declared level, motivation and legitimacy; everyone else sees the
validated level only, and nothing where no level was validated.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from maillage.access import Perm, ProjectAccess, scoped
from maillage.competencies.models import Assessment, Campaign, Competency, Invitation, Level
from maillage.directory.models import Availability, Employment, Organisation, Person, Territory
from maillage.directory.selectors import months_from
from maillage.projects.models import Axis
from maillage.staffing.models import Need

# A competency is thin in a group when fewer people than this hold it at level 3 or more.
THIN_BELOW = 2
STRONG_LEVEL = 3


def framework_tree(access: ProjectAccess) -> dict[str, Any]:
    framework = access.project.framework
    competencies = list(framework.competencies.all())
    children: dict[int | None, list[Competency]] = defaultdict(list)
    for competency in competencies:
        children[competency.parent_id].append(competency)
    return {
        "framework": framework,
        "levels": list(framework.levels.all()),
        "roots": [(root, children.get(root.pk, [])) for root in children.get(None, [])],
        "count": len(competencies),
    }


def assessable_competencies(access: ProjectAccess) -> QuerySet[Competency]:
    """The competencies people are assessed on: the leaves of the project's framework."""
    return (
        Competency.objects.filter(framework_id=access.project.framework_id)
        .annotate(child_count=Count("children"))
        .filter(child_count=0)
        .order_by("code")
    )


def levels(access: ProjectAccess) -> list[Level]:
    return list(Level.objects.filter(framework_id=access.project.framework_id))


# --- The map -------------------------------------------------------------------------------------


@dataclass
class Cell:
    level: int | None = None
    validated: bool = False
    motivation: int | None = None
    legitimacy: int | None = None
    hidden: bool = False  # a declared level exists but the viewer may not see it


@dataclass
class MapRow:
    person: Person
    organisations: list[Organisation]
    cells: list[Cell] = field(default_factory=list)
    private: bool = False  # the viewer sees this person's personal data


def _visible_cell(assessment: Assessment | None, private: bool) -> Cell:
    if assessment is None:
        return Cell()
    if private:
        return Cell(
            level=assessment.effective_level,
            validated=assessment.validated_level is not None,
            motivation=assessment.motivation,
            legitimacy=assessment.legitimacy,
        )
    if assessment.validated_level is None:
        return Cell(hidden=True)
    return Cell(level=assessment.validated_level, validated=True)


def _sees_personal_data(access: ProjectAccess, person: Person) -> bool:
    return access.can(Perm.VIEW_PERSONAL_DATA) or (
        person.user_id is not None and person.user_id == access.user.pk
    )


def map_filters(access: ProjectAccess) -> dict[str, Any]:
    organisations = scoped(access, Organisation).order_by("name")
    return {
        "organisations": organisations,
        "territories": Territory.objects.filter(
            organisations__project_links__project=access.project
        )
        .distinct()
        .order_by("name"),
        "axes": scoped(access, Axis).order_by("order", "code"),
        "kinds": Person.Kind.choices,
    }


def competency_map(access: ProjectAccess, filters: dict[str, Any]) -> dict[str, Any]:
    """People by competencies, filtered by organisation, territory, axis and kind of person."""
    project = access.project
    people = (
        scoped(access, Person)
        .prefetch_related(
            Prefetch(
                "employments",
                queryset=Employment.objects.filter(organisation__project_links__project=project)
                .select_related("organisation")
                .order_by("-time_share"),
                to_attr="project_employments",
            )
        )
        .order_by("last_name", "first_name")
    )
    if filters.get("organisation"):
        people = people.filter(employments__organisation_id=filters["organisation"])
    if filters.get("territory"):
        people = people.filter(employments__organisation__territory_id=filters["territory"])
    if filters.get("kind"):
        people = people.filter(kind=filters["kind"])
    people = list(people.distinct())
    competencies = assessable_competencies(access)
    if filters.get("axis"):
        needed = Need.objects.filter(task__project=project, task__axis_id=filters["axis"]).values(
            "competency_id"
        )
        competencies = competencies.filter(pk__in=needed)
    competencies = list(competencies)
    by_key = {
        (a.person_id, a.competency_id): a
        for a in Assessment.objects.filter(
            person__in=[p.pk for p in people], competency__in=[c.pk for c in competencies]
        )
    }
    rows = []
    for person in people:
        private = _sees_personal_data(access, person)
        rows.append(
            MapRow(
                person=person,
                organisations=[e.organisation for e in person.project_employments],
                cells=[_visible_cell(by_key.get((person.pk, c.pk)), private) for c in competencies],
                private=private,
            )
        )
    return {"competencies": competencies, "rows": rows}


# --- Collective profiles -------------------------------------------------------------------------


@dataclass
class ProfileRow:
    competency: Competency
    counts: list[int]
    strong: int
    thin: bool


def collective_profile(
    access: ProjectAccess, organisation: Organisation | None = None
) -> dict[str, Any]:
    """How many people hold each competency at each level, in one organisation or in the
    whole partnership; a competency held at level 3+ by fewer than two people is thin."""
    scale = levels(access)
    people = scoped(access, Person)
    if organisation is not None:
        people = people.filter(employments__organisation=organisation)
    people_list = list(people.distinct())
    competencies = list(assessable_competencies(access))
    counts: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    assessments = Assessment.objects.filter(
        person__in=[p.pk for p in people_list], competency__in=[c.pk for c in competencies]
    ).select_related("person")
    for assessment in assessments:
        cell = _visible_cell(assessment, _sees_personal_data(access, assessment.person))
        if cell.level is not None:
            counts[assessment.competency_id][cell.level] += 1
    rows = []
    for competency in competencies:
        per_level = [counts[competency.pk][level.value] for level in scale]
        strong = sum(counts[competency.pk][v] for v in counts[competency.pk] if v >= STRONG_LEVEL)
        rows.append(ProfileRow(competency, per_level, strong, strong < THIN_BELOW))
    return {
        "levels": scale,
        "rows": rows,
        "people_count": len(people_list),
        "thin": [row for row in rows if row.thin],
    }


# --- Campaigns -----------------------------------------------------------------------------------


def campaigns(access: ProjectAccess) -> QuerySet[Campaign]:
    return scoped(access, Campaign).annotate(
        invited=Count("invitations", distinct=True),
        answered=Count(
            "invitations", filter=Q(invitations__submitted_at__isnull=False), distinct=True
        ),
    )


def invitation_status(invitation: Invitation, now: Any) -> str:
    if invitation.withdrawn_at is not None:
        return "withdrawn"
    if invitation.submitted_at is not None:
        return "answered"
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.expires_at <= now:
        return "expired"
    if invitation.draft_saved_at is not None:
        return "draft"
    return "pending"


def campaign_detail(access: ProjectAccess, campaign: Campaign) -> dict[str, Any]:
    now = timezone.now()
    invitations = list(
        campaign.invitations.select_related("person").order_by(
            "person__last_name", "person__first_name"
        )
    )
    for invitation in invitations:
        invitation.status = invitation_status(invitation, now)  # type: ignore[attr-defined]
    statuses = [i.status for i in invitations]  # type: ignore[attr-defined]
    return {
        "invitations": invitations,
        "competencies": list(campaign.competencies.order_by("code")),
        "axes": list(campaign.axes.all()),
        "answered": statuses.count("answered"),
        "pending": sum(s in ("pending", "draft") for s in statuses),
    }


def campaign_comparison(access: ProjectAccess, first: Campaign, second: Campaign) -> list[Any]:
    """Per person and competency answered in both campaigns: the level then and now (the
    validated level when there is one), and the change."""
    answers: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    people: dict[int, Person] = {}
    competencies: dict[int, Competency] = {}
    rows_qs = (
        Invitation.objects.filter(campaign__in=[first, second], submitted_at__isnull=False)
        .select_related("person")
        .prefetch_related("answers__competency")
    )
    for invitation in rows_qs:
        people[invitation.person_id] = invitation.person
        for answer in invitation.answers.all():
            if answer.level is None:
                continue
            competencies[answer.competency_id] = answer.competency
            value = answer.validated_level if answer.validated_level is not None else answer.level
            answers[(invitation.person_id, answer.competency_id)][invitation.campaign_id] = value
    rows = []
    for (person_id, competency_id), values in answers.items():
        if first.pk in values and second.pk in values:
            before, after = values[first.pk], values[second.pk]
            rows.append(
                {
                    "person": people[person_id],
                    "competency": competencies[competency_id],
                    "before": before,
                    "after": after,
                    "change": after - before,
                }
            )
    rows.sort(key=lambda r: (r["person"].last_name, r["person"].first_name, r["competency"].code))
    return rows


def validation_queue(access: ProjectAccess, *, show_all: bool = False) -> list[Assessment]:
    """Assessments the user may validate: all for the coordinator, else those of the people
    the user manages."""
    queryset = scoped(access, Assessment).select_related("person", "competency").distinct()
    if not access.can(Perm.RUN_REVIEWS):
        managed = Employment.objects.filter(manager__user_id=access.user.pk).values("person_id")
        queryset = queryset.filter(person_id__in=managed)
    if not show_all:
        queryset = queryset.filter(validated_level__isnull=True)
    return list(queryset.order_by("person__last_name", "person__first_name", "competency__code"))


def declared_availabilities(access: ProjectAccess) -> list[Invitation]:
    """Each person's latest answered availability in the project's campaigns, for the
    coordinator to validate (personal data: empty for anyone else)."""
    if not access.can(Perm.RUN_REVIEWS):
        return []
    invitations = (
        Invitation.objects.filter(
            campaign__project=access.project,
            submitted_at__isnull=False,
            days_per_month__isnull=False,
            person__project_links__project=access.project,
        )
        .select_related("person", "campaign")
        .order_by("person__last_name", "person__first_name", "person_id", "-submitted_at")
    )
    latest: dict[int, Invitation] = {}
    for invitation in invitations:
        latest.setdefault(invitation.person_id, invitation)
    # What the coordinator validated, read on the month of the answer (None: not yet).
    first_month = {
        pk: months_from(access.project, timezone.localdate(i.submitted_at))[0]
        for pk, i in latest.items()
    }
    validated = {
        (person_id, month): days
        for person_id, month, days in Availability.objects.filter(
            person_id__in=list(latest),
            month__in=set(first_month.values()),
            declared_days__isnull=False,
        ).values_list("person_id", "month", "days")
    }
    for pk, invitation in latest.items():
        invitation.validated_days = validated.get((pk, first_month[pk]))  # type: ignore[attr-defined]
    return list(latest.values())
