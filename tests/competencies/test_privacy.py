"""Motivation and capacity are seen by the person and the coordinator only; others see
validated levels. The person downloads their data and withdraws their answers."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.competencies.models import Answer, Assessment, Invitation
from maillage.directory.models import Person
from tests.competencies.factories import make_campaign
from tests.factories import make_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessed(project: Any) -> dict[str, Any]:
    """One declared-only and one validated assessment of a person, plus the contributor's own."""
    competencies = list(project.framework.competencies.order_by("code"))
    person = project.dataset["people"][0]
    Assessment.objects.filter(person=person).delete()
    declared = make_assessment(person, competencies[0], level=4, motivation=1, legitimacy=2)
    validated = make_assessment(
        person, competencies[1], level=3, validated_level=2, motivation=4, legitimacy=3
    )
    contributor = Person.objects.get(last_name="Contrib")
    own = make_assessment(contributor, competencies[0], level=1, motivation=3, legitimacy=1)
    return {"person": person, "declared": declared, "validated": validated, "own": own}


def _cells(response: Any, person: Any) -> dict[str, Any]:
    row = next(r for r in response.context["rows"] if r.person.pk == person.pk)
    return {
        c.code: cell for c, cell in zip(response.context["competencies"], row.cells, strict=True)
    }


def test_the_coordinator_sees_declared_levels_and_motivation(
    personas: dict[str, Client], project: Any, assessed: dict[str, Any]
) -> None:
    response = personas["coordinator"].get(reverse("competencies_map", args=[project.pk]))

    cells = _cells(response, assessed["person"])
    declared, validated = (
        assessed["declared"].competency.code,
        assessed["validated"].competency.code,
    )
    assert (cells[declared].level, cells[declared].motivation) == (4, 1)
    assert (cells[validated].level, cells[validated].validated) == (2, True)
    assert cells[validated].motivation == 4


@pytest.mark.parametrize("persona", ["contributor", "elected", "partner", "observer"])
def test_other_members_see_validated_levels_only(
    personas: dict[str, Client], project: Any, assessed: dict[str, Any], persona: str
) -> None:
    response = personas[persona].get(reverse("competencies_map", args=[project.pk]))

    cells = _cells(response, assessed["person"])
    declared, validated = (
        assessed["declared"].competency.code,
        assessed["validated"].competency.code,
    )
    assert cells[declared].level is None and cells[declared].hidden
    assert cells[declared].motivation is None
    assert (cells[validated].level, cells[validated].motivation) == (2, None)
    # No motivation mark in the page but the contributor's own one (Camille has one assessment).
    own_marks = 1 if persona == "contributor" else 0
    assert response.content.decode().count("<small>M") == own_marks


def test_a_person_sees_their_own_declared_level_and_motivation(
    personas: dict[str, Client], project: Any, assessed: dict[str, Any]
) -> None:
    response = personas["contributor"].get(reverse("competencies_map", args=[project.pk]))

    own = _cells(response, assessed["own"].person)[assessed["own"].competency.code]
    assert (own.level, own.motivation) == (1, 3)


def test_collective_profiles_count_validated_levels_for_others(
    personas: dict[str, Client], project: Any, assessed: dict[str, Any]
) -> None:
    url = reverse("competencies_profiles", args=[project.pk])
    code = assessed["declared"].competency.code

    def counts(persona: str) -> list[int]:
        rows = personas[persona].get(url).context["rows"]
        return next(r.counts for r in rows if r.competency.code == code)

    # Level 4 (declared by people[0]) counts for the coordinator, not for an observer.
    assert counts("coordinator")[3] >= 1
    assert counts("observer")[3] == 0


def test_profiles_point_out_thin_competencies(
    personas: dict[str, Client], project: Any, assessed: dict[str, Any]
) -> None:
    response = personas["coordinator"].get(reverse("competencies_profiles", args=[project.pk]))

    thin_codes = {row.competency.code for row in response.context["thin"]}
    strong = {row.competency.code: row.strong for row in response.context["rows"]}
    assert thin_codes == {code for code, count in strong.items() if count < 2}
    assert thin_codes  # the small data set leaves some competency thin


def test_the_map_filters_by_organisation_and_kind(
    personas: dict[str, Client], project: Any
) -> None:
    person = project.dataset["people"][0]
    organisation = person.employments.first().organisation
    url = reverse("competencies_map", args=[project.pk])

    by_org = personas["coordinator"].get(url, {"organisation": organisation.pk})
    by_kind = personas["coordinator"].get(url, {"kind": person.kind})
    fragment = personas["coordinator"].get(url, {"kind": "elected"}, HTTP_HX_REQUEST="true")

    assert all(
        organisation.pk in {e.organisation_id for e in r.person.employments.all()}
        for r in by_org.context["rows"]
    )
    assert {r.person.kind for r in by_kind.context["rows"]} == {person.kind}
    assert "<html" not in fragment.content.decode()


