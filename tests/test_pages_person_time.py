"""A person's time page: who may see and write it, and what a save does."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from maillage.directory.forms import share_to_percent
from maillage.directory.models import Availability, Employment, Person
from maillage.projects.models import ProjectPerson
from tests.factories import make_organisation, make_person, make_project, make_user

MAY = datetime.date(2026, 5, 1)


def time_url(project: Any, person: Any) -> str:
    return reverse("person_time", args=[project.pk, person.pk])


def _form_data(project: Any, person: Any, **changes: Any) -> dict[str, Any]:
    """What the page posts when nothing is changed: the employments with the project's
    organisations, the project share, one blank input per month, and the version."""
    person.refresh_from_db()
    employments = list(
        Employment.objects.filter(
            person=person, organisation__project_links__project=project
        ).order_by("-time_share")
    )
    data: dict[str, Any] = {
        "employments-TOTAL_FORMS": str(len(employments) + 1),
        "employments-INITIAL_FORMS": str(len(employments)),
        "employments-MIN_NUM_FORMS": "0",
        "employments-MAX_NUM_FORMS": "1000",
        "version": person.time_version,
        "project_share": "0",
    }
    for i, employment in enumerate(employments):
        data[f"employments-{i}-organisation"] = employment.organisation_id
        data[f"employments-{i}-time_share"] = str(share_to_percent(employment.time_share))
    for month in project.horizon_month_starts():
        data[f"month_{month:%Y_%m}"] = ""
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("coordinator", True),
        ("contributor", False),
        ("elected", False),
        ("partner", False),
        ("observer", False),
    ],
)
def test_the_person_page_shows_availability_to_the_coordinator_only(
    personas: dict, project: Any, persona: str, sees: bool
) -> None:
    person = project.dataset["people"][0]
    response = personas[persona].get(reverse("person_detail", args=[project.pk, person.pk]))
    assert response.status_code == 200
    assert bool(response.context["page"].availability) is sees
    assert (time_url(project, person) in response.content.decode()) is sees
    assert ("availability-title" in response.content.decode()) is sees


def test_a_person_sees_their_own_availability_and_time(personas: dict, project: Any) -> None:
    myself = Person.objects.get(first_name="Camille", last_name="Contrib")
    page = personas["contributor"].get(reverse("person_detail", args=[project.pk, myself.pk]))
    assert len(page.context["page"].availability) == project.horizon_months
    assert personas["contributor"].get(time_url(project, myself)).status_code == 200


def test_the_outsider_and_anonymous_cannot_reach_the_time_page(
    personas: dict, project: Any
) -> None:
    person = project.dataset["people"][0]
    assert personas["outsider"].get(time_url(project, person)).status_code == 404
    assert personas["anonymous"].get(time_url(project, person)).status_code == 302


def test_the_coordinator_saves_two_employments_a_share_and_a_french_decimal(
    personas: dict, project: Any
) -> None:
    person = make_person(project, first_name="Nina", last_name="Temps")
    Availability.objects.filter(person=person).delete()
    association = make_organisation(project, name="Terres Vives")
    data = _form_data(project, person)
    data.update(
        {
            "employments-TOTAL_FORMS": "2",
            "employments-INITIAL_FORMS": "1",
            "employments-0-time_share": "60",
            "employments-1-organisation": association.pk,
            "employments-1-time_share": "40 %",
            "employments-1-role": "animatrice",
            "project_share": "12,5",
            "month_2026_05": "2,5",
        }
    )
    response = personas["coordinator"].post(
        time_url(project, person), data, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 302, (
        response.context["formset"].non_form_errors(),
        response.context["form"].errors,
    )
    shares = sorted(Employment.objects.filter(person=person).values_list("time_share", flat=True))
    assert shares == [Decimal("0.4"), Decimal("0.6")]
    assert ProjectPerson.objects.get(project=project, person=person).time_share == Decimal("0.125")
    assert Availability.objects.get(person=person, month=MAY).days == Decimal("2.5")
    assert Availability.objects.filter(person=person).count() == 1


def test_english_takes_a_decimal_point_and_refuses_a_comma(personas: dict, project: Any) -> None:
    person = project.dataset["people"][0]
    client = personas["coordinator"]
    refused = client.post(
        time_url(project, person),
        _form_data(project, person, month_2026_05="2,5"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert refused.status_code == 200
    assert "month_2026_05" in refused.context["form"].errors
    saved = client.post(
        time_url(project, person),
        _form_data(project, person, month_2026_05="2.5"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert saved.status_code == 302
    assert Availability.objects.get(person=person, month=MAY).days == Decimal("2.5")


def test_shares_above_100_percent_are_refused_naming_the_field(
    personas: dict, project: Any
) -> None:
    person = make_person(project, first_name="Nina", last_name="Temps")
    association = make_organisation(project, name="Terres Vives")
    data = _form_data(project, person)
    data.update(
        {
            "employments-0-time_share": "80",
            "employments-1-organisation": association.pk,
            "employments-1-time_share": "40",
        }
    )
    response = personas["coordinator"].post(
        time_url(project, person), data, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors() == [
        "Quotité de temps : les emplois totalisent 120 %, plus de 100 %."
    ]
    assert "Quotité de temps : les emplois totalisent 120 %" in response.content.decode()
    assert Employment.objects.filter(person=person).count() == 1


def test_a_month_above_its_working_days_is_refused_naming_the_month(
    personas: dict, project: Any
) -> None:
    person = project.dataset["people"][0]
    before = list(Availability.objects.filter(person=person).values_list("month", "days"))
    response = personas["coordinator"].post(
        time_url(project, person),
        _form_data(project, person, month_2026_05="18"),
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 200
    assert response.context["form"].errors["month_2026_05"] == [
        "mai 2026 : 18 jours, c’est plus que les 17 jours ouvrés du mois."
    ]
    assert list(Availability.objects.filter(person=person).values_list("month", "days")) == before


def test_a_stale_version_is_refused_with_a_message(personas: dict, project: Any) -> None:
    person = project.dataset["people"][0]
    data = _form_data(project, person, month_2026_05="3")
    Person.objects.filter(pk=person.pk).update(time_version=person.time_version + 1)
    response = personas["coordinator"].post(
        time_url(project, person), data, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 409
    assert "depuis que vous avez ouvert cette page" in response.content.decode()
    assert Availability.objects.get(person=person, month=MAY).days == Decimal(4)


def test_the_analyse_page_counts_what_the_grid_shows(
    db: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.test import Client

    from maillage.analysis import services as analysis

    # Made as if committed, so that the edit below raises the counters afresh.
    with django_capture_on_commit_callbacks(execute=True):
        coordinator = make_user("coordination")
        project = make_project(coordinator=coordinator)
        person = make_person(project, first_name="Nina", last_name="Temps")
    client = Client()
    client.force_login(coordinator)
    analysis.project_analysis(project)  # cached before the edit
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            time_url(project, person),
            _form_data(project, person, project_share="20", month_2026_05="2,5"),
            HTTP_ACCEPT_LANGUAGE="fr",
        )
    assert response.status_code == 302
    grid = client.get(time_url(project, person)).context["page"].months
    after = analysis.project_analysis(project)
    assert after.computed and "people" in after.reread
    capacity = next(p for p in after.report.snapshot.people if p.id == person.pk).availability
    assert capacity == tuple(float(m.days) for m in grid)
    # May as typed; April by default: 21 working days x 20 %.
    assert capacity[4] == 2.5 and capacity[3] == 4.2


def test_the_person_form_points_to_the_time_page_for_those_who_may_see_it(
    personas: dict, project: Any
) -> None:
    person = project.dataset["people"][0]
    edit = reverse("person_edit", args=[project.pk, person.pk])
    assert time_url(project, person) in personas["coordinator"].get(edit).content.decode()
    assert time_url(project, person) not in personas["contributor"].get(edit).content.decode()
