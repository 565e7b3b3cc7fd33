"""Every URL of the site, for every persona, for GET and POST: the outcome is declared here.

A URL pattern without an entry in EXPECTED makes the suite fail, so each new page must say who
may use it. Requests that are not allowed (or that carry invalid data) must leave the database
exactly as it was, and objects of another project are never reachable through this one's URLs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.personas import PERSONAS

OK, FOUND, FORBIDDEN, NOT_FOUND, NOT_ALLOWED, CONFLICT = 200, 302, 403, 404, 405, 409
BAD_REQUEST = 400
SKIPPED_PREFIXES = ("admin/", "i18n/", "static/", "media/")
MEMBERS = ("coordinator", "contributor", "elected", "partner", "observer")


def project_page(
    get: int = OK,
    post: int = NOT_ALLOWED,
    *,
    allowed: tuple[str, ...] = MEMBERS,
    post_allowed: int | None = None,
) -> dict[str, dict[str, int]]:
    """Outcomes of a page inside a project: members in `allowed` get `get`/`post`, other members
    403, the outsider 404 (the project is not revealed) and anonymous users the login page."""
    table: dict[str, dict[str, int]] = {"GET": {}, "POST": {}}
    for persona in MEMBERS:
        table["GET"][persona] = get if persona in allowed else FORBIDDEN
        table["POST"][persona] = (
            (post_allowed if post_allowed is not None else post)
            if persona in allowed
            else FORBIDDEN
        )
    for method in ("GET", "POST"):
        table[method]["outsider"] = NOT_FOUND
        table[method]["anonymous"] = FOUND
    return table


def everyone(
    get: int, post: int, *, anonymous_get: int | None = None, anonymous_post: int | None = None
) -> dict[str, dict[str, int]]:
    """Outcomes of a page outside any project."""
    table: dict[str, dict[str, int]] = {"GET": {}, "POST": {}}
    for persona in PERSONAS:
        table["GET"][persona] = get
        table["POST"][persona] = post
    if anonymous_get is not None:
        table["GET"]["anonymous"] = anonymous_get
    if anonymous_post is not None:
        table["POST"]["anonymous"] = anonymous_post
    return table


EDIT_PLAN = ("coordinator", "contributor")
EDIT_DIRECTORY = ("coordinator", "contributor")
EDIT_PROJECT = ("coordinator",)
REVIEWS = ("coordinator",)
OPTIMISE = ("coordinator",)
MANAGE_MEMBERS = ("coordinator",)

# POST bodies are empty: forms answer 200 with their errors and save nothing; confirmed deletions
# redirect; removals refused because the project still relies on the object answer 409.
EXPECTED: dict[str, dict[str, dict[str, int]]] = {
    "home": everyone(OK, NOT_ALLOWED, anonymous_get=FOUND),
    "login": everyone(OK, OK),
    "logout": everyone(NOT_ALLOWED, FOUND),
    "project_create": everyone(OK, OK, anonymous_get=FOUND, anonymous_post=FOUND),
    "project_overview": project_page(),
    "project_edit": project_page(OK, OK, allowed=EDIT_PROJECT),
    "project_delete": project_page(OK, FOUND, allowed=EDIT_PROJECT),
    "directory": project_page(),
    "organisation_create": project_page(OK, OK, allowed=EDIT_DIRECTORY),
    "organisation_detail": project_page(),
    "organisation_edit": project_page(OK, OK, allowed=EDIT_DIRECTORY),
    "organisation_delete": project_page(OK, CONFLICT, allowed=EDIT_DIRECTORY),
    "person_create": project_page(OK, OK, allowed=EDIT_DIRECTORY),
    "person_detail": project_page(),
    "person_edit": project_page(OK, OK, allowed=EDIT_DIRECTORY),
    # A person's time (employments, project share, monthly availability): personal data, for the
    # coordinator or the person themselves (not people[0] for a persona); an empty POST is
    # refused with the form's errors.
    "person_time": project_page(OK, OK, allowed=("coordinator",)),
    "person_delete": project_page(OK, CONFLICT, allowed=EDIT_DIRECTORY),
    "task_tree": project_page(),
    "task_create": project_page(OK, OK, allowed=EDIT_PLAN),
    "task_detail": project_page(),
    "task_edit": project_page(OK, OK, allowed=EDIT_PLAN),
    "task_delete": project_page(OK, FOUND, allowed=EDIT_PLAN),
    # The Analyse page and its fragment: every member; partners get the aggregated gaps only.
    "analysis_page": project_page(),
    "analysis_results": project_page(),
    "analysis_thresholds": project_page(OK, OK, allowed=EDIT_PROJECT),
    "planning_versions": project_page(),
    "planning_version_create": project_page(OK, OK, allowed=EDIT_PROJECT),
    "planning_version_detail": project_page(),
    # No sponsor of the data set has a representative: the submission is refused with a message.
    "planning_version_submit": project_page(OK, OK, allowed=EDIT_PROJECT),
    # Only named representatives decide; none of the personas is one.
    "planning_version_decide": project_page(
        NOT_ALLOWED, FORBIDDEN, allowed=("coordinator", "elected")
    ),
    "planning_version_compare": project_page(),
    "planning_steps": project_page(),
    "planning_step_create": project_page(OK, OK, allowed=EDIT_PLAN),
    "planning_step_edit": project_page(OK, OK, allowed=EDIT_PLAN),
    # The data set's steps all have tasks: deleting one is refused.
    "planning_step_delete": project_page(OK, CONFLICT, allowed=EDIT_PLAN),
    "planning_gantt": project_page(),
    # An empty move is refused and sent back to the Gantt with the message.
    "planning_task_move": project_page(NOT_ALLOWED, FOUND, allowed=EDIT_PLAN),
    # An empty reorder (no direction) is refused and sent back to the tree with the message.
    "planning_task_reorder": project_page(NOT_ALLOWED, FOUND, allowed=EDIT_PLAN),
    "planning_roll": {
        "GET": project_page()["GET"],
        "POST": project_page(post=FOUND, allowed=EDIT_PROJECT)["POST"],
    },
    "planning_export_xlsx": project_page(),
    "planning_export_ods": project_page(),
    "planning_export_pdf": project_page(),
    "planning_calendar": project_page(OK, FOUND),
    # Calendar applications cannot log in: the secret token in the address is the credential.
    "planning_calendar_feed": everyone(OK, NOT_ALLOWED),
    # Who does what (responsibilities): the table, its views, exports and in-place edits.
    "responsibilities_table": project_page(),
    "responsibilities_raci": project_page(),
    "responsibilities_workload": project_page(),
    "responsibilities_export_xlsx": project_page(),
    "responsibilities_export_ods": project_page(),
    "responsibilities_export_pdf": project_page(),
    "responsibilities_assignment_create": project_page(OK, OK, allowed=EDIT_PLAN),
    "responsibilities_assignment_row": project_page(),
    "responsibilities_assignment_edit": project_page(OK, OK, allowed=EDIT_PLAN),
    # A removal without the version it started from is refused and sent back to the table.
    "responsibilities_assignment_delete": project_page(NOT_ALLOWED, FOUND, allowed=EDIT_PLAN),
    "responsibilities_axes": project_page(),
    # Every referent is optional: an empty form clears them and goes back to the axes.
    "responsibilities_axis_edit": project_page(OK, FOUND, allowed=EDIT_PROJECT),
    "responsibilities_task_partners": project_page(OK, OK, allowed=EDIT_PLAN),
    "responsibilities_scheme": project_page(),
    "responsibilities_scheme_data": project_page(),
    "responsibilities_letters": project_page(),
    # Mission letters are personal: the coordinator, or the person themselves (not a persona here).
    "responsibilities_letter": project_page(OK, FOUND, allowed=("coordinator",)),
    **{
        f"responsibilities_letter_{fmt}": {
            "GET": project_page(allowed=("coordinator",))["GET"],
            "POST": project_page()["POST"],
        }
        for fmt in ("docx", "odt", "pdf")
    },
    # Competencies: the map and profiles for every member; campaigns, imports and the change
    # between campaigns for the coordinator (RUN_REVIEWS); validation for anyone who may validate.
    "competencies_map": project_page(),
    "competencies_profiles": project_page(),
    "competencies_compare": project_page(allowed=REVIEWS),
    # An empty validation names no assessment: refused with the form's errors.
    "competencies_validation": project_page(OK, BAD_REQUEST),
    "competencies_campaigns": project_page(allowed=REVIEWS),
    "competencies_campaign_create": project_page(OK, OK, allowed=REVIEWS),
    "competencies_campaign_detail": project_page(allowed=REVIEWS),
    "competencies_campaign_invitations": project_page(NOT_ALLOWED, BAD_REQUEST, allowed=REVIEWS),
    "competencies_campaign_close": project_page(NOT_ALLOWED, FOUND, allowed=REVIEWS),
    "competencies_framework": project_page(),
    "competencies_framework_levels": project_page(OK, BAD_REQUEST, allowed=EDIT_PROJECT),
    "competencies_competency_create": project_page(OK, OK, allowed=EDIT_PROJECT),
    "competencies_competency_edit": project_page(OK, OK, allowed=EDIT_PROJECT),
    "competencies_framework_export": project_page(),
    "competencies_framework_import": project_page(OK, BAD_REQUEST, allowed=EDIT_PROJECT),
    "competencies_import": project_page(OK, BAD_REQUEST, allowed=REVIEWS),
    "competencies_import_template": project_page(allowed=REVIEWS),
    # A person's data: the coordinator, or the person themselves (not people[0] for a persona).
    "competencies_person_data": {
        "GET": project_page(allowed=REVIEWS)["GET"],
        "POST": project_page()["POST"],
    },
    # Personal review links, outside any project: the walk's token is well formed but matches
    # no invitation, so every persona gets the "link not valid" page (404) and nothing else;
    # valid, expired, revoked and used links are tested in tests/competencies/.
    "review_form": everyone(NOT_FOUND, NOT_FOUND),
    "review_draft": everyone(NOT_FOUND, NOT_FOUND),
    "review_data": everyone(NOT_FOUND, NOT_ALLOWED),
    "review_withdraw": everyone(NOT_FOUND, NOT_FOUND),
    # Staffing proposals: contributors look, the coordinator runs, accepts, locks and chooses
    # remedies. Empty POSTs are refused with a message and sent back to the page.
    "optimisation_page": project_page(allowed=EDIT_PLAN),
    "optimisation_start": project_page(NOT_ALLOWED, FOUND, allowed=OPTIMISE),
    "optimisation_run": project_page(allowed=EDIT_PLAN),
    "optimisation_run_progress": project_page(allowed=EDIT_PLAN),
    "optimisation_run_cancel": project_page(NOT_ALLOWED, FOUND, allowed=OPTIMISE),
    "optimisation_run_accept": project_page(NOT_ALLOWED, FOUND, allowed=OPTIMISE),
    "optimisation_locks": project_page(NOT_ALLOWED, FOUND, allowed=OPTIMISE),
    "optimisation_history": project_page(allowed=EDIT_PLAN),
    "optimisation_remedies": project_page(allowed=EDIT_PLAN),
    "optimisation_remedy_choose": project_page(NOT_ALLOWED, FOUND, allowed=OPTIMISE),
    "optimisation_rates": project_page(OK, OK, allowed=OPTIMISE),
    # Sponsors' decisions recorded on behalf of a representative without an account: the
    # coordinator records (the walk's version is not submitted: the page says so, an empty form
    # is refused); the attached letter bears contact details: those who see contacts download.
    "planning_review_record": project_page(OK, BAD_REQUEST, allowed=EDIT_PROJECT),
    "planning_review_attachment": project_page(allowed=("coordinator", "contributor", "elected")),
    # Governance bodies: every member reads them, the coordinator (EDIT_PROJECT) edits. Empty
    # forms answer with their errors; a removal or deletion needs no data and goes through.
    "governance_bodies": project_page(),
    "governance_body_create": project_page(OK, OK, allowed=EDIT_PROJECT),
    "governance_body_detail": project_page(),
    "governance_body_edit": project_page(OK, OK, allowed=EDIT_PROJECT),
    "governance_body_delete": project_page(OK, FOUND, allowed=EDIT_PROJECT),
    "governance_body_member_add": project_page(NOT_ALLOWED, OK, allowed=EDIT_PROJECT),
    "governance_body_member_remove": project_page(NOT_ALLOWED, FOUND, allowed=EDIT_PROJECT),
    # Members and accounts: every member sees the members and their roles, the coordinator
    # (MANAGE_MEMBERS) invites, changes roles, links people and removes. An empty role change or
    # person link is refused with a message and sent back to the page (an empty person link
    # unlinks: the walk's member is linked to nobody, so nothing changes).
    "members": project_page(),
    "member_role": project_page(NOT_ALLOWED, FOUND, allowed=MANAGE_MEMBERS),
    "member_remove": project_page(OK, FOUND, allowed=MANAGE_MEMBERS),
    "member_person": project_page(NOT_ALLOWED, FOUND, allowed=MANAGE_MEMBERS),
    "invitation_create": project_page(OK, OK, allowed=MANAGE_MEMBERS),
    "invitation_resend": project_page(NOT_ALLOWED, FOUND, allowed=MANAGE_MEMBERS),
    "invitation_revoke": project_page(NOT_ALLOWED, FOUND, allowed=MANAGE_MEMBERS),
    # The invitation link, outside any project: the walk's token is well formed but matches no
    # invitation (404 for everyone); valid, expired, used and revoked links: tests/members/.
    "invitation_accept": everyone(NOT_FOUND, NOT_FOUND),
    # Passwords: changing needs to be logged in; a reset is asked without an account; the
    # walk's reset link is not valid (404).
    "password_change": everyone(OK, OK, anonymous_get=FOUND, anonymous_post=FOUND),
    "password_change_done": everyone(OK, NOT_ALLOWED, anonymous_get=FOUND, anonymous_post=FOUND),
    "password_reset": everyone(OK, OK),
    "password_reset_done": everyone(OK, NOT_ALLOWED),
    "password_reset_confirm": everyone(NOT_FOUND, NOT_FOUND),
    "password_reset_complete": everyone(OK, NOT_ALLOWED),
    # Getting started: importing people, their employments and availability from a spreadsheet.
    # An empty upload is refused (400) and nothing is saved.
    "directory_people_import": project_page(OK, BAD_REQUEST, allowed=EDIT_DIRECTORY),
    "directory_people_import_template": project_page(allowed=EDIT_DIRECTORY),
    # Shared objects: a project's own copy of a shared framework (the cross-project cases of
    # organisations, people and frameworks are in tests/test_shared_objects.py).
    "competencies_framework_copy": project_page(NOT_ALLOWED, FOUND, allowed=EDIT_PROJECT),
    # A task's competency needs: the axis grid and a need's row for every member; writing,
    # the task form's extra line and the live preview for those who edit the plan. Empty
    # POSTs answer the form with its errors; a removal goes back to the task page, and a grid
    # sent without cells changes nothing and goes back to the grid.
    "staffing_needs_grid": {
        "GET": project_page()["GET"],
        "POST": project_page(post=FOUND, allowed=EDIT_PLAN)["POST"],
    },
    "staffing_need_line": project_page(allowed=EDIT_PLAN),
    "staffing_need_preview": project_page(allowed=EDIT_PLAN),
    "staffing_need_create": project_page(OK, OK, allowed=EDIT_PLAN),
    "staffing_need_row": project_page(),
    "staffing_need_edit": project_page(OK, OK, allowed=EDIT_PLAN),
    "staffing_need_delete": project_page(NOT_ALLOWED, FOUND, allowed=EDIT_PLAN),
    # Framing (cadrage): every member reads it, the coordinator changes it. Empty forms answer
    # with their errors; an empty representative form clears the representative; an empty move
    # or archive is refused with a message; removing a sponsor without decisions is done.
    "framing": project_page(),
    "framing_identity": project_page(OK, OK, allowed=EDIT_PROJECT),
    "framing_sponsor_add": project_page(OK, OK, allowed=EDIT_PROJECT),
    "framing_sponsor_edit": project_page(OK, FOUND, allowed=EDIT_PROJECT),
    "framing_sponsor_remove": project_page(NOT_ALLOWED, FOUND, allowed=EDIT_PROJECT),
    "framing_axis_create": project_page(OK, OK, allowed=EDIT_PROJECT),
    "framing_axis_edit": project_page(OK, OK, allowed=EDIT_PROJECT),
    "framing_axis_move": project_page(NOT_ALLOWED, FOUND, allowed=EDIT_PROJECT),
    "framing_axis_archive": project_page(NOT_ALLOWED, FOUND, allowed=EDIT_PROJECT),
    "framing_objective_create": project_page(OK, OK, allowed=EDIT_PROJECT),
    "framing_objective_edit": project_page(OK, OK, allowed=EDIT_PROJECT),
    "framing_objective_move": project_page(NOT_ALLOWED, FOUND, allowed=EDIT_PROJECT),
    "framing_objective_delete": project_page(OK, FOUND, allowed=EDIT_PROJECT),
    "framing_result_create": project_page(OK, OK, allowed=EDIT_PROJECT),
    "framing_result_edit": project_page(OK, OK, allowed=EDIT_PROJECT),
    "framing_result_move": project_page(NOT_ALLOWED, FOUND, allowed=EDIT_PROJECT),
    "framing_result_delete": project_page(NOT_ALLOWED, FOUND, allowed=EDIT_PROJECT),
}

# How to fill each URL argument from a project's data set (an organisation that is not the
# carrier, a person, a top-level task: all still needed by the project, hence the 409s above).
OBJECT_IDS: dict[str, Callable[[Any], int]] = {
    "project_id": lambda project: project.pk,
    "organisation_id": lambda project: project.dataset["organisations"][1].pk,
    "person_id": lambda project: project.dataset["people"][0].pk,
    "task_id": lambda project: project.dataset["tasks"][-1].pk,
    "version_id": lambda project: _plan_version(project).pk,
    "step_id": lambda project: project.dataset["steps"][0].pk,
    "token": lambda project: _calendar_token(project),
    "campaign_id": lambda project: _review_campaign(project).pk,
    "competency_id": lambda project: project.dataset["competencies"][0].pk,
    "review_token": lambda project: "A" * 43,
    "assignment_id": lambda project: _first_assignment(project).pk,
    "axis_id": lambda project: project.dataset["axes"][0].pk,
    "run_id": lambda project: _staffing_run(project).pk,
    "review_id": lambda project: _review_with_document(project).pk,
    "body_id": lambda project: project.dataset["bodies"][0].pk,
    "member_id": lambda project: project.dataset["bodies"][0].memberships.order_by("pk")[0].pk,
    "membership_id": lambda project: _observer_membership(project).pk,
    "member_invitation_id": lambda project: _member_invitation(project).pk,
    "invitation_token": lambda project: "A" * 43,
    "uidb64": lambda project: "MA",
    "need_id": lambda project: _first_need(project).pk,
    # Framing
    "objective_id": lambda project: project.dataset["objectives"][0].pk,
    "result_id": lambda project: project.dataset["objectives"][0].expected_results.first().pk,
}


def _review_with_document(project: Any) -> Any:
    from django.core.files.base import ContentFile

    from maillage.planning.models import Review

    version = _plan_version(project)
    review = Review.objects.filter(version=version).first()
    if review is None:
        review = Review.objects.create(
            version=version, sponsor_name="Département", representative_name="Anne Élue"
        )
        review.attachment.save("courrier.pdf", ContentFile(b"%PDF-1.4 courrier"), save=True)
    return review


def _observer_membership(project: Any) -> Any:
    from maillage.projects.models import Membership

    # A member who is not the coordinator (in the other project: its only member, a coordinator).
    memberships = project.memberships.order_by("pk")
    return memberships.exclude(role=Membership.Role.COORDINATOR).first() or memberships.first()


def _member_invitation(project: Any) -> Any:
    from tests.members.helpers import pending_invitation

    return pending_invitation(project)


def _first_need(project: Any) -> Any:
    from maillage.staffing.models import Need

    return Need.objects.filter(task__project=project).order_by("pk").first()


def _staffing_run(project: Any) -> Any:
    from tests.optimisation.factories import finished_run

    return finished_run(project)


def _first_assignment(project: Any) -> Any:
    from maillage.staffing.models import Assignment

    return Assignment.objects.filter(task__project=project).order_by("pk").first()


def _review_campaign(project: Any) -> Any:
    from tests.competencies.factories import campaign_of

    return campaign_of(project)


def _plan_version(project: Any) -> Any:
    from maillage.planning.models import PlanVersion
    from maillage.planning.snapshot import current_plan

    version = PlanVersion.objects.filter(project=project).first()
    if version is None:
        data = current_plan(project).to_json()
        version = PlanVersion.objects.create(project=project, number=1, label="v1", data=data)
    return version


def _calendar_token(project: Any) -> str:
    from maillage.planning.models import CalendarLink

    user = project.memberships.order_by("pk").first().user
    link, _ = CalendarLink.objects.get_or_create(
        project=project, user=user, defaults={"token": f"secret-{project.pk}"}
    )
    return link.token


def _walk(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, str, list[str]]]:
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            yield from _walk(entry, route)
        elif isinstance(entry, URLPattern):
            yield entry.name or f"<unnamed {route}>", route, list(entry.pattern.converters)


URLS = {name: (route, arguments) for name, route, arguments in _walk(get_resolver())}
CASES = [(name, method) for name in sorted(URLS) for method in ("GET", "POST")]


def url_for(name: str, project: Any, ids_from: Any = None) -> str:
    _, arguments = URLS[name]
    kwargs = {}
    for argument in arguments:
        assert argument in OBJECT_IDS, f"No way to fill <{argument}>: add it to OBJECT_IDS"
        source = project if argument == "project_id" else (ids_from or project)
        kwargs[argument] = OBJECT_IDS[argument](source)
    return reverse(name, kwargs=kwargs)


def database_state() -> dict[str, list[dict[str, Any]]]:
    """Every row of the application's models, to prove a refused request changed nothing."""
    state = {}
    for label in ("directory", "competencies", "projects", "staffing", "governance", "members"):
        for model in apps.get_app_config(label).get_models():
            state[model._meta.label] = list(model._default_manager.order_by("pk").values())
    return state


