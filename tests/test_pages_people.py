"""A person's page (what each persona may see), person forms, and removal from a project."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from maillage.directory.models import Employment, Person
from maillage.projects.models import ProjectPerson
from tests.factories import (
    make_assessment,
    make_organisation,
    make_person,
)


@pytest.fixture
def assessed(project: Any) -> Any:
    """A person with a distinctive assessment: validated level 4, motivation 1, legitimacy 2."""
    person = make_person(
        project, first_name="Aude", last_name="Évaluée", mandate=ProjectPerson.Mandate.DELIBERATION
    )
    competency = project.framework.competencies.first()
    make_assessment(person, competency, level=2, validated_level=4, motivation=1, legitimacy=2)
    return person


def person_page(client: Any, project: Any, person: Any) -> Any:
    response = client.get(reverse("person_detail", args=[project.pk, person.pk]))
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("persona", ["contributor", "elected", "partner", "observer"])
def test_members_see_competency_and_level_but_not_motivation(
    personas: dict, project: Any, assessed: Any, persona: str
) -> None:
    response = person_page(personas[persona], project, assessed)

    html = response.content.decode()
    assessment = assessed.assessments.get()
    assert str(assessment.competency) in html
    assert not response.context["can_view_personal_data"]
    assert "1/4" not in html  # motivation
    assert str(assessed.project_links.get().get_mandate_display()) not in html


def test_the_coordinator_sees_motivation_legitimacy_and_mandate(
    personas: dict, project: Any, assessed: Any
) -> None:
    response = person_page(personas["coordinator"], project, assessed)

    html = response.content.decode()
    assert "1/4" in html and "2/4" in html
    assert str(ProjectPerson.Mandate.DELIBERATION.label) in html


def test_a_person_sees_their_own_personal_data(
    personas: dict, persona_users: dict, project: Any
) -> None:
    me = Person.objects.get(user=persona_users["contributor"])
    make_assessment(me, project.framework.competencies.first(), motivation=4, legitimacy=1)

    response = person_page(personas["contributor"], project, me)

    assert response.context["can_view_personal_data"]
    assert "4/4" in response.content.decode()


def test_the_effective_level_is_the_validated_one(
    personas: dict, project: Any, assessed: Any
) -> None:
    response = person_page(personas["observer"], project, assessed)

    (assessment,) = response.context["page"].assessments
    assert assessment.effective_level == 4


def test_partner_cannot_see_the_email_of_a_person(personas: dict, project: Any) -> None:
    person = project.dataset["people"][0]

    assert person.email not in person_page(personas["partner"], project, person).content.decode()
    assert person.email in person_page(personas["elected"], project, person).content.decode()


def test_person_page_shows_availability_for_each_month_of_the_horizon(
    personas: dict, project: Any
) -> None:
    person = project.dataset["people"][0]

    response = person_page(personas["coordinator"], project, person)

    months = response.context["page"].availability
    assert [row.month for row in months] == project.horizon_month_starts()
    assert all(row.days == Decimal("4") for row in months)


def test_person_page_shows_tasks_axis_roles_and_bodies(personas: dict, project: Any) -> None:
    person = project.dataset["people"][0]

    page = person_page(personas["observer"], project, person).context["page"]

    assert {a.task_id for a in page.assignments} == set(
        person.assignments.values_list("task_id", flat=True)
    )
    assert page.axis_roles
    assert page.seats or page.animated_bodies


# --- Forms --------------------------------------------------------------------------------------


def person_data(project: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "kind": Person.Kind.TECHNICIAN,
        "first_name": "Nadia",
        "last_name": "Restauration",
        "job_title": "Responsable restauration collective",
        "email": "nadia@example.org",
        "phone": "",
        "organisation": project.carrier_id,
        "time_share": "50",
        "mandate": ProjectPerson.Mandate.WRITTEN,
        "leeway": ProjectPerson.Leeway.PROPOSES,
        "means": "",
    }
    data.update(overrides)
    return data


def test_contributor_adds_a_person_with_their_organisation_and_mandate(
    personas: dict, project: Any
) -> None:
    response = personas["contributor"].post(
        reverse("person_create", args=[project.pk]), person_data(project)
    )

    person = Person.objects.get(last_name="Restauration")
    assert response.status_code == 302
    link = ProjectPerson.objects.get(project=project, person=person)
    assert (link.mandate, link.leeway) == ("written", "proposes")
    employment = Employment.objects.get(person=person)
    assert (employment.organisation, employment.time_share) == (project.carrier, Decimal("0.5"))


@pytest.mark.french
def test_bad_person_input_is_refused_field_by_field_and_nothing_is_saved(
    personas: dict, project: Any
) -> None:
    counts = (Person.objects.count(), Employment.objects.count(), ProjectPerson.objects.count())

    response = personas["contributor"].post(
        reverse("person_create", args=[project.pk]),
        person_data(project, last_name="", email="pas-un-email", time_share="150"),
    )

    errors = response.context["form"].errors
    assert response.status_code == 200
    assert set(errors) == {"last_name", "email", "time_share"}
    assert errors["last_name"] == ["Ce champ est obligatoire."]
    assert errors["email"] == ["Saisissez une adresse de courriel valide."]
    counts_after = (
        Person.objects.count(),
        Employment.objects.count(),
        ProjectPerson.objects.count(),
    )
    assert counts_after == counts


@pytest.mark.french
def test_the_time_share_is_a_percentage_like_on_the_time_page(personas: dict, project: Any) -> None:
    person = make_person(project, last_name="Partielle", time_share="0.8")
    url = reverse("person_edit", args=[project.pk, person.pk])

    page = personas["coordinator"].get(url).content.decode()

    assert 'name="time_share" value="80"' in page
    assert "50 pour un mi-temps, 100 pour un temps plein." in page
    response = personas["coordinator"].post(
        url, person_data(project, last_name="Partielle", time_share="0,5")
    )
    assert response.status_code == 200  # a whole percentage is expected, not a share
    assert "time_share" in response.context["form"].errors
    assert Employment.objects.get(person=person).time_share == Decimal("0.8")


def test_an_organisation_of_another_project_is_not_a_choice(
    personas: dict, project: Any, other_project: Any
) -> None:
    foreign = other_project.dataset["organisations"][1]

    response = personas["contributor"].post(
        reverse("person_create", args=[project.pk]),
        person_data(project, organisation=foreign.pk),
    )

    assert "organisation" in response.context["form"].errors
    assert not Person.objects.filter(last_name="Restauration").exists()


def test_editing_a_person_moves_their_main_employment(personas: dict, project: Any) -> None:
    new_employer = make_organisation(project, name="Restaurant scolaire")
    person = make_person(project, last_name="Mobile")

    response = personas["coordinator"].post(
        reverse("person_edit", args=[project.pk, person.pk]),
        person_data(project, last_name="Mobile", organisation=new_employer.pk, time_share="80 %"),
    )

    assert response.status_code == 302
    assert list(
        Employment.objects.filter(person=person).values_list("organisation_id", "time_share")
    ) == [(new_employer.pk, Decimal("0.8"))]


# --- Removal ------------------------------------------------------------------------------------


def test_removing_a_person_with_assignments_is_refused_with_the_reasons(
    personas: dict, project: Any
) -> None:
    person = project.dataset["people"][0]
    task_title = person.assignments.first().task.title

    response = personas["coordinator"].post(reverse("person_delete", args=[project.pk, person.pk]))

    assert response.status_code == 409
    assert task_title in response.content.decode()
    assert ProjectPerson.objects.filter(project=project, person=person).exists()


def test_removing_a_free_person_deletes_them(personas: dict, project: Any) -> None:
    person = make_person(project, last_name="Partant")

    response = personas["contributor"].post(reverse("person_delete", args=[project.pk, person.pk]))

    assert response.status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not Employment.objects.filter(person_id=person.pk).exists()


def test_a_person_of_another_project_is_only_removed_from_this_one(
    personas: dict, project: Any, other_project: Any
) -> None:
    person = make_person(project, last_name="Double")
    ProjectPerson.objects.create(project=other_project, person=person)

    personas["coordinator"].post(reverse("person_delete", args=[project.pk, person.pk]))

    assert Person.objects.filter(pk=person.pk).exists()
    assert not ProjectPerson.objects.filter(project=project, person=person).exists()
    assert ProjectPerson.objects.filter(project=other_project, person=person).exists()
