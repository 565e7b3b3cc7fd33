"""« Qui fait quoi, quand, comment, avec qui »: the table, its in-place edits, its exports, the
RACI matrix and the workload heat map that the edits refresh."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.access import Perm, ProjectAccess, get_scoped_or_404, project_view
from maillage.exports import ODS_CONTENT_TYPE, XLSX_CONTENT_TYPE, table_to_ods, table_to_xlsx
from maillage.projects.views.common import add_service_errors, is_htmx, render_page_or_fragment
from maillage.responsibilities import documents, selectors, services, workload
from maillage.responsibilities.forms import AllocationForm, AssignmentCreateForm
from maillage.staffing.models import Assignment

ALLOCATION_CHANGED = "allocationChanged"


def _base_context(access: ProjectAccess, filters: selectors.Filters) -> dict[str, Any]:
    return {
        "project": access.project,
        "filters": filters,
        "choices": selectors.filter_choices(access),
        "can_edit": access.can(Perm.EDIT_PLAN),
    }


def _over_months(access: ProjectAccess, person_id: int) -> list[workload.MonthLoad]:
    loads = selectors.project_workload(access, selectors.Filters(person=person_id))
    for load in loads.people:
        return [month for month in load.months if month.overallocated]
    return []


@project_view(Perm.VIEW_PROJECT)
@require_GET
def responsibilities_table(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    filters = selectors.parse_filters(request.GET)
    context = _base_context(access, filters)
    context["assignments"] = selectors.assignments(access, filters)
    context["workload"] = selectors.project_workload(access)
    return render_page_or_fragment(
        request, "responsibilities/table.html", "responsibilities/_table.html", context
    )


@project_view(Perm.VIEW_PROJECT)
@require_GET
def responsibilities_raci(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    filters = selectors.parse_filters(request.GET)
    context = _base_context(access, filters)
    context["matrix"] = selectors.raci(access, filters)
    context["letters"] = selectors.RACI_LETTERS
    return render_page_or_fragment(
        request, "responsibilities/raci.html", "responsibilities/_raci.html", context
    )


@project_view(Perm.VIEW_PROJECT)
@require_GET
def responsibilities_workload(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    context = {"project": access.project, "workload": selectors.project_workload(access)}
    return render_page_or_fragment(
        request, "responsibilities/workload.html", "responsibilities/_heatmap.html", context
    )


def _row(request: HttpRequest, access: ProjectAccess, assignment_id: int) -> Assignment:
    queryset = selectors.assignments(access, selectors.Filters())
    return get_scoped_or_404(access, queryset, assignment_id)


@project_view(Perm.VIEW_PROJECT)
@require_GET
def responsibilities_assignment_row(
    request: HttpRequest, access: ProjectAccess, assignment_id: int
) -> HttpResponse:
    assignment = _row(request, access, assignment_id)
    return render(
        request,
        "responsibilities/_row.html",
        {"project": access.project, "a": assignment, "can_edit": access.can(Perm.EDIT_PLAN)},
    )


@project_view(Perm.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def responsibilities_assignment_edit(
    request: HttpRequest, access: ProjectAccess, assignment_id: int
) -> HttpResponse:
    assignment = _row(request, access, assignment_id)
    initial = {
        "responsibility": assignment.responsibility,
        "days_per_month": f"{assignment.days_per_month:g}",
        "modalities": assignment.modalities,
        "version": assignment.version,
    }
    form = AllocationForm(request.POST if request.method == "POST" else None, initial=initial)
    conflict = False
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.assignment_update(assignment=assignment, data=data, expected_version=version)
        except services.ConflictError as error:
            conflict = True
            form.add_error(None, error.message)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _saved(request, access, assignment.pk)
    context = {"project": access.project, "a": assignment, "form": form, "conflict": conflict}
    if is_htmx(request):
        # htmx swaps 200 answers only: the row keeps the form with its messages.
        return render(request, "responsibilities/_row_form.html", context)
    status = 409 if conflict else 200
    return render(request, "responsibilities/assignment_form.html", context, status=status)


def _saved(request: HttpRequest, access: ProjectAccess, assignment_id: int) -> HttpResponse:
    assignment = _row(request, access, assignment_id)
    over = _over_months(access, assignment.person_id)
    if not is_htmx(request):
        messages.success(request, _("The allocation was saved."))
        if over:
            messages.warning(request, _("%s is now over-allocated.") % assignment.person)
        return redirect("responsibilities_table", access.project.pk)
    response = render(
        request,
        "responsibilities/_row.html",
        {
            "project": access.project,
            "a": assignment,
            "can_edit": True,
            "saved": True,
            "over_months": over,
        },
    )
    response["HX-Trigger"] = ALLOCATION_CHANGED
    return response


@project_view(Perm.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def responsibilities_assignment_delete(
    request: HttpRequest, access: ProjectAccess, assignment_id: int
) -> HttpResponse:
    assignment = _row(request, access, assignment_id)
    if request.method != "POST":  # looked up first: another project's allocation is a 404
        return HttpResponseNotAllowed(["POST"])
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        services.assignment_delete(assignment=assignment, expected_version=version)
    except services.ConflictError as error:
        messages.error(request, error.message)
        if is_htmx(request):
            response = render(
                request,
                "responsibilities/_row.html",
                {
                    "project": access.project,
                    "a": _row(request, access, assignment_id),
                    "can_edit": True,
                    "error": error.message,
                },
            )
            return response
        return redirect("responsibilities_table", access.project.pk)
    if is_htmx(request):
        response = HttpResponse("")
        response["HX-Trigger"] = ALLOCATION_CHANGED
        return response
    messages.success(request, _("The allocation was removed."))
    return redirect("responsibilities_table", access.project.pk)


@project_view(Perm.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def responsibilities_assignment_create(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    form = AssignmentCreateForm(
        request.POST if request.method == "POST" else None,
        access=access,
        initial={"task": request.GET.get("task")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assignment = services.assignment_create(
                access=access, task=data["task"], person=data["person"], data=data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%s was assigned to the task.") % assignment.person)
            if _over_months(access, assignment.person_id):
                messages.warning(request, _("%s is now over-allocated.") % assignment.person)
            return redirect("responsibilities_table", access.project.pk)
    return render(
        request,
        "responsibilities/assignment_create.html",
        {"project": access.project, "form": form},
    )


def export_headers() -> list[str]:
    return [
        _("Axis"),
        _("Task"),
        _("Start"),
        _("End"),
        _("Person"),
        _("Organisation"),
        _("Responsibility"),
        _("Days per month"),
        _("Modalities (how)"),
        _("Partners (with whom)"),
    ]


def export_rows(access: ProjectAccess, filters: selectors.Filters) -> list[list[Any]]:
    rows = []
    for a in selectors.assignments(access, filters):
        employers = ", ".join(str(e.organisation) for e in a.person.employments.all())
        partners = ", ".join(str(p.organisation) for p in a.task.partners.all())
        rows.append(
            [
                str(a.task.axis) if a.task.axis else "",
                a.task.title,
                a.task.start,
                a.task.end,
                str(a.person),
                employers,
                a.get_responsibility_display(),
                a.days_per_month,
                a.modalities or a.task.modalities,
                partners,
            ]
        )
    return rows


@project_view(Perm.VIEW_PROJECT)
@require_GET
def responsibilities_export(request: HttpRequest, access: ProjectAccess, fmt: str) -> HttpResponse:
    filters = selectors.parse_filters(request.GET)
    title = _("Who does what")
    headers, rows = export_headers(), export_rows(access, filters)
    if fmt == "xlsx":
        content, content_type = table_to_xlsx(title, headers, rows), XLSX_CONTENT_TYPE
    elif fmt == "ods":
        content, content_type = table_to_ods(title, headers, rows), ODS_CONTENT_TYPE
    else:
        text_rows = [
            [v.strftime("%d/%m/%Y") if hasattr(v, "strftime") else str(v) for v in row]
            for row in rows
        ]
        heading = f"{title} — {access.project.name}"
        content = documents.table_to_pdf(heading, headers, text_rows)
        content_type = documents.PDF_CONTENT_TYPE
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="qui-fait-quoi.{fmt}"'
    return response
