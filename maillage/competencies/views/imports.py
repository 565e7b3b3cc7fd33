"""Import of people and assessments from a spreadsheet, its template, and a person's data."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.access import Perm, ProjectAccess, get_scoped_or_404, project_view
from maillage.competencies import importing, privacy, spreadsheets
from maillage.competencies.forms import UploadForm
from maillage.directory.models import Person

SIGNING_SALT = "maillage.competencies.import"
PREVIEW_MAX_AGE = 3600  # seconds between the preview and the confirmation
PREVIEW_ROWS = 50


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


@project_view(Perm.RUN_REVIEWS)
@require_GET
def competencies_import_template(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    kind = request.GET.get("format", "xlsx")
    sheet = importing.template_sheet(access)
    if kind == "ods":
        body = spreadsheets.write_ods([sheet])
    elif kind == "csv":
        body = spreadsheets.write_csv(sheet)
    else:
        kind = "xlsx"
        body = spreadsheets.write_xlsx([sheet])
    response = HttpResponse(body, content_type=spreadsheets.CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="modele-import-competences.{kind}"'
    return response


@project_view(Perm.RUN_REVIEWS)
@require_http_methods(["GET", "POST"])
def competencies_import(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    """Upload → preview (nothing saved) → confirm (all or nothing)."""
    context: dict[str, Any] = {"project": access.project}
    status = 200
    if request.method == "POST" and "confirm" in request.POST:
        try:
            payload = signing.loads(
                request.POST["confirm"], salt=SIGNING_SALT, max_age=PREVIEW_MAX_AGE
            )
        except signing.BadSignature:
            messages.error(request, _("The preview has expired: upload the file again."))
            return redirect("competencies_import", access.project.pk)
        sheets = [spreadsheets.Sheet(name=payload["name"], rows=payload["rows"])]
        plan = importing.people_import(access, sheets)
        if not plan.errors:
            messages.success(
                request,
                _("Import done: %(people)d new people, %(assessments)d assessments saved.")
                % {"people": plan.new_people, "assessments": plan.assessment_count},
            )
            return redirect("competencies_map", access.project.pk)
        context["errors"] = plan.errors
        form = UploadForm()
        status = 400
    else:
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST":
            status = 400
            if form.is_valid():
                try:
                    sheets = spreadsheets.read_sheets(form.cleaned_data["file"])
                except spreadsheets.TableError as error:
                    context["errors"] = [str(error)]
                else:
                    plan = importing.plan_import(access, sheets)
                    if plan.errors:
                        context["errors"] = plan.errors
                    else:
                        status = 200
                        sheet = sheets[0]
                        context["plan"] = plan
                        context["preview_rows"] = plan.rows[:PREVIEW_ROWS]
                        context["confirm"] = signing.dumps(
                            {
                                "name": sheet.name,
                                "rows": [[_jsonable(v) for v in row] for row in sheet.rows],
                            },
                            salt=SIGNING_SALT,
                            compress=True,
                        )
    context["form"] = form
    context["max_mb"] = spreadsheets.MAX_BYTES // 1024 // 1024
    context["max_rows"] = spreadsheets.MAX_ROWS
    return render(request, "competencies/import.html", context, status=status)


@project_view(Perm.VIEW_PROJECT)
@require_GET
def competencies_person_data(
    request: HttpRequest, access: ProjectAccess, person_id: int
) -> HttpResponse:
    """All data held about a person, for the person themselves or the coordinator."""
    person = get_scoped_or_404(access, Person, person_id)
    if not access.can_view_personal_data_of(person):
        raise PermissionDenied
    is_self = person.user_id is not None and person.user_id == request.user.pk
    data = privacy.person_data_export(person, project=None if is_self else access.project)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="donnees-personne-{person.pk}.json"'
    return response
