"""Reads of the governance pages, in a constant number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from maillage.access import ProjectAccess, scoped
from maillage.governance.models import Body, BodyMember
from maillage.projects.models import Axis


def bodies_for_project(access: ProjectAccess) -> QuerySet[Body]:
    """The project's bodies with their animator, axes and number of members."""
    return (
        scoped(access, Body)
        .select_related("animator")
        .prefetch_related(Prefetch("axes", queryset=Axis.objects.order_by("order", "code")))
        .annotate(member_count=Count("memberships"))
        .order_by("kind", "name")
    )


def body_page(body: Body) -> dict[str, Any]:
    """A body's members (chair first) with their college and role."""
    memberships = list(
        BodyMember.objects.filter(body=body)
        .select_related("person")
        .order_by("role", "person__last_name", "person__first_name")
    )
    role_order = {BodyMember.Role.CHAIR: 0, BodyMember.Role.SECRETARY: 1, BodyMember.Role.MEMBER: 2}
    memberships.sort(key=lambda m: role_order.get(m.role, 3))
    return {
        "memberships": memberships,
        "axes": list(body.axes.order_by("order", "code")),
    }
