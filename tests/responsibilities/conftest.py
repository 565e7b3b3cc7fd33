"""A small, hand-made project whose figures the tests can state: who works on what, how much."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from maillage.directory.models import Availability, Person
from maillage.projects.models import Membership, ProjectPerson
from maillage.responsibilities.models import TaskPartner
from maillage.staffing.models import Assignment
from tests.factories import (
    make_assignment,
    make_axis,
    make_body,
    make_membership,
    make_organisation,
    make_person,
    make_project,
    make_task,
    make_user,
)

R = Assignment.Responsibility


@pytest.fixture(autouse=True)
def english() -> Any:
    """The tests read in English: pages and messages in English whatever the French catalogue
    says (documents are built in French explicitly, and their tests say so)."""
    with translation.override("en"):
        yield


@pytest.fixture
def team(db: Any) -> SimpleNamespace:
    """Anne (agent, 10 days a month) leads the diagnosis; Élise is the axis's political referent.

    The diagnosis runs January to February at 4 days a month, the canteen task March at 8 days;
    Anne sits in a COTECH of 12 half-day meetings a year (0.5 day a month).
    """
    project = make_project("PAT de Test", horizon_start=datetime.date(2026, 1, 1))
    chamber = make_organisation(project, name="Chambre d'agriculture", short_name="CA35")
    anne = make_person(
        project,
        first_name="Anne",
        last_name="Le Goff",
        job_title="Chargée de mission PAT",
        leeway=ProjectPerson.Leeway.DECIDES,
    )
    bruno = make_person(project, organisation=chamber, first_name="Bruno", last_name="Morvan")
    elise = make_person(
        project,
        first_name="Élise",
        last_name="Rault",
        kind=Person.Kind.ELECTED,
        leeway=ProjectPerson.Leeway.DECIDES,
    )
    for person, days in ((anne, "10"), (bruno, "3"), (elise, "2")):
        Availability.objects.bulk_create(
            Availability(person=person, month=month, days=Decimal(days))
            for month in project.horizon_month_starts()
        )
    axis = make_axis(
        project,
        code="ECO",
        name="Économie alimentaire",
        lead=anne,
        political_referent=elise,
        technical_referent=anne,
        lead_organisation=project.carrier,
    )
    diagnosis = make_task(
        project,
        title="Diagnostic agricole du territoire",
        axis=axis,
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 2, 28),
        modalities="Entretiens avec les exploitants",
    )
    canteen = make_task(
        project,
        title="Approvisionnement local des cantines",
        axis=axis,
        start=datetime.date(2026, 3, 1),
        end=datetime.date(2026, 3, 31),
    )
    lead = make_assignment(diagnosis, anne, R.LEAD, days_per_month=Decimal("4"))
    helper = make_assignment(diagnosis, bruno, R.CONTRIBUTOR, days_per_month=Decimal("2"))
    validator = make_assignment(diagnosis, elise, R.VALIDATOR, days_per_month=Decimal("0.5"))
    canteen_lead = make_assignment(canteen, anne, R.LEAD, days_per_month=Decimal("8"))
    TaskPartner.objects.create(task=diagnosis, organisation=chamber, contribution="Données")
    cotech = make_body(
        project,
        members=[anne, bruno],
        name="COTECH alimentation",
        meetings_per_year=12,
        meeting_days=Decimal("0.5"),
        animator=anne,
    )
    cotech.axes.add(axis)
    clients = {}
    for role in Membership.Role.values:
        user = make_user(f"{role}-team")
        make_membership(project, user, role)
        client = Client(headers={"accept-language": "en"})
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        client.force_login(user)
        clients[role] = client
    return SimpleNamespace(
        project=project,
        chamber=chamber,
        anne=anne,
        bruno=bruno,
        elise=elise,
        axis=axis,
        diagnosis=diagnosis,
        canteen=canteen,
        lead=lead,
        helper=helper,
        validator=validator,
        canteen_lead=canteen_lead,
        cotech=cotech,
        clients=clients,
    )
