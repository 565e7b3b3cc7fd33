"""Home (the user's projects), project creation, framing edition, deletion and overview."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.access import (
    Perm,
    ProjectAccess,
    can_create_project,
    project_view,
    projects_for_user,
)
from maillage.planning import selectors as planning_selectors
from maillage.planning.project_templates import project_create_from_template
from maillage.projects import selectors, services
from maillage.projects.forms import ProjectForm
from maillage.projects.views.common import add_service_errors


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    memberships = projects_for_user(request.user).select_related("project__territory")
    return render(
        request,
        "projects/home.html",
        {
            "memberships": memberships,
            "awaiting": planning_selectors.awaiting_my_decision(request.user),
            "can_create_project": can_create_project(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def project_create(request: HttpRequest) -> HttpResponse:
    if not can_create_project(request.user):
        raise PermissionDenied(
            _(
                "On this instance, projects are created by its administrators. "
                "Ask them to create it."
            )
        )
    form = ProjectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            project = project_create_from_template(user=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The project “%s” was created.") % project)
            return redirect("project_overview", project.pk)
    return render(request, "projects/project_form.html", {"form": form})


@project_view(Perm.EDIT_PROJECT)
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    project = access.project
    form = ProjectForm(request.POST or None, instance=project, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(project=project, data=form.cleaned_data)
        except ValidationError as error:
            project.refresh_from_db()
            add_service_errors(form, error)
        else:
            messages.success(request, _("The project was saved."))
            return redirect("project_overview", project.pk)
    return render(request, "projects/project_form.html", {"form": form, "project": project})


@project_view(Perm.EDIT_PROJECT)
@require_http_methods(["GET", "POST"])
def project_delete(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    project = access.project
    if request.method == "POST":
        name = str(project)
        services.project_delete(project=project)
        messages.success(request, _("The project “%s” was deleted.") % name)
        return redirect("home")
    return render(
        request,
        "projects/project_confirm_delete.html",
        {"project": project, "counts": selectors.project_overview(access)["counts"]},
    )


@project_view(Perm.VIEW_PROJECT)
@require_GET
def project_overview(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    context = selectors.project_overview(access)
    context["project"] = access.project
    return render(request, "projects/overview.html", context)
