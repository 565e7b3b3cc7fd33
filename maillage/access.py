"""The one place that decides who may see and change what.

Every project object is looked up *through* a project the user is a member of: a user who is not
a member gets 404 (the project's existence is not revealed), a member whose role lacks the
permission gets 403. Views never query project objects without going through this module.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from maillage.competencies.models import Framework
from maillage.directory.models import Organisation, Person
from maillage.projects.models import Membership, Project


class Perm(StrEnum):
    VIEW_PROJECT = "view_project"
    VIEW_CONTACTS = "view_contacts"  # email and phone of people
    VIEW_PERSONAL_DATA = "view_personal_data"  # motivation, capacity, assessments of others
    EDIT_PLAN = "edit_plan"  # steps, tasks, needs, assignments
    EDIT_DIRECTORY = "edit_directory"  # people and organisations of the project
    EDIT_PROJECT = "edit_project"  # framing, settings, deletion of the project
    MANAGE_MEMBERS = "manage_members"
    VALIDATE = "validate"  # validate the guiding thread
    VIEW_FINDINGS = "view_findings"  # the analysis' findings (partners see aggregated gaps only)
    SUBMIT_VERSION = "submit_version"  # freeze plan versions, submit them, roll the window
    RUN_REVIEWS = "run_reviews"  # competency review campaigns, their answers and imports
    OPTIMISE = "optimise"  # run the staffing optimiser, accept its proposals, choose remedies


Role = Membership.Role

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.COORDINATOR: frozenset(Perm),
    Role.CONTRIBUTOR: frozenset(
        {
            Perm.VIEW_PROJECT,
            Perm.VIEW_CONTACTS,
            Perm.EDIT_PLAN,
            Perm.EDIT_DIRECTORY,
            Perm.VIEW_FINDINGS,
        }
    ),
    Role.ELECTED: frozenset(
        {Perm.VIEW_PROJECT, Perm.VIEW_CONTACTS, Perm.VALIDATE, Perm.VIEW_FINDINGS}
    ),
    Role.PARTNER: frozenset({Perm.VIEW_PROJECT}),
    Role.OBSERVER: frozenset({Perm.VIEW_PROJECT, Perm.VIEW_FINDINGS}),
}


@dataclass(frozen=True)
class ProjectAccess:
    """What one user may do in one project."""

    project: Project
    user: Any
    role: str
    permissions: frozenset[Perm]

    def can(self, perm: Perm) -> bool:
        return perm in self.permissions

    def require(self, perm: Perm) -> None:
        if perm not in self.permissions:
            raise PermissionDenied

    def can_view_personal_data_of(self, person: Person) -> bool:
        """Motivation and capacity: the coordinator, and the person themselves."""
        return self.can(Perm.VIEW_PERSONAL_DATA) or (
            person.user_id is not None and person.user_id == self.user.pk
        )


def project_access(user: Any, project_id: int, perm: Perm = Perm.VIEW_PROJECT) -> ProjectAccess:
    """The user's access to a project: 404 for outsiders, 403 when the role lacks `perm`."""
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("project", "project__carrier", "project__territory")
        .filter(project_id=project_id, user=user)
        .first()
    )
    if membership is None:
        raise Http404
    access = ProjectAccess(
        project=membership.project,
        user=user,
        role=membership.role,
        permissions=ROLE_PERMISSIONS[membership.role],
    )
    access.require(perm)
    return access


def projects_for_user(user: Any) -> models.QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("project", "project__carrier")


# How each kind of object belongs to a project. An object outside the user's project is a 404.
PROJECT_PATHS: dict[str, str] = {
    "directory.person": "project_links__project",
    "directory.organisation": "project_links__project",
    "projects.task": "project",
    "projects.step": "project",
    "projects.axis": "project",
    "projects.objective": "project",
    "projects.expectedresult": "objective__project",
    "projects.projectperson": "project",
    "projects.projectorganisation": "project",
    "staffing.need": "task__project",
    "staffing.assignment": "task__project",
    "governance.body": "project",
    "competencies.competency": "framework__projects",
    "competencies.campaign": "project",
    "competencies.invitation": "campaign__project",
    "competencies.assessment": "person__project_links__project",
    "responsibilities.taskpartner": "task__project",
    "responsibilities.missionletter": "project",
    "planning.planversion": "project",
    "planning.review": "version__project",
    "planning.roll": "project",
    "optimisation.staffingrun": "project",
    "optimisation.acceptedchange": "project",
    "projects.membership": "project",
    "members.invitation": "project",
    "members.membershipevent": "project",
}

M = TypeVar("M", bound=models.Model)


def scoped(access: ProjectAccess, model: type[M]) -> models.QuerySet[M]:
    """All objects of `model` that belong to the access's project."""
    path = PROJECT_PATHS[model._meta.label_lower]
    return model._default_manager.filter(**{path: access.project})


def get_scoped_or_404(access: ProjectAccess, queryset: models.QuerySet[M] | type[M], pk: Any) -> M:
    """One object of the access's project, or 404 (also for objects of other projects)."""
    qs = queryset if isinstance(queryset, models.QuerySet) else queryset._default_manager.all()
    path = PROJECT_PATHS[qs.model._meta.label_lower]
    try:
        return qs.filter(**{path: access.project}).distinct().get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


