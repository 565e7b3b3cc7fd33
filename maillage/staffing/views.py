"""The needs of a task: edited in place on the task page (htmx fragments), previewed while
edited, and entered for all the tasks of an axis at once in a grid."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from maillage.access import Perm, ProjectAccess, get_scoped_or_404, project_view, scoped
from maillage.numbers import plain_decimal
from maillage.projects.models import Axis, Task
from maillage.projects.services import ConflictError
from maillage.projects.views.common import add_service_errors, int_or_none, is_htmx
from maillage.staffing import selectors, services
from maillage.staffing.forms import (
    PREFIX,
    NeedForm,
    NeedLineForm,
    NeedsGridForm,
    empty_line,
    need_choices,
)
from maillage.staffing.models import Need

# --- One need on the task page ----------------------------------------------------------------


def _need_form(access: ProjectAccess, data: Any = None, need: Need | None = None) -> NeedForm:
    initial = {}
    if need is not None:
        initial = {
            "competency": need.competency_id,
            "min_level": need.min_level,
            "days": plain_decimal(need.days_per_month),
            "version": need.version,
        }
    return NeedForm(data, initial=initial, choices=need_choices(access))


def _save(access: ProjectAccess, form: NeedForm, task: Task, need: Need | None) -> Need | None:
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return services.need_save(
            access=access,
            task=task,
            need=need,
            competency_id=data["competency"],
            min_level=data["min_level"],
            days=data["days"],
            unit=data.get("unit") or services.PER_MONTH,
            expected_version=data.get("version") if need is not None else None,
        )
    except ConflictError as error:
        form.add_error(None, error.message)
        form.conflict = True
        return None
    except ValidationError as error:
        add_service_errors(form, error)
        return None


def _row(request: HttpRequest, access: ProjectAccess, need: Need, **extra: Any) -> HttpResponse:
    context = {
        "project": access.project,
        "need": need,
        "can_edit": access.can(Perm.EDIT_PLAN),
        **extra,
    }
    return render(request, "staffing/_need_row.html", context)


@project_view(Perm.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def need_create(request: HttpRequest, access: ProjectAccess, task_id: int) -> HttpResponse:
    task = get_scoped_or_404(access, Task, task_id)
    form = _need_form(access, request.POST or None)
    if request.method == "GET" and request.GET.get("cancel"):
        return render(
            request, "staffing/_need_add_button.html", {"project": access.project, "task": task}
        )
    if request.method == "POST":
        need = _save(access, form, task, None)
        if need is not None:
            if not is_htmx(request):
                messages.success(request, _("The need was added."))
                return redirect("task_detail", access.project.pk, task.pk)
            return _row(request, access, need, saved=True, created=True)
    response = render(
        request,
        "staffing/_need_form.html",
        {"project": access.project, "task": task, "form": form, "need": None},
    )
    if request.method == "POST" and is_htmx(request):
        response["HX-Retarget"] = "#need-new"
        response["HX-Reswap"] = "innerHTML"
    return response


@project_view(Perm.VIEW_PROJECT)
@require_GET
def need_row(request: HttpRequest, access: ProjectAccess, need_id: int) -> HttpResponse:
    need = get_scoped_or_404(access, Need.objects.select_related("competency", "task"), need_id)
    return _row(request, access, need)


@project_view(Perm.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def need_edit(request: HttpRequest, access: ProjectAccess, need_id: int) -> HttpResponse:
    need = get_scoped_or_404(access, Need.objects.select_related("competency", "task"), need_id)
    form = _need_form(access, request.POST or None, need)
    if request.method == "POST":
        saved = _save(access, form, need.task, need)
        if saved is not None:
            if not is_htmx(request):
                messages.success(request, _("The need was saved."))
                return redirect("task_detail", access.project.pk, need.task_id)
            saved = Need.objects.select_related("competency", "task").get(pk=saved.pk)
            return _row(request, access, saved, saved=True)
    return render(
        request,
        "staffing/_need_form.html",
        {"project": access.project, "task": need.task, "form": form, "need": need},
        status=409 if getattr(form, "conflict", False) else 200,
    )


@project_view(Perm.EDIT_PLAN)
def need_delete(request: HttpRequest, access: ProjectAccess, need_id: int) -> HttpResponse:
    need = get_scoped_or_404(access, Need, need_id)
    if request.method != "POST":  # after the look-up: another project's need is a 404
        return HttpResponseNotAllowed(["POST"])
    task_id = need.task_id
    try:
        services.need_delete(
            access=access, need=need, expected_version=int_or_none(request.POST.get("version"))
        )
    except ConflictError as error:
        if is_htmx(request):
            need.refresh_from_db()
            response = _row(request, access, need, error=error.message)
            response.status_code = 409
            return response
        messages.error(request, error.message)
        return redirect("task_detail", access.project.pk, task_id)
    if is_htmx(request):
        return HttpResponse("")
    messages.success(request, _("The need was removed."))
    return redirect("task_detail", access.project.pk, task_id)


# --- The lines of the task form, and the preview --------------------------------------------


@project_view(Perm.EDIT_PLAN)
@require_GET
def need_line(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    """One more blank line for the task form (its number follows the lines already there)."""
    index = max(0, min(int_or_none(request.GET.get(f"{PREFIX}-TOTAL_FORMS")) or 0, 500))
    return render(
        request,
        "staffing/_need_line_added.html",
        {
            "project": access.project,
            "line": empty_line(access, index),
            "number": index + 1,
            "total": index + 1,
            "task": None,
        },
    )


def _date(value: str | None) -> datetime.date | None:
    try:
        return parse_date(value or "")
    except ValueError:
        return None


@project_view(Perm.EDIT_PLAN)
@require_GET
def need_preview(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    """Who qualifies for the need being edited, and its class's monthly balance."""
    prefix = request.GET.get("prefix", "need")
    form = NeedLineForm(request.GET, prefix=prefix, choices=need_choices(access))
    form.is_valid()  # a line still being typed previews what is valid so far
    data = getattr(form, "cleaned_data", {})
    task_id = int_or_none(request.GET.get("task"))
    task = scoped(access, Task).filter(pk=task_id).first() if task_id else None
    preview = None
    if data.get("competency") is not None and data.get("min_level") is not None:
        preview = selectors.need_preview(
            access,
            competency_id=data["competency"],
            min_level=data["min_level"],
            days=data.get("days") if data.get("days") is not None else Decimal(0),
            unit=data.get("unit") or services.PER_MONTH,
            task=task,
            start=_date(request.GET.get("start")),
            end=_date(request.GET.get("end")),
            need_id=int_or_none(request.GET.get(f"{prefix}-id") or request.GET.get("need")),
        )
    return render(
        request,
        "staffing/_need_preview.html",
        {
            "preview": preview,
            "asked": data.get("competency") is not None,
        },
    )


