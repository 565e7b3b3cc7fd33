"""The competency map, the collective profiles and the change between two campaigns."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from maillage.access import Perm, ProjectAccess, get_scoped_or_404, project_view, scoped
from maillage.competencies import selectors
from maillage.competencies.forms import CompareForm
from maillage.directory.models import Organisation
from maillage.projects.views.common import int_or_none, render_page_or_fragment


@project_view(Perm.VIEW_PROJECT)
@require_GET
def competencies_map(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    filters = {
        "organisation": int_or_none(request.GET.get("organisation")),
        "territory": int_or_none(request.GET.get("territory")),
        "axis": int_or_none(request.GET.get("axis")),
        "kind": request.GET.get("kind") or None,
    }
    context = {
        "project": access.project,
        "filters": filters,
        "choices": selectors.map_filters(access),
        "levels": selectors.levels(access),
        "sees_all_personal_data": access.can(Perm.VIEW_PERSONAL_DATA),
        **selectors.competency_map(access, filters),
    }
    return render_page_or_fragment(
        request, "competencies/map.html", "competencies/_map_table.html", context
    )


@project_view(Perm.VIEW_PROJECT)
@require_GET
def competencies_profiles(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    organisation_id = int_or_none(request.GET.get("organisation"))
    organisation = (
        get_scoped_or_404(access, Organisation, organisation_id) if organisation_id else None
    )
    return render(
        request,
        "competencies/profiles.html",
        {
            "project": access.project,
            "organisation": organisation,
            "organisations": scoped(access, Organisation).order_by("name"),
            "sees_all_personal_data": access.can(Perm.VIEW_PERSONAL_DATA),
            **selectors.collective_profile(access, organisation),
        },
    )


@project_view(Perm.RUN_REVIEWS)
@require_GET
def competencies_compare(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    form = CompareForm(request.GET or None, access=access)
    rows = None
    if form.is_valid():
        rows = selectors.campaign_comparison(
            access, form.cleaned_data["first"], form.cleaned_data["second"]
        )
    return render(
        request,
        "competencies/compare.html",
        {"project": access.project, "form": form, "rows": rows},
    )
