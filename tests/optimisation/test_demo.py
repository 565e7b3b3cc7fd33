"""On the demo project, with the real engine: a proposal is computed, its remedies are listed, and
every kind of remedy it offers can be added to the plan, after which the gap it closes shrinks."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from maillage.access import project_access
from maillage.demo import load_demo
from maillage.engine.staffing.remedies import structural_gap
from maillage.optimisation import selectors, services
from maillage.optimisation.remedies import remedy_apply
from maillage.optimisation.tasks import execute_run
from maillage.projects.models import Membership
from maillage.projects.snapshot import snapshot_for_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_run():
    project = load_demo()
    user = project.memberships.get(role=Membership.Role.COORDINATOR).user
    access = project_access(user, project.pk)
    run = services.run_start(access=access, max_people_per_task=6, time_limit=20, enqueue=False)
    assert execute_run(run.pk) == "succeeded"
    run.refresh_from_db()
    return project, access, run


def test_the_demo_proposal_shows_its_difference_and_remedies(demo_run, client):
    project, access, run = demo_run
    client.force_login(access.user)

    run_page = client.get(reverse("optimisation_run", args=[project.pk, run.pk]))
    remedies_page = client.get(reverse("optimisation_remedies", args=[project.pk]))

    proposal = selectors.proposal_for(project, run)
    assert proposal.changes, "the demo's plan can be improved"
    assert run_page.status_code == 200
    assert proposal.changes[0].person_name in run_page.content.decode()
    assert remedies_page.status_code == 200
    assert selectors.remedies_of(project, run), "the demo keeps gaps that remedies close"


def test_each_kind_of_remedy_of_the_demo_goes_into_the_plan_and_closes_gap(demo_run):
    project, access, run = demo_run
    remedies = selectors.remedies_of(project, run)
    chosen = {}
    for remedy in remedies:
        chosen.setdefault(remedy["kind"], remedy)
    assert len(chosen) >= 3

    before = structural_gap(snapshot_for_project(project))
    for remedy in chosen.values():
        with transaction.atomic():  # each kind alone, from the same plan
            remedy_apply(access=access, run=run, index=remedy["index"])
            after = structural_gap(snapshot_for_project(project))
            transaction.set_rollback(True)
        if remedy["kind"] in ("upskilling", "widening"):
            # Training takes effect when the person's level is reassessed; an invited person
            # counts once assigned: the plan holds the new work, the gap is not worse.
            assert after <= before + 1e-6, remedy["kind"]
        else:
            assert after < before, remedy["kind"]


def test_the_demo_has_its_own_remedy_costs_on_the_remedies_page(client):
    project = load_demo()
    client.force_login(project.memberships.get(role=Membership.Role.COORDINATOR).user)

    page = client.get(reverse("optimisation_remedies", args=[project.pk]))

    assert services.rates_for(project).pk is not None  # saved, not the engine's defaults
    assert "750" in page.content.decode()  # the demo's expert day rate
