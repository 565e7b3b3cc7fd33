"""A proposal shown as a difference from today's assignments, accepted all, some or none, in one
transaction, with optimistic locking, locks kept and every accepted change in the history."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maillage.access import project_access
from maillage.optimisation import selectors, services
from maillage.optimisation.models import AcceptedChange, StaffingRun
from maillage.staffing.models import Assignment
from tests.factories import make_assignment, make_competency, make_need, make_person, make_task
from tests.optimisation.factories import finished_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_access(project, persona_users):
    return project_access(persona_users["coordinator"], project.pk)


def _small_case(project):
    """One task needing 4 days a month: Alice is on it (2 days, contributor), Bruno leads it
    with 1 day; the proposal gives Alice 3 days, adds Chloé with 1 day and drops Bruno."""
    competency = make_competency(project.framework)
    task = make_task(project, title="Diagnostic agricole")
    make_need(task, competency, days_per_month=Decimal("4"))
    alice = make_person(project, first_name="Alice", last_name="A")
    bruno = make_person(project, first_name="Bruno", last_name="B")
    chloe = make_person(project, first_name="Chloé", last_name="C")
    make_assignment(task, alice, Assignment.Responsibility.CONTRIBUTOR, days_per_month=2)
    make_assignment(task, bruno, Assignment.Responsibility.LEAD, days_per_month=1)
    months = len(project.horizon_month_starts())
    result = {
        "objective": 4.0 * months,
        "bound": 4.0 * months,
        "gap_percent": 0.0,
        "assignments": [
            {
                "person_id": alice.pk,
                "task_id": task.pk,
                "days_by_month": [3.0] * months,
                "reason": {"message_fr": "Alice : niveau 3", "message_en": "Alice: level 3"},
            },
            {
                "person_id": chloe.pk,
                "task_id": task.pk,
                "days_by_month": [1.0] * months,
                "reason": {"message_fr": "Chloé : niveau 2", "message_en": "Chloé: level 2"},
            },
        ],
        "unmet": [],
        "remedies": [],
    }
    run = StaffingRun.objects.create(project=project, status="succeeded", result=result)
    return SimpleNamespace(task=task, alice=alice, bruno=bruno, chloe=chloe, run=run)


def _changes(project, run):
    return {(c.task_id, c.person_id): c for c in selectors.proposal_for(project, run).changes}


@pytest.mark.french
def test_the_proposal_is_shown_as_added_changed_and_removed_days(project):
    case = _small_case(project)

    changes = _changes(project, case.run)

    assert {
        key: (c.kind, c.before, c.after) for key, c in changes.items() if key[0] == case.task.pk
    } == {
        (case.task.pk, case.alice.pk): ("changed", Decimal("2.00"), Decimal("3.00")),
        (case.task.pk, case.chloe.pk): ("added", Decimal("0.00"), Decimal("1.00")),
        (case.task.pk, case.bruno.pk): ("removed", Decimal("1.00"), Decimal("0.00")),
    }
    assert changes[(case.task.pk, case.alice.pk)].explanations == ["Alice : niveau 3"]


def test_accepting_some_changes_saves_only_those_and_records_them(project, coordinator_access):
    case = _small_case(project)
    changes = _changes(project, case.run)
    chosen = [changes[(case.task.pk, case.alice.pk)], changes[(case.task.pk, case.chloe.pk)]]

    services.proposal_accept(
        access=coordinator_access,
        run=case.run,
        keys=[c.key for c in chosen],
        states={c.key: c.state for c in chosen},
    )

    days = {
        (a.person_id, a.responsibility): a.days_per_month
        for a in Assignment.objects.filter(task=case.task)
    }
    assert days == {
        (case.alice.pk, "contributor"): Decimal("3.00"),
        (case.chloe.pk, "contributor"): Decimal("1.00"),
        (case.bruno.pk, "lead"): Decimal("1.00"),  # not accepted: untouched
    }
    history = AcceptedChange.objects.filter(project=project)
    assert {(h.person_id_copy, h.kind, h.days_before, h.days_after) for h in history} == {
        (case.alice.pk, "changed", Decimal("2.00"), Decimal("3.00")),
        (case.chloe.pk, "added", Decimal("0.00"), Decimal("1.00")),
    }
    assert {h.accepted_by for h in history} == {coordinator_access.user}
    assert Assignment.objects.get(task=case.task, person=case.alice).version == 2


def test_a_removed_lead_keeps_the_role_without_days(project, coordinator_access):
    case = _small_case(project)
    change = _changes(project, case.run)[(case.task.pk, case.bruno.pk)]

    services.proposal_accept(
        access=coordinator_access,
        run=case.run,
        keys=[change.key],
        states={change.key: change.state},
    )

    lead = Assignment.objects.get(task=case.task, person=case.bruno)
    assert (lead.responsibility, lead.days_per_month) == ("lead", Decimal("0.00"))


def test_acceptance_is_all_or_nothing_when_an_assignment_changed_meanwhile(
    project, coordinator_access
):
    case = _small_case(project)
    changes = _changes(project, case.run)
    chosen = [changes[(case.task.pk, case.chloe.pk)], changes[(case.task.pk, case.alice.pk)]]
    states = {c.key: c.state for c in chosen}
    # Someone edits Alice's assignment after the proposal was shown.
    Assignment.objects.filter(task=case.task, person=case.alice).update(days_per_month=5, version=2)

    with pytest.raises(ValidationError) as error:
        services.proposal_accept(
            access=coordinator_access, run=case.run, keys=[c.key for c in chosen], states=states
        )

    assert "Alice A" in error.value.messages[0]
    assert not Assignment.objects.filter(task=case.task, person=case.chloe).exists()  # rolled back
    assert Assignment.objects.get(task=case.task, person=case.alice).days_per_month == 5
    assert not AcceptedChange.objects.exists()


def test_locked_assignments_are_not_part_of_the_difference_and_stay(project, coordinator_access):
    case = _small_case(project)
    Assignment.objects.filter(task=case.task, person=case.alice).update(is_locked=True)
    proposal = selectors.proposal_for(project, case.run)
    assert (case.task.pk, case.alice.pk) not in {(c.task_id, c.person_id) for c in proposal.changes}
    assert proposal.locked == 1

    services.proposal_accept(
        access=coordinator_access,
        run=case.run,
        keys=[c.key for c in proposal.changes],
        states={c.key: c.state for c in proposal.changes},
    )

    assert Assignment.objects.get(task=case.task, person=case.alice).days_per_month == 2


def test_locks_are_set_and_recorded(project, coordinator_access):
    case = _small_case(project)
    a = Assignment.objects.get(task=case.task, person=case.alice)
    b = Assignment.objects.get(task=case.task, person=case.bruno)

    changed = services.locks_update(access=coordinator_access, shown=[a.pk, b.pk], locked=[a.pk])

    assert changed == 1
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.is_locked, b.is_locked) == (True, False)
    assert AcceptedChange.objects.get().kind == "locked"


def test_locks_of_another_project_cannot_be_set(project, other_project, coordinator_access):
    foreign = Assignment.objects.filter(task__project=other_project).first()

    services.locks_update(access=coordinator_access, shown=[foreign.pk], locked=[foreign.pk])

    foreign.refresh_from_db()
    assert not foreign.is_locked


def test_the_coordinator_accepts_through_the_page(project, personas):
    case = _small_case(project)
    change = _changes(project, case.run)[(case.task.pk, case.chloe.pk)]
    url = reverse("optimisation_run_accept", args=[project.pk, case.run.pk])

    response = personas["coordinator"].post(
        url, {"change": change.key, f"state-{change.key}": change.state}
    )

    assert response.status_code == 302
    assert Assignment.objects.get(task=case.task, person=case.chloe).days_per_month == 1
    page = personas["coordinator"].get(reverse("optimisation_history", args=[project.pk]))
    assert "Chloé C" in page.content.decode()


def test_accept_all_saves_every_change(project, personas):
    case = _small_case(project)
    changes = selectors.proposal_for(project, case.run).changes
    data = {f"state-{c.key}": c.state for c in changes}
    data["all"] = "1"

    personas["coordinator"].post(
        reverse("optimisation_run_accept", args=[project.pk, case.run.pk]), data
    )

    assert AcceptedChange.objects.count() == len(changes)
    assert selectors.proposal_for(project, case.run).changes == []


def test_a_contributor_sees_the_proposal_but_cannot_accept_it(project, personas):
    case = _small_case(project)
    change = _changes(project, case.run)[(case.task.pk, case.chloe.pk)]

    page = personas["contributor"].get(reverse("optimisation_run", args=[project.pk, case.run.pk]))
    refused = personas["contributor"].post(
        reverse("optimisation_run_accept", args=[project.pk, case.run.pk]), {"change": change.key}
    )

    assert page.status_code == 200 and "Chloé C" in page.content.decode()
    assert 'name="change"' not in page.content.decode()
    assert refused.status_code == 403
    assert not Assignment.objects.filter(task=case.task, person=case.chloe).exists()


@pytest.mark.french
def test_the_run_page_shows_objective_bound_ratio_and_explanations(project, personas):
    run = finished_run(project)

    page = personas["coordinator"].get(reverse("optimisation_run", args=[project.pk, run.pk]))

    text = page.content.decode()
    assert 'id="proposal-objective">40,00' in text or 'id="proposal-objective">40.00' in text
    assert 'id="proposal-bound">44,00' in text or 'id="proposal-bound">44.00' in text
    assert "90,9 %" in text or "90.9 %" in text
    assert "motivation 3" in text  # the coordinator sees why
    assert "personne n&#x27;a le niveau" in text  # and why a need stays uncovered


def test_explanations_naming_motivation_are_kept_from_contributors(project, personas):
    run = finished_run(project)

    page = personas["contributor"].get(reverse("optimisation_run", args=[project.pk, run.pk]))

    assert "motivation 3" not in page.content.decode()


@pytest.mark.french
@pytest.mark.parametrize(
    ("method", "label"),
    [
        (
            "min-cost flow, K repair, merges",
            "flots de coût minimum mois par mois, puis réparations et regroupements",
        ),
        ("CP-SAT, exact model (optimal)", "modèle exact résolu par CP-SAT"),
        ("a method of tomorrow", "a method of tomorrow"),
    ],
)
def test_the_method_is_named_in_the_readers_language(method, label):
    assert selectors.summary_of({"method": method})["method"] == label
