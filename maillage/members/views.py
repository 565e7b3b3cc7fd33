"""The members page (roles, removals, person links, invitations) and the invitation link."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from maillage.access import Perm, ProjectAccess, get_scoped_or_404, project_view
from maillage.members import selectors, services
from maillage.members.forms import (
    AccountForm,
    InvitationForm,
    PersonLinkForm,
    RoleForm,
    username_from_email,
)
from maillage.members.models import Invitation
from maillage.projects.models import Membership
from maillage.projects.views.common import add_service_errors, is_htmx

Role = Membership.Role


def _link_builder(request: HttpRequest) -> services.LinkBuilder:
    return lambda token: request.build_absolute_uri(reverse("invitation_accept", args=[token]))


def _error_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def _to_members_page(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    """Back to the whole page (htmx follows HX-Redirect instead of swapping a row)."""
    url = reverse("members", args=[access.project.pk])
    if is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


# --- The members page ----------------------------------------------------------------------------


@project_view(Perm.VIEW_PROJECT)
@require_GET
def members(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    return render(
        request,
        "members/members.html",
        {"project": access.project, "page": selectors.members_page(access)},
    )


def _row(
    request: HttpRequest, access: ProjectAccess, membership: Membership, **extra: Any
) -> HttpResponse:
    page = selectors.members_page(access)
    row = next(row for row in page.rows if row.membership.pk == membership.pk)
    return render(
        request, "members/_row.html", {"project": access.project, "page": page, "row": row, **extra}
    )


@project_view(Perm.MANAGE_MEMBERS)
@require_http_methods(["GET", "POST"])
def member_role(request: HttpRequest, access: ProjectAccess, membership_id: int) -> HttpResponse:
    membership = get_scoped_or_404(access, Membership.objects.select_related("user"), membership_id)
    if request.method != "POST":  # looked up first: another project's object is a 404
        return HttpResponseNotAllowed(["POST"])
    form = RoleForm(request.POST)
    error = ""
    if not form.is_valid():
        error = _("Choose a role among those offered.")
    else:
        try:
            membership = services.member_change_role(
                access=access,
                membership=membership,
                role=form.cleaned_data["role"],
                expected_role=form.cleaned_data["current_role"],
            )
        except ValidationError as refused:
            error = _error_text(refused)
    stepped_down = membership.user_id == request.user.pk and membership.role != Role.COORDINATOR
    gone = not Membership.objects.filter(pk=membership.pk).exists()
    if (stepped_down and not error) or gone:
        # A coordinator who gave up the role can no longer manage: the page, read-only.
        if gone:
            messages.error(request, error)
        else:
            messages.success(request, _("Your role is now %s.") % membership.get_role_display())
        return _to_members_page(request, access)
    if is_htmx(request):
        membership.refresh_from_db()
        return _row(request, access, membership, error=error, saved=not error)
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("%(member)s is now %(role)s.")
            % {
                "member": services.display_name(membership.user),
                "role": membership.get_role_display(),
            },
        )
    return redirect("members", access.project.pk)


@project_view(Perm.MANAGE_MEMBERS)
@require_http_methods(["GET", "POST"])
def member_remove(request: HttpRequest, access: ProjectAccess, membership_id: int) -> HttpResponse:
    membership = get_scoped_or_404(access, Membership.objects.select_related("user"), membership_id)
    if request.method == "POST":
        name = services.display_name(membership.user)
        try:
            services.member_remove(access=access, membership=membership)
        except ValidationError as refused:
            messages.error(request, _error_text(refused))
            return redirect("members", access.project.pk)
        messages.success(request, _("%s was removed from the project.") % name)
        if membership.user_id == request.user.pk:
            return redirect("home")
        return redirect("members", access.project.pk)
    return render(
        request,
        "members/confirm_remove.html",
        {"project": access.project, "membership": membership},
    )


@project_view(Perm.MANAGE_MEMBERS)
@require_http_methods(["GET", "POST"])
def member_person(request: HttpRequest, access: ProjectAccess, membership_id: int) -> HttpResponse:
    membership = get_scoped_or_404(access, Membership.objects.select_related("user"), membership_id)
    if request.method != "POST":  # looked up first: another project's object is a 404
        return HttpResponseNotAllowed(["POST"])
    form = PersonLinkForm(request.POST, access=access)
    if not form.is_valid():
        messages.error(request, _("Choose a person of the project not linked to an account yet."))
        return redirect("members", access.project.pk)
    person = form.cleaned_data["person"]
    try:
        services.member_link_person(access=access, membership=membership, person=person)
    except ValidationError as refused:
        messages.error(request, _error_text(refused))
    else:
        name = services.display_name(membership.user)
        if person is None:
            messages.success(request, _("%s is no longer linked to a person.") % name)
        else:
            messages.success(
                request,
                _("%(member)s is now linked to %(person)s.") % {"member": name, "person": person},
            )
    return redirect("members", access.project.pk)


# --- Invitations ---------------------------------------------------------------------------------


@project_view(Perm.MANAGE_MEMBERS)
@require_http_methods(["GET", "POST"])
def invitation_create(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    form = InvitationForm(
        request.POST or None, access=access, initial={"role": Membership.Role.CONTRIBUTOR}
    )
    if request.method == "POST" and form.is_valid():
        try:
            invitation, sent = services.invitation_create(
                access=access,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                person=form.cleaned_data["person"],
                message=form.cleaned_data["message"],
                link_for=_link_builder(request),
            )
        except ValidationError as refused:
            add_service_errors(form, refused)
        else:
            if sent:
                messages.success(request, _("The invitation was sent to %s.") % invitation.email)
            else:
                messages.error(
                    request,
                    _(
                        "The invitation to %s was recorded but the e-mail could not be sent. "
                        "Check the mail settings, then send it again."
                    )
                    % invitation.email,
                )
            return redirect("members", access.project.pk)
    return render(
        request, "members/invitation_form.html", {"project": access.project, "form": form}
    )


@project_view(Perm.MANAGE_MEMBERS)
@require_http_methods(["GET", "POST"])
def invitation_resend(
    request: HttpRequest, access: ProjectAccess, member_invitation_id: int
) -> HttpResponse:
    invitation = get_scoped_or_404(access, Invitation, member_invitation_id)
    if request.method != "POST":  # looked up first: another project's object is a 404
        return HttpResponseNotAllowed(["POST"])
    try:
        sent = services.invitation_resend(
            access=access, invitation=invitation, link_for=_link_builder(request)
        )
    except ValidationError as refused:
        messages.error(request, _error_text(refused))
    else:
        if sent:
            messages.success(
                request,
                _("A new link was sent to %s; the previous one no longer works.")
                % invitation.email,
            )
        else:
            messages.error(
                request,
                _("The e-mail to %s could not be sent; the invitation is still pending.")
                % invitation.email,
            )
    return redirect("members", access.project.pk)


@project_view(Perm.MANAGE_MEMBERS)
@require_http_methods(["GET", "POST"])
def invitation_revoke(
    request: HttpRequest, access: ProjectAccess, member_invitation_id: int
) -> HttpResponse:
    invitation = get_scoped_or_404(access, Invitation, member_invitation_id)
    if request.method != "POST":  # looked up first: another project's object is a 404
        return HttpResponseNotAllowed(["POST"])
    try:
        services.invitation_revoke(access=access, invitation=invitation)
    except ValidationError as refused:
        messages.error(request, _error_text(refused))
    else:
        messages.success(request, _("The invitation to %s was withdrawn.") % invitation.email)
    return redirect("members", access.project.pk)


# --- The invitation link (public) ----------------------------------------------------------------


def _private(response: HttpResponse) -> HttpResponse:
    # The token is in the address: never sent to other sites, never indexed.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def _refused(request: HttpRequest, refused: services.LinkRefused) -> HttpResponse:
    return _private(
        render(
            request,
            "members/invitation_refused.html",
            {"message": refused.message, "reason": refused.reason},
            status=refused.status,
        )
    )


def _accepted(request: HttpRequest, acceptance: services.Acceptance) -> HttpResponse:
    project = acceptance.membership.project
    messages.success(
        request,
        _("Welcome to %(project)s: you are %(role)s.")
        % {"project": project.name, "role": acceptance.membership.get_role_display().lower()},
    )
    if acceptance.person_not_linked:
        messages.warning(
            request,
            acceptance.person_not_linked
            + " "
            + _("The coordinator can link your account to your person later."),
        )
    return redirect("project_overview", project.pk)


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, invitation_token: str) -> HttpResponse:
    token = invitation_token
    try:
        invitation = services.invitation_for_token(token)
    except services.LinkRefused as refused:
        return _refused(request, refused)
    has_account = get_user_model()._default_manager.filter(email__iexact=invitation.email).exists()
    form = None
    error = ""
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                acceptance = services.invitation_accept(token=token, user=request.user)
            except services.LinkRefused as refused:
                return _refused(request, refused)
            except ValidationError as refused_error:
                error = _error_text(refused_error)
            else:
                return _accepted(request, acceptance)
    elif not has_account:
        person = invitation.person
        form = AccountForm(
            request.POST or None,
            email=invitation.email,
            initial={
                "username": username_from_email(invitation.email),
                "first_name": person.first_name if person else "",
                "last_name": person.last_name if person else "",
            },
        )
        if request.method == "POST" and form.is_valid():
            try:
                user, acceptance = services.invitation_accept_new_account(
                    token=token,
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["password1"],
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                )
            except services.LinkRefused as refused:
                return _refused(request, refused)
            except ValidationError as refused_error:
                add_service_errors(form, refused_error)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                return _accepted(request, acceptance)
    elif request.method == "POST":
        error = _("An account already uses this email address: log in to accept.")
    status = 400 if request.method == "POST" else 200
    return _private(
        render(
            request,
            "members/invitation_accept.html",
            {
                "invitation": invitation,
                "form": form,
                "has_account": has_account,
                "error": error,
                "login_url": reverse("login") + "?next=" + request.path,
            },
            status=status,
        )
    )


# --- Passwords -----------------------------------------------------------------------------------


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's view, but a link that is not valid (or no longer) answers 404, not 200."""

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        if not context.get("validlink"):
            kwargs["status"] = 404
        return super().render_to_response(context, **kwargs)
