"""Organisations, people and frameworks shared between projects: who may change them.

A shared row is changed only by someone entitled on every project that shows it; a framework
used elsewhere (or shipped for every project) is edited through a copy made for the project.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from maillage.access import (
    PROJECT_CREATORS_GROUP,
    can_create_project,
    can_edit_shared,
    project_access,
)
from maillage.competencies.framework_copy import framework_copy_for_project
from maillage.competencies.models import Assessment, Competency, Framework
from maillage.directory.models import Organisation, Person
from maillage.projects.models import Membership, Project, ProjectPerson
from maillage.staffing.models import Need
from tests.factories import (
    make_assessment,
    make_framework,
    make_membership,
    make_need,
    make_person,
    make_project,
    make_task,
    make_user,
)

pytestmark = pytest.mark.django_db

REFUSED_ORGANISATION = "This organisation is also used by another project"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _organisation_data(organisation: Organisation, **overrides: Any) -> dict[str, Any]:
    data = {
        "name": organisation.name,
        "short_name": organisation.short_name,
        "kind": organisation.kind,
        "territory": organisation.territory_id,
        "email": organisation.email,
        "phone": organisation.phone,
        "website": organisation.website,
        "address": organisation.address,
    }
    data.update(overrides)
    return data


# --- Organisations -------------------------------------------------------------------------------


def test_a_partner_cannot_take_an_organisation_as_carrier_of_a_new_project_and_edit_it(
    persona_users: dict, personas: dict, project: Any
) -> None:
    carrier = project.carrier
    new = personas["partner"].post(
        reverse("project_create"),
        {
            "name": "Projet détourné",
            "kind": Project.Kind.PAT,
            "territory": project.territory_id,
            "carrier": carrier.pk,
            "framework": _public_framework().pk,
            "horizon_start": "2026-01-01",
            "horizon_months": "12",
        },
    )
    assert new.status_code == 302  # creating a project is allowed
    own = Project.objects.get(name="Projet détourné")
    url = reverse("organisation_edit", args=[own.pk, carrier.pk])

    shown = personas["partner"].get(url)
    posted = personas["partner"].post(url, _organisation_data(carrier, email="pirate@example.org"))

    assert shown.status_code == 403 and posted.status_code == 403
    assert REFUSED_ORGANISATION in posted.content.decode()
    carrier.refresh_from_db()
    assert carrier.email != "pirate@example.org"


def test_the_organisation_page_offers_no_edit_link_to_someone_not_entitled_everywhere(
    persona_users: dict, project: Any
) -> None:
    user = persona_users["partner"]
    own = make_project("Autre projet", coordinator=user, carrier=project.carrier)
    page = _client(user).get(reverse("organisation_detail", args=[own.pk, project.carrier.pk]))
    assert page.status_code == 200
    assert reverse("organisation_edit", args=[own.pk, project.carrier.pk]) not in (
        page.content.decode()
    )


def test_a_coordinator_of_every_project_showing_an_organisation_edits_it(
    persona_users: dict, personas: dict, project: Any
) -> None:
    coordinator = persona_users["coordinator"]
    second = make_project("Second projet", coordinator=coordinator, carrier=project.carrier)
    url = reverse("organisation_edit", args=[second.pk, project.carrier.pk])

    response = personas["coordinator"].post(
        url, _organisation_data(project.carrier, name="Communauté renommée")
    )

    assert response.status_code == 302
    project.carrier.refresh_from_db()
    assert project.carrier.name == "Communauté renommée"


def test_a_staff_user_edits_a_shared_organisation(project: Any) -> None:
    staff = make_user("admin", is_staff=True)
    second = make_project("Projet de l'admin", coordinator=staff, carrier=project.carrier)
    response = _client(staff).post(
        reverse("organisation_edit", args=[second.pk, project.carrier.pk]),
        _organisation_data(project.carrier, email="contact@example.org"),
    )
    assert response.status_code == 302
    project.carrier.refresh_from_db()
    assert project.carrier.email == "contact@example.org"


def test_an_organisation_of_one_project_only_stays_editable_by_its_contributor(
    personas: dict, project: Any
) -> None:
    organisation = project.dataset["organisations"][-1]
    response = personas["contributor"].post(
        reverse("organisation_edit", args=[project.pk, organisation.pk]),
        _organisation_data(organisation, name="Nouveau nom"),
    )
    assert response.status_code == 302


# --- People --------------------------------------------------------------------------------------


def test_a_person_shown_in_another_project_is_not_edited_by_a_coordinator_of_one_only(
    persona_users: dict, project: Any
) -> None:
    person = project.dataset["people"][0]
    user = make_user("voisine")
    own = make_project("Projet de la voisine", coordinator=user)
    ProjectPerson.objects.create(project=own, person=person)
    url = reverse("person_edit", args=[own.pk, person.pk])

    response = _client(user).post(
        url,
        {
            "kind": person.kind,
            "first_name": "Changé",
            "last_name": person.last_name,
            "mandate": "none",
            "leeway": "carries_out",
        },
    )

    assert response.status_code == 403
    assert "This person also takes part in another project" in response.content.decode()
    person.refresh_from_db()
    assert person.first_name != "Changé"


def test_the_service_refuses_a_shared_person_too(persona_users: dict, project: Any) -> None:
    from django.core.exceptions import PermissionDenied

    from maillage.directory import services

    person = project.dataset["people"][0]
    user = make_user("voisin")
    own = make_project("Projet du voisin", coordinator=user)
    ProjectPerson.objects.create(project=own, person=person)
    with pytest.raises(PermissionDenied):
        services.person_update(
            access=project_access(user, own.pk), person=person, data={"first_name": "X"}
        )
    assert Person.objects.get(pk=person.pk).first_name != "X"


# --- Frameworks ----------------------------------------------------------------------------------


def _public_framework() -> Framework:
    framework = make_framework("Référentiel livré")
    framework.is_public = True
    framework.save(update_fields=["is_public"])
    return framework


def test_a_framework_used_by_another_project_is_refused_with_an_offer_of_a_copy(
    persona_users: dict, project: Any
) -> None:
    user = make_user("coord2")
    own = make_project("Projet au même référentiel", coordinator=user, framework=project.framework)
    competency = project.framework.competencies.first()
    url = reverse("competencies_competency_edit", args=[own.pk, competency.pk])

    response = _client(user).post(url, {"code": competency.code, "name": "Renommée"})

    assert response.status_code == 403
    assert reverse("competencies_framework_copy", args=[own.pk]) in response.content.decode()
    competency.refresh_from_db()
    assert competency.name != "Renommée"
    levels = _client(user).get(reverse("competencies_framework_levels", args=[own.pk]))
    assert levels.status_code == 403


def test_the_shipped_framework_is_edited_by_copy_only(persona_users: dict, personas: dict) -> None:
    framework = _public_framework()
    project = make_project("Projet PAT", coordinator=persona_users["coordinator"])
    Project.objects.filter(pk=project.pk).update(framework=framework)

    response = personas["coordinator"].get(
        reverse("competencies_competency_create", args=[project.pk])
    )

    assert response.status_code == 403
    assert "shipped with Maillage" in response.content.decode()


def test_the_copy_takes_levels_and_competencies_and_remaps_the_projects_needs_and_assessments(
    persona_users: dict, project: Any, other_project: Any
) -> None:
    shared = project.framework
    Project.objects.filter(pk=other_project.pk).update(framework=shared)
    leaf = shared.competencies.order_by("pk").first()
    task = make_task(project)
    need = make_need(task, leaf)
    alone = make_person(project)
    both = make_person(project)
    ProjectPerson.objects.create(project=other_project, person=both)
    alone_assessment = make_assessment(alone, leaf, level=3)
    both_assessment = make_assessment(both, leaf, level=2)
    other_need = make_need(make_task(other_project), leaf)
    access = project_access(persona_users["coordinator"], project.pk)

    copy = framework_copy_for_project(access=access)

    project.refresh_from_db()
    other_project.refresh_from_db()
    assert project.framework == copy and other_project.framework == shared
    assert copy.made_for == project and not copy.is_public
    assert list(copy.levels.values_list("value", flat=True)) == list(
        shared.levels.values_list("value", flat=True)
    )
    assert set(copy.competencies.values_list("code", flat=True)) == set(
        shared.competencies.values_list("code", flat=True)
    )
    copied_leaf = Competency.objects.get(framework=copy, code=leaf.code)
    assert Need.objects.get(pk=need.pk).competency == copied_leaf
    assert Need.objects.get(pk=other_need.pk).competency == leaf
    # Moved when only this project shows the person, copied when another one does.
    assert Assessment.objects.get(pk=alone_assessment.pk).competency == copied_leaf
    assert Assessment.objects.get(pk=both_assessment.pk).competency == leaf
    assert Assessment.objects.get(person=both, competency=copied_leaf).level == 2


def test_after_the_copy_the_coordinator_edits_the_copy_and_the_other_project_keeps_its_own(
    persona_users: dict, personas: dict, project: Any, other_project: Any
) -> None:
    shared = project.framework
    Project.objects.filter(pk=other_project.pk).update(framework=shared)
    client = personas["coordinator"]
    page = client.get(reverse("competencies_framework", args=[project.pk]))
    assert reverse("competencies_framework_copy", args=[project.pk]) in page.content.decode()

    copied = client.post(reverse("competencies_framework_copy", args=[project.pk]))
    assert copied.status_code == 302
    project.refresh_from_db()
    competency = project.framework.competencies.first()
    edited = client.post(
        reverse("competencies_competency_edit", args=[project.pk, competency.pk]),
        {"code": competency.code, "name": "Propre au projet"},
    )

    assert edited.status_code == 302
    assert Competency.objects.get(pk=competency.pk).name == "Propre au projet"
    assert not shared.competencies.filter(name="Propre au projet").exists()


def test_only_the_coordinator_may_copy_the_framework(personas: dict, project: Any) -> None:
    url = reverse("competencies_framework_copy", args=[project.pk])
    assert personas["contributor"].post(url).status_code == 403
    assert personas["outsider"].post(url).status_code == 404
    assert personas["coordinator"].get(url).status_code == 405


def test_the_project_form_offers_public_and_own_frameworks_only(
    persona_users: dict, personas: dict, project: Any, other_project: Any
) -> None:
    public = _public_framework()
    stray = make_framework("Référentiel d'un inconnu")
    imported = make_framework("Importé pour le projet")
    Framework.objects.filter(pk=imported.pk).update(made_for=project)

    form = personas["contributor"].get(reverse("project_create")).context["form"]
    choices = set(form.fields["framework"].queryset)

    assert {public, project.framework, Framework.objects.get(pk=imported.pk)} <= choices
    assert other_project.framework not in choices
    assert stray not in choices


def test_a_framework_of_another_project_cannot_be_posted(
    personas: dict, other_project: Any
) -> None:
    response = personas["contributor"].post(
        reverse("project_create"),
        {
            "name": "Projet au référentiel volé",
            "kind": Project.Kind.PAT,
            "territory": other_project.territory_id,
            "new_carrier_name": "Nouvelle structure",
            "new_carrier_kind": Organisation.Kind.ASSOCIATION,
            "framework": other_project.framework_id,
            "horizon_start": "2026-01-01",
            "horizon_months": "12",
        },
    )
    assert response.status_code == 200
    assert "framework" in response.context["form"].errors
    assert not Project.objects.filter(name="Projet au référentiel volé").exists()


# --- The rule itself -----------------------------------------------------------------------------


def test_can_edit_shared_needs_the_right_on_every_project_showing_the_object(
    persona_users: dict, project: Any
) -> None:
    person = project.dataset["people"][0]
    contributor = persona_users["contributor"]
    assert can_edit_shared(contributor, person)  # EDIT_DIRECTORY on the only project
    assert not can_edit_shared(persona_users["partner"], person)
    assert not can_edit_shared(contributor, project.framework)  # EDIT_PROJECT needed
    assert can_edit_shared(persona_users["coordinator"], project.framework)
    second = make_project("Second")
    ProjectPerson.objects.create(project=second, person=person)
    assert not can_edit_shared(contributor, person)
    make_membership(second, contributor, Membership.Role.CONTRIBUTOR)
    assert can_edit_shared(contributor, person)


# --- Creating projects ---------------------------------------------------------------------------


def test_with_open_creation_anyone_logged_in_sees_the_button(db: Any) -> None:
    page = _client(make_user()).get(reverse("home"))
    assert reverse("project_create") in page.content.decode()


def test_with_staff_creation_others_neither_see_the_button_nor_reach_the_form(
    settings: Any, db: Any
) -> None:
    settings.MAILLAGE_PROJECT_CREATION = "staff"
    client = _client(make_user())
    assert reverse("project_create") not in client.get(reverse("home")).content.decode()
    response = client.get(reverse("project_create"))
    assert response.status_code == 403
    assert "created by its administrators" in response.content.decode()
    assert client.post(reverse("project_create"), {"name": "X"}).status_code == 403


def test_with_staff_creation_staff_and_the_creators_group_create_projects(
    settings: Any, db: Any
) -> None:
    settings.MAILLAGE_PROJECT_CREATION = "staff"
    staff = make_user("staff", is_staff=True)
    creator = make_user("createur")
    creator.groups.add(Group.objects.create(name=PROJECT_CREATORS_GROUP))
    assert can_create_project(staff) and can_create_project(creator)
    page = _client(creator).get(reverse("home"))
    assert reverse("project_create") in page.content.decode()
    assert _client(creator).get(reverse("project_create")).status_code == 200


@pytest.mark.french
def test_the_refusal_explains_itself_in_french(persona_users: dict, project: Any) -> None:
    user = persona_users["partner"]
    own = make_project("Projet du partenaire", coordinator=user, carrier=project.carrier)
    response = _client(user).get(reverse("organisation_edit", args=[own.pk, project.carrier.pk]))
    assert response.status_code == 403
    assert (
        "Cette structure est aussi utilisée par un autre projet : seules les personnes "
        "habilitées sur tous ces projets peuvent la modifier."
    ) in response.content.decode()