def test_person_data_download_for_the_coordinator_only(
    personas: dict[str, Client], project: Any, assessed: dict[str, Any]
) -> None:
    url = reverse("competencies_person_data", args=[project.pk, assessed["person"].pk])

    response = personas["coordinator"].get(url)

    assert response.status_code == 200
    data = json.loads(response.content)
    assert {a["motivation"] for a in data["assessments"]} == {1, 4}
    assert personas["contributor"].get(url).status_code == 403


def test_the_person_downloads_their_own_data_with_their_account(
    personas: dict[str, Client], project: Any, assessed: dict[str, Any]
) -> None:
    url = reverse("competencies_person_data", args=[project.pk, assessed["own"].person.pk])

    response = personas["contributor"].get(url)

    assert response.status_code == 200
    assert json.loads(response.content)["person"]["last_name"] == "Contrib"


def test_through_the_link_the_person_downloads_and_withdraws_their_answers(project: Any) -> None:
    person = project.dataset["people"][1]
    campaign, issued = make_campaign(project, [person])
    url = f"/review/{issued[person.pk]}/"
    data: dict[str, Any] = {"days_per_month": "4", "means": "Mon temps"}
    for c in campaign.competencies.all():
        data.update({f"level_{c.pk}": 3, f"motivation_{c.pk}": 2, f"legitimacy_{c.pk}": 4})
    Client().post(url, data)
    codes = set(campaign.competencies.values_list("code", flat=True))

    exported = json.loads(Client().get(url + "data/").content)
    review = exported["reviews"][0]
    assert review["capacity"]["means"] == "Mon temps"
    assert {a["competency"] for a in review["answers"]} == codes

    refused = Client().post(url + "withdraw/", {})
    assert refused.status_code == 400 and Answer.objects.exists()
    Client().post(url + "withdraw/", {"confirm": "yes"})

    invitation = Invitation.objects.get(person=person)
    assert invitation.withdrawn_at is not None and invitation.means == ""
    assert invitation.days_per_month is None
    assert not Answer.objects.filter(invitation=invitation).exists()
    assert not Assessment.objects.filter(person=person, competency__code__in=codes).exists()


def test_the_form_states_the_purpose_and_who_sees_what(project: Any) -> None:
    person = project.dataset["people"][1]
    _campaign, issued = make_campaign(project, [person], purpose="Préparer le plan de formation.")

    body = Client().get(f"/review/{issued[person.pk]}/").content.decode()

    assert "Préparer le plan de formation." in body
    assert reverse("review_data", args=[issued[person.pk]]) in body
    assert reverse("review_withdraw", args=[issued[person.pk]]) in body


def test_a_manager_validates_the_people_they_manage_only(
    personas: dict[str, Client], project: Any, persona_users: Any, assessed: dict[str, Any]
) -> None:
    contributor_person = Person.objects.get(last_name="Contrib")
    managed = assessed["declared"]
    managed.person.employments.update(manager=contributor_person)
    not_managed = make_assessment(
        project.dataset["people"][2], assessed["declared"].competency, level=3
    )
    url = reverse("competencies_validation", args=[project.pk])

    queue = personas["contributor"].get(url).context["assessments"]
    ok = personas["contributor"].post(url, {"assessment": managed.pk, "level": 3})
    refused = personas["contributor"].post(url, {"assessment": not_managed.pk, "level": 3})
    elected = personas["elected"].post(url, {"assessment": managed.pk, "level": 1})

    assert {a.person_id for a in queue} == {managed.person_id}
    assert ok.status_code == 302
    managed.refresh_from_db()
    assert (managed.level, managed.validated_level, managed.source) == (4, 3, "manager")
    assert refused.status_code == 403 and elected.status_code == 403
    not_managed.refresh_from_db()
    assert not_managed.validated_level is None


def test_a_validated_level_outside_the_scale_is_refused(
    personas: dict[str, Client], project: Any, assessed: dict[str, Any]
) -> None:
    url = reverse("competencies_validation", args=[project.pk])

    response = personas["coordinator"].post(
        url, {"assessment": assessed["declared"].pk, "level": 7}
    )

    assert response.status_code == 400
    assessed["declared"].refresh_from_db()
    assert assessed["declared"].validated_level is None
