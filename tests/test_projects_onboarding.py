"""The getting-started checklist: each step done or not from the project's data, read in a fixed
number of queries, shown to coordinators only on the overview."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.access import project_access
from maillage.competencies.models import Campaign
from maillage.directory.models import Availability
from maillage.projects.models import Membership, Objective, ProjectOrganisation, ProjectPerson
from maillage.projects.onboarding import getting_started
from tests.factories import (
    make_axis,
    make_body,
    make_dataset,
    make_membership,
    make_need,
    make_person,
    make_project,
    make_step,
    make_task,
    make_user,
)

pytestmark = pytest.mark.django_db


def _checklist(project: Any, user: Any) -> Any:
    return getting_started(project_access(user, project.pk))


def _done(checklist: Any) -> set[str]:
    return {item.key for item in checklist.items if item.done}


@pytest.fixture
def coordinator() -> Any:
    return make_user("coordination")


@pytest.fixture
def blank(coordinator: Any) -> Any:
    return make_project("Projet vierge", coordinator=coordinator)


def test_a_blank_project_has_nothing_done(blank: Any, coordinator: Any) -> None:
    checklist = _checklist(blank, coordinator)

    assert checklist.done_count == 0
    assert checklist.total == len(checklist.items) == 9
    assert not checklist.is_complete


def test_each_step_is_done_from_the_data(blank: Any, coordinator: Any) -> None:
    project = blank
    sponsor = ProjectOrganisation.objects.get(project=project)
    alice = make_person(project)
    bruno = make_person(project)
    sponsor.is_sponsor = True
    sponsor.save()
    assert "framing" not in _done(_checklist(project, coordinator))  # no representative yet
    sponsor.representative = alice
    sponsor.save()
    assert "framing" not in _done(_checklist(project, coordinator))  # no objective yet
    Objective.objects.create(project=project, title="Manger local")
    assert "framing" in _done(_checklist(project, coordinator))

    axis = make_axis(project, lead=alice, political_referent=alice)
    assert _done(_checklist(project, coordinator)) == {"framing", "axes"}
    axis.technical_referent = bruno
    axis.save()
    assert "referents" in _done(_checklist(project, coordinator))

    make_step(project)
    assert "steps" in _done(_checklist(project, coordinator))

    # Time outside the horizon does not count; two people with time in it do.
    before = project.horizon_start - datetime.timedelta(days=40)
    Availability.objects.create(person=alice, month=before.replace(day=1), days=Decimal(3))
    Availability.objects.create(person=alice, month=project.horizon_start, days=Decimal(3))
    assert "people" not in _done(_checklist(project, coordinator))
    Availability.objects.create(person=bruno, month=project.horizon_start, days=Decimal(2))
    assert "people" in _done(_checklist(project, coordinator))

    Campaign.objects.create(project=project, title="Revue", deadline=project.horizon_end)
    make_need(make_task(project), project.framework.competencies.first())
    make_body(project)
    make_membership(project, make_user(), Membership.Role.CONTRIBUTOR)
    checklist = _checklist(project, coordinator)

    assert checklist.is_complete, [item.key for item in checklist.items if not item.done]
    assert checklist.done_count == 9


def test_an_axis_without_its_referents_leaves_the_step_to_do(blank: Any, coordinator: Any) -> None:
    person = make_person(blank)
    make_axis(blank, lead=person, political_referent=person, technical_referent=person)
    make_axis(blank, lead=person, political_referent=person)

    assert "referents" not in _done(_checklist(blank, coordinator))


def test_the_small_data_set_has_the_steps_its_data_fill(project: Any) -> None:
    coordinator = make_user()
    make_membership(project, coordinator, Membership.Role.COORDINATOR)
    make_membership(project, make_user(), Membership.Role.OBSERVER)

    checklist = _checklist(project, coordinator)

    # Its sponsor has no representative, one axis lacks its political referent, and no review
    # campaign was run.
    assert _done(checklist) == {"axes", "steps", "people", "needs", "bodies", "members"}


def test_the_demo_project_has_most_steps_done() -> None:
    from maillage.demo import load_demo

    project = load_demo(today=datetime.date(2026, 11, 26))
    coordinator = Membership.objects.filter(
        project=project, role=Membership.Role.COORDINATOR
    ).first()

    checklist = _checklist(project, coordinator.user)

    assert checklist.done_count >= 7, [item.key for item in checklist.items if not item.done]


def test_the_checklist_is_read_in_a_fixed_number_of_queries(coordinator: Any) -> None:
    counts = []
    for size in ("small", "large"):
        project = make_project(f"Projet {size}", coordinator=coordinator)
        make_dataset(project, size)
        access = project_access(coordinator, project.pk)
        with CaptureQueriesContext(connection) as context:
            getting_started(access)
        counts.append(len(context.captured_queries))

    assert counts == [1, 1]


def test_a_share_of_time_for_the_project_gives_time_without_typed_months(
    blank: Any, coordinator: Any
) -> None:
    alice = make_person(blank)
    bruno = make_person(blank)
    ProjectPerson.objects.filter(person=alice).update(time_share=Decimal("0.2"))
    assert "people" not in _done(_checklist(blank, coordinator))  # Bruno gives no time yet

    ProjectPerson.objects.filter(person=bruno).update(time_share=Decimal("0.5"))

    assert "people" in _done(_checklist(blank, coordinator))


def test_archived_axes_do_not_count(blank: Any, coordinator: Any) -> None:
    person = make_person(blank)
    make_axis(blank, is_archived=True)
    assert not {"axes", "referents"} & _done(_checklist(blank, coordinator))

    make_axis(blank, lead=person, political_referent=person, technical_referent=person)

    # The archived axis, without referents, no longer holds the step back.
    assert {"axes", "referents"} <= _done(_checklist(blank, coordinator))


def test_every_step_links_to_the_page_that_does_it(blank: Any, coordinator: Any) -> None:
    links = {
        item.key: [link.url for link in item.links] for item in _checklist(blank, coordinator).items
    }

    assert all(links.values()), links
    assert reverse("directory", args=[blank.pk]) in links["people"]
    assert reverse("directory_people_import", args=[blank.pk]) in links["people"]
    assert links["members"] == [reverse("members", args=[blank.pk])]
    assert links["needs"] == [reverse("staffing_needs_grid", args=[blank.pk])]


@pytest.mark.french
def test_the_people_step_points_to_the_time_page_in_french(blank: Any, coordinator: Any) -> None:
    client = Client()
    client.force_login(coordinator)

    page = client.get(reverse("project_overview", args=[blank.pk])).content.decode()

    assert "page Temps" in page
    assert "Annuaire (temps de chaque personne)" in page


def test_the_overview_shows_the_checklist_to_the_coordinator_only(
    personas: dict[str, Client], project: Any
) -> None:
    url = reverse("project_overview", args=[project.pk])
    page = personas["coordinator"].get(url).content.decode()

    assert 'class="getting-started"' in page
    assert "<progress" in page
    assert reverse("directory_people_import", args=[project.pk]) in page
    for persona in ("contributor", "elected", "partner", "observer"):
        response = personas[persona].get(url)
        assert response.status_code == 200
        assert 'class="getting-started"' not in response.content.decode(), persona


@pytest.mark.french
def test_a_blank_project_shows_zero_of_nine_in_french(blank: Any, coordinator: Any) -> None:
    client = Client()
    client.force_login(coordinator)

    page = client.get(reverse("project_overview", args=[blank.pk])).content.decode()

    assert "0 sur 9 étapes faites" in page
    assert 'value="0"' in page and 'class="getting-started__details" open>' in page


def test_a_complete_checklist_is_folded(project: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from maillage.projects import onboarding

    coordinator = make_user()
    make_membership(project, coordinator, Membership.Role.COORDINATOR)
    monkeypatch.setattr(onboarding.Checklist, "is_complete", property(lambda self: True))
    client = Client()
    client.force_login(coordinator)

    page = client.get(reverse("project_overview", args=[project.pk])).content.decode()

    assert "Getting started: done" in page
    assert '<details class="getting-started__details">' in page
