"""Persona fixtures: one user per role in `project`, an outsider, and anonymous.

`personas[name]` is a django.test.Client: logged in for every persona, not logged in for
"anonymous". `persona_users[name]` is the matching user (None for anonymous).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from maillage.projects.models import Membership
from tests.factories import make_dataset, make_membership, make_person, make_project, make_user

ROLE_OF = {
    "coordinator": Membership.Role.COORDINATOR,
    "contributor": Membership.Role.CONTRIBUTOR,
    "elected": Membership.Role.ELECTED,
    "partner": Membership.Role.PARTNER,
    "observer": Membership.Role.OBSERVER,
}
PERSONAS = [*ROLE_OF, "outsider", "anonymous"]


@pytest.fixture
def project(db: Any) -> Any:
    """A project with a small data set, so that every page has something to show."""
    project = make_project("PAT du Pays de Test")
    project.dataset = make_dataset(project, "small")
    return project


@pytest.fixture
def other_project(db: Any) -> Any:
    """Another project, of other users, with its own data set."""
    project = make_project("Projet voisin")
    project.dataset = make_dataset(project, "small")
    return project


@pytest.fixture
def persona_users(project: Any, other_project: Any) -> dict[str, Any]:
    users: dict[str, Any] = {}
    for name, role in ROLE_OF.items():
        user = make_user(name, first_name=name.capitalize(), last_name="Test")
        make_membership(project, user, role)
        users[name] = user
    # The contributor is also a person of the project (sees their own personal data).
    make_person(project, user=users["contributor"], first_name="Camille", last_name="Contrib")
    users["outsider"] = make_user("outsider")
    make_membership(other_project, users["outsider"], Membership.Role.COORDINATOR)
    users["anonymous"] = None
    return users


@pytest.fixture
def personas(persona_users: dict[str, Any]) -> dict[str, Client]:
    clients: dict[str, Client] = {}
    for name, user in persona_users.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        clients[name] = client
    return clients
