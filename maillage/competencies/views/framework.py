"""The project's competency framework: read it, edit levels and competencies, export, import.

A framework may be shared by several projects: it is edited only by someone entitled on every
project using it (`access.can_edit_shared`); anyone else may edit a copy made for their project.
An import always creates a new framework (chosen in the project settings).
"""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.access import (
    Perm,
    ProjectAccess,
    SharedEditRefused,
    get_scoped_or_404,
    project_view,
    require_shared_edit,
)
from maillage.competencies import framework_io, selectors, spreadsheets
from maillage.competencies.forms import CompetencyForm, FrameworkUploadForm, LevelForm
from maillage.competencies.framework_copy import framework_copy_for_project
from maillage.competencies.models import Competency, Level
from maillage.projects.views.common import add_service_errors

LevelFormSet = forms.modelformset_factory(Level, form=LevelForm, extra=0)


@project_view(Perm.VIEW_PROJECT)
@require_GET
def competencies_framework(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    may_edit_project = access.can(Perm.EDIT_PROJECT)
    shared_reason = ""
    if may_edit_project:
        try:
            require_shared_edit(access, access.project.framework)
        except SharedEditRefused as refused:
            shared_reason = str(refused)
    return render(
        request,
        "competencies/framework.html",
        {
            "project": access.project,
            "can_edit": may_edit_project and not shared_reason,
            "can_import": may_edit_project,
            "can_copy": bool(shared_reason),
            "shared_reason": shared_reason,
            **selectors.framework_tree(access),
        },
    )


def _shared_refusal(request: HttpRequest, access: ProjectAccess) -> HttpResponse | None:
    """A 403 page offering a copy when the project's framework may not be changed in place."""
    try:
        require_shared_edit(access, access.project.framework)
    except SharedEditRefused as refused:
        return render(
            request,
            "competencies/framework_shared.html",
            {"project": access.project, "reason": str(refused)},
            status=403,
        )
    return None


@project_view(Perm.EDIT_PROJECT)
@require_POST
def competencies_framework_copy(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    copy = framework_copy_for_project(access=access)
    messages.success(
        request,
        _("This project now uses its own copy, “%s”: your changes stay in this project.")
        % copy.name,
    )
    return redirect("competencies_framework", access.project.pk)


@project_view(Perm.EDIT_PROJECT)
@require_http_methods(["GET", "POST"])
def competencies_framework_levels(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    if (refusal := _shared_refusal(request, access)) is not None:
        return refusal
    queryset = Level.objects.filter(framework_id=access.project.framework_id)
    formset = LevelFormSet(request.POST or None, queryset=queryset)
    if request.method == "POST":
        if formset.is_valid():
            with transaction.atomic():
                formset.save()
            messages.success(request, _("The level scale was saved."))
            return redirect("competencies_framework", access.project.pk)
        status = 400
    else:
        status = 200
    return render(
        request,
        "competencies/framework_levels.html",
        {"project": access.project, "formset": formset},
        status=status,
    )


@project_view(Perm.EDIT_PROJECT)
@require_http_methods(["GET", "POST"])
def competencies_competency_create(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    if (refusal := _shared_refusal(request, access)) is not None:
        return refusal
    competency = Competency(framework_id=access.project.framework_id)
    return _competency_form(request, access, competency)


@project_view(Perm.EDIT_PROJECT)
@require_http_methods(["GET", "POST"])
def competencies_competency_edit(
    request: HttpRequest, access: ProjectAccess, competency_id: int
) -> HttpResponse:
    competency = get_scoped_or_404(access, Competency, competency_id)
    if (refusal := _shared_refusal(request, access)) is not None:
        return refusal
    return _competency_form(request, access, competency)


def _competency_form(
    request: HttpRequest, access: ProjectAccess, competency: Competency
) -> HttpResponse:
    form = CompetencyForm(request.POST or None, instance=competency, access=access)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                form.instance.full_clean()
                form.save()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The competency was saved."))
            return redirect("competencies_framework", access.project.pk)
    return render(
        request,
        "competencies/competency_form.html",
        {"project": access.project, "form": form, "competency": competency},
    )


@project_view(Perm.VIEW_PROJECT)
@require_GET
def competencies_framework_export(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    framework = access.project.framework
    kind = request.GET.get("format", "json")
    name = slugify(framework.name) or "framework"
    if kind == "xlsx":
        body = spreadsheets.write_xlsx([framework_io.framework_to_sheet(framework)])
    elif kind == "csv":
        body = spreadsheets.write_csv(framework_io.framework_to_sheet(framework))
    else:
        kind = "json"
        body = json.dumps(
            framework_io.framework_to_data(framework), ensure_ascii=False, indent=2
        ).encode()
    response = HttpResponse(body, content_type=spreadsheets.CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


@project_view(Perm.EDIT_PROJECT)
@require_http_methods(["GET", "POST"])
def competencies_framework_import(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    bound = request.method == "POST"
    form = FrameworkUploadForm(request.POST if bound else None, request.FILES if bound else None)
    if request.method == "POST" and form.is_valid():
        try:
            data = framework_io.read_framework_file(form.cleaned_data["file"])
            framework = framework_io.framework_import(data, made_for=access.project)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The framework “%s” was imported; choose it in the project settings to use it.")
                % framework.name,
            )
            return redirect("competencies_framework", access.project.pk)
    return render(
        request,
        "competencies/framework_import.html",
        {"project": access.project, "form": form},
        status=400 if form.errors else 200,
    )
