"""Governance pages: the project's bodies, each body with its members, and their forms."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.access import Perm, ProjectAccess, get_scoped_or_404, project_view
from maillage.governance import selectors, services
from maillage.governance.forms import BodyForm, BodyMemberForm
from maillage.governance.models import Body, BodyMember
from maillage.projects.services import ConflictError
from maillage.projects.views.common import add_service_errors, is_htmx


@project_view(Perm.VIEW_PROJECT)
@require_GET
def body_list(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    return render(
        request,
        "governance/bodies.html",
        {
            "project": access.project,
            "bodies": selectors.bodies_for_project(access),
            "can_edit": access.can(Perm.EDIT_PROJECT),
        },
    )


@project_view(Perm.EDIT_PROJECT)
@require_http_methods(["GET", "POST"])
def body_create(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    form = BodyForm(request.POST or None, access=access)
    if request.method == "POST" and form.is_valid():
        try:
            body = services.body_create(access=access, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The body was created: add its members."))
            return redirect("governance_body_detail", access.project.pk, body.pk)
    return render(request, "governance/body_form.html", {"project": access.project, "form": form})


@project_view(Perm.EDIT_PROJECT)
@require_http_methods(["GET", "POST"])
def body_edit(request: HttpRequest, access: ProjectAccess, body_id: int) -> HttpResponse:
    body = get_scoped_or_404(access, Body, body_id)
    form = BodyForm(request.POST or None, instance=body, access=access)
    conflict = False
    if request.method == "POST" and form.is_valid():
        expected = form.cleaned_data.get("version")
        try:
            services.body_update(
                body=body,
                data=form.cleaned_data,
                expected_version=expected if expected is not None else body.version,
            )
        except ConflictError as error:
            conflict = True
            form.add_error(None, error.message)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The body was saved."))
            return redirect("governance_body_detail", access.project.pk, body.pk)
    return render(
        request,
        "governance/body_form.html",
        {"project": access.project, "form": form, "body": body, "conflict": conflict},
        status=409 if conflict else 200,
    )


@project_view(Perm.EDIT_PROJECT)
@require_http_methods(["GET", "POST"])
def body_delete(request: HttpRequest, access: ProjectAccess, body_id: int) -> HttpResponse:
    body = get_scoped_or_404(access, Body, body_id)
    if request.method == "POST":
        services.body_delete(body=body)
        messages.success(request, _("The body “%s” was deleted.") % body.name)
        return redirect("governance_bodies", access.project.pk)
    return render(
        request, "governance/body_confirm_delete.html", {"project": access.project, "body": body}
    )


def _members_context(
    access: ProjectAccess, body: Body, form: BodyMemberForm | None = None, status: str = ""
) -> dict[str, object]:
    can_edit = access.can(Perm.EDIT_PROJECT)
    context: dict[str, object] = {
        "project": access.project,
        "body": body,
        "can_edit": can_edit,
        "member_form": form or (BodyMemberForm(access=access, body=body) if can_edit else None),
        "status": status,
    }
    context.update(selectors.body_page(body))
    return context


@project_view(Perm.VIEW_PROJECT)
@require_GET
def body_detail(request: HttpRequest, access: ProjectAccess, body_id: int) -> HttpResponse:
    body = get_scoped_or_404(access, Body.objects.select_related("animator"), body_id)
    return render(request, "governance/body_detail.html", _members_context(access, body))


def _members_response(
    request: HttpRequest,
    access: ProjectAccess,
    body: Body,
    form: BodyMemberForm | None = None,
    status: str = "",
) -> HttpResponse:
    """After a change of members: their section for htmx, else the body page or a redirect."""
    if not is_htmx(request):
        if form is None:
            messages.success(request, status)
            return redirect("governance_body_detail", access.project.pk, body.pk)
        return render(request, "governance/body_detail.html", _members_context(access, body, form))
    return render(request, "governance/_members.html", _members_context(access, body, form, status))


# The member views look their objects up before refusing a GET (405), so that an object of
# another project is not found (404) whatever the method.


@project_view(Perm.EDIT_PROJECT)
def body_member_add(request: HttpRequest, access: ProjectAccess, body_id: int) -> HttpResponse:
    body = get_scoped_or_404(access, Body.objects.select_related("animator"), body_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = BodyMemberForm(request.POST, access=access, body=body)
    if form.is_valid():
        try:
            membership = services.body_member_add(
                body=body,
                person=form.cleaned_data["person"],
                college=form.cleaned_data["college"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            status = _("%s joined the body.") % membership.person
            return _members_response(request, access, body, status=status)
    return _members_response(request, access, body, form)


@project_view(Perm.EDIT_PROJECT)
def body_member_remove(
    request: HttpRequest, access: ProjectAccess, body_id: int, member_id: int
) -> HttpResponse:
    body = get_scoped_or_404(access, Body.objects.select_related("animator"), body_id)
    membership = get_object_or_404(
        BodyMember.objects.select_related("person"), pk=member_id, body=body
    )
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.body_member_remove(membership=membership)
    return _members_response(
        request, access, body, status=_("%s left the body.") % membership.person
    )