# --- The grid of an axis ----------------------------------------------------------------------


@project_view(Perm.VIEW_PROJECT)
@require_http_methods(["GET", "POST"])
def needs_grid(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    if request.method == "POST":
        access.require(Perm.EDIT_PLAN)
    query = request.POST if request.method == "POST" else request.GET
    axes = scoped(access, Axis).order_by("order", "code")
    axis_id = int_or_none(query.get("axis"))
    if axis_id is None:
        axis = axes.first()
        if axis is None:
            return render(
                request,
                "staffing/needs_grid.html",
                {"project": access.project, "grid": None, "can_edit": access.can(Perm.EDIT_PLAN)},
            )
    else:
        axis = get_scoped_or_404(access, Axis, axis_id)
    columns = [c for c in (int_or_none(v) for v in query.getlist("column")) if c is not None]
    added = int_or_none(query.get("new_column") if "add_column" in query else query.get("add"))
    if added is not None:
        columns.append(added)
    grid = selectors.needs_grid(access, axis, columns)
    choices = need_choices(access)
    saving = request.method == "POST" and "add_column" not in request.POST
    form = NeedsGridForm(
        request.POST if request.method == "POST" else None,
        rows=grid.rows,
        columns=grid.columns,
        choices=choices,
    )
    errors: list[str] = []
    status = 200
    if saving and not form.is_valid():
        for name in form.errors:
            form.fields[name].widget.attrs["aria-invalid"] = "true"
    if saving and form.is_valid():
        # A cell the request did not send is left as it is (an emptied cell is sent empty).
        cells = [
            services.Cell(task_id, competency_id, level, days, version)
            for task_id, competency_id, level, days, version in form.values()
            if form.sent(task_id, competency_id)
        ]
        try:
            changed = services.axis_needs_save(
                access=access, axis=axis, tasks=[row.task for row in grid.rows], cells=cells
            )
        except ConflictError as error:
            errors, status = [error.message], 409
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                ngettext(
                    "The needs of the axis were saved (%d change).",
                    "The needs of the axis were saved (%d changes).",
                    changed,
                )
                % changed,
            )
            return redirect(
                f"{reverse('staffing_needs_grid', args=[access.project.pk])}?axis={axis.pk}"
            )
    return render(
        request,
        "staffing/needs_grid.html",
        {
            "project": access.project,
            "grid": grid,
            "form": form,
            "errors": errors,
            "can_edit": access.can(Perm.EDIT_PLAN),
            "bound_errors": saving and bool(form.errors),
            "table": [
                (
                    row,
                    [
                        (row.cells[column.pk], *form.cell(row.task.pk, column.pk))
                        for column in grid.columns
                    ],
                )
                for row in grid.rows
            ],
        },
        status=status,
    )
