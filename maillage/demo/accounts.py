"""The demo's user accounts: one per project role, plus the coordinator of the other project."""

from __future__ import annotations

from typing import NamedTuple

from django.contrib.auth import get_user_model

from maillage.demo import data
from maillage.directory.models import Person
from maillage.projects.models import Membership, Project

DEMO_PROJECT_NAME = data.PROJECT_NAME
OTHER_PROJECT_NAME = data.OTHER_PROJECT_NAME
DEMO_PASSWORD = "maillage-demo"


class DemoUser(NamedTuple):
    username: str
    role: str
    display_name: str


# The five roles of the demo project, and the person each account belongs to (if any).
DEMO_USERS: list[DemoUser] = [
    DemoUser("coordination", Membership.Role.COORDINATOR, "Claire Le Goff"),
    DemoUser("contribution", Membership.Role.CONTRIBUTOR, "Sophie Lebreton"),
    DemoUser("elu", Membership.Role.ELECTED, "Yannick Guillou"),
    DemoUser("partenaire", Membership.Role.PARTNER, "Léa Bertrand"),
    DemoUser("observation", Membership.Role.OBSERVER, "Gwenaëlle Le Roux"),
]
# The coordinator of the second project, who sees nothing of the first.
OTHER_PROJECT_USER = DemoUser("autre-projet", Membership.Role.COORDINATOR, "Erwan Jaouen")


def ensure_demo_users() -> list[DemoUser]:
    """Create the demo accounts that are missing, with their memberships and people."""
    user_model = get_user_model()
    projects = {
        p.name: p for p in Project.objects.filter(name__in=[DEMO_PROJECT_NAME, OTHER_PROJECT_NAME])
    }
    created = []
    for demo_user, project_name in [(u, DEMO_PROJECT_NAME) for u in DEMO_USERS] + [
        (OTHER_PROJECT_USER, OTHER_PROJECT_NAME)
    ]:
        first_name, _sep, last_name = demo_user.display_name.partition(" ")
        user = user_model.objects.filter(username=demo_user.username).first()
        if user is None:
            user = user_model(
                username=demo_user.username, first_name=first_name, last_name=last_name
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            created.append(demo_user)
        project = projects.get(project_name)
        if project is None:
            continue
        Membership.objects.get_or_create(
            project=project, user=user, defaults={"role": demo_user.role}
        )
        person = Person.objects.filter(
            project_links__project=project,
            first_name=first_name,
            last_name=last_name,
            user__isnull=True,
        ).first()
        if person is not None and not hasattr(user, "person"):
            person.user = user
            person.save(update_fields=["user"])
    return created
