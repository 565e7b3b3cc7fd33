"""The time a person declares in a review: typed in the page's language, checked against the
month's working days, and validated by the coordinator into the availability grid."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from maillage.competencies.models import Invitation
from maillage.directory.models import Availability
from tests.competencies.factories import make_campaign

pytestmark = pytest.mark.django_db

# In May 2026 (17 working days); the data set's horizon covers 2026.
IN_MAY = "2026-05-10 10:00 +0200"


def _answers(campaign: Any, days: str) -> dict[str, Any]:
    data: dict[str, Any] = {"days_per_month": days, "mandate": "oral", "leeway": "proposes"}
    for competency in campaign.competencies.all():
        data[f"level_{competency.pk}"] = 3
        data[f"motivation_{competency.pk}"] = 4
        data[f"legitimacy_{competency.pk}"] = 2
    return data


def _send(project: Any, person: Any, days: str, language: str) -> tuple[Any, Invitation]:
    campaign, tokens = make_campaign(project, [person])
    response = Client().post(
        reverse("review_form", args=[tokens[person.pk]]),
        _answers(campaign, days),
        HTTP_ACCEPT_LANGUAGE=language,
    )
    return response, Invitation.objects.get(campaign=campaign, person=person)


@time_machine.travel(IN_MAY, tick=False)
def test_french_takes_a_decimal_comma(project: Any) -> None:
    response, invitation = _send(project, project.dataset["people"][0], "2,5", "fr")
    assert response.status_code == 302
    assert invitation.days_per_month == Decimal("2.5")


@time_machine.travel(IN_MAY, tick=False)
def test_english_takes_a_decimal_point_and_refuses_a_comma(project: Any) -> None:
    person = project.dataset["people"][0]
    refused, invitation = _send(project, person, "2,5", "en")
    assert refused.status_code == 400
    assert invitation.submitted_at is None and invitation.days_per_month is None
    sent, invitation = _send(project, project.dataset["people"][1], "2.5", "en")
    assert sent.status_code == 302
    assert invitation.days_per_month == Decimal("2.5")


@time_machine.travel(IN_MAY, tick=False)
def test_the_review_input_is_text_so_the_browser_keeps_the_comma(project: Any) -> None:
    person = project.dataset["people"][0]
    _, tokens = make_campaign(project, [person])
    page = Client().get(reverse("review_form", args=[tokens[person.pk]]), HTTP_ACCEPT_LANGUAGE="fr")
    field = re.search(r'<input[^>]*name="days_per_month"[^>]*>', page.content.decode()).group(0)
    assert 'type="text"' in field and 'inputmode="decimal"' in field


@time_machine.travel(IN_MAY, tick=False)
def test_more_days_than_a_month_has_working_days_are_refused_naming_the_month(
    project: Any,
) -> None:
    response, invitation = _send(project, project.dataset["people"][0], "18", "fr")
    assert response.status_code == 400
    assert "mai 2026 : 18 jours, c’est plus que les 17 jours ouvrés du mois." in (
        response.content.decode()
    )
    assert invitation.submitted_at is None


@time_machine.travel(IN_MAY, tick=False)
def test_the_coordinator_validates_the_declared_availability_into_the_grid(
    personas: dict, project: Any
) -> None:
    person = project.dataset["people"][0]
    _, invitation = _send(project, person, "2,5", "fr")
    validation = reverse("competencies_validation", args=[project.pk])
    page = personas["coordinator"].get(validation)
    assert invitation in page.context["availabilities"]

    response = personas["coordinator"].post(
        validation, {"invitation": invitation.pk, "days": "2"}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 302
    rows = Availability.objects.filter(person=person, month__gte=datetime.date(2026, 5, 1))
    assert {(r.days, r.declared_days) for r in rows} == {(Decimal(2), Decimal("2.5"))}
    assert rows.count() == 8  # May to December
    listed = personas["coordinator"].get(validation).context["availabilities"]
    assert [i.validated_days for i in listed] == [Decimal(2)]
    # Months before the answer keep their value.
    assert Availability.objects.get(person=person, month=datetime.date(2026, 4, 1)).days == 4

    grid = personas["coordinator"].get(reverse("person_time", args=[project.pk, person.pk]))
    may = next(m for m in grid.context["page"].months if m.month == datetime.date(2026, 5, 1))
    assert may.declared_differs and may.days == Decimal(2)
    assert "validated: 2" in grid.content.decode()


@time_machine.travel(IN_MAY, tick=False)
def test_only_the_coordinator_validates_an_availability(personas: dict, project: Any) -> None:
    person = project.dataset["people"][0]
    _, invitation = _send(project, person, "2,5", "fr")
    validation = reverse("competencies_validation", args=[project.pk])
    assert personas["contributor"].get(validation).context["availabilities"] == []
    response = personas["contributor"].post(validation, {"invitation": invitation.pk, "days": "2"})
    assert response.status_code == 403
    assert not Availability.objects.filter(person=person, declared_days__isnull=False).exists()


@time_machine.travel(IN_MAY, tick=False)
def test_withdrawing_the_answers_erases_the_declared_days_but_not_the_validated_ones(
    personas: dict, project: Any
) -> None:
    from maillage.competencies.privacy import person_answers_withdraw

    person = project.dataset["people"][0]
    _, invitation = _send(project, person, "2,5", "fr")
    personas["coordinator"].post(
        reverse("competencies_validation", args=[project.pk]),
        {"invitation": invitation.pk, "days": "2"},
    )
    person_answers_withdraw(invitation=invitation)
    rows = Availability.objects.filter(person=person, month__gte=datetime.date(2026, 5, 1))
    assert {(r.days, r.declared_days) for r in rows} == {(Decimal(2), None)}
