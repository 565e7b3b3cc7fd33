"""A project with two sponsors whose named representatives have accounts (elected officials)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from maillage.access import project_access
from maillage.projects.models import Membership, ProjectOrganisation
from tests.factories import make_membership, make_organisation, make_person, make_user
from tests.personas import other_project, persona_users, personas, project  # noqa: F401


@pytest.fixture
def sponsors(project: Any, persona_users: dict[str, Any]) -> dict[str, Any]:  # noqa: F811
    """Two sponsors: the department (represented by the "elected" persona) and the region
    (represented by a second elected official). Returns their users and clients."""
    region_user = make_user("elue-region", first_name="Rozenn", last_name="Region")
    make_membership(project, region_user, Membership.Role.ELECTED)
    users = {"department": persona_users["elected"], "region": region_user}
    for key, user in users.items():
        organisation = make_organisation(project, is_sponsor=True, name=f"Sponsor {key}")
        person = make_person(project, organisation=organisation, user=user)
        ProjectOrganisation.objects.filter(project=project, organisation=organisation).update(
            representative=person
        )
    clients = {}
    for key, user in users.items():
        clients[key] = Client()
        clients[key].force_login(user)
    return {"users": users, "clients": clients}


def access_of(user: Any, of_project: Any) -> Any:
    return project_access(user, of_project.pk)


@pytest.fixture
def mixed_sponsors(project: Any, persona_users: dict[str, Any]) -> dict[str, Any]:  # noqa: F811
    """Two sponsors: the department, represented by the "elected" persona (an account with an
    e-mail address), and a commune whose mayor has no account."""
    elected = persona_users["elected"]
    elected.email = "elue@departement.example"
    elected.save(update_fields=["email"])
    department = make_organisation(project, is_sponsor=True, name="Département")
    commune = make_organisation(project, is_sponsor=True, name="Commune de Paimpont")
    elected_person = make_person(
        project, organisation=department, user=elected, first_name="Élise", last_name="Élue"
    )
    mayor = make_person(project, organisation=commune, first_name="Marc", last_name="Maire")
    for organisation, person in ((department, elected_person), (commune, mayor)):
        ProjectOrganisation.objects.filter(project=project, organisation=organisation).update(
            representative=person
        )
    return {"elected": elected_person, "mayor": mayor}
