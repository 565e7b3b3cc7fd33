"""The self-assessment form reached through a personal link, without an account.

A link shows one person's form and nothing else of the project; an unknown, expired, revoked
or used link says so and shows nothing else. Pages are never cached and send their address as
referrer to this site only ("same-origin": with "no-referrer" browsers send `Origin: null` on
form posts, which the CSRF check rightly refuses), so the token does not leak to other sites.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from maillage.competencies import privacy, services
from maillage.competencies.forms import ReviewForm
from maillage.competencies.models import Invitation, Level
from maillage.projects.views.common import add_service_errors, is_htmx

USED = _("Your answers were already sent; this link is used.")


def _refused(request: HttpRequest, refused: services.LinkRefused) -> HttpResponse:
    response = render(
        request,
        "competencies/review/refused.html",
        {"message": refused.message, "reason": refused.reason},
        status=refused.status,
    )
    response["Referrer-Policy"] = "same-origin"
    return response


def _private(response: HttpResponse) -> HttpResponse:
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def _form(invitation: Invitation, data: Any = None) -> ReviewForm:
    campaign = invitation.campaign
    competencies = list(campaign.competencies.order_by("code"))
    levels = list(Level.objects.filter(framework_id=campaign.project.framework_id))
    initial: dict[str, Any] = {}
    for answer in invitation.answers.all():
        for field in services.ANSWER_FIELDS:
            initial[f"{field}_{answer.competency_id}"] = getattr(answer, field)
    for field in services.CAPACITY_FIELDS:
        initial[field] = getattr(invitation, field)
    form = ReviewForm(data, initial=initial, competencies=competencies, levels=levels)
    form.levels = levels  # type: ignore[attr-defined]
    return form


def _page(request: HttpRequest, invitation: Invitation, form: ReviewForm, status: int = 200) -> Any:
    return _private(
        render(
            request,
            "competencies/review/form.html",
            {
                "invitation": invitation,
                "campaign": invitation.campaign,
                "form": form,
                "token": request.resolver_match.kwargs["review_token"],
            },  # type: ignore[union-attr]
            status=status,
        )
    )


@never_cache
@require_http_methods(["GET", "POST"])
def review_form(request: HttpRequest, review_token: str) -> HttpResponse:
    token = review_token
    try:
        invitation = services.invitation_for_token(token)
    except services.LinkRefused as refused:
        return _refused(request, refused)
    if invitation.submitted_at is not None:
        if request.method == "POST":
            return _refused(request, services.LinkRefused("submitted", USED))
        return _private(
            render(
                request,
                "competencies/review/done.html",
                {"invitation": invitation, "campaign": invitation.campaign, "token": token},
            )
        )
    form = _form(invitation, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.answers_submit(invitation=invitation, data=form.cleaned_data)
            except services.LinkRefused as refused:
                return _refused(request, refused)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("review_form", token)
        return _page(request, invitation, form, status=400)
    return _page(request, invitation, form)


@never_cache
@require_http_methods(["GET", "POST"])
def review_draft(request: HttpRequest, review_token: str) -> HttpResponse:
    """Autosave: the answers given so far, as a draft; answers with the status fragment."""
    token = review_token
    try:
        invitation = services.invitation_for_token(token)
    except services.LinkRefused as refused:
        return _refused(request, refused)
    if request.method == "GET":
        return redirect("review_form", token)
    if invitation.submitted_at is not None:
        return _refused(request, services.LinkRefused("submitted", USED))
    form = _form(invitation, request.POST)
    if form.is_valid():
        try:
            invitation = services.answers_save_draft(invitation=invitation, data=form.cleaned_data)
        except services.LinkRefused as refused:
            return _refused(request, refused)
        except ValidationError as error:
            add_service_errors(form, error)
    if not is_htmx(request):
        # Without JavaScript, the "save the draft" button: back to the form, errors shown there.
        if not form.errors:
            return redirect("review_form", token)
        return _page(request, invitation, form, status=400)
    error_messages = [str(e) for errors in form.errors.values() for e in errors]
    return _private(
        render(
            request,
            "competencies/review/_draft_status.html",
            {"invitation": invitation, "errors": error_messages},
            status=400 if error_messages else 200,
        )
    )


@never_cache
@require_http_methods(["GET"])
def review_data(request: HttpRequest, review_token: str) -> HttpResponse:
    """Everything held about the person of the link, as a JSON download."""
    token = review_token
    try:
        invitation = services.invitation_for_token(token)
    except services.LinkRefused as refused:
        return _refused(request, refused)
    data = privacy.person_data_export(invitation.person)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="mes-donnees-maillage.json"'
    return _private(response)


@never_cache
@require_http_methods(["GET", "POST"])
def review_withdraw(request: HttpRequest, review_token: str) -> HttpResponse:
    token = review_token
    try:
        invitation = services.invitation_for_token(token)
    except services.LinkRefused as refused:
        return _refused(request, refused)
    if request.method == "POST":
        if request.POST.get("confirm") == "yes":
            privacy.person_answers_withdraw(invitation=invitation)
            return _private(
                render(
                    request,
                    "competencies/review/withdrawn.html",
                    {"campaign": invitation.campaign},
                )
            )
        return _private(
            render(
                request,
                "competencies/review/withdraw.html",
                {
                    "invitation": invitation,
                    "campaign": invitation.campaign,
                    "token": token,
                    "error": True,
                },
                status=400,
            )
        )
    return _private(
        render(
            request,
            "competencies/review/withdraw.html",
            {"invitation": invitation, "campaign": invitation.campaign, "token": token},
        )
    )
