"""A person's page in the project, and their creation, edition and removal."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.access import (
    Perm,
    ProjectAccess,
    can_edit_shared,
    get_scoped_or_404,
    project_view,
    require_shared_edit,
)
from maillage.directory import services
from maillage.directory.forms import PersonForm
from maillage.directory.models import Person
from maillage.projects import selectors
from maillage.projects.models import ProjectPerson
from maillage.projects.views.common import add_service_errors


@project_view(Perm.VIEW_PROJECT)
@require_GET
def person_detail(request: HttpRequest, access: ProjectAccess, person_id: int) -> HttpResponse:
    page = selectors.person_detail(access, person_id)
    return render(
        request,
        "directory/person_detail.html",
        {
            "project": access.project,
            "page": page,
            "person": page.person,
            "can_view_contacts": access.can(Perm.VIEW_CONTACTS),
            "can_view_personal_data": access.can_view_personal_data_of(page.person),
            "can_edit": access.can(Perm.EDIT_DIRECTORY),
            "can_edit_record": access.can(Perm.EDIT_DIRECTORY)
            and can_edit_shared(access.user, page.person),
        },
    )


@project_view(Perm.EDIT_DIRECTORY)
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    form = PersonForm(request.POST or None, access=access)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(access=access, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%s was added to the project.") % person)
            return redirect("person_detail", access.project.pk, person.pk)
    return render(request, "directory/person_form.html", {"form": form, "project": access.project})


@project_view(Perm.EDIT_DIRECTORY)
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, access: ProjectAccess, person_id: int) -> HttpResponse:
    person = get_scoped_or_404(access, Person, person_id)
    require_shared_edit(access, person)
    form = PersonForm(
        request.POST or None,
        instance=person,
        access=access,
        link=ProjectPerson.objects.get(project=access.project, person=person),
        employment=services.main_employment(project=access.project, person=person),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(access=access, person=person, data=form.cleaned_data)
        except ValidationError as error:
            person.refresh_from_db()
            add_service_errors(form, error)
        else:
            messages.success(request, _("The person was saved."))
            return redirect("person_detail", access.project.pk, person.pk)
    return render(
        request,
        "directory/person_form.html",
        {"form": form, "project": access.project, "person": person},
    )


@project_view(Perm.EDIT_DIRECTORY)
@require_http_methods(["GET", "POST"])
def person_delete(request: HttpRequest, access: ProjectAccess, person_id: int) -> HttpResponse:
    person = get_scoped_or_404(access, Person, person_id)
    blockers = services.person_removal_blockers(project=access.project, person=person)
    if request.method == "POST" and not blockers:
        try:
            services.person_remove(project=access.project, person=person)
        except services.RemovalRefused as refused:
            blockers = refused.blockers
        else:
            messages.success(request, _("%s was removed from the project.") % person)
            return redirect("directory", access.project.pk)
    if request.method == "POST":
        messages.error(request, _("%s cannot be removed from the project yet.") % person)
    return render(
        request,
        "directory/confirm_remove.html",
        {
            "project": access.project,
            "object": person,
            "blockers": blockers,
            "cancel_url_name": "person_detail",
        },
        status=409 if request.method == "POST" else 200,
    )
