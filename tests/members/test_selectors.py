"""The members page reads in a constant number of queries, whatever the number of members."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.access import project_access
from maillage.members import selectors, services
from maillage.projects.models import Membership
from tests.factories import make_membership, make_person, make_project, make_user
from tests.members.helpers import invite

pytestmark = pytest.mark.django_db


def _project_with_members(count: int) -> tuple[Any, Any]:
    coordinator = make_user()
    project = make_project(coordinator=coordinator)
    access = project_access(coordinator, project.pk)
    for n in range(count):
        user = make_user()
        membership = make_membership(project, user, Membership.Role.CONTRIBUTOR)
        services.member_change_role(
            access=access,
            membership=membership,
            role=Membership.Role.OBSERVER,
            expected_role=Membership.Role.CONTRIBUTOR,
        )
        services.member_link_person(
            access=access, membership=membership, person=make_person(project)
        )
        make_person(project)
        invite(project, coordinator, f"invite{n}-{project.pk}@example.org")
    return project, coordinator


def _page_queries(project: Any, coordinator: Any) -> int:
    client = Client()
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("members", args=[project.pk]))
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_members_page_runs_the_same_queries_for_2_or_12_members() -> None:
    small = _page_queries(*_project_with_members(2))
    large = _page_queries(*_project_with_members(12))

    assert small == large


def test_the_page_lists_members_people_invitations_and_history() -> None:
    project, coordinator = _project_with_members(3)

    page = selectors.members_page(project_access(coordinator, project.pk))

    assert len(page.rows) == 4
    assert sum(1 for row in page.rows if row.person is not None) == 3
    assert [row.is_only_coordinator for row in page.rows].count(True) == 1
    assert len(page.invitations) == 3
    assert len(page.history) == 3
    assert len(page.linkable_people) == 3
