"""The project's directory and its organisations."""

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
from maillage.directory.forms import OrganisationForm
from maillage.directory.models import Organisation, Person
from maillage.projects import selectors
from maillage.projects.models import ProjectOrganisation
from maillage.projects.views.common import add_service_errors, int_or_none, render_page_or_fragment


@project_view(Perm.VIEW_PROJECT)
@require_GET
def directory(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    organisations = list(selectors.project_organisations(access))
    organisation_id = int_or_none(request.GET.get("organisation"))
    if organisation_id not in {organisation.pk for organisation in organisations}:
        organisation_id = None
    kind = request.GET.get("kind", "")
    if kind not in Person.Kind.values:
        kind = ""
    context = {
        "project": access.project,
        "organisations": organisations,
        "people": selectors.project_people(access, organisation_id=organisation_id, kind=kind),
        "selected_organisation": organisation_id,
        "selected_kind": kind,
        "kinds": Person.Kind.choices,
        "can_view_contacts": access.can(Perm.VIEW_CONTACTS),
        "can_edit": access.can(Perm.EDIT_DIRECTORY),
    }
    return render_page_or_fragment(
        request, "directory/directory.html", "directory/_table.html", context
    )


@project_view(Perm.VIEW_PROJECT)
@require_GET
def organisation_detail(
    request: HttpRequest, access: ProjectAccess, organisation_id: int
) -> HttpResponse:
    context = selectors.organisation_detail(access, organisation_id)
    can_edit = access.can(Perm.EDIT_DIRECTORY)
    context.update(
        project=access.project,
        can_view_contacts=access.can(Perm.VIEW_CONTACTS),
        can_edit=can_edit,
        can_edit_record=can_edit and can_edit_shared(access.user, context["organisation"]),
    )
    return render(request, "directory/organisation_detail.html", context)


@project_view(Perm.EDIT_DIRECTORY)
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    # Most partners work on the project's territory: it is proposed, as on the sponsor form.
    form = OrganisationForm(
        request.POST or None, initial={"territory": access.project.territory_id}
    )
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(access=access, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The organisation “%s” was added.") % organisation)
            return redirect("organisation_detail", access.project.pk, organisation.pk)
    return render(
        request, "directory/organisation_form.html", {"form": form, "project": access.project}
    )


@project_view(Perm.EDIT_DIRECTORY)
@require_http_methods(["GET", "POST"])
def organisation_edit(
    request: HttpRequest, access: ProjectAccess, organisation_id: int
) -> HttpResponse:
    organisation = get_scoped_or_404(access, Organisation, organisation_id)
    require_shared_edit(access, organisation)
    link = ProjectOrganisation.objects.get(project=access.project, organisation=organisation)
    form = OrganisationForm(request.POST or None, instance=organisation, is_sponsor=link.is_sponsor)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                access=access, organisation=organisation, data=form.cleaned_data
            )
        except ValidationError as error:
            organisation.refresh_from_db()
            add_service_errors(form, error)
        else:
            messages.success(request, _("The organisation was saved."))
            return redirect("organisation_detail", access.project.pk, organisation.pk)
    return render(
        request,
        "directory/organisation_form.html",
        {"form": form, "project": access.project, "organisation": organisation},
    )


@project_view(Perm.EDIT_DIRECTORY)
@require_http_methods(["GET", "POST"])
def organisation_delete(
    request: HttpRequest, access: ProjectAccess, organisation_id: int
) -> HttpResponse:
    organisation = get_scoped_or_404(access, Organisation, organisation_id)
    blockers = services.organisation_removal_blockers(
        project=access.project, organisation=organisation
    )
    if request.method == "POST" and not blockers:
        try:
            services.organisation_remove(project=access.project, organisation=organisation)
        except services.RemovalRefused as refused:
            blockers = refused.blockers
        else:
            messages.success(request, _("“%s” was removed from the project.") % organisation)
            return redirect("directory", access.project.pk)
    if request.method == "POST":
        messages.error(request, _("“%s” cannot be removed from the project yet.") % organisation)
    return render(
        request,
        "directory/confirm_remove.html",
        {
            "project": access.project,
            "object": organisation,
            "blockers": blockers,
            "cancel_url_name": "organisation_detail",
        },
        status=409 if request.method == "POST" else 200,
    )
