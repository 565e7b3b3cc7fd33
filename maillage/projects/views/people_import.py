"""Import of the project's people, employments and availability from a spreadsheet.

Upload → preview (nothing saved; the file is kept in the user's session) → confirm: the kept
file is read and checked again against the data of that moment, then saved all or nothing.
"""

from __future__ import annotations

import base64
import time
from typing import Any

from django import forms
from django.contrib import messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from maillage.access import Perm, ProjectAccess, project_view
from maillage.competencies import spreadsheets
from maillage.directory import import_format, importing

KEPT_FOR = 3600  # seconds between the preview and the confirmation
PREVIEW_ROWS = 200


class PeopleUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (XLSX, ODS or CSV)"),
        help_text=gettext_lazy(
            "One row per person, with the columns of the template. CSV in UTF-8 or "
            "Windows-1252, separated by “;” or “,”."
        ),
    )


def _session_key(access: ProjectAccess) -> str:
    return f"people_import:{access.project.pk}"


def _keep(request: HttpRequest, access: ProjectAccess, name: str, content: bytes) -> None:
    request.session[_session_key(access)] = {
        "name": name,
        "content": base64.b64encode(content).decode("ascii"),
        "at": time.time(),
    }


def _kept(request: HttpRequest, access: ProjectAccess) -> SimpleUploadedFile | None:
    kept = request.session.get(_session_key(access))
    if not kept or time.time() - kept.get("at", 0) > KEPT_FOR:
        return None
    return SimpleUploadedFile(kept["name"], base64.b64decode(kept["content"]))


def _read(upload: Any) -> tuple[spreadsheets.Sheet | None, list[Any]]:
    try:
        return importing.read_upload(upload), []
    except spreadsheets.TableError as error:
        return None, [str(error)]


@project_view(Perm.EDIT_DIRECTORY)
@require_GET
def directory_people_import_template(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    kind = "ods" if request.GET.get("format") == "ods" else "xlsx"
    sheets = import_format.template_sheets(access.project)
    body = spreadsheets.write_ods(sheets) if kind == "ods" else spreadsheets.write_xlsx(sheets)
    response = HttpResponse(body, content_type=spreadsheets.CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="modele-import-personnes.{kind}"'
    return response


@project_view(Perm.EDIT_DIRECTORY)
@require_http_methods(["GET", "POST"])
def directory_people_import(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    context: dict[str, Any] = {
        "project": access.project,
        "max_mb": import_format.MAX_BYTES // 1024 // 1024,
        "max_rows": import_format.MAX_ROWS,
        "max_cell": import_format.MAX_CELL_LENGTH,
    }
    status = 200
    form = PeopleUploadForm()
    if request.method == "POST" and "confirm" in request.POST:
        upload = _kept(request, access)
        if upload is None:
            messages.error(request, _("The preview has expired: upload the file again."))
            return redirect("directory_people_import", access.project.pk)
        sheet, errors = _read(upload)
        plan = importing.people_import(access, sheet) if sheet is not None else None
        if plan is not None and not plan.errors:
            request.session.pop(_session_key(access), None)
            messages.success(
                request,
                _("Import done: %(created)d people added, %(updated)d updated.")
                % {"created": len(plan.to_create), "updated": len(plan.to_update)},
            )
            return redirect("directory", access.project.pk)
        context["errors"] = plan.errors if plan is not None else errors
        status = 400
    elif request.method == "POST":
        form = PeopleUploadForm(request.POST, request.FILES)
        request.session.pop(_session_key(access), None)  # a new upload replaces the kept one
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            sheet, errors = _read(upload)
            context["errors"] = errors
            if sheet is not None:
                plan = importing.plan_import(access, sheet)
                context["errors"] = plan.errors
                if not plan.errors:
                    upload.seek(0)
                    _keep(request, access, upload.name, upload.read())
                    context["plan"] = plan
                    context["preview_rows"] = plan.people[:PREVIEW_ROWS]
                    status = 200
    context["form"] = form
    return render(request, "directory/people_import.html", context, status=status)
