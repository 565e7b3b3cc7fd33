"""The Analyse page: gaps for every member, findings for every member but partners.

The results fragment is what htmx swaps when a filter changes, and what the page polls: with
`since` equal to the current data version it answers 204 (nothing to swap), so polling costs
three small queries until something changes.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.access import Perm, ProjectAccess, project_view
from maillage.analysis import selectors, services
from maillage.analysis.forms import ThresholdsForm, thresholds_shown
from maillage.directory.models import Person

POLL_SECONDS = 5


def _without_since(request: HttpRequest) -> str:
    """The filters of the request, to repeat them when polling."""
    query = request.GET.copy()
    query.pop("since", None)
    return query.urlencode()


def _context(request: HttpRequest, access: ProjectAccess) -> dict[str, object]:
    analysis = services.project_analysis(access.project)
    filters = selectors.filters_from(request.GET)
    own = Person.objects.filter(user_id=request.user.pk).values_list("pk", flat=True).first()
    return {
        "project": access.project,
        "analysis": analysis,
        "view": selectors.analysis_view(analysis.report, access, filters, own_person_id=own),
        "filters": filters,
        "severities": selectors.SEVERITIES.items(),
        "poll_seconds": POLL_SECONDS,
        "query": _without_since(request),
        "can_set_thresholds": access.can(Perm.EDIT_PROJECT),
        "thresholds": thresholds_shown(analysis.thresholds),
    }


@project_view(Perm.VIEW_PROJECT)
@require_GET
def analysis_page(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    return render(request, "analysis/analysis.html", _context(request, access))


@project_view(Perm.VIEW_PROJECT)
@require_GET
def analysis_results(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    since = request.GET.get("since")
    if since and since == str(services.data_version(access.project)):
        response = HttpResponse(status=204)
    else:
        response = render(request, "analysis/_results.html", _context(request, access))
    patch_vary_headers(response, ["HX-Request"])
    return response


@project_view(Perm.EDIT_PROJECT)
@require_http_methods(["GET", "POST"])
def analysis_thresholds(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    """The team's thresholds of the analysis (the coordinator's), or back to the defaults."""
    if request.method == "POST" and "reset" in request.POST:
        services.thresholds_reset(access=access)
        messages.success(request, _("The analysis thresholds are back to their defaults."))
        return redirect("analysis_page", access.project.pk)
    values = services.thresholds_for(access.project)
    form = ThresholdsForm(request.POST or None, values=values)
    if request.method == "POST" and form.is_valid():
        try:
            services.thresholds_update(access=access, values=form.thresholds())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Thresholds saved. The analysis below is computed with them.")
            )
            return redirect("analysis_page", access.project.pk)
    return render(request, "analysis/thresholds.html", {"project": access.project, "form": form})