ViewFunc = Callable[..., HttpResponse]


def project_view(perm: Perm = Perm.VIEW_PROJECT) -> Callable[[ViewFunc], ViewFunc]:
    """Decorate a view taking `project_id`: it receives `access` instead, checked for `perm`.

    Anonymous users are sent to the login page; everything else is decided by `project_access`.
    """

    def decorator(view: ViewFunc) -> ViewFunc:
        @login_required
        @functools.wraps(view)
        def wrapper(request: HttpRequest, project_id: int, *args: Any, **kwargs: Any) -> Any:
            access = project_access(request.user, project_id, perm)
            request.access = access  # type: ignore[attr-defined]  # read by templates
            return view(request, access, *args, **kwargs)

        return wrapper

    return decorator


# --- Personal data ------------------------------------------------------------------------------

CONTACT_FIELDS = frozenset({"email", "phone"})
# Motivation and legitimacy (vouloir agir), time (availability, capacity) and the levels a person
# declared that nobody validated yet. Validated levels are not personal: members see them.
PERSONAL_FIELDS = frozenset(
    {"motivation", "legitimacy", "availability", "capacity", "unvalidated_level"}
)


def personal_fields_visible(access: ProjectAccess, person: Person) -> frozenset[str]:
    """Which of a person's contact and personal fields `access` may see on any page."""
    own = person.user_id is not None and person.user_id == access.user.pk
    visible: frozenset[str] = frozenset()
    if own or access.can(Perm.VIEW_CONTACTS):
        visible |= CONTACT_FIELDS
    if own or access.can(Perm.VIEW_PERSONAL_DATA):
        visible |= PERSONAL_FIELDS
    return visible


# --- Objects shared between projects -------------------------------------------------------------

SharedObject = Organisation | Person | Framework

SHARED_EDIT_REFUSED = {
    Organisation: _(
        "This organisation is also used by another project: only people entitled on all these "
        "projects may change it."
    ),
    Person: _(
        "This person also takes part in another project: only people entitled on all these "
        "projects may change their record."
    ),
    Framework: _(
        "This competency framework is also used by another project: only people entitled on "
        "all these projects may change it. You may edit a copy of it for this project instead."
    ),
}
PUBLIC_FRAMEWORK_REFUSED = _(
    "This competency framework is shipped with Maillage and offered to every project: only the "
    "instance's administrators may change it. You may edit a copy of it for this project instead."
)


class SharedEditRefused(PermissionDenied):
    """A shared object's change refused; the message says why (shown on the 403 page)."""


def projects_showing(obj: SharedObject) -> models.QuerySet[Project]:
    """The projects in which a shared organisation, person or framework appears."""
    if isinstance(obj, Organisation):
        condition = Q(project_organisations__organisation=obj) | Q(carrier=obj)
    elif isinstance(obj, Person):
        condition = Q(project_people__person=obj)
    else:
        condition = Q(framework=obj)
    return Project.objects.filter(condition).distinct()


def can_edit_shared(user: Any, obj: SharedObject) -> bool:
    """True when `user` is entitled to change `obj` on every project that shows it.

    Organisations and people need EDIT_DIRECTORY there, a framework EDIT_PROJECT; a framework
    offered to every project is changed by staff only. Staff users may change anything.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff:
        return True
    if isinstance(obj, Framework) and obj.is_public:
        return False
    perm = Perm.EDIT_PROJECT if isinstance(obj, Framework) else Perm.EDIT_DIRECTORY
    showing = set(projects_showing(obj).values_list("pk", flat=True))
    if not showing:
        return False
    entitled = {
        project_id
        for project_id, role in Membership.objects.filter(
            user=user, project_id__in=showing
        ).values_list("project_id", "role")
        if perm in ROLE_PERMISSIONS[role]
    }
    return entitled == showing


def require_shared_edit(access: ProjectAccess, obj: SharedObject) -> None:
    """Refuse (403, with the reason) a change of `obj` the user is not entitled to everywhere."""
    if can_edit_shared(access.user, obj):
        return
    if isinstance(obj, Framework) and obj.is_public:
        raise SharedEditRefused(PUBLIC_FRAMEWORK_REFUSED)
    raise SharedEditRefused(SHARED_EDIT_REFUSED[type(obj)])


# --- Creating projects ---------------------------------------------------------------------------

PROJECT_CREATORS_GROUP = "Créateurs de projets"


def can_create_project(user: Any) -> bool:
    """MAILLAGE_PROJECT_CREATION: `open` (anyone logged in) or `staff` (staff and the group)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(settings, "MAILLAGE_PROJECT_CREATION", "open") != "staff":
        return True
    return bool(user.is_staff or user.groups.filter(name=PROJECT_CREATORS_GROUP).exists())


__all__ = [
    "CONTACT_FIELDS",
    "PERSONAL_FIELDS",
    "PROJECT_CREATORS_GROUP",
    "PROJECT_PATHS",
    "ROLE_PERMISSIONS",
    "Perm",
    "ProjectAccess",
    "SharedEditRefused",
    "can_create_project",
    "can_edit_shared",
    "get_scoped_or_404",
    "personal_fields_visible",
    "project_access",
    "project_view",
    "projects_for_user",
    "projects_showing",
    "require_shared_edit",
    "scoped",
]
