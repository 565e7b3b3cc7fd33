"""A person's page in the project, and their creation, edition and removal."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
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
from maillage.directory import selectors as directory_selectors
from maillage.directory import services
from maillage.directory.forms import (
    EmploymentFormSet,
    PersonForm,
    TimeForm,
    share_to_percent,
)
from maillage.directory.models import Person
from maillage.numbers import plain_decimal
from maillage.projects import selectors
from maillage.projects.models import ProjectPerson
from maillage.projects.views.common import add_service_errors


@project_view(Perm.VIEW_PROJECT)
@require_GET
def person_detail(request: HttpRequest, access: ProjectAccess, person_id: int) -> HttpResponse:
    person = get_scoped_or_404(access, Person, person_id)
    can_view_personal_data = access.can_view_personal_data_of(person)
    page = selectors.person_detail(access, person_id, with_availability=can_view_personal_data)
    return render(
        request,
        "directory/person_detail.html",
        {
            "project": access.project,
            "page": page,
            "person": page.person,
            "can_view_contacts": access.can(Perm.VIEW_CONTACTS),
            "can_view_personal_data": can_view_personal_data,
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
        {
            "form": form,
            "project": access.project,
            "person": person,
            "can_view_personal_data": access.can_view_personal_data_of(person),
        },
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


# --- The person's time: employments, project share, monthly availability ------------------------

EMPLOYMENT_ERRORS = ("organisation", "time_share", "manager", "role")


def _time_forms(
    access: ProjectAccess, page: directory_selectors.PersonTime, data: Any = None
) -> tuple[Any, TimeForm]:
    project_organisations = page.project_organisation_ids
    formset = EmploymentFormSet(
        data,
        prefix="employments",
        form_kwargs={"access": access},
        initial=[
            {
                "organisation": e.organisation_id,
                "time_share": share_to_percent(e.time_share),
                "role": e.role,
                "manager": e.manager_id,
            }
            for e in page.employments
            if e.organisation_id in project_organisations
        ],
    )
    initial: dict[str, Any] = {
        "version": page.person.time_version,
        "project_share": share_to_percent(page.link.time_share),
    }
    for month in page.months:
        if month.override is not None:
            initial[month.field_name] = plain_decimal(month.override)
    form = TimeForm(data, initial=initial, months=page.months)
    return formset, form


def _chosen_employments(formset: Any) -> list[dict[str, Any]]:
    deleted = set(map(id, formset.deleted_forms))
    return [
        form.cleaned_employment()
        for form in formset.forms
        if id(form) not in deleted and form.cleaned_data
    ]


def _add_time_errors(formset: Any, form: TimeForm, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        if name in EMPLOYMENT_ERRORS:
            formset._non_form_errors.extend(errors)
        elif name == "project_share":
            form.add_error("project_share", errors)
        elif name in form.fields and name != NON_FIELD_ERRORS:
            form.add_error(name, errors)
        else:
            form.add_error(None, errors)


@project_view(Perm.VIEW_PROJECT)
@require_http_methods(["GET", "POST"])
def person_time(request: HttpRequest, access: ProjectAccess, person_id: int) -> HttpResponse:
    """A person's employments, share of time for the project and monthly availability:
    personal data, for the coordinator and the person; written by those who edit the directory."""
    person = get_scoped_or_404(access, Person, person_id)
    if not access.can_view_personal_data_of(person):
        raise PermissionDenied
    can_edit = access.can(Perm.EDIT_DIRECTORY)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    page = directory_selectors.person_time(project=access.project, person=person)
    formset, form = _time_forms(access, page, request.POST or None)
    status = 200
    if request.method == "POST" and formset.is_valid() and form.is_valid():
        try:
            services.person_time_set(
                access=access,
                person=person,
                expected_version=form.cleaned_data["version"],
                employments=_chosen_employments(formset),
                project_share=form.cleaned_data["project_share"] / 100,
                months=form.cleaned_months(),
            )
        except services.StaleTime as stale:
            messages.error(request, str(stale))
            page = directory_selectors.person_time(project=access.project, person=person)
            formset, form = _time_forms(access, page)
            status = 409
        except ValidationError as error:
            _add_time_errors(formset, form, error)
        else:
            messages.success(request, _("%s’s time was saved.") % person)
            return redirect("person_time", access.project.pk, person.pk)
    other_employments = [
        e for e in page.employments if e.organisation_id not in page.project_organisation_ids
    ]
    return render(
        request,
        "directory/person_time.html",
        {
            "project": access.project,
            "person": person,
            "page": page,
            "formset": formset,
            "form": form,
            "other_employments": other_employments,
            "can_edit": can_edit,
        },
        status=status,
    )
