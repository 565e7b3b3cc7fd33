"""The task tree, a task's page, and task creation, edition (optimistic locking) and deletion."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.access import Perm, ProjectAccess, get_scoped_or_404, project_view, scoped
from maillage.directory.models import Organisation, Person
from maillage.projects import selectors, services
from maillage.projects.forms import TaskForm, formset_rows, task_detail_formsets
from maillage.projects.models import Axis, Step, Task
from maillage.projects.views.common import add_service_errors, int_or_none, render_page_or_fragment
from maillage.staffing.forms import need_formset
from maillage.staffing.services import task_save_with_needs


@project_view(Perm.VIEW_PROJECT)
@require_GET
def task_tree(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    project = access.project
    filters = {
        "axis": int_or_none(request.GET.get("axis")),
        "step": int_or_none(request.GET.get("step")),
        "lead_organisation": int_or_none(request.GET.get("lead_organisation")),
        "person": int_or_none(request.GET.get("person")),
        "status": request.GET.get("status", "")
        if request.GET.get("status") in Task.Status.values
        else "",
    }
    context = {
        "project": project,
        "tree": selectors.task_tree(access, filters),
        "filters": filters,
        "is_filtered": any(value not in (None, "") for value in filters.values()),
        "axes": Axis.objects.filter(project=project),
        "steps": Step.objects.filter(project=project),
        "organisations": Organisation.objects.filter(project_links__project=project),
        "people": scoped(access, Person).order_by("last_name", "first_name"),
        "statuses": Task.Status.choices,
        "can_edit": access.can(Perm.EDIT_PLAN),
    }
    return render_page_or_fragment(
        request, "projects/task_tree.html", "projects/_task_tree.html", context
    )


@project_view(Perm.VIEW_PROJECT)
@require_GET
def task_detail(request: HttpRequest, access: ProjectAccess, task_id: int) -> HttpResponse:
    task = selectors.task_detail(access, task_id)
    return render(
        request,
        "projects/task_detail.html",
        {"project": access.project, "task": task, "can_edit": access.can(Perm.EDIT_PLAN)},
    )


@project_view(Perm.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def task_create(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    initial = {}
    parent_id = int_or_none(request.GET.get("parent"))
    if parent_id is not None:
        parent = Task.objects.filter(project=access.project, pk=parent_id).first()
        if parent is not None:
            initial = {
                "parent": parent.pk,
                "start": parent.start,
                "end": parent.end,
                "axis": parent.axis_id,
                "step": parent.step_id,
            }
    form = TaskForm(request.POST or None, access=access, initial=initial)
    formsets = task_detail_formsets(request.POST or None, access=access, task=None)
    needs = need_formset(request.POST or None, access=access, task=None)
    if request.method == "POST" and _all_valid(form, {**formsets, "needs": needs}):
        try:
            task = task_save_with_needs(
                access=access,
                task=None,
                data=form.cleaned_data,
                details=_details(formsets),
                needs=needs.lines(),
            )
        except ValidationError as error:
            _add_errors(form, needs, error)
        else:
            messages.success(request, _("The task “%s” was created.") % task)
            return redirect("task_detail", access.project.pk, task.pk)
    return render(
        request,
        "projects/task_form.html",
        {"form": form, "formsets": formsets.values(), "needs": needs, "project": access.project},
    )


def _add_errors(form: TaskForm, needs: Any, error: ValidationError) -> None:
    """The needs' errors go to the needs' lines, the others to the task form."""
    rest = needs.take_service_errors(error)
    if rest is not None:
        add_service_errors(form, rest)


def _all_valid(form: TaskForm, formsets: dict[str, Any]) -> bool:
    valid = form.is_valid()
    for formset in formsets.values():
        if formset.is_bound and not formset.is_valid():
            valid = False
    return valid


def _details(formsets: dict[str, Any]) -> dict[str, Any]:
    return {name: formset_rows(formset) for name, formset in formsets.items()}


@project_view(Perm.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, access: ProjectAccess, task_id: int) -> HttpResponse:
    task = get_scoped_or_404(access, Task, task_id)
    form = TaskForm(request.POST or None, instance=task, access=access)
    formsets = task_detail_formsets(request.POST or None, access=access, task=task)
    needs = need_formset(request.POST or None, access=access, task=task)
    conflict = False
    if request.method == "POST" and _all_valid(form, {**formsets, "needs": needs}):
        expected = form.cleaned_data.get("version")
        try:
            task_save_with_needs(
                access=access,
                task=task,
                data=form.cleaned_data,
                details=_details(formsets),
                needs=needs.lines(),
                expected_version=expected if expected is not None else task.version,
            )
        except services.ConflictError as error:
            conflict = True
            form.add_error(None, error.message)
        except ValidationError as error:
            _add_errors(form, needs, error)
        else:
            messages.success(request, _("The task was saved."))
            return redirect("task_detail", access.project.pk, task.pk)
    return render(
        request,
        "projects/task_form.html",
        {
            "form": form,
            "formsets": formsets.values(),
            "needs": needs,
            "project": access.project,
            "task": task,
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )


@project_view(Perm.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def task_delete(request: HttpRequest, access: ProjectAccess, task_id: int) -> HttpResponse:
    task = get_scoped_or_404(access, Task, task_id)
    if request.method == "POST":
        title = str(task)
        services.task_delete(task=task)
        messages.success(request, _("The task “%s” was deleted.") % title)
        return redirect("task_tree", access.project.pk)
    context = selectors.task_deletion_summary(task)
    context.update(project=access.project, task=task)
    return render(request, "projects/task_confirm_delete.html", context)
