"""The planning pages: guiding-thread versions and decisions, Gantt, rolling window, exports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.access import Perm, ProjectAccess, get_scoped_or_404, project_access, project_view
from maillage.planning import exports, selectors, services
from maillage.planning.forms import (
    CompareForm,
    DecisionForm,
    MoveForm,
    RecordDecisionForm,
    StepForm,
    SubmitForm,
    VersionForm,
)
from maillage.planning.models import CalendarLink, PlanVersion, Review
from maillage.projects.models import Step, Task
from maillage.projects.services import ConflictError
from maillage.projects.views.common import add_service_errors

# --- Versions -----------------------------------------------------------------------------------


@project_view(Perm.VIEW_PROJECT)
@require_GET
def version_list(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    versions = list(selectors.versions(access))
    return render(
        request,
        "planning/versions.html",
        {
            "project": access.project,
            "versions": versions,
            "baseline": next((v for v in versions if v.is_baseline), None),
            "can_submit": access.can(Perm.SUBMIT_VERSION),
            "can_download": access.can(Perm.VIEW_CONTACTS),
            "compare_form": CompareForm(project=access.project),
        },
    )


@project_view(Perm.SUBMIT_VERSION)
@require_http_methods(["GET", "POST"])
def version_create(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    form = VersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        version = services.version_freeze(access=access, **form.cleaned_data)
        messages.success(request, _("Version %s was frozen.") % version)
        return redirect("planning_version_detail", access.project.pk, version.pk)
    return render(request, "planning/version_form.html", {"project": access.project, "form": form})


@project_view(Perm.VIEW_PROJECT)
@require_GET
def version_detail(request: HttpRequest, access: ProjectAccess, version_id: int) -> HttpResponse:
    version = get_scoped_or_404(access, PlanVersion, version_id)
    context = selectors.version_detail(access, version)
    context.update(project=access.project, decision_form=DecisionForm())
    return render(request, "planning/version_detail.html", context)


@project_view(Perm.SUBMIT_VERSION)
@require_http_methods(["GET", "POST"])
def version_submit(request: HttpRequest, access: ProjectAccess, version_id: int) -> HttpResponse:
    version = get_scoped_or_404(access, PlanVersion.objects.defer("data"), version_id)
    form = SubmitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.version_submit(
                access=access, version=version, deadline=form.cleaned_data["deadline"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Version %s was submitted to the sponsors.") % version)
            url = request.build_absolute_uri(
                reverse("planning_version_detail", args=[access.project.pk, version.pk])
            )
            _tell_submission(
                request, services.version_submission_notify(version=version, version_url=url)
            )
            return redirect("planning_version_detail", access.project.pk, version.pk)
    return render(
        request,
        "planning/version_submit.html",
        {
            "project": access.project,
            "version": version,
            "form": form,
            "sponsors": services.submittable_sponsors(access.project),
        },
    )


def _tell_submission(request: HttpRequest, notice: services.SubmissionNotice) -> None:
    if notice.sent:
        messages.info(
            request, _("An e-mail asked for the decision of: %s.") % ", ".join(notice.sent)
        )
    if notice.failed:
        messages.warning(
            request,
            _(
                "The e-mail to %s could not be sent: to be told another way that the version "
                "awaits a decision."
            )
            % ", ".join(notice.failed),
        )
    if notice.without_email:
        messages.warning(
            request,
            _("No e-mail address in the account of: %s; to be told another way.")
            % ", ".join(notice.without_email),
        )
    if notice.without_account:
        messages.warning(
            request,
            _(
                "Without an account: %s. A decision given outside Maillage is recorded from "
                "the version page (“Record the decision of…”)."
            )
            % ", ".join(notice.without_account),
        )


@project_view(Perm.VALIDATE)
def version_decide(request: HttpRequest, access: ProjectAccess, version_id: int) -> HttpResponse:
    version = get_scoped_or_404(access, PlanVersion, version_id)
    if request.method != "POST":  # after the look-up: another project's version is a 404
        return HttpResponseNotAllowed(["POST"])
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.review_decide(access=access, version=version, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your decision was recorded."))
            return redirect("planning_version_detail", access.project.pk, version.pk)
    elif not services.reviews_for_user(access, version):
        raise PermissionDenied
    context = selectors.version_detail(access, version)
    context.update(project=access.project, decision_form=form)
    return render(request, "planning/version_detail.html", context, status=400)


@project_view(Perm.SUBMIT_VERSION)
@require_http_methods(["GET", "POST"])
def review_record(
    request: HttpRequest, access: ProjectAccess, version_id: int, review_id: int
) -> HttpResponse:
    """The coordination records a representative's decision given outside Maillage."""
    version = get_scoped_or_404(access, PlanVersion.objects.defer("data"), version_id)
    review = get_scoped_or_404(
        access, Review.objects.filter(version=version).select_related("representative"), review_id
    )
    form = RecordDecisionForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.review_record_on_behalf(access=access, review=review, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The decision of %(name)s (%(sponsor)s) was recorded.")
                    % {"name": review.representative_name, "sponsor": review.sponsor_name},
                )
                return redirect("planning_version_detail", access.project.pk, version.pk)
    refusal = None
    if version.status not in selectors.OPEN_STATUSES:
        refusal = services.NOT_AWAITING
    elif review.decision != Review.Decision.PENDING:
        refusal = services.ALREADY_DECIDED % {"sponsor": review.sponsor_name}
    return render(
        request,
        "planning/review_record.html",
        {
            "project": access.project,
            "version": version,
            "review": review,
            "form": form,
            "refusal": refusal,
        },
        status=status,
    )


