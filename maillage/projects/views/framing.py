"""The framing of a project (cadrage): sponsors, objectives with their results and indicators,
axes, the horizon and a PAT's identity. Everyone in the project reads it; the coordinator
(EDIT_PROJECT) changes it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.access import Perm, ProjectAccess, get_scoped_or_404, project_view
from maillage.directory.models import Organisation
from maillage.projects import selectors, services
from maillage.projects.forms import (
    AxisForm,
    ExpectedResultForm,
    IdentityForm,
    ObjectiveForm,
    RepresentativeFields,
    SponsorForm,
)
from maillage.projects.models import Axis, ExpectedResult, Objective, ProjectOrganisation
from maillage.projects.views.common import add_service_errors


def _framing_url(access: ProjectAccess, anchor: str) -> str:
    return reverse("framing", args=[access.project.pk]) + f"#{anchor}"


def _form_page(
    request: HttpRequest,
    access: ProjectAccess,
    form: Any,
    *,
    title: str,
    anchor: str,
    template: str = "projects/framing_form.html",
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    context = {
        "project": access.project,
        "form": form,
        "title": title,
        "cancel_url": _framing_url(access, anchor),
        **extra,
    }
    return render(request, template, context, status=status)


def _saved_form(request: HttpRequest, form: Any, save: Any, success: str) -> tuple[bool, bool]:
    """Call `save` for a valid bound form; (saved, refused as stale)."""
    if request.method != "POST" or not form.is_valid():
        return False, False
    try:
        save(form.cleaned_data)
    except services.ConflictError as error:
        form.add_error(None, error.message)
        return False, True
    except ValidationError as error:
        add_service_errors(form, error)
        return False, False
    messages.success(request, success)
    return True, False


def _version(form: Any, instance: Any) -> int:
    expected = form.cleaned_data.get("version")
    return int(expected) if expected is not None else int(instance.version)


@project_view(Perm.VIEW_PROJECT)
@require_GET
def framing(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    return render(request, "projects/framing.html", selectors.framing_page(access))


# --- Identity -----------------------------------------------------------------------------------


@project_view(Perm.EDIT_PROJECT)
@require_http_methods(["GET", "POST"])
def framing_identity(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    project = access.project
    form = IdentityForm(request.POST or None, instance=project)
    saved, _stale = _saved_form(
        request,
        form,
        lambda data: services.project_identity_update(project=project, data=data),
        _("The PAT’s identity was saved."),
    )
    if saved:
        return redirect(_framing_url(access, "identity-title"))
    if request.method == "POST":
        project.refresh_from_db()
    return _form_page(request, access, form, title=_("PAT identity"), anchor="identity-title")


# --- Sponsors -----------------------------------------------------------------------------------


def _sponsor(access: ProjectAccess, organisation_id: int) -> ProjectOrganisation:
    """The sponsor link of an organisation of the project (404 when it sponsors nothing)."""
    organisation = get_scoped_or_404(access, Organisation, organisation_id)
    link = (
        ProjectOrganisation.objects.filter(
            project=access.project, organisation=organisation, is_sponsor=True
        )
        .select_related("organisation", "representative", "project")
        .first()
    )
    if link is None:
        raise Http404
    return link


@project_view(Perm.EDIT_PROJECT)
@require_http_methods(["GET", "POST"])
def framing_sponsor_add(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    form = SponsorForm(request.POST or None, project=access.project)
    saved, _stale = _saved_form(
        request,
        form,
        lambda data: services.sponsor_add(access=access, data=data),
        _("The sponsor was added."),
    )
    if saved:
        return redirect(_framing_url(access, "sponsors-title"))
    return _form_page(
        request,
        access,
        form,
        title=_("Add a sponsor"),
        anchor="sponsors-title",
        template="projects/framing_sponsor_form.html",
    )


@project_view(Perm.EDIT_PROJECT)
@require_http_methods(["GET", "POST"])
def framing_sponsor_edit(
    request: HttpRequest, access: ProjectAccess, organisation_id: int
) -> HttpResponse:
    link = _sponsor(access, organisation_id)
    form = RepresentativeFields(
        request.POST if request.method == "POST" else None,
        project=access.project,
        initial={"representative": link.representative_id},
    )
    saved, _stale = _saved_form(
        request,
        form,
        lambda data: services.sponsor_update(link=link, data=data),
        _("The sponsor’s representative was saved."),
    )
    if saved:
        return redirect(_framing_url(access, "sponsors-title"))
    return _form_page(
        request,
        access,
        form,
        title=_("Representative of %(sponsor)s") % {"sponsor": link.organisation},
        anchor="sponsors-title",
        template="projects/framing_sponsor_form.html",
        link=link,
    )


@project_view(Perm.EDIT_PROJECT)
def framing_sponsor_remove(
    request: HttpRequest, access: ProjectAccess, organisation_id: int
) -> HttpResponse:
    link = _sponsor(access, organisation_id)
    if request.method != "POST":  # after the look-up: another project's object is a 404
        return HttpResponseNotAllowed(["POST"])
    try:
        services.sponsor_remove(link=link)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(organisation)s is no longer a sponsor; it stays in the project.")
            % {"organisation": link.organisation},
        )
    return redirect(_framing_url(access, "sponsors-title"))


# --- Axes ---------------------------------------------------------------------------------------


@project_view(Perm.EDIT_PROJECT)
@require_http_methods(["GET", "POST"])
def framing_axis_create(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    form = AxisForm(request.POST or None, project=access.project)
    saved, _stale = _saved_form(
        request,
        form,
        lambda data: services.axis_create(access=access, data=data),
        _("The axis was added."),
    )
    if saved:
        return redirect(_framing_url(access, "axes-title"))
    return _form_page(
        request,
        access,
        form,
        title=_("Add an axis"),
        anchor="axes-title",
        template="projects/framing_axis_form.html",
    )


@project_view(Perm.EDIT_PROJECT)
@require_http_methods(["GET", "POST"])
def framing_axis_edit(request: HttpRequest, access: ProjectAccess, axis_id: int) -> HttpResponse:
    axis = get_scoped_or_404(access, Axis, axis_id)
    form = AxisForm(request.POST or None, instance=axis, project=access.project)
    saved, stale = _saved_form(
        request,
        form,
        lambda data: services.axis_update(
            axis=axis, data=data, expected_version=_version(form, axis)
        ),
        _("The axis was saved."),
    )
    if saved:
        return redirect(_framing_url(access, f"axis-{axis.pk}"))
    return _form_page(
        request,
        access,
        form,
        title=_("Edit the axis %(axis)s") % {"axis": axis.code},
        anchor=f"axis-{axis.pk}",
        template="projects/framing_axis_form.html",
        status=409 if stale else 200,
        axis=axis,
    )


def _direction_moved(request: HttpRequest, move: Any) -> None:
    direction = request.POST.get("direction", "")
    if direction not in ("up", "down"):
        messages.error(request, _("Choose whether to move the item up or down."))
        return
    move(direction)


@project_view(Perm.EDIT_PROJECT)
def framing_axis_move(request: HttpRequest, access: ProjectAccess, axis_id: int) -> HttpResponse:
    axis = get_scoped_or_404(access, Axis, axis_id)
    if request.method != "POST":  # after the look-up: another project's object is a 404
        return HttpResponseNotAllowed(["POST"])
    _direction_moved(request, lambda direction: services.axis_move(axis=axis, direction=direction))
    return redirect(_framing_url(access, f"axis-{axis.pk}"))


@project_view(Perm.EDIT_PROJECT)
def framing_axis_archive(request: HttpRequest, access: ProjectAccess, axis_id: int) -> HttpResponse:
    axis = get_scoped_or_404(access, Axis, axis_id)
    if request.method != "POST":  # after the look-up: another project's object is a 404
        return HttpResponseNotAllowed(["POST"])
    wanted = request.POST.get("archived")
    if wanted not in ("0", "1"):
        messages.error(request, _("Say whether to archive the axis or bring it back."))
    else:
        services.axis_set_archived(axis=axis, archived=wanted == "1")
        if axis.is_archived:
            message = _("The axis %(axis)s was archived: its tasks keep it.")
        else:
            message = _("The axis %(axis)s is in use again.")
        messages.success(request, message % {"axis": axis.code})
    return redirect(_framing_url(access, f"axis-{axis.pk}"))


# --- Objectives and expected results ------------------------------------------------------------


@project_view(Perm.EDIT_PROJECT)
@require_http_methods(["GET", "POST"])
def framing_objective_create(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    form = ObjectiveForm(request.POST or None)
    saved, _stale = _saved_form(
        request,
        form,
        lambda data: services.objective_create(access=access, data=data),
        _("The objective was added."),
    )
    if saved:
        return redirect(_framing_url(access, "objectives-title"))
    return _form_page(request, access, form, title=_("Add an objective"), anchor="objectives-title")


@project_view(Perm.EDIT_PROJECT)
@require_http_methods(["GET", "POST"])
def framing_objective_edit(
    request: HttpRequest, access: ProjectAccess, objective_id: int
) -> HttpResponse:
    objective = get_scoped_or_404(access, Objective, objective_id)
    form = ObjectiveForm(request.POST or None, instance=objective)
    saved, stale = _saved_form(
        request,
        form,
        lambda data: services.objective_update(
            objective=objective, data=data, expected_version=_version(form, objective)
        ),
        _("The objective was saved."),
    )
    if saved:
        return redirect(_framing_url(access, f"objective-{objective.pk}"))
    return _form_page(
        request,
        access,
        form,
        title=_("Edit the objective"),
        anchor=f"objective-{objective.pk}",
        status=409 if stale else 200,
    )


@project_view(Perm.EDIT_PROJECT)
def framing_objective_move(
    request: HttpRequest, access: ProjectAccess, objective_id: int
) -> HttpResponse:
    objective = get_scoped_or_404(access, Objective, objective_id)
    if request.method != "POST":  # after the look-up: another project's object is a 404
        return HttpResponseNotAllowed(["POST"])
    _direction_moved(
        request,
        lambda direction: services.objective_move(objective=objective, direction=direction),
    )
    return redirect(_framing_url(access, f"objective-{objective.pk}"))


@project_view(Perm.EDIT_PROJECT)
@require_http_methods(["GET", "POST"])
def framing_objective_delete(
    request: HttpRequest, access: ProjectAccess, objective_id: int
) -> HttpResponse:
    objective = get_scoped_or_404(
        access, Objective.objects.prefetch_related("expected_results"), objective_id
    )
    if request.method == "POST":
        services.objective_delete(objective=objective)
        messages.success(request, _("The objective was deleted."))
        return redirect(_framing_url(access, "objectives-title"))
    return render(
        request,
        "projects/framing_objective_delete.html",
        {
            "project": access.project,
            "objective": objective,
            "cancel_url": _framing_url(access, f"objective-{objective.pk}"),
        },
    )


def _result(access: ProjectAccess, result_id: int) -> ExpectedResult:
    return get_scoped_or_404(access, ExpectedResult.objects.select_related("objective"), result_id)


@project_view(Perm.EDIT_PROJECT)
@require_http_methods(["GET", "POST"])
def framing_result_create(
    request: HttpRequest, access: ProjectAccess, objective_id: int
) -> HttpResponse:
    objective = get_scoped_or_404(access, Objective, objective_id)
    form = ExpectedResultForm(request.POST or None)
    saved, _stale = _saved_form(
        request,
        form,
        lambda data: services.result_create(objective=objective, data=data),
        _("The expected result was added."),
    )
    if saved:
        return redirect(_framing_url(access, f"objective-{objective.pk}"))
    return _form_page(
        request,
        access,
        form,
        title=_("Add an expected result to “%(objective)s”") % {"objective": objective},
        anchor=f"objective-{objective.pk}",
    )


@project_view(Perm.EDIT_PROJECT)
@require_http_methods(["GET", "POST"])
def framing_result_edit(
    request: HttpRequest, access: ProjectAccess, result_id: int
) -> HttpResponse:
    result = _result(access, result_id)
    form = ExpectedResultForm(request.POST or None, instance=result)
    saved, _stale = _saved_form(
        request,
        form,
        lambda data: services.result_update(result=result, data=data),
        _("The expected result was saved."),
    )
    if saved:
        return redirect(_framing_url(access, f"objective-{result.objective_id}"))
    if request.method == "POST":
        result.refresh_from_db()
    return _form_page(
        request,
        access,
        form,
        title=_("Edit the expected result"),
        anchor=f"objective-{result.objective_id}",
    )


@project_view(Perm.EDIT_PROJECT)
def framing_result_move(
    request: HttpRequest, access: ProjectAccess, result_id: int
) -> HttpResponse:
    result = _result(access, result_id)
    if request.method != "POST":  # after the look-up: another project's object is a 404
        return HttpResponseNotAllowed(["POST"])
    _direction_moved(
        request, lambda direction: services.result_move(result=result, direction=direction)
    )
    return redirect(_framing_url(access, f"objective-{result.objective_id}"))


@project_view(Perm.EDIT_PROJECT)
def framing_result_delete(
    request: HttpRequest, access: ProjectAccess, result_id: int
) -> HttpResponse:
    result = _result(access, result_id)
    if request.method != "POST":  # after the look-up: another project's object is a 404
        return HttpResponseNotAllowed(["POST"])
    services.result_delete(result=result)
    messages.success(
        request, _("The expected result “%(result)s” was deleted.") % {"result": result}
    )
    return redirect(_framing_url(access, f"objective-{result.objective_id}"))
