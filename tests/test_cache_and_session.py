"""Pages and exports are not kept by caches, and an idle session ends."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name", ["project_overview", "person_detail", "planning_export_xlsx", "directory"]
)
def test_pages_and_exports_of_a_logged_in_user_are_never_stored(
    name: str, personas: dict, project: Any
) -> None:
    args = [project.pk]
    if name == "person_detail":
        args.append(project.dataset["people"][0].pk)
    response = personas["coordinator"].get(reverse(name, args=args))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_the_login_page_is_not_stored_either(client: Client) -> None:
    assert "no-store" in client.get(reverse("login"))["Cache-Control"]


def test_a_session_idle_longer_than_the_setting_ends(settings: Any) -> None:
    settings.SESSION_COOKIE_AGE = 30 * 60
    settings.MAILLAGE_SESSION_REFRESH_SECONDS = 60
    client = Client()
    with time_machine.travel("2026-12-03 09:00 +0100", tick=False) as traveller:
        client.force_login(make_user())
        assert client.get(reverse("home")).status_code == 200
        traveller.shift(25 * 60)  # active again within the idle time: the session goes on
        assert client.get(reverse("home")).status_code == 200
        traveller.shift(25 * 60)
        assert client.get(reverse("home")).status_code == 200
        traveller.shift(31 * 60)  # idle too long
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_activity_pushes_the_session_end_back_with_at_most_one_write_a_minute(
    settings: Any,
) -> None:
    settings.MAILLAGE_SESSION_REFRESH_SECONDS = 60
    from django.contrib.sessions.models import Session

    client = Client()
    with time_machine.travel("2026-12-03 09:00 +0100", tick=False) as traveller:
        client.force_login(make_user())
        client.get(reverse("home"))
        first_end = Session.objects.get().expire_date
        traveller.shift(30)
        client.get(reverse("home"))
        assert Session.objects.get().expire_date == first_end  # within a minute: not written
        traveller.shift(60)
        client.get(reverse("home"))
    assert Session.objects.get().expire_date == first_end + datetime.timedelta(seconds=90)