@project_view(Perm.VIEW_CONTACTS)
@require_GET
def review_attachment(
    request: HttpRequest, access: ProjectAccess, version_id: int, review_id: int
) -> FileResponse:
    """The document attached to a recorded decision. It bears the representative's name,
    signature and contact details: those who may see contacts may download it."""
    review = get_scoped_or_404(
        access, Review.objects.filter(version_id=version_id).exclude(attachment=""), review_id
    )
    try:
        handle = review.attachment.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(handle, as_attachment=True, filename=review.attachment_name)


@project_view(Perm.VIEW_PROJECT)
@require_GET
def version_compare(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    form = CompareForm(request.GET or None, project=access.project)
    old = new = None
    if form.is_valid():
        old, new = form.cleaned_data["old"], form.cleaned_data["new"]
    elif request.GET:
        raise Http404
    else:
        old = selectors.baseline(access.project)
    return render(
        request,
        "planning/compare.html",
        {
            "project": access.project,
            "form": form,
            "old": old,
            "new": new,
            "diff": selectors.compare(old, new, access.project),
            "reviews": selectors.reviews_of(old, new),
            "can_download": access.can(Perm.VIEW_CONTACTS),
        },
    )


# --- Gantt --------------------------------------------------------------------------------------


@project_view(Perm.VIEW_PROJECT)
@require_GET
def gantt(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    zoom = "quarter" if request.GET.get("zoom") == "quarter" else "month"
    return render(
        request,
        "planning/gantt.html",
        {
            "project": access.project,
            "gantt": selectors.gantt(access),
            "zoom": zoom,
            "can_edit": access.can(Perm.EDIT_PLAN),
        },
    )


@project_view(Perm.EDIT_PLAN)
def task_move(request: HttpRequest, access: ProjectAccess, task_id: int) -> HttpResponse:
    """New dates from a drag (answers JSON) or from the table's form (redirects back)."""
    task = get_scoped_or_404(access, Task, task_id)
    if request.method != "POST":  # after the look-up: another project's task is a 404
        return HttpResponseNotAllowed(["POST"])
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    form = MoveForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            task = services.task_move(
                task=task,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                expected_version=form.cleaned_data["version"],
            )
        except ConflictError as error:
            form.add_error(None, error.message)
            status = 409
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            status = 200
    errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
    if status == 200:
        message = _("“%(title)s” now runs from %(start)s to %(end)s.") % {
            "title": task.title,
            "start": date_format(task.start, "SHORT_DATE_FORMAT"),
            "end": date_format(task.end, "SHORT_DATE_FORMAT"),
        }
    else:
        message = _("“%(title)s” was not moved: %(errors)s") % {
            "title": task.title,
            "errors": " ".join(errors),
        }
    if wants_json:
        current = Task.objects.get(pk=task.pk)
        return JsonResponse(
            {
                "ok": status == 200,
                "message": message,
                "start": current.start.isoformat(),
                "end": current.end.isoformat(),
                "version": current.version,
            },
            status=status,
        )
    (messages.success if status == 200 else messages.error)(request, message)
    return redirect(reverse("planning_gantt", args=[access.project.pk]) + f"#task-{task.pk}")


@project_view(Perm.EDIT_PLAN)
def task_reorder(request: HttpRequest, access: ProjectAccess, task_id: int) -> HttpResponse:
    """Move a task up or down among its siblings (re-parenting is the task form's parent)."""
    task = get_scoped_or_404(access, Task, task_id)
    if request.method != "POST":  # after the look-up: another project's task is a 404
        return HttpResponseNotAllowed(["POST"])
    try:
        services.task_reorder(access=access, task=task, direction=request.POST.get("direction", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("task_tree", args=[access.project.pk]) + f"#task-{task.pk}")


# --- Steps ------------------------------------------------------------------------------------


@project_view(Perm.VIEW_PROJECT)
@require_GET
def step_list(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    steps = Step.objects.filter(project=access.project).annotate(task_count=Count("tasks"))
    return render(
        request,
        "planning/steps.html",
        {"project": access.project, "steps": steps, "can_edit": access.can(Perm.EDIT_PLAN)},
    )


def _step_form(request: HttpRequest, access: ProjectAccess, step: Step | None) -> HttpResponse:
    form = StepForm(request.POST or None, instance=step)
    if request.method == "POST" and form.is_valid():
        try:
            services.step_save(access=access, step=step, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The step was saved."))
            return redirect("planning_steps", access.project.pk)
    return render(
        request, "planning/step_form.html", {"project": access.project, "form": form, "step": step}
    )


@project_view(Perm.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def step_create(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    return _step_form(request, access, None)


@project_view(Perm.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def step_edit(request: HttpRequest, access: ProjectAccess, step_id: int) -> HttpResponse:
    return _step_form(request, access, get_scoped_or_404(access, Step, step_id))


@project_view(Perm.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def step_delete(request: HttpRequest, access: ProjectAccess, step_id: int) -> HttpResponse:
    step = get_scoped_or_404(access, Step, step_id)
    refused = None
    if request.method == "POST":
        try:
            services.step_delete(access=access, step=step)
        except ValidationError as error:
            refused = " ".join(error.messages)
        else:
            messages.success(request, _("The step “%s” was deleted.") % step)
            return redirect("planning_steps", access.project.pk)
    return render(
        request,
        "planning/step_confirm_delete.html",
        {"project": access.project, "step": step, "refused": refused},
        status=409 if refused else 200,
    )


# --- Rolling window -----------------------------------------------------------------------------


@project_view(Perm.VIEW_PROJECT)
@require_http_methods(["GET", "POST"])
def roll(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    if request.method == "POST":
        access.require(Perm.SUBMIT_VERSION)
        try:
            done = services.roll_forward(access=access)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The window now starts in %s.") % date_format(done.to_month, "YEAR_MONTH_FORMAT"),
            )
        return redirect("planning_roll", access.project.pk)
    context = selectors.roll_page(access)
    context["project"] = access.project
    return render(request, "planning/roll.html", context)


# --- Exports and calendar -----------------------------------------------------------------------

EXPORTS = {
    "xlsx": (
        exports.to_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "ods": (exports.to_ods, "application/vnd.oasis.opendocument.spreadsheet"),
    "pdf": (exports.to_pdf, "application/pdf"),
}


def _export(access: ProjectAccess, kind: str) -> HttpResponse:
    build, content_type = EXPORTS[kind]
    response = HttpResponse(build(access.project), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="plan-{access.project.pk}.{kind}"'
    return response


@project_view(Perm.VIEW_PROJECT)
@require_GET
def export_xlsx(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    return _export(access, "xlsx")


@project_view(Perm.VIEW_PROJECT)
@require_GET
def export_ods(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    return _export(access, "ods")


@project_view(Perm.VIEW_PROJECT)
@require_GET
def export_pdf(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    return _export(access, "pdf")


@project_view(Perm.VIEW_PROJECT)
@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    if request.method == "POST":
        services.calendar_link_renew(access=access)
        messages.success(request, _("Your calendar address was created; any previous one stops."))
        return redirect("planning_calendar", access.project.pk)
    link = CalendarLink.objects.filter(project=access.project, user=access.user).first()
    feed_url = (
        request.build_absolute_uri(
            reverse("planning_calendar_feed", args=[access.project.pk, link.token])
        )
        if link
        else None
    )
    return render(
        request, "planning/calendar.html", {"project": access.project, "feed_url": feed_url}
    )


@require_GET
def calendar_feed(request: HttpRequest, project_id: int, token: str) -> HttpResponse:
    """The iCalendar feed, authenticated by its secret token (calendar apps cannot log in).

    The token's owner must still be a member of the project: a removed member's link stops.
    """
    link = get_object_or_404(
        CalendarLink.objects.select_related("user"), project_id=project_id, token=token
    )
    project_access(link.user, project_id, Perm.VIEW_PROJECT)
    body = exports.to_ical(link.project, domain=request.get_host().split(":")[0] or "maillage")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="plan-{project_id}.ics"'
    return response
