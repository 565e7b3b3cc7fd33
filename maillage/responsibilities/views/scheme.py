"""The organisation scheme: an interactive network drawn from the data, and its table."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from maillage.access import Perm, ProjectAccess, project_view
from maillage.responsibilities import selectors

LINK_LABELS = {
    "leads": _("leads"),
    "referent_of": _("referent of"),
    "coordinates": _("coordinates"),
    "animates": _("animates"),
    "contributes_to": _("contributes to"),
    "member_of": _("member of"),
}
DETAIL_LABELS = {"political": _("political"), "technical": _("technical")}


@project_view(Perm.VIEW_PROJECT)
@require_GET
def responsibilities_scheme(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    data = selectors.scheme_data(access)
    labels = {node["data"]["id"]: node["data"]["label"] for node in data["nodes"]}
    link_rows = [
        {
            "source": labels[link["data"]["source"]],
            "target": labels[link["data"]["target"]],
            "kind": LINK_LABELS[link["data"]["kind"]],
            "detail": DETAIL_LABELS.get(link["data"]["detail"], link["data"]["detail"]),
            "days_per_month": link["data"].get("days_per_month"),
        }
        for link in data["links"]
    ]
    return render(
        request,
        "responsibilities/scheme.html",
        {
            "project": access.project,
            "scheme": data,
            "link_rows": link_rows,
            "link_labels": {key: str(value) for key, value in LINK_LABELS.items()},
            "filters": {
                kind: [n["data"] for n in data["nodes"] if n["data"]["kind"] == kind]
                for kind in ("axis", "organisation", "body")
            },
        },
    )


@project_view(Perm.VIEW_PROJECT)
@require_GET
def responsibilities_scheme_data(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    return JsonResponse(selectors.scheme_data(access))
