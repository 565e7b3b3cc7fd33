"""The combined analysis: every analysis run once on the same snapshot, as JSON and as text."""

from __future__ import annotations

import dataclasses
import datetime
import json

import pytest

from maillage.engine.analysis import AnalysisOptions, analyse_project, format_text, report_to_json
from maillage.engine.analysis.duplicates import duplicate_findings
from maillage.engine.analysis.gaps import analyse_gaps
from maillage.engine.analysis.mesh import analyse_mesh
from maillage.engine.analysis.rules import check_all
from maillage.engine.analysis.time_losses import time_losses
from maillage.engine.generate import generate_project
from maillage.engine.snapshot import (
    Assignment,
    Axis,
    Competency,
    Organisation,
    ProjectSnapshot,
    Task,
)
from tests.engine.conftest import MONTHS, holds, need, person, task

END = datetime.date(2027, 12, 31)


@pytest.fixture(scope="module")
def generated() -> ProjectSnapshot:
    return generate_project(people=40, tasks=60, competencies=12, seed=7)


def small_project() -> ProjectSnapshot:
    """Two people of two organisations; task 1 is led, task 2 has no lead and a need nobody
    holds; tasks 3 and 4 have the same title, led by different organisations."""
    people = (person(1, organisation=10), person(2, organisation=20))
    tasks = (
        task(1, axis=1, organisation=10),
        task(2, axis=1, organisation=10),
        Task(3, "Recensement des producteurs locaux", MONTHS[0], END, lead_organisation_id=10),
        Task(4, "Recensement des producteurs locaux", MONTHS[0], END, lead_organisation_id=20),
    )
    return ProjectSnapshot(
        id=1,
        name="Projet d'essai",
        kind="pat",
        months=MONTHS,
        levels=(1, 2, 3, 4),
        organisations=(
            Organisation(10, "Mairie", "municipality", 1),
            Organisation(20, "Association", "association", 1),
        ),
        people=people,
        competencies=(Competency(100, "ANI", "Animation"), Competency(200, "EVA", "Évaluation")),
        assessments=(*holds(1, (100, 3)), *holds(2, (100, 2))),
        axes=(
            Axis(
                1, "A1", "Économie", lead_id=1, political_referent_id=None, technical_referent_id=1
            ),
        ),
        tasks=tasks,
        needs=(need(1, 1, 100, 2, 4.0), need(2, 2, 200, 4, 2.0)),
        assignments=(
            Assignment(1, 1, 1, "lead", 4.0),
            Assignment(2, 3, 1, "lead", 1.0),
            Assignment(3, 4, 2, "lead", 1.0),
        ),
    )


def test_the_combined_analysis_equals_each_analysis_run_alone(generated):
    report = analyse_project(generated)
    gaps = analyse_gaps(generated)
    mesh = analyse_mesh(generated)
    assert report.gaps.structural.total_gap == pytest.approx(gaps.structural.total_gap)
    assert report.gaps.mobilised.total_gap == pytest.approx(gaps.mobilised.total_gap)
    assert report.gaps.unheld == gaps.unheld
    assert list(report.inconsistencies) == check_all(generated)
    assert [f.sort_key() for f in report.duplicates] == [
        f.sort_key() for f in duplicate_findings(generated)
    ]
    assert report.time_losses.findings == time_losses(generated).findings
    assert report.mesh.departures == mesh.departures
    assert report.mesh.network == mesh.network
    assert len(report.findings) == (
        len(report.inconsistencies) + len(report.duplicates) + len(report.time_losses.findings)
    )
    assert report.seconds > 0


def test_top_limits_the_departure_simulation_to_the_costliest(generated):
    everyone = analyse_project(generated).mesh.departures
    top = analyse_project(generated, AnalysisOptions(top_departures=3)).mesh.departures
    assert len(everyone) == len(generated.people) - sum(not p.in_project for p in generated.people)
    assert [d.gap_increase for d in top] == [d.gap_increase for d in everyone[:3]]


def test_json_has_the_five_top_level_parts_and_is_serialisable(generated):
    report = analyse_project(generated)
    data = report_to_json(report)
    assert {"gaps", "inconsistencies", "duplicates", "time_losses", "mesh"} <= set(data)
    json.dumps(data)  # plain JSON data
    assert len(data["inconsistencies"]) == len(report.inconsistencies)
    assert data["gaps"]["structural"]["total_gap"] == pytest.approx(
        report.gaps.structural.total_gap, abs=0.01
    )
    assert len(data["gaps"]["structural"]["by_month"]["gap"]) == len(generated.months)
    assert len(data["mesh"]["departures"]) == len(report.mesh.departures)
    assert len(data["duplicates"]["similar_tasks"]) == len(report.duplicate_pairs)


def test_the_small_project_findings_appear_in_json_on_their_objects():
    data = report_to_json(analyse_project(small_project()))
    codes = {(f["code"], f["object"]["kind"], f["object"]["id"]) for f in data["inconsistencies"]}
    assert ("TASK_NO_LEAD", "task", 2) in codes
    assert ("AXIS_NO_POLITICAL_REFERENT", "axis", 1) in codes
    (pair,) = data["duplicates"]["similar_tasks"]
    assert (pair["task_a"], pair["task_b"], pair["pooling"]) == (3, 4, True)
    (unheld,) = data["gaps"]["unheld"]
    assert (unheld["need_id"], unheld["days"]) == (2, 24.0)
    # Both people hold ANI at level 2 or more: not a single point of failure.
    (ani,) = [c for c in data["mesh"]["competencies"] if c["competency_id"] == 100]
    assert ani["qualified_people"] == 2 and not ani["single_point_of_failure"]


def test_the_text_report_is_french_by_default_and_english_on_request():
    report = analyse_project(small_project())
    french = format_text(report)
    english = format_text(report, "en")
    assert "Analyse du projet « Projet d'essai »" in french
    assert "Écart structurel" in french or "écart structurel" in french
    assert "La tâche « Task 2 » n'a pas de chef de file." in french
    assert "200 EVA" not in french and "EVA Évaluation niveau 4 (24 j)" in french
    assert "mutualisation" in french
    assert 'Analysis of project "Projet d\'essai"' in english
    assert 'Task "Task 2" has no lead.' in english
    assert "EVA Évaluation level 4 (24 d)" in english
    assert "chef de file" not in english


def test_similar_tasks_are_reused_while_no_task_text_changes(generated):
    first = analyse_project(generated)
    # An assignment changes, and the lead organisation of a task of a similar pair.
    pair = first.duplicate_pairs[0]
    changed = dataclasses.replace(
        generated,
        assignments=generated.assignments[1:],
        tasks=tuple(
            dataclasses.replace(t, lead_organisation_id=None) if t.id == pair.task_a else t
            for t in generated.tasks
        ),
    )
    reused = analyse_project(changed, previous=first)
    fresh = analyse_project(changed)
    assert reused.duplicate_pairs == fresh.duplicate_pairs
    assert [f.sort_key() for f in reused.duplicates] == [f.sort_key() for f in fresh.duplicates]


def test_a_new_title_is_searched_again():
    project = small_project()
    first = analyse_project(project)
    assert [(p.task_a, p.task_b) for p in first.duplicate_pairs] == [(3, 4)]
    renamed = dataclasses.replace(
        project,
        tasks=tuple(
            dataclasses.replace(t, title="Recensement des producteurs locaux") if t.id == 1 else t
            for t in project.tasks
        ),
    )
    again = analyse_project(renamed, previous=first)
    assert {(p.task_a, p.task_b) for p in again.duplicate_pairs} == {(1, 3), (1, 4), (3, 4)}
