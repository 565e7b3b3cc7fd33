"""Pages of the staffing proposal: start, live progress, the difference to accept, locks,
remedies and the history. The coordinator acts; contributors may look."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.access import Perm, ProjectAccess, get_scoped_or_404, project_view, scoped
from maillage.optimisation import remedies, selectors, services
from maillage.optimisation.forms import RatesForm, StartForm
from maillage.optimisation.models import StaffingRun
from maillage.projects.views.common import int_or_none

POLL_SECONDS = 1


def progress_label(label: str) -> str:
    """The engine's step codes in the user's words."""
    words = label.split()
    if words[:1] == ["month"] and len(words) == 2:
        return _("Month %(number)s of the horizon") % {"number": words[1]}
    return {
        "": _("Waiting for the worker"),
        "snapshot": _("Reading the project"),
        "prepare": _("Preparing the model"),
        "first pass": _("First plan"),
        "bound": _("Computing the bound"),
        "exact": _("Exact model"),
        "remedies": _("Remedies for the remaining gaps"),
        "done": _("Done"),
    }.get(label, label)


def _messages_of(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _run_context(access: ProjectAccess, run: StaffingRun) -> dict[str, Any]:
    return {
        "project": access.project,
        "run": run,
        "percent": round(100 * run.progress),
        "label": progress_label(run.progress_label if run.is_active else "done"),
        "can_optimise": access.can(Perm.OPTIMISE),
        "poll_seconds": POLL_SECONDS,
    }


@project_view(Perm.EDIT_PLAN)
@require_GET
def optimisation_page(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    runs = list(scoped(access, StaffingRun).select_related("created_by")[:10])
    for run in runs:
        if run.is_active:
            services.run_refresh(run=run)
    assignments = selectors.current_assignments(access.project).filter(days_per_month__gt=0)
    return render(
        request,
        "optimisation/page.html",
        {
            "project": access.project,
            "runs": runs,
            "form": StartForm(),
            "assignments": assignments.order_by("task__title", "person__last_name", "pk"),
            "can_optimise": access.can(Perm.OPTIMISE),
        },
    )


@project_view(Perm.OPTIMISE)
@require_POST
def optimisation_start(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    form = StartForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label} : {' '.join(errors)}" if label else " ".join(errors))
        return redirect("optimisation_page", access.project.pk)
    try:
        run = services.run_start(access=access, **form.cleaned_data)
    except ValidationError as error:
        _messages_of(request, error)
        return redirect("optimisation_page", access.project.pk)
    return redirect("optimisation_run", access.project.pk, run.pk)


@project_view(Perm.EDIT_PLAN)
@require_GET
def optimisation_run(request: HttpRequest, access: ProjectAccess, run_id: int) -> HttpResponse:
    run = services.run_refresh(run=get_scoped_or_404(access, StaffingRun, run_id))
    context = _run_context(access, run)
    if run.status == StaffingRun.Status.SUCCEEDED:
        context["proposal"] = selectors.proposal_for(access.project, run)
        context["show_explanations"] = access.can(Perm.VIEW_PERSONAL_DATA)
    if run.status == StaffingRun.Status.FAILED and run.result:
        error = run.result.get("error") or {}
        context["error_text"] = selectors.text_of({k: error.get(k) for k in ("fr", "en")})
    return render(request, "optimisation/run.html", context)


@project_view(Perm.EDIT_PLAN)
@require_GET
def optimisation_run_progress(
    request: HttpRequest, access: ProjectAccess, run_id: int
) -> HttpResponse:
    """The fragment polled every second; once the run is over, the page reloads itself."""
    run = services.run_refresh(run=get_scoped_or_404(access, StaffingRun, run_id))
    response = render(request, "optimisation/_progress.html", _run_context(access, run))
    if not run.is_active:
        response["HX-Refresh"] = "true"
    return response


@project_view(Perm.OPTIMISE)
@require_http_methods(["GET", "POST"])
def optimisation_run_cancel(
    request: HttpRequest, access: ProjectAccess, run_id: int
) -> HttpResponse:
    run = get_scoped_or_404(access, StaffingRun, run_id)
    if request.method != "POST":  # looked up first: another project's run is a 404
        return HttpResponseNotAllowed(["POST"])
    run = services.run_cancel(run=run)
    if run.is_active:
        messages.info(request, _("Cancellation requested: the computation stops shortly."))
    return redirect("optimisation_run", access.project.pk, run.pk)


@project_view(Perm.OPTIMISE)
@require_http_methods(["GET", "POST"])
def optimisation_run_accept(
    request: HttpRequest, access: ProjectAccess, run_id: int
) -> HttpResponse:
    run = get_scoped_or_404(access, StaffingRun, run_id)
    if request.method != "POST":  # looked up first: another project's run is a 404
        return HttpResponseNotAllowed(["POST"])
    states = {
        key[len("state-") :]: value
        for key, value in request.POST.items()
        if key.startswith("state-")
    }
    keys = list(states) if request.POST.get("all") else request.POST.getlist("change")
    try:
        accepted = services.proposal_accept(access=access, run=run, keys=keys, states=states)
    except ValidationError as error:
        _messages_of(request, error)
    else:
        messages.success(
            request, _("%(count)s changes saved in the plan.") % {"count": len(accepted)}
        )
    return redirect("optimisation_run", access.project.pk, run.pk)


@project_view(Perm.OPTIMISE)
@require_POST
def optimisation_locks(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    def ids(name: str) -> list[int]:
        return [i for i in map(int_or_none, request.POST.getlist(name)) if i is not None]

    versions = {}
    for key, value in request.POST.items():
        if key.startswith("version-") and int_or_none(key[8:]) and int_or_none(value):
            versions[int(key[8:])] = int(value)
    try:
        changed = services.locks_update(
            access=access, shown=ids("shown"), locked=ids("locked"), versions=versions
        )
    except ValidationError as error:
        _messages_of(request, error)
    else:
        messages.success(request, _("Locks saved (%(count)s changed).") % {"count": changed})
    return redirect("optimisation_page", access.project.pk)


@project_view(Perm.EDIT_PLAN)
@require_GET
def optimisation_history(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    return render(
        request,
        "optimisation/history.html",
        {"project": access.project, "changes": selectors.history(access)},
    )


@project_view(Perm.EDIT_PLAN)
@require_GET
def optimisation_remedies(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    sort = "delay" if request.GET.get("sort") == "delay" else "effectiveness"
    run = selectors.latest_run(access, succeeded=True)
    return render(
        request,
        "optimisation/remedies.html",
        {
            "project": access.project,
            "run": run,
            "remedies": selectors.remedies_of(access.project, run, sort, access=access),
            "sort": sort,
            "can_optimise": access.can(Perm.OPTIMISE),
            "rates": services.rates_for(access.project),
        },
    )


@project_view(Perm.OPTIMISE)
@require_POST
def optimisation_remedy_choose(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    run_id = int_or_none(request.POST.get("run"))
    index = int_or_none(request.POST.get("remedy"))
    try:
        if run_id is None or index is None:
            raise ValidationError(_("Choose a remedy."))
        run = get_scoped_or_404(access, StaffingRun, run_id)
        change = remedies.remedy_apply(access=access, run=run, index=index)
    except ValidationError as error:
        _messages_of(request, error)
    else:
        messages.success(
            request,
            _("Added to the plan: %(detail)s. Run a new proposal to count it.")
            % {"detail": change.detail},
        )
    return redirect("optimisation_remedies", access.project.pk)


@project_view(Perm.OPTIMISE)
@require_http_methods(["GET", "POST"])
def optimisation_rates(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    rates = services.rates_for(access.project)
    form = RatesForm(request.POST or None, instance=rates)
    if request.method == "POST" and form.is_valid():
        try:
            services.rates_update(access=access, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Costs saved. The next proposal computes its remedies with them.")
            )
            return redirect("optimisation_remedies", access.project.pk)
    return render(request, "optimisation/rates.html", {"project": access.project, "form": form})
