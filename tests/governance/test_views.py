"""Governance pages: who sees and edits bodies, the months form in French, members with htmx."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from maillage.governance.models import Body, BodyMember
from tests.factories import make_body, make_person, make_project
from tests.personas import PERSONAS

pytestmark = pytest.mark.django_db

READERS = ("coordinator", "contributor", "elected", "partner", "observer")


def _french(client: Any) -> Any:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    return client


def _form(project: Any, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Comité de pilotage",
        "kind": "copil",
        "animator": project.dataset["people"][0].pk,
        "months": ["3", "6", "11"],
        "meetings_per_year": "",
        "meeting_days": "0,5",
        "axes": [project.dataset["axes"][0].pk],
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_list_answers_each_persona(persona: str, personas: dict, project: Any) -> None:
    response = personas[persona].get(reverse("governance_bodies", args=[project.pk]))

    expected = {"outsider": 404, "anonymous": 302}.get(persona, 200)
    assert response.status_code == expected
    if persona in READERS:
        html = response.content.decode()
        assert project.dataset["bodies"][0].name in html
        create = reverse("governance_body_create", args=[project.pk])
        assert (create in html) == (persona == "coordinator")


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_coordinator_creates_a_body(persona: str, personas: dict, project: Any) -> None:
    client = _french(personas[persona])

    response = client.post(reverse("governance_body_create", args=[project.pk]), _form(project))

    created = Body.objects.filter(project=project, name="Comité de pilotage").first()
    if persona == "coordinator":
        assert response.status_code == 302
        assert created is not None
        assert (created.months, created.meetings_per_year) == ([3, 6, 11], 3)
        assert str(created.meeting_days) == "0.50"
        assert response["Location"] == reverse(
            "governance_body_detail", args=[project.pk, created.pk]
        )
    else:
        assert response.status_code == {"outsider": 404, "anonymous": 302}.get(persona, 403)
        assert created is None


def test_the_list_offers_to_create_the_first_body_when_empty(personas: dict, project: Any) -> None:
    Body.objects.filter(project=project).delete()

    html = personas["coordinator"].get(reverse("governance_bodies", args=[project.pk])).content
    observer_html = (
        personas["observer"].get(reverse("governance_bodies", args=[project.pk])).content
    )

    create = reverse("governance_body_create", args=[project.pk]).encode()
    assert create in html
    assert create not in observer_html


def test_a_body_without_a_month_is_refused_on_the_months_field(
    personas: dict, project: Any
) -> None:
    client = _french(personas["coordinator"])

    response = client.post(
        reverse("governance_body_create", args=[project.pk]), _form(project, months=[])
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_months"' in html
    assert "Cochez au moins un mois" in html
    assert not Body.objects.filter(project=project, name="Comité de pilotage").exists()


def test_the_edit_form_shows_the_months_ticked_and_a_french_decimal(
    personas: dict, project: Any
) -> None:
    body = make_body(project, months=[3, 6, 11])
    client = _french(personas["coordinator"])

    html = client.get(reverse("governance_body_edit", args=[project.pk, body.pk])).content.decode()

    assert 'value="0,5"' in html
    for number in (3, 6, 11):
        assert f'value="{number}" id="id_months_{number - 1}" checked' in html
    assert 'value="8" id="id_months_7" checked' not in html


def test_a_stale_edit_is_refused_with_409_and_changes_nothing(personas: dict, project: Any) -> None:
    body = make_body(project, name="COTECH", months=[1, 4])
    Body.objects.filter(pk=body.pk).update(version=2)  # someone saved meanwhile
    client = _french(personas["coordinator"])

    response = client.post(
        reverse("governance_body_edit", args=[project.pk, body.pk]),
        _form(project, name="COTECH renommé", version="1"),
    )

    assert response.status_code == 409
    body.refresh_from_db()
    assert (body.name, body.months) == ("COTECH", [1, 4])


def test_a_body_of_another_project_is_not_found(personas: dict, project: Any) -> None:
    elsewhere = make_body(make_project("Ailleurs"))

    for name in ("governance_body_detail", "governance_body_edit", "governance_body_delete"):
        response = personas["coordinator"].get(reverse(name, args=[project.pk, elsewhere.pk]))
        assert response.status_code == 404, name


def test_the_body_page_lists_members_with_their_college(personas: dict, project: Any) -> None:
    body = make_body(project, months=[3, 6, 11])
    person = make_person(project, first_name="Yannick", last_name="Guillou")
    BodyMember.objects.create(body=body, person=person, college="elected", role="chair")

    html = (
        _french(personas["observer"])
        .get(reverse("governance_body_detail", args=[project.pk, body.pk]))
        .content.decode()
    )

    assert "Yannick Guillou" in html
    assert "Élus et collectivités" in html
    assert "mars, juin, novembre" in html
    assert reverse("governance_body_member_add", args=[project.pk, body.pk]) not in html


def test_a_member_is_added_with_htmx_and_the_section_comes_back(
    personas: dict, project: Any
) -> None:
    body = make_body(project, months=[3])
    person = make_person(project, first_name="Léa", last_name="Morvan")

    response = personas["coordinator"].post(
        reverse("governance_body_member_add", args=[project.pk, body.pk]),
        {"person": person.pk, "college": "associations", "role": "member"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="body-members"')
    assert "Léa Morvan" in html
    assert BodyMember.objects.get(body=body, person=person).college == "associations"


def test_a_member_without_college_is_refused_on_the_college_field(
    personas: dict, project: Any
) -> None:
    body = make_body(project, months=[3])
    person = make_person(project)

    response = _french(personas["coordinator"]).post(
        reverse("governance_body_member_add", args=[project.pk, body.pk]),
        {"person": person.pk, "college": "", "role": "member"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert 'href="#id_college"' in response.content.decode()
    assert not BodyMember.objects.filter(body=body).exists()


def test_a_member_is_removed_and_stays_in_the_directory(personas: dict, project: Any) -> None:
    body = make_body(project, months=[3])
    person = make_person(project)
    membership = BodyMember.objects.create(body=body, person=person, college="citizens")

    response = personas["coordinator"].post(
        reverse("governance_body_member_remove", args=[project.pk, body.pk, membership.pk])
    )

    assert response.status_code == 302
    assert not BodyMember.objects.filter(pk=membership.pk).exists()
    assert type(person).objects.filter(pk=person.pk).exists()


def test_a_member_of_another_body_cannot_be_removed_through_this_one(
    personas: dict, project: Any
) -> None:
    body, other = make_body(project), make_body(project)
    membership = BodyMember.objects.create(body=other, person=make_person(project), college="state")

    response = personas["coordinator"].post(
        reverse("governance_body_member_remove", args=[project.pk, body.pk, membership.pk])
    )

    assert response.status_code == 404
    assert BodyMember.objects.filter(pk=membership.pk).exists()


def test_deleting_a_body_keeps_its_people(personas: dict, project: Any) -> None:
    body = project.dataset["bodies"][0]
    people = list(body.members.all())

    response = personas["coordinator"].post(
        reverse("governance_body_delete", args=[project.pk, body.pk])
    )

    assert response.status_code == 302
    assert not Body.objects.filter(pk=body.pk).exists()
    assert all(type(p).objects.filter(pk=p.pk).exists() for p in people)


def test_the_navigation_leads_to_the_bodies(personas: dict, project: Any) -> None:
    html = personas["observer"].get(reverse("project_overview", args=[project.pk])).content

    assert reverse("governance_bodies", args=[project.pk]).encode() in html


def test_the_overview_shows_the_months_and_links_to_the_body(personas: dict, project: Any) -> None:
    body = make_body(project, name="COPIL", months=[3, 6, 11])

    html = (
        _french(personas["observer"])
        .get(reverse("project_overview", args=[project.pk]))
        .content.decode()
    )

    assert reverse("governance_body_detail", args=[project.pk, body.pk]) in html
    assert "mars, juin, novembre" in html
