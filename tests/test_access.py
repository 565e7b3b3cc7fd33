"""Who sees what: navigation built from permissions, 403 and 404 pages, the admin for staff."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from maillage.projects.navigation import PROJECT_ITEMS, NavItem, register_project_item
from tests.factories import make_user


def nav_urls(client: Any, project: Any) -> list[str]:
    response = client.get(reverse("project_overview", args=[project.pk]))
    html = response.content.decode()
    nav = html[html.index('<nav class="main-nav"') : html.index("</nav>")]
    return [part.split('"')[0] for part in nav.split('href="')[1:]]


def test_the_coordinator_has_the_project_settings_in_the_navigation(
    personas: dict, project: Any
) -> None:
    urls = nav_urls(personas["coordinator"], project)

    assert reverse("project_edit", args=[project.pk]) in urls
    assert reverse("task_tree", args=[project.pk]) in urls
    assert reverse("directory", args=[project.pk]) in urls


@pytest.mark.parametrize("persona", ["contributor", "elected", "partner", "observer"])
def test_other_members_do_not_see_the_project_settings(
    personas: dict, project: Any, persona: str
) -> None:
    urls = nav_urls(personas[persona], project)

    assert reverse("project_edit", args=[project.pk]) not in urls
    assert reverse("project_overview", args=[project.pk]) in urls


def test_the_current_page_is_marked_in_the_navigation(personas: dict, project: Any) -> None:
    html = personas["observer"].get(reverse("task_tree", args=[project.pk])).content.decode()

    assert f'href="{reverse("task_tree", args=[project.pk])}" aria-current="page"' in html


def test_a_later_page_registers_itself_in_the_navigation(personas: dict, project: Any) -> None:
    item = NavItem("Analyse", "project_delete", perm="edit_project")  # any existing URL name
    register_project_item(item, before="project_edit")
    try:
        assert reverse("project_delete", args=[project.pk]) in nav_urls(
            personas["coordinator"], project
        )
        assert reverse("project_delete", args=[project.pk]) not in nav_urls(
            personas["observer"], project
        )
    finally:
        PROJECT_ITEMS.remove(item)


def test_a_member_without_the_right_gets_an_explained_403(personas: dict, project: Any) -> None:
    response = personas["observer"].get(reverse("task_create", args=[project.pk]))

    assert response.status_code == 403
    assert "<main" in response.content.decode()


def test_an_unknown_project_is_a_404_like_a_foreign_one(personas: dict, project: Any) -> None:
    missing = personas["coordinator"].get(reverse("project_overview", args=[999999]))
    foreign = personas["outsider"].get(reverse("project_overview", args=[project.pk]))

    assert missing.status_code == foreign.status_code == 404


APP_LABELS = {"directory", "competencies", "projects", "staffing", "governance"}


def test_every_model_is_in_the_admin_for_staff(client: Any, project: Any) -> None:
    registered = {model for model in admin.site._registry if model._meta.app_label in APP_LABELS}
    all_models = {
        model for label in APP_LABELS for model in apps.get_app_config(label).get_models()
    }
    assert registered == all_models
    client.force_login(make_user("staff", is_staff=True, is_superuser=True))
    for model in sorted(registered, key=lambda model: model._meta.label):
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        response = client.get(changelist, {"q": "a"})
        assert response.status_code == 200, opts.label
        assert client.get(changelist).status_code == 200, opts.label


def test_non_staff_users_are_kept_out_of_the_admin(client: Any, db: Any) -> None:
    client.force_login(make_user("not-staff"))

    assert client.get(reverse("admin:index")).status_code == 302


def test_the_admin_link_is_shown_to_staff_only(
    personas: dict, persona_users: dict, project: Any
) -> None:
    admin_url = reverse("admin:index")
    assert admin_url not in nav_urls(personas["coordinator"], project)

    persona_users["coordinator"].is_staff = True
    persona_users["coordinator"].save()
    assert admin_url in nav_urls(personas["coordinator"], project)
