"""The directory of a project and its organisations: visibility, filters, forms, removal."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from maillage.directory.models import Organisation, Person
from maillage.projects.models import ProjectOrganisation
from tests.factories import make_organisation, make_person, make_task


def directory_html(client: Any, project: Any, **params: Any) -> str:
    response = client.get(reverse("directory", args=[project.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("persona", ["partner", "observer"])
def test_partner_and_observer_cannot_see_emails_or_phones(
    personas: dict, project: Any, persona: str
) -> None:
    person = project.dataset["people"][0]

    html = directory_html(personas[persona], project)

    assert person.last_name in html
    assert person.email not in html
    assert person.phone not in html


@pytest.mark.parametrize("persona", ["coordinator", "contributor", "elected"])
def test_members_with_the_contacts_right_see_emails(
    personas: dict, project: Any, persona: str
) -> None:
    person = project.dataset["people"][0]

    assert person.email in directory_html(personas[persona], project)


def test_directory_never_shows_people_of_another_project(
    personas: dict, project: Any, other_project: Any
) -> None:
    html = directory_html(personas["coordinator"], project)

    for person in other_project.dataset["people"]:
        assert f">{person.last_name} {person.first_name}<" not in html


def test_directory_lists_organisations_with_their_number_of_people(
    personas: dict, project: Any
) -> None:
    organisation = make_organisation(project, name="Chambre d'agriculture")
    make_person(project, organisation=organisation)
    make_person(project, organisation=organisation)

    response = personas["observer"].get(reverse("directory", args=[project.pk]))

    listed = {org.pk: org.people_count for org in response.context["organisations"]}
    assert listed[organisation.pk] == 2


@pytest.mark.french
def test_time_shares_read_as_percentages_as_they_are_typed(personas: dict, project: Any) -> None:
    organisation = make_organisation(project, name="Terres Vives")
    make_person(project, organisation=organisation, time_share="0.45", last_name="Quotité")

    directory = personas["observer"].get(reverse("directory", args=[project.pk]))
    detail = personas["observer"].get(
        reverse("organisation_detail", args=[project.pk, organisation.pk])
    )

    assert "Terres Vives (45 %)" in directory.content.decode()
    assert "<td>45 %</td>" in detail.content.decode()


def test_directory_filters_people_by_organisation_and_kind(personas: dict, project: Any) -> None:
    organisation = make_organisation(project, name="Lycée agricole")
    teacher = make_person(
        project, organisation=organisation, kind=Person.Kind.AGENT, last_name="Enseignante"
    )
    make_person(project, organisation=organisation, kind=Person.Kind.ELECTED, last_name="Élu")

    response = personas["coordinator"].get(
        reverse("directory", args=[project.pk]),
        {"organisation": organisation.pk, "kind": Person.Kind.AGENT},
    )

    assert list(response.context["people"]) == [teacher]


def test_directory_filter_answers_htmx_with_the_table_fragment(
    personas: dict, project: Any
) -> None:
    response = personas["coordinator"].get(
        reverse("directory", args=[project.pk]),
        {"kind": Person.Kind.AGENT},
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert html.startswith('<div id="people-table">')
    assert "<caption>" in html


def test_organisation_page_shows_its_people_in_the_project(personas: dict, project: Any) -> None:
    organisation = project.dataset["organisations"][1]
    employee = Person.objects.filter(
        employments__organisation=organisation, project_links__project=project
    ).first()

    response = personas["partner"].get(
        reverse("organisation_detail", args=[project.pk, organisation.pk])
    )

    assert str(employee) in response.content.decode()


def test_contributor_adds_a_sponsor_organisation(personas: dict, project: Any) -> None:
    response = personas["contributor"].post(
        reverse("organisation_create", args=[project.pk]),
        {
            "name": "Conseil départemental d'Ille-et-Vilaine",
            "kind": Organisation.Kind.DEPARTEMENT,
            "territory": project.territory_id,
            "is_sponsor": "on",
        },
    )

    organisation = Organisation.objects.get(name__startswith="Conseil départemental")
    assert response.status_code == 302
    link = ProjectOrganisation.objects.get(project=project, organisation=organisation)
    assert link.is_sponsor


def test_a_new_organisation_is_proposed_on_the_projects_territory(
    personas: dict, project: Any
) -> None:
    response = personas["contributor"].get(reverse("organisation_create", args=[project.pk]))

    assert response.context["form"]["territory"].value() == project.territory_id


@pytest.mark.french
def test_an_organisation_without_name_nor_territory_is_refused_and_not_saved(
    personas: dict, project: Any
) -> None:
    count = Organisation.objects.count()

    response = personas["contributor"].post(
        reverse("organisation_create", args=[project.pk]),
        {"name": "", "kind": Organisation.Kind.ASSOCIATION, "website": "pas une adresse"},
    )

    errors = response.context["form"].errors
    assert response.status_code == 200
    assert set(errors) == {"name", "territory", "website"}
    assert errors["website"] == ["Saisissez une URL valide."]
    assert Organisation.objects.count() == count


def test_editing_an_organisation_can_make_it_a_sponsor(personas: dict, project: Any) -> None:
    organisation = make_organisation(project, name="Biocoop")

    personas["coordinator"].post(
        reverse("organisation_edit", args=[project.pk, organisation.pk]),
        {
            "name": "Biocoop Rennes",
            "kind": Organisation.Kind.COMPANY,
            "territory": organisation.territory_id,
            "is_sponsor": "on",
        },
    )

    organisation.refresh_from_db()
    assert organisation.name == "Biocoop Rennes"
    assert ProjectOrganisation.objects.get(project=project, organisation=organisation).is_sponsor


# --- Removal ------------------------------------------------------------------------------------


def test_the_carrier_cannot_be_removed(personas: dict, project: Any) -> None:
    carrier = project.carrier

    response = personas["coordinator"].post(
        reverse("organisation_delete", args=[project.pk, carrier.pk])
    )

    assert response.status_code == 409
    assert response.context["blockers"]
    assert ProjectOrganisation.objects.filter(project=project, organisation=carrier).exists()


def test_removal_lists_the_people_and_tasks_that_need_the_organisation(
    personas: dict, project: Any
) -> None:
    organisation = make_organisation(project, name="Maison de l'emploi")
    employee = make_person(project, organisation=organisation, last_name="Salariée")
    task = make_task(project, title="Forum emploi", lead_organisation=organisation)

    response = personas["coordinator"].get(
        reverse("organisation_delete", args=[project.pk, organisation.pk])
    )

    html = response.content.decode()
    assert str(employee) in html
    assert task.title in html
    assert "<form" not in html.split('id="contenu"')[1]  # no button to confirm


def test_a_free_organisation_is_removed_and_deleted(personas: dict, project: Any) -> None:
    organisation = make_organisation(project, name="Inutile")

    response = personas["contributor"].post(
        reverse("organisation_delete", args=[project.pk, organisation.pk])
    )

    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=organisation.pk).exists()


def test_an_organisation_of_another_project_stays_in_the_directory(
    personas: dict, project: Any, other_project: Any
) -> None:
    shared = make_organisation(project, name="Partagée")
    ProjectOrganisation.objects.create(project=other_project, organisation=shared)

    personas["coordinator"].post(reverse("organisation_delete", args=[project.pk, shared.pk]))

    assert not ProjectOrganisation.objects.filter(project=project, organisation=shared).exists()
    assert ProjectOrganisation.objects.filter(project=other_project, organisation=shared).exists()


def test_an_htmx_history_restore_gets_the_whole_page(personas: dict, project: Any) -> None:
    response = personas["coordinator"].get(
        reverse("directory", args=[project.pk]),
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )

    assert "<html" in response.content.decode()
    assert "HX-Request" in response["Vary"]
