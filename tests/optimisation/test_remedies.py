"""Remedies: listed per gap, sorted by gap closed per euro or by lead time, costs editable, and a
chosen remedy adds the right objects to the plan so that the next analysis counts it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from maillage.access import project_access
from maillage.competencies.models import Assessment
from maillage.directory.models import Availability, Employment, Person
from maillage.optimisation import selectors
from maillage.optimisation.models import AcceptedChange, RemedyRates, StaffingRun
from maillage.optimisation.remedies import remedy_apply
from maillage.projects.models import BudgetLine, ProjectOrganisation, ProjectPerson, Task
from maillage.projects.snapshot import snapshot_for_project
from maillage.staffing.models import Assignment, Need
from tests.factories import make_organisation, make_person
from tests.optimisation.factories import finished_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def access(project, persona_users):
    return project_access(persona_users["coordinator"], project.pk)


def _remedy(project, run, kind):
    return next(r for r in selectors.remedies_of(project, run) if r["kind"] == kind)


def _gap_need(run):
    return Need.objects.select_related("task").get(pk=run.result["unmet"][0]["need_id"])


def test_remedies_are_sorted_by_gap_closed_per_euro_or_by_lead_time(project):
    run = finished_run(project)

    by_value = selectors.remedies_of(project, run)
    by_delay = selectors.remedies_of(project, run, "delay")

    ratios = [r["per_thousand_euros"] for r in by_value]
    assert ratios == sorted(ratios, reverse=True)
    assert [r["lead_months"] for r in by_delay] == sorted(r["lead_months"] for r in by_delay)
    assert {r["kind"] for r in by_value} == {
        "upskilling",
        "external_expertise",
        "recruitment",
        "widening",
        "pooling",
    }


def test_upskilling_adds_a_training_task_with_its_cost_and_the_trainee(project, access):
    run = finished_run(project)
    remedy = _remedy(project, run, "upskilling")
    trainee = Person.objects.get(pk=remedy["person_id"])

    remedy_apply(access=access, run=run, index=remedy["index"])

    training = Task.objects.get(project=project, title__contains=str(trainee))
    assert BudgetLine.objects.get(task=training).amount == Decimal(str(remedy["cost"]))
    assert Assignment.objects.filter(task=training, person=trainee).exists()
    assert AcceptedChange.objects.get(kind="remedy").accepted_by == access.user


@pytest.mark.parametrize(
    ("today", "first_day", "last_day"),
    [
        # Mid-horizon: the training runs until the lead time is over.
        (datetime.date(2026, 3, 10), datetime.date(2026, 3, 10), None),
        # Near the horizon's end the lead time is cut short: the training still ends after it
        # starts (the remedy used to fail with "the end date must be on or after the start").
        (datetime.date(2026, 12, 20), datetime.date(2026, 12, 20), datetime.date(2026, 12, 20)),
        # Before the horizon: the training starts with it.
        (datetime.date(2025, 11, 5), datetime.date(2026, 1, 1), None),
    ],
)
def test_an_upskilling_training_starts_today_within_the_horizon_and_never_ends_before(
    project, access, frozen_today, today, first_day, last_day
):
    frozen_today.move_to(datetime.datetime.combine(today, datetime.time(10)))
    run = finished_run(project)
    remedy = _remedy(project, run, "upskilling")
    trainee = Person.objects.get(pk=remedy["person_id"])

    remedy_apply(access=access, run=run, index=remedy["index"])

    training = Task.objects.get(project=project, title__contains=str(trainee))
    assert training.start == first_day
    assert training.end >= training.start
    if last_day is not None:
        assert training.end == last_day
    else:
        assert training.end > training.start


def test_external_expertise_adds_a_budgeted_sub_task_and_a_qualified_expert(project, access):
    run = finished_run(project)
    remedy = _remedy(project, run, "external_expertise")
    need = _gap_need(run)

    remedy_apply(access=access, run=run, index=remedy["index"])

    expertise = Task.objects.get(parent=need.task)
    assert expertise.budget_lines.get().amount == Decimal(str(remedy["cost"]))
    expert = Person.objects.get(is_placeholder=True)
    assert Assignment.objects.filter(task=need.task, person=expert).exists()
    assert Assessment.objects.get(person=expert, competency=need.competency).level >= (
        need.min_level
    )


def test_recruitment_adds_a_post_to_fill_of_the_carrier_available_after_the_lead_time(
    project, access
):
    run = finished_run(project)
    remedy = _remedy(project, run, "recruitment")
    need = _gap_need(run)

    remedy_apply(access=access, run=run, index=remedy["index"])

    post = Person.objects.get(is_placeholder=True)
    assert ProjectPerson.objects.filter(project=project, person=post).exists()
    assert Employment.objects.get(person=post).organisation == project.carrier
    assert Employment.objects.get(person=post).time_share == Decimal("0.5")
    months = [a.month for a in Availability.objects.filter(person=post)]
    assert months and min(months) > project.horizon_start  # not before the lead time
    assert Assignment.objects.filter(task=need.task, person=post).exists()
    # The next analysis counts the post: it is in the snapshot, qualified.
    snapshot = snapshot_for_project(project)
    assert any(p.id == post.pk and p.in_project for p in snapshot.people)
    assert any(
        a.person_id == post.pk and a.competency_id == need.competency_id
        for a in snapshot.assessments
    )


def test_widening_invites_a_directory_person_and_their_organisation(project, access):
    outside_org = make_organisation(project)
    ProjectOrganisation.objects.filter(project=project, organisation=outside_org).delete()
    outsider = make_person(project, organisation=outside_org, first_name="Odile")
    ProjectPerson.objects.filter(project=project, person=outsider).delete()
    run = finished_run(project)
    need = _gap_need(run)
    result = dict(run.result)
    result["remedies"] = [
        {
            "kind": "widening",
            "competency_id": need.competency_id,
            "min_level": need.min_level,
            "person_id": outsider.pk,
            "cost": 500.0,
            "lead_time_months": 2,
            "gap_closed": 4.0,
        }
    ]
    run = StaffingRun.objects.create(project=project, status="succeeded", result=result)

    remedy_apply(access=access, run=run, index=0)

    assert ProjectPerson.objects.filter(project=project, person=outsider).exists()
    assert ProjectOrganisation.objects.filter(project=project, organisation=outside_org).exists()


def test_pooling_assigns_the_partner_person_to_the_gap_task(project, access):
    run = finished_run(project)
    remedy = _remedy(project, run, "pooling")
    need = _gap_need(run)
    before = Assignment.objects.filter(task=need.task, person_id=remedy["person_id"]).count()

    remedy_apply(access=access, run=run, index=remedy["index"])

    assert Assignment.objects.filter(task=need.task, person_id=remedy["person_id"]).count() >= max(
        before, 1
    )
    assert AcceptedChange.objects.filter(kind="remedy", task_id_copy=need.task_id).exists()


def test_choosing_a_remedy_on_the_page_adds_it_and_says_so(project, personas):
    run = finished_run(project)
    remedy = _remedy(project, run, "recruitment")

    response = personas["coordinator"].post(
        reverse("optimisation_remedy_choose", args=[project.pk]),
        {"run": run.pk, "remedy": remedy["index"]},
        follow=True,
    )

    assert Person.objects.filter(is_placeholder=True).count() == 1
    assert response.status_code == 200


def test_a_contributor_sees_remedies_but_cannot_choose_one(project, personas):
    run = finished_run(project)
    page = personas["contributor"].get(reverse("optimisation_remedies", args=[project.pk]))
    refused = personas["contributor"].post(
        reverse("optimisation_remedy_choose", args=[project.pk]), {"run": run.pk, "remedy": 0}
    )

    choose = reverse("optimisation_remedy_choose", args=[project.pk])
    assert page.status_code == 200 and choose not in page.content.decode()
    assert refused.status_code == 403
    assert not Person.objects.filter(is_placeholder=True).exists()


def test_costs_are_edited_per_project_and_used_by_the_next_run(project, access, personas):
    from maillage.optimisation.engine_bridge import options_for_run

    data = {
        "training_cost": "2000",
        "training_lead_months": "2",
        "expert_day_rate": "950",
        "expert_lead_months": "1",
        "recruitment_yearly_cost_per_fte": "55000",
        "recruitment_lead_months": "6",
        "working_days_per_month": "17",
        "widening_cost": "300",
        "widening_lead_months": "2",
        "pooling_day_rate": "250",
        "pooling_lead_months": "1",
    }

    response = personas["coordinator"].post(reverse("optimisation_rates", args=[project.pk]), data)

    assert response.status_code == 302
    assert RemedyRates.objects.get(project=project).expert_day_rate == Decimal("950")
    run = StaffingRun.objects.create(project=project)
    costs = options_for_run(run).costs
    assert (costs.expert_day_rate, costs.recruitment_lead_months) == (950.0, 6)


def test_bad_costs_are_refused_with_the_field_named(project, personas):
    response = personas["coordinator"].post(
        reverse("optimisation_rates", args=[project.pk]), {"training_cost": "-5"}
    )

    assert response.status_code == 200
    assert not RemedyRates.objects.exists()
    assert 'id="id_training_cost_error"' in response.content.decode()
