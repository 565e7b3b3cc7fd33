"""The Analyse page: gaps for every member, findings for every member but partners.

The results fragment is what htmx swaps when a filter changes, and what the page polls: with
`since` equal to the current data version it answers 204 (nothing to swap), so polling costs
three small queries until something changes.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from maillage.access import Perm, ProjectAccess, project_view
from maillage.analysis import selectors, services
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
