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

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse

from maillage.directory.models import Person
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
    "planning.roll": "project",
    "optimisation.staffingrun": "project",
    "optimisation.acceptedchange": "project",
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


__all__ = [
    "PROJECT_PATHS",
    "ROLE_PERMISSIONS",
    "Perm",
    "ProjectAccess",
    "get_scoped_or_404",
    "project_access",
    "project_view",
    "projects_for_user",
    "scoped",
]
