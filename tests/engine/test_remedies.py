"""Remedies for residual gaps: each kind found where it applies, its effect equal to a re-run of
the gap analysis with it applied, costs from the editable defaults, and the ranking."""

from __future__ import annotations

import dataclasses
import math

import pytest

from maillage.engine.analysis.gaps import analyse_gaps
from maillage.engine.generate import generate_project
from maillage.engine.snapshot import Assessment, Employment, Organisation
from maillage.engine.staffing import (
    RemedyCosts,
    StaffingOptions,
    apply_remedy,
    optimise,
    propose_remedies,
)
from tests.engine.conftest import holds, need, person, snapshot, task

A = 1


def gap_project():
    """A needs 6 days a month at level 3; the project's only holder (2) gives 2 of them.

    Person 1 is one level below, motivated, with time (upskilling); person 2 works for an
    organisation of the project at full time but gives only 2 days (pooling); person 9 is in
    the directory outside the project and holds level 3 (widening).
    """
    people = [
        person(1, 5.0),
        dataclasses.replace(person(2, 2.0), employments=(Employment(1, 1.0),)),
        person(9, 3.0, in_project=False, organisation=2),
    ]
    snap = snapshot(
        people=people,
        assessments=[Assessment(1, A, 2, 4, 3), *holds(2, (A, 3)), *holds(9, (A, 3))],
        tasks=[task(1)],
        needs=[need(1, 1, A, 3, 6.0)],
    )
    organisations = (
        Organisation(1, "Communauté de communes", "epci", 1),
        Organisation(2, "Chambre d'agriculture", "chamber", 1, in_project=False),
    )
    return dataclasses.replace(snap, organisations=organisations)


def test_each_kind_of_remedy_is_proposed_with_its_effect_recomputed():
    snap = gap_project()
    costs = RemedyCosts()
    remedies = propose_remedies(snap, costs=costs)
    by_kind = {r.kind: r for r in remedies}
    assert set(by_kind) == {
        "upskilling",
        "external_expertise",
        "recruitment",
        "widening",
        "pooling",
    }
    base = analyse_gaps(snap).structural.total_gap
    assert base == pytest.approx(48.0)  # 4 days a month
    for remedy in remedies:
        assert remedy.gap_before == pytest.approx(base)
        after = analyse_gaps(apply_remedy(snap, remedy)).structural.total_gap
        assert remedy.gap_after == pytest.approx(after)
        assert remedy.gap_closed > 0
    # Hand-computed effects: training person 1 brings 5 days a month, 4 of them needed.
    assert by_kind["upskilling"].gap_closed == pytest.approx(48.0)
    assert by_kind["upskilling"].cost == costs.training_cost
    # Person 9 brings 3 days a month.
    assert by_kind["widening"].gap_closed == pytest.approx(36.0)
    assert by_kind["widening"].person_id == 9
    # Person 2 could give up to 18 days (full time): the 4 missing days a month are pooled.
    assert by_kind["pooling"].days == pytest.approx(48.0)
    assert by_kind["pooling"].cost == pytest.approx(48.0 * costs.pooling_day_rate)
    assert by_kind["pooling"].gap_closed == pytest.approx(48.0)
    # External expertise buys exactly the gap.
    assert by_kind["external_expertise"].cost == pytest.approx(48.0 * costs.expert_day_rate)
    assert by_kind["external_expertise"].gap_closed == pytest.approx(48.0)
    # Recruitment: 4 days a month is 0.3 of an 18-day post (rounded up to a tenth).
    assert by_kind["recruitment"].fte == pytest.approx(0.3)
    assert by_kind["recruitment"].cost == pytest.approx(0.3 * costs.recruitment_yearly_cost_per_fte)


def test_remedies_are_ranked_by_gap_closed_per_euro_then_by_lead_time():
    remedies = propose_remedies(gap_project(), costs=RemedyCosts())
    keys = [(-r.closed_per_euro, r.lead_time_months) for r in remedies]
    assert keys == sorted(keys)
    assert remedies[0].kind == "widening"  # 36 days for 500 €


def test_costs_come_from_the_editable_defaults():
    cheap = RemedyCosts(expert_day_rate=100.0, training_cost=10_000.0)
    remedies = {r.kind: r for r in propose_remedies(gap_project(), costs=cheap)}
    assert remedies["external_expertise"].cost == pytest.approx(4800.0)
    assert remedies["upskilling"].cost == 10_000.0
    assert remedies["upskilling"].lead_time_months == cheap.training_lead_months


def test_no_gap_no_remedy():
    snap = snapshot(
        people=[person(1, 5.0)],
        assessments=holds(1, (A, 3)),
        tasks=[task(1)],
        needs=[need(1, 1, A, 3, 2.0)],
    )
    assert propose_remedies(snap, costs=RemedyCosts()) == ()


def test_upskilling_needs_motivation_and_time():
    snap = gap_project()
    unmotivated = dataclasses.replace(
        snap,
        assessments=tuple(
            dataclasses.replace(a, motivation=2) if a.person_id == 1 else a
            for a in snap.assessments
        ),
    )
    kinds = {r.kind for r in propose_remedies(unmotivated, costs=RemedyCosts())}
    assert "upskilling" not in kinds


@pytest.mark.parametrize("seed", [1, 4])
def test_remedy_effects_on_a_generated_project_equal_a_rerun_of_the_gap_analysis(seed):
    snap = generate_project(people=60, tasks=90, competencies=15, seed=seed)
    result = optimise(snap, StaffingOptions(exact_max_variables=0, remedy_gaps=3))
    assert result.remedies
    base = analyse_gaps(snap).structural.total_gap
    for remedy in result.remedies:
        assert remedy.gap_before == pytest.approx(base)
        rerun = analyse_gaps(apply_remedy(snap, remedy)).structural.total_gap
        assert remedy.gap_after == pytest.approx(rerun)
        assert remedy.gap_closed > 0
        assert not math.isnan(remedy.closed_per_euro)
        assert remedy.description.message_fr and remedy.description.message_en


def test_when_nobody_holds_the_level_only_expertise_or_recruitment_close_the_gap():
    snap = snapshot(tasks=[task(1)], needs=[need(1, 1, A, 2, 3.0)])
    remedies = propose_remedies(snap, costs=RemedyCosts())
    assert {r.kind for r in remedies} == {"external_expertise", "recruitment"}
    for remedy in remedies:
        assert remedy.gap_closed == pytest.approx(36.0)  # the whole need, 3 days a month
        assert analyse_gaps(apply_remedy(snap, remedy)).structural.total_gap == pytest.approx(0)
