"""No page's number of SQL queries grows with the data: same count for a small and a large
project (no N+1 query anywhere)."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from maillage.projects.models import Membership
from tests.factories import make_dataset, make_membership, make_project, make_user
from tests.test_authorization_walk import EXPECTED, OK, url_for

GET_PAGES = sorted(
    name
    for name, table in EXPECTED.items()
    if table["GET"]["coordinator"] == OK and name not in ("login",)
)


def _project_with(size: str, user: Any) -> Any:
    project = make_project(f"Projet {size}")
    project.dataset = make_dataset(project, size)
    make_membership(project, user, Membership.Role.COORDINATOR)
    return project


def _queries(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == OK, url
    return [query["sql"] for query in context.captured_queries]


@pytest.mark.django_db
@time_machine.travel("2026-12-03 10:00 +0100", tick=False)
def test_no_page_runs_more_queries_on_a_larger_project() -> None:
    user = make_user("coordination")
    small = _project_with("small", user)
    large = _project_with("large", user)
    assert len(large.dataset["tasks"]) >= 10 * len(small.dataset["tasks"])
    client = Client()
    client.force_login(user)
    # The first request of a minute records the session's activity (a write); with the clock
    # stopped, no page measured below pays it.
    client.get(url_for("project_overview", small))

    grown = {}
    for name in GET_PAGES:
        small_queries = _queries(client, url_for(name, small))
        large_queries = _queries(client, url_for(name, large))
        if len(large_queries) != len(small_queries):
            grown[name] = (len(small_queries), len(large_queries))

    assert grown == {}, f"pages whose query count grows with the data (small, large): {grown}"


@pytest.mark.django_db
def test_the_query_count_is_measured_on_every_page_with_content() -> None:
    assert {"project_overview", "directory", "person_detail", "task_tree", "task_detail"} <= set(
        GET_PAGES
    )


@pytest.mark.django_db
def test_the_competency_pages_are_measured() -> None:
    assert {
        "competencies_map",
        "competencies_profiles",
        "competencies_validation",
        "competencies_campaigns",
        "competencies_campaign_detail",
        "competencies_framework",
        "competencies_person_data",
    } <= set(GET_PAGES)