def test_every_url_declares_its_outcome_for_every_persona() -> None:
    missing = sorted(set(URLS) - set(EXPECTED))
    assert not missing, f"URLs without expected outcomes in EXPECTED: {missing}"
    for name, table in EXPECTED.items():
        assert name in URLS, f"EXPECTED names a URL that does not exist: {name}"
        for method in ("GET", "POST"):
            assert set(table[method]) == set(PERSONAS), (name, method)


def _check(name: str, method: str, persona: str, client: Any, url: str) -> str | None:
    """The first way this request departs from EXPECTED, or None."""
    expected = EXPECTED[name][method][persona]
    before = database_state()
    response = client.get(url) if method == "GET" else client.post(url, {})
    if response.status_code != expected:
        return f"{method} {url} as {persona}: {response.status_code}, expected {expected}"
    to_login = response.get("Location", "").startswith(reverse("login"))
    if expected == FOUND and persona == "anonymous" and name != "logout" and not to_login:
        return f"{method} {url} as anonymous: not sent to the login page"
    changes_allowed = method == "POST" and expected == FOUND and persona != "anonymous"
    if not changes_allowed and database_state() != before:
        return f"{method} {url} as {persona} changed the database"
    return None


@pytest.mark.parametrize(("name", "method"), CASES)
def test_url_answers_each_persona_as_declared(
    name: str, method: str, personas: dict[str, Any], project: Any
) -> None:
    assert name in EXPECTED, f"Declare the outcomes of {name!r} in EXPECTED"
    url = url_for(name, project)
    failures = []
    for persona in PERSONAS:
        # Each persona starts from the same data: what one request changed is rolled back.
        with transaction.atomic():
            failures.append(_check(name, method, persona, personas[persona], url))
            transaction.set_rollback(True)
    assert [failure for failure in failures if failure] == []


OBJECT_URLS = sorted(
    name for name, (_, arguments) in URLS.items() if set(arguments) - {"project_id"}
)


@pytest.mark.parametrize("name", OBJECT_URLS)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_objects_of_another_project_are_not_found_through_this_one(
    name: str, method: str, personas: dict[str, Any], project: Any, other_project: Any
) -> None:
    client = personas["coordinator"]
    url = url_for(name, project, ids_from=other_project)
    before = database_state()

    response = client.get(url) if method == "GET" else client.post(url, {})

    # A page that only reads refuses POST before looking anything up.
    read_only = method == "POST" and EXPECTED[name]["POST"]["coordinator"] == NOT_ALLOWED
    assert response.status_code == (NOT_ALLOWED if read_only else NOT_FOUND)
    assert database_state() == before
