"""Mission letters: the coordinator edits the free texts, then downloads DOCX, ODT or PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.access import Perm, ProjectAccess, get_scoped_or_404, project_view
from maillage.directory.models import Person
from maillage.projects.views.common import add_service_errors
from maillage.responsibilities import documents, services
from maillage.responsibilities.forms import MissionLetterForm
from maillage.responsibilities.models import MissionLetter

RENDERERS = {
    "docx": (documents.to_docx, documents.DOCX_CONTENT_TYPE),
    "odt": (documents.to_odt, documents.ODT_CONTENT_TYPE),
    "pdf": (documents.to_pdf, documents.PDF_CONTENT_TYPE),
}


def _person(access: ProjectAccess, person_id: int) -> Person:
    """A person of the project whose letter the user may read: the coordinator, or themselves."""
    person = get_scoped_or_404(access, Person, person_id)
    if not access.can_view_personal_data_of(person):
        raise PermissionDenied
    return person


@project_view(Perm.VIEW_PROJECT)
@require_GET
def responsibilities_letters(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    people = [
        person
        for person in documents.people_with_letters(access.project)
        if access.can_view_personal_data_of(person)
    ]
    return render(
        request,
        "responsibilities/letters.html",
        {"project": access.project, "people": people},
    )


@project_view(Perm.VIEW_PROJECT)
@require_http_methods(["GET", "POST"])
def responsibilities_letter(
    request: HttpRequest, access: ProjectAccess, person_id: int
) -> HttpResponse:
    person = _person(access, person_id)
    can_edit = access.can(Perm.EDIT_PROJECT)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    letter = MissionLetter.objects.filter(project=access.project, person=person).first()
    form = MissionLetterForm(
        request.POST if request.method == "POST" else None,
        instance=letter,
        initial={"version": letter.version if letter else None},
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.mission_letter_save(
                access=access,
                person=person,
                data=form.cleaned_data,
                expected_version=form.cleaned_data.get("version"),
            )
        except services.ConflictError as error:
            form.add_error(None, error.message)
            status = 409
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The texts of the mission letter were saved."))
            return redirect("responsibilities_letter", access.project.pk, person.pk)
    return render(
        request,
        "responsibilities/letter.html",
        {
            "project": access.project,
            "person": person,
            "letter": documents.build_letter(access.project, person, request.LANGUAGE_CODE),
            "form": form,
            "can_edit": can_edit,
            "formats": list(RENDERERS),
        },
        status=status,
    )


@project_view(Perm.VIEW_PROJECT)
@require_GET
def responsibilities_letter_download(
    request: HttpRequest, access: ProjectAccess, person_id: int, fmt: str
) -> HttpResponse:
    person = _person(access, person_id)
    render_document, content_type = RENDERERS[fmt]
    # The letter is an administrative document of a French territory: always in French.
    content = render_document(documents.build_letter(access.project, person, "fr"))
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{documents.filename(person, fmt)}"'
    return response
