"""Review campaigns as the coordinator runs them, and the validation of declared levels."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.access import Perm, ProjectAccess, get_scoped_or_404, project_view, scoped
from maillage.competencies import selectors, services
from maillage.competencies.forms import (
    AvailabilityValidationForm,
    CampaignForm,
    InvitationActionForm,
    ValidationForm,
)
from maillage.competencies.models import Assessment, Campaign, Invitation
from maillage.projects.views.common import add_service_errors


def _link_builder(request: HttpRequest) -> services.LinkBuilder:
    return lambda token: request.build_absolute_uri(reverse("review_form", args=[token]))


@project_view(Perm.RUN_REVIEWS)
@require_GET
def competencies_campaigns(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    return render(
        request,
        "competencies/campaigns.html",
        {"project": access.project, "campaigns": selectors.campaigns(access)},
    )


@project_view(Perm.RUN_REVIEWS)
@require_http_methods(["GET", "POST"])
def competencies_campaign_create(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    form = CampaignForm(request.POST or None, access=access)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(
                access=access, data=form.cleaned_data, link_for=_link_builder(request)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The campaign was created; people with an email address received their link."),
            )
            return redirect("competencies_campaign_detail", access.project.pk, campaign.pk)
    return render(
        request, "competencies/campaign_form.html", {"project": access.project, "form": form}
    )


def _detail(
    request: HttpRequest,
    access: ProjectAccess,
    campaign: Campaign,
    extra: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "project": access.project,
        "campaign": campaign,
        **selectors.campaign_detail(access, campaign),
        **(extra or {}),
    }
    return render(request, "competencies/campaign_detail.html", context, status=status)


@project_view(Perm.RUN_REVIEWS)
@require_GET
def competencies_campaign_detail(
    request: HttpRequest, access: ProjectAccess, campaign_id: int
) -> HttpResponse:
    campaign = get_scoped_or_404(access, Campaign, campaign_id)
    return _detail(request, access, campaign)


@project_view(Perm.RUN_REVIEWS)
def competencies_campaign_invitations(
    request: HttpRequest, access: ProjectAccess, campaign_id: int
) -> HttpResponse:
    """Remind one person or everyone pending, show a new link to copy, or revoke a link."""
    campaign = get_scoped_or_404(access, Campaign, campaign_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    link_for = _link_builder(request)
    if request.POST.get("action") == "remind_all":
        try:
            count = services.campaign_remind_pending(campaign=campaign, link_for=link_for)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(count)d reminder(s) sent.") % {"count": count})
        return redirect("competencies_campaign_detail", access.project.pk, campaign.pk)
    form = InvitationActionForm(request.POST)
    if not form.is_valid():
        return _detail(request, access, campaign, {"action_error": True}, status=400)
    invitation = get_scoped_or_404(
        access,
        Invitation.objects.filter(campaign=campaign).select_related(
            "person", "campaign", "campaign__project"
        ),
        form.cleaned_data["invitation"],
    )
    action = form.cleaned_data["action"]
    try:
        if action == "link":
            token = services.invitation_new_link(invitation=invitation)
            return _detail(
                request, access, campaign, {"new_link": link_for(token), "link_for": invitation}
            )
        if action == "remind":
            services.invitation_remind(invitation=invitation, link_for=link_for)
            messages.success(request, _("A reminder was sent to %s.") % invitation.person)
        else:
            services.invitation_revoke(invitation=invitation)
            messages.success(request, _("The link of %s was revoked.") % invitation.person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("competencies_campaign_detail", access.project.pk, campaign.pk)


@project_view(Perm.RUN_REVIEWS)
def competencies_campaign_close(
    request: HttpRequest, access: ProjectAccess, campaign_id: int
) -> HttpResponse:
    campaign = get_scoped_or_404(access, Campaign, campaign_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.campaign_close(campaign=campaign)
    messages.success(request, _("The campaign is closed: its links no longer work."))
    return redirect("competencies_campaign_detail", access.project.pk, campaign.pk)


@project_view(Perm.VIEW_PROJECT)
@require_http_methods(["GET", "POST"])
def competencies_validation(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    """Declared levels to confirm or adjust: all for the coordinator, a manager's team else."""
    levels = selectors.levels(access)
    if request.method == "POST" and "invitation" in request.POST:
        return _availability_validation(request, access)
    form = ValidationForm(request.POST or None, levels=levels)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            assessment = get_scoped_or_404(
                access,
                scoped(access, Assessment).select_related("person", "competency__framework"),
                form.cleaned_data["assessment"],
            )
            if services.validator_role(access, assessment.person) is None:
                raise PermissionDenied
            try:
                services.assessment_validate(
                    access=access,
                    assessment=assessment,
                    level=form.cleaned_data["level"],
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Level of %(person)s in %(competency)s validated.")
                    % {"person": assessment.person, "competency": assessment.competency.name},
                )
                return redirect(request.get_full_path())
        status = 400
    return _validation_page(request, access, form=form, status=status)


def _validation_page(
    request: HttpRequest,
    access: ProjectAccess,
    *,
    form: Any = None,
    availability_form: Any = None,
    status: int = 200,
) -> HttpResponse:
    levels = selectors.levels(access)
    if form is None:
        form = ValidationForm(levels=levels)
    show_all = request.GET.get("all") == "1"
    return render(
        request,
        "competencies/validation.html",
        {
            "project": access.project,
            "form": form,
            "levels": levels,
            "assessments": selectors.validation_queue(access, show_all=show_all),
            "show_all": show_all,
            "availabilities": selectors.declared_availabilities(access),
            "availability_form": availability_form,
        },
        status=status,
    )


def _availability_validation(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    """The coordinator validates the days per month a person declared in a review."""
    if not access.can(Perm.RUN_REVIEWS):
        raise PermissionDenied
    form = AvailabilityValidationForm(request.POST)
    if form.is_valid():
        invitation = get_scoped_or_404(
            access,
            scoped(access, Invitation).select_related("person", "campaign"),
            form.cleaned_data["invitation"],
        )
        try:
            services.availability_validate(
                access=access, invitation=invitation, days=form.cleaned_data["days"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Availability of %(person)s validated: %(days)s days per month.")
                % {
                    "person": invitation.person,
                    "days": formats.number_format(form.cleaned_data["days"], use_l10n=True),
                },
            )
            return redirect(request.get_full_path())
    return _validation_page(request, access, availability_form=form, status=400)
