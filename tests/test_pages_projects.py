"""Home, project creation, settings, deletion and overview; the base layout and languages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext, override

from maillage.competencies.frameworks import pat
from maillage.competencies.models import Framework
from maillage.directory.models import Organisation, Person, Territory
from maillage.governance.models import Body
from maillage.projects.models import Axis, Membership, Project, ProjectOrganisation, Step, Task
from maillage.projects.services import HORIZON_NOT_FIRST_DAY
from tests.factories import make_axis, make_framework, make_territory, make_user


def test_home_lists_the_users_projects_with_their_role(
    personas: dict, project: Any, other_project: Any
) -> None:
    response = personas["elected"].get(reverse("home"))

    html = response.content.decode()
    assert project.name in html
    assert other_project.name not in html
    assert str(Membership.Role.ELECTED.label) in html


def test_anonymous_visitors_are_sent_to_the_login_page(personas: dict) -> None:
    response = personas["anonymous"].get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_has_the_fields_the_browser_tests_use(client: Client) -> None:
    html = client.get(reverse("login")).content.decode()

    assert 'id="id_username"' in html and 'id="id_password"' in html
    assert '<button type="submit"' in html


def test_logging_in_leads_to_the_home_page(client: Client, db: Any) -> None:
    make_user("camille")

    response = client.post(reverse("login"), {"username": "camille", "password": "secret-password"})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_logout_is_a_post(personas: dict) -> None:
    client = personas["observer"]

    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


# --- Creation -----------------------------------------------------------------------------------


def creation_data(**overrides: Any) -> dict[str, Any]:
    framework = make_framework()
    framework.is_public = True  # offered to every project: any user may pick it
    framework.save(update_fields=["is_public"])
    data = {
        "name": "PAT de la vallée",
        "kind": Project.Kind.PAT,
        "description": "",
        "territory": make_territory("Vallée").pk,
        "carrier": "",
        "new_carrier_name": "Communauté de communes de la Vallée",
        "new_carrier_kind": Organisation.Kind.EPCI,
        "framework": framework.pk,
        "horizon_start": "2026-09-01",
        "horizon_months": "12",
    }
    data.update(overrides)
    return data


def test_a_new_user_creates_a_project_and_becomes_its_coordinator(client: Client, db: Any) -> None:
    user = make_user("nouvelle")
    client.force_login(user)

    response = client.post(reverse("project_create"), creation_data())

    project = Project.objects.get(name="PAT de la vallée")
    assert response.status_code == 302
    assert response["Location"] == reverse("project_overview", args=[project.pk])
    assert Membership.objects.get(project=project).user == user
    assert Membership.objects.get(project=project).role == Membership.Role.COORDINATOR
    assert project.carrier.name == "Communauté de communes de la Vallée"
    assert ProjectOrganisation.objects.filter(
        project=project, organisation=project.carrier
    ).exists()


def test_on_an_empty_instance_a_new_user_names_the_territory_and_gets_the_pat_framework(
    client: Client, db: Any
) -> None:
    client.force_login(make_user("premiere"))
    assert not Territory.objects.exists() and not Framework.objects.exists()

    page = client.get(reverse("project_create"))
    response = client.post(
        reverse("project_create"),
        creation_data(
            territory="",
            new_territory_name="Communauté de communes de la Vallée",
            new_territory_level=Territory.Level.EPCI,
            new_territory_code="243500139",
            framework="",
        ),
    )

    project = Project.objects.get(name="PAT de la vallée")
    shipped = project.framework
    assert (
        page.context["form"].fields["framework"].empty_label
        == "PAT framework shipped with Maillage"
    )
    assert response.status_code == 302
    assert shipped.name == pat.NAME and shipped.levels.count() == len(pat.LEVELS)
    assert (project.territory.name, project.territory.level, project.territory.code) == (
        "Communauté de communes de la Vallée",
        Territory.Level.EPCI,
        "243500139",
    )
    assert project.carrier.territory == project.territory


def test_a_project_without_territory_is_refused_naming_the_field(client: Client, db: Any) -> None:
    client.force_login(make_user())

    missing = client.post(reverse("project_create"), creation_data(territory=""))
    no_level = client.post(
        reverse("project_create"), creation_data(territory="", new_territory_name="Vallée")
    )

    assert set(missing.context["form"].errors) == {"territory"}
    assert set(no_level.context["form"].errors) == {"new_territory_level"}
    assert not Project.objects.exists()
    assert not Territory.objects.filter(name="Vallée", level="").exists()


def test_the_carrier_is_chosen_among_the_organisations_of_the_users_projects(
    personas: dict, project: Any, other_project: Any
) -> None:
    response = personas["coordinator"].get(reverse("project_create"))

    choices = set(response.context["form"].fields["carrier"].queryset)
    assert project.carrier in choices
    assert other_project.carrier not in choices


def test_a_horizon_not_starting_on_the_first_of_a_month_is_refused(client: Client, db: Any) -> None:
    client.force_login(make_user())

    response = client.post(reverse("project_create"), creation_data(horizon_start="2026-09-15"))

    assert response.context["form"].errors == {"horizon_start": [str(HORIZON_NOT_FIRST_DAY)]}
    assert not Project.objects.exists()
    assert not Organisation.objects.exists()


@pytest.mark.french
def test_a_project_without_carrier_is_refused_and_nothing_is_created(
    client: Client, db: Any
) -> None:
    client.force_login(make_user())

    response = client.post(reverse("project_create"), creation_data(name="", new_carrier_name=""))

    errors = response.context["form"].errors
    assert set(errors) == {"name", "carrier"}
    assert errors["name"] == ["Ce champ est obligatoire."]
    assert not Project.objects.exists()


# --- Settings and deletion ----------------------------------------------------------------------


def test_the_coordinator_renames_the_project(personas: dict, project: Any) -> None:
    data = {
        "name": "PAT renommé",
        "kind": project.kind,
        "territory": project.territory_id,
        "carrier": project.carrier_id,
        "framework": project.framework_id,
        "horizon_start": "2026-01-01",
        "horizon_months": "12",
    }

    response = personas["coordinator"].post(reverse("project_edit", args=[project.pk]), data)

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.name == "PAT renommé"


def test_deleting_a_project_deletes_its_plan_but_keeps_the_directory(
    personas: dict, project: Any
) -> None:
    people = [person.pk for person in project.dataset["people"]]
    organisations = [organisation.pk for organisation in project.dataset["organisations"]]

    response = personas["coordinator"].post(reverse("project_delete", args=[project.pk]))

    assert response.status_code == 302
    assert not Project.objects.filter(pk=project.pk).exists()
    for model in (Task, Step, Axis, Body, Membership):
        assert not model.objects.filter(project_id=project.pk).exists(), model
    assert Person.objects.filter(pk__in=people).count() == len(people)
    assert Organisation.objects.filter(pk__in=organisations).count() == len(organisations)


def test_the_delete_page_asks_for_confirmation_first(personas: dict, project: Any) -> None:
    response = personas["coordinator"].get(reverse("project_delete", args=[project.pk]))

    assert response.status_code == 200
    assert Project.objects.filter(pk=project.pk).exists()


# --- Overview -----------------------------------------------------------------------------------


@pytest.mark.french
def test_overview_shows_an_axis_without_referent_as_not_designated(
    personas: dict, project: Any
) -> None:
    make_axis(project, code="A9", name="Foncier agricole")

    html = personas["partner"].get(reverse("project_overview", args=[project.pk])).content
    html = html.decode()

    row = html[html.index("Foncier agricole") :].split("</tr>")[0]
    with override("fr"):
        assert row.count(gettext("not designated")) == 3


def test_overview_shows_steps_bodies_and_counts(personas: dict, project: Any) -> None:
    response = personas["observer"].get(reverse("project_overview", args=[project.pk]))

    html = response.content.decode()
    assert all(step.name in html for step in project.dataset["steps"])
    assert all(body.name in html for body in project.dataset["bodies"])
    assert response.context["counts"]["tasks"] == Task.objects.filter(project=project).count()


@pytest.mark.parametrize(
    ("persona", "sees_members"),
    [("coordinator", True), ("contributor", False), ("partner", False)],
)
def test_only_the_coordinator_sees_the_member_list(
    personas: dict, persona_users: dict, project: Any, persona: str, sees_members: bool
) -> None:
    html = personas[persona].get(reverse("project_overview", args=[project.pk])).content.decode()

    assert ("Observer Test" in html) is sees_members


# --- Layout and languages -----------------------------------------------------------------------


@pytest.mark.french
def test_pages_are_in_french_by_default(personas: dict, project: Any) -> None:
    html = personas["observer"].get(reverse("project_overview", args=[project.pk])).content
    html = html.decode()

    assert '<html lang="fr">' in html
    assert 'href="#contenu"' in html and 'id="contenu"' in html
    assert 'role="status"' in html


def test_switching_to_english(personas: dict, project: Any) -> None:
    client = personas["observer"]

    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("home")}, follow=True
    )

    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "My projects" in html
    assert "Ce champ" not in html


def test_english_form_errors_after_switching(personas: dict, project: Any) -> None:
    client = personas["contributor"]
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    response = client.post(reverse("task_create", args=[project.pk]), {"title": ""})

    assert response.context["form"].errors["title"] == ["This field is required."]


def test_the_layout_loads_htmx_and_the_stylesheet(personas: dict, project: Any) -> None:
    html = personas["observer"].get(reverse("task_tree", args=[project.pk])).content.decode()

    assert "/static/vendor/htmx/htmx.min.js" in html
    assert "/static/maillage/css/app.css" in html


def test_each_page_has_its_own_title(personas: dict, project: Any) -> None:
    task = project.dataset["tasks"][-1]
    titles = set()
    for url in (
        reverse("home"),
        reverse("project_overview", args=[project.pk]),
        reverse("directory", args=[project.pk]),
        reverse("task_tree", args=[project.pk]),
        reverse("task_detail", args=[project.pk, task.pk]),
    ):
        html = personas["coordinator"].get(url).content.decode()
        titles.add(html[html.index("<title>") : html.index("</title>")])

    assert len(titles) == 5


@pytest.mark.french
def test_the_horizon_reads_as_a_french_month_range(personas: dict, project: Any) -> None:
    html = personas["observer"].get(reverse("project_overview", args=[project.pk])).content
    gantt = personas["observer"].get(reverse("planning_gantt", args=[project.pk])).content

    assert "janvier 2026 – décembre 2026" in html.decode()
    assert "du janvier" not in html.decode()
    assert "Fenêtre : " in gantt.decode() and "Fenêtre du" not in gantt.decode()
