"""Responsibilities per axis (lead, political and technical referents) and task partners."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.access import Perm, ProjectAccess, get_scoped_or_404, project_view, scoped
from maillage.governance.models import Body
from maillage.projects.models import Axis, Task
from maillage.projects.views.common import add_service_errors
from maillage.responsibilities import services
from maillage.responsibilities.forms import AxisForm, PartnerForm
from maillage.responsibilities.models import TaskPartner


@project_view(Perm.VIEW_PROJECT)
@require_GET
def responsibilities_axes(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    axes = (
        scoped(access, Axis)
        .select_related("lead", "lead_organisation", "political_referent", "technical_referent")
        .prefetch_related(
            Prefetch("bodies", queryset=Body.objects.select_related("animator").order_by("name"))
        )
    )
    return render(
        request,
        "responsibilities/axes.html",
        {"project": access.project, "axes": axes, "can_edit": access.can(Perm.EDIT_PROJECT)},
    )


@project_view(Perm.EDIT_PROJECT)
@require_http_methods(["GET", "POST"])
def responsibilities_axis_edit(
    request: HttpRequest, access: ProjectAccess, axis_id: int
) -> HttpResponse:
    axis = get_scoped_or_404(access, Axis, axis_id)
    form = AxisForm(
        request.POST if request.method == "POST" else None, instance=axis, access=access
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.axis_update(axis=axis, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The responsibilities of the axis were saved."))
            return redirect("responsibilities_axes", access.project.pk)
    return render(
        request,
        "responsibilities/axis_form.html",
        {"project": access.project, "axis": axis, "form": form},
    )


@project_view(Perm.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def responsibilities_task_partners(
    request: HttpRequest, access: ProjectAccess, task_id: int
) -> HttpResponse:
    task = get_scoped_or_404(access, Task, task_id)
    form = PartnerForm(
        request.POST if request.method == "POST" and "remove" not in request.POST else None,
        access=access,
    )
    if request.method == "POST" and "remove" in request.POST:
        partner = get_scoped_or_404(
            access, TaskPartner.objects.filter(task=task), request.POST.get("remove")
        )
        services.task_partner_remove(partner=partner)
        messages.success(
            request, _("%s is no longer a partner of the task.") % partner.organisation
        )
        return redirect("responsibilities_task_partners", access.project.pk, task.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_partner_add(
                task=task,
                organisation=form.cleaned_data["organisation"],
                contribution=form.cleaned_data["contribution"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The partner was added."))
            return redirect("responsibilities_task_partners", access.project.pk, task.pk)
    partners = TaskPartner.objects.filter(task=task).select_related("organisation")
    return render(
        request,
        "responsibilities/task_partners.html",
        {"project": access.project, "task": task, "partners": partners, "form": form},
    )
