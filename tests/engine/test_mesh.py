"""Fragility of the mesh: qualified-people counts, departures, the collaboration network."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings

from maillage.engine.analysis.flow import (
    brute_force_losses,
    build_model,
    departure_losses,
    solve_structural,
)
from maillage.engine.analysis.mesh import analyse_mesh, collaboration_network
from maillage.engine.generate import generate_project
from maillage.engine.snapshot import Body
from tests.engine.conftest import assign, holds, need, person, snapshot, task
from tests.engine.test_gaps_properties import projects

A, B, C = 1, 2, 3


def test_competency_coverage_counts_people_at_each_level_needs_use():
    project = snapshot(
        people=[person(1), person(2), person(3, in_project=False)],
        assessments=holds(1, (A, 3), (B, 1)) + holds(2, (A, 1)) + holds(3, (B, 4)),
        tasks=[task(1), task(2)],
        needs=[need(1, 1, A, 1, 1.0), need(2, 1, A, 3, 1.0), need(3, 2, B, 2, 1.0)],
    )
    coverage = {(c.competency_id, c.min_level): c for c in analyse_mesh(project).competencies}
    assert coverage[(A, 1)].person_ids == (1, 2)
    assert coverage[(A, 3)].person_ids == (1,)
    assert coverage[(A, 3)].single_point_of_failure
    assert coverage[(B, 2)].qualified_people == 0
    assert coverage[(A, 1)].days == pytest.approx(12.0)
    assert [
        (c.competency_id, c.min_level) for c in analyse_mesh(project).single_points_of_failure
    ] == [(A, 3)]


def test_task_coverage_counts_people_qualified_for_all_or_any_need():
    project = snapshot(
        people=[person(1), person(2), person(3)],
        assessments=holds(1, (A, 2), (B, 2)) + holds(2, (A, 2)) + holds(3, (C, 1)),
        tasks=[task(1), task(2)],
        needs=[need(1, 1, A, 2, 1.0), need(2, 1, B, 1, 1.0), need(3, 2, C, 1, 1.0)],
    )
    coverage = {t.task_id: t for t in analyse_mesh(project).tasks}
    first = coverage[1]
    assert (first.need_count, first.qualified_for_all, first.qualified_for_any) == (2, 1, 2)
    assert first.weakest_need == 1 and first.single_point_of_failure
    assert (coverage[2].qualified_for_all, coverage[2].qualified_for_any) == (1, 1)


def test_departures_are_ranked_by_the_growth_of_the_structural_gap():
    # Person 1 (A and B, 5 days) is the only one for B; person 2 (A, 2 days) helps on A;
    # person 3 has no useful competency.
    project = snapshot(
        people=[person(1, 5.0), person(2, 2.0), person(3, 8.0)],
        assessments=holds(1, (A, 1), (B, 1)) + holds(2, (A, 1)) + holds(3, (C, 1)),
        tasks=[task(1)],
        needs=[need(1, 1, A, 1, 4.0), need(2, 1, B, 1, 3.0)],
    )
    departures = analyse_mesh(project).departures
    assert [(d.person_id, d.gap_increase) for d in departures] == [
        (1, pytest.approx(60.0)),
        (2, pytest.approx(24.0)),
        (3, 0.0),
    ]
    assert departures[0].flow_through == pytest.approx(60.0)


def test_a_replaceable_person_costs_nothing_even_with_flow_through_them():
    project = snapshot(
        people=[person(1, 2.0), person(2, 3.0)],
        assessments=holds(1, (A, 1)) + holds(2, (A, 1)),
        tasks=[task(1)],
        needs=[need(1, 1, A, 1, 2.0)],
    )
    losses = {d.person_id: d.gap_increase for d in analyse_mesh(project).departures}
    assert losses == {1: 0.0, 2: 0.0}


def test_departure_needs_a_chain_of_replacements():
    # If 1 leaves, 2 moves from A to B and 3 takes over A: nothing is lost.
    project = snapshot(
        people=[person(1, 2.0), person(2, 2.0), person(3, 2.0)],
        assessments=holds(1, (B, 1)) + holds(2, (A, 1), (B, 1)) + holds(3, (A, 1)),
        tasks=[task(1)],
        needs=[need(1, 1, A, 1, 2.0), need(2, 1, B, 1, 2.0)],
    )
    model = build_model(project)
    flow = solve_structural(model)
    exact = {d.person_row: d.loss for d in departure_losses(model, flow)}
    assert exact == brute_force_losses(model, range(3))


def _check_top_k_against_brute_force(project, ks=(1, 3, None)):
    model = build_model(project)
    flow = solve_structural(model)
    brute = brute_force_losses(model, range(len(model.person_ids)))
    ranked = sorted(brute.items(), key=lambda item: (-item[1], item[0]))
    for k in ks:
        pruned = departure_losses(model, flow, top=k)
        expected = ranked if k is None else ranked[:k]
        assert [(d.person_row, d.loss) for d in pruned] == expected
        assert all(d.loss <= d.bound for d in pruned)


@pytest.mark.parametrize("seed", range(6))
def test_pruned_top_k_departures_equal_brute_force_on_generated_projects(seed):
    project = generate_project(people=30, tasks=40, competencies=6, seed=seed)
    _check_top_k_against_brute_force(project, ks=(1, 3, 10, None))


@settings(max_examples=60, deadline=None)
@given(projects())
def test_pruned_top_k_departures_equal_brute_force_on_random_projects(project):
    _check_top_k_against_brute_force(project)


def test_collaboration_network_links_people_by_tasks_and_bodies():
    people = [
        person(1, organisation=10),
        person(2, organisation=10),
        person(3, organisation=20),
        person(4, organisation=30),
        person(5, organisation=20),
        person(6, organisation=40),
    ]
    project = snapshot(
        people=people,
        tasks=[task(1), task(2)],
        assignments=[
            assign(1, 1, 1, 1.0, "lead"),
            assign(2, 1, 2, 1.0),
            assign(3, 1, 3, 0.0, "consulted"),
            assign(4, 2, 3, 1.0, "lead"),
            assign(5, 2, 4, 1.0),
            assign(6, 1, 6, 0.0, "informed"),
        ],
        bodies=[Body(1, "COTECH", "cotech", 6, 0.5, member_ids=(3, 5), animator_id=1)],
    )
    network = collaboration_network(project)
    weights = {(link.person_a, link.person_b): link.weight for link in network.links}
    assert weights == {(1, 2): 1, (1, 3): 2, (2, 3): 1, (3, 4): 1, (3, 5): 1, (1, 5): 1}
    hub = network.of(3)
    assert hub is not None
    assert hub.linked_organisation_ids == (10, 30)
    assert hub.is_articulation_point
    assert network.bridges == (3,)
    assert network.of(6) is None
    assert network.components == 1
    assert not any(p.is_articulation_point for p in network.people if p.person_id != 3)


def test_separate_groups_make_separate_components():
    project = snapshot(
        people=[person(i, organisation=i) for i in range(1, 5)],
        tasks=[task(1), task(2)],
        assignments=[
            assign(1, 1, 1, 1.0),
            assign(2, 1, 2, 1.0),
            assign(3, 2, 3, 1.0),
            assign(4, 2, 4, 1.0),
        ],
    )
    network = collaboration_network(project)
    assert network.components == 2
    assert network.bridges == ()


def test_the_engine_analyses_import_no_django():
    code = (
        "import sys; import maillage.engine.analysis.gaps, maillage.engine.analysis.mesh, "
        "maillage.engine.generate, maillage.engine.bench; "
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
