"""Reads of the members page, in a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, QuerySet

from maillage.access import Perm, ProjectAccess
from maillage.directory.models import Person
from maillage.members.models import Invitation, MembershipEvent
from maillage.projects.models import Membership

HISTORY_LINES = 100


@dataclass
class MemberRow:
    membership: Membership
    person: Person | None
    since: Any  # the datetime of the latest "added" event, None before the history was kept
    is_only_coordinator: bool = False


@dataclass
class MembersPage:
    rows: list[MemberRow]
    can_manage: bool
    invitations: list[Invitation] = field(default_factory=list)
    history: list[MembershipEvent] = field(default_factory=list)
    linkable_people: list[Person] = field(default_factory=list)


def linkable_people(access: ProjectAccess) -> QuerySet[Person]:
    """People of the project not linked to any account (posts to fill are not people yet)."""
    return Person.objects.filter(
        project_links__project=access.project, user__isnull=True, is_placeholder=False
    ).order_by("last_name", "first_name", "pk")


def members_page(access: ProjectAccess) -> MembersPage:
    project = access.project
    memberships = list(
        Membership.objects.filter(project=project)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    user_ids = [membership.user_id for membership in memberships]
    people = {
        person.user_id: person
        for person in Person.objects.filter(user_id__in=user_ids, project_links__project=project)
    }
    since = dict(
        MembershipEvent.objects.filter(
            project=project, user_id__in=user_ids, action=MembershipEvent.Action.ADDED
        )
        .values("user_id")
        .annotate(at=Max("at"))
        .values_list("user_id", "at")
    )
    coordinators = sum(1 for m in memberships if m.role == Membership.Role.COORDINATOR)
    rows = [
        MemberRow(
            membership=membership,
            person=people.get(membership.user_id),
            since=since.get(membership.user_id),
            is_only_coordinator=membership.role == Membership.Role.COORDINATOR
            and coordinators == 1,
        )
        for membership in memberships
    ]
    page = MembersPage(rows=rows, can_manage=access.can(Perm.MANAGE_MEMBERS))
    if page.can_manage:
        page.invitations = list(
            Invitation.objects.filter(
                project=project, accepted_at__isnull=True, revoked_at__isnull=True
            )
            .select_related("person", "invited_by")
            .order_by("expires_at", "pk")
        )
        page.history = list(
            MembershipEvent.objects.filter(project=project).order_by("-at", "-pk")[:HISTORY_LINES]
        )
        page.linkable_people = list(linkable_people(access))
    return page


def member_row(access: ProjectAccess, membership: Membership) -> MemberRow:
    """One row of the page, after an in-place change."""
    for row in members_page(access).rows:
        if row.membership.pk == membership.pk:
            return row
    raise Membership.DoesNotExist
