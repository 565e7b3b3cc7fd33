"""The main navigation, built in Python from what the user may do (items they may not use are
not shown). Later features add their project pages with `register_project_item`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.access import Perm, ProjectAccess


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str
    perm: Perm = Perm.VIEW_PROJECT
    # URL names that also make this item the current one (its sub-pages).
    section: tuple[str, ...] = ()


PROJECT_ITEMS: list[NavItem] = [
    NavItem(_("Overview"), "project_overview"),
    NavItem(
        _("Framing"),
        "framing",
        section=(
            "framing_identity",
            "framing_sponsor_add",
            "framing_sponsor_edit",
            "framing_axis_create",
            "framing_axis_edit",
            "framing_objective_create",
            "framing_objective_edit",
            "framing_objective_delete",
            "framing_result_create",
            "framing_result_edit",
        ),
    ),
    NavItem(
        _("Directory"),
        "directory",
        section=(
            "organisation_detail",
            "organisation_create",
            "organisation_edit",
            "organisation_delete",
            "person_detail",
            "person_create",
            "person_edit",
            "person_delete",
        ),
    ),
    NavItem(
        _("Tasks"),
        "task_tree",
        section=("task_detail", "task_create", "task_edit", "task_delete"),
    ),
    NavItem(
        _("Project settings"),
        "project_edit",
        perm=Perm.EDIT_PROJECT,
        section=("project_delete",),
    ),
]


def register_project_item(item: NavItem, *, before: str | None = None) -> None:
    """Add a project page to the navigation (before the item named `before`, else last)."""
    if any(existing.url_name == item.url_name for existing in PROJECT_ITEMS):
        return
    names = [existing.url_name for existing in PROJECT_ITEMS]
    index = names.index(before) if before in names else len(PROJECT_ITEMS)
    PROJECT_ITEMS.insert(index, item)


@dataclass(frozen=True)
class Link:
    label: Any
    url: str
    is_current: bool


def main_nav(request: Any) -> list[Link]:
    """The links of the header: the user's projects, then the current project's pages."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match else None
    links = [Link(_("My projects"), reverse("home"), current in ("home", "project_create"))]
    access: ProjectAccess | None = getattr(request, "access", None)
    if access is not None:
        for item in PROJECT_ITEMS:
            if access.can(item.perm):
                links.append(
                    Link(
                        item.label,
                        reverse(item.url_name, args=[access.project.pk]),
                        current == item.url_name or current in item.section,
                    )
                )
    if user.is_staff:
        links.append(Link(_("Administration"), reverse("admin:index"), False))
    return links
