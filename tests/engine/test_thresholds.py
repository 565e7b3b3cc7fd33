"""The thresholds a team may set: one catalogue, its defaults and bounds, and their effect."""

from __future__ import annotations

import datetime
from dataclasses import fields

import pytest

from maillage.engine.analysis import AnalysisOptions, analyse_project
from maillage.engine.analysis.thresholds import (
    THRESHOLDS,
    ThresholdError,
    options_with,
    threshold_values,
)
from maillage.engine.snapshot import Assignment, Person, ProjectSnapshot, Task

D = datetime.date
MONTHS = tuple(D(2027, m, 1) for m in range(1, 4))


def test_every_threshold_is_an_attribute_of_its_analysis_with_its_default_in_bounds():
    options = AnalysisOptions()
    assert len({t.name for t in THRESHOLDS}) == len(THRESHOLDS)
    for t in THRESHOLDS:
        assert t.attribute in {f.name for f in fields(getattr(options, t.section))}, t.name
        assert t.minimum <= t.default <= t.maximum, t.name
        assert isinstance(t.default, int) == t.integer, t.name
    assert threshold_values(options) == {t.name: t.default for t in THRESHOLDS}


def test_options_take_the_named_values_and_keep_the_other_defaults():
    options = options_with({"max_contributors": 3, "governance_share": 0.4, "crumb_days": 2})
    assert options.time_losses.max_contributors == 3
    assert options.time_losses.governance_share == 0.4
    assert options.time_losses.crumb_days == 2.0
    assert options.time_losses.crumb_tasks == AnalysisOptions().time_losses.crumb_tasks
    assert options.rules == AnalysisOptions().rules
    assert options_with({"similar_task_score": 0.8}).duplicates.score == 0.8
    assert options_with({}) == AnalysisOptions()


@pytest.mark.parametrize(
    ("values", "name", "problem", "french"),
    [
        ({"max_contributor": 3}, "max_contributor", "unknown", "seuil inconnu « max_contributor »"),
        ({"max_contributors": "3"}, "max_contributors", "not_a_number", "doit être un nombre"),
        ({"max_contributors": True}, "max_contributors", "not_a_number", "doit être un nombre"),
        ({"max_contributors": 3.5}, "max_contributors", "not_an_integer", "nombre entier"),
        ({"governance_share": 1.5}, "governance_share", "out_of_range", "entre 0,05 et 1"),
        ({"crumb_tasks": 1}, "crumb_tasks", "out_of_range", "entre 2 et 30, pas 1"),
    ],
)
def test_a_wrong_value_is_refused_naming_the_threshold(values, name, problem, french):
    with pytest.raises(ThresholdError) as refused:
        options_with(values)
    assert (refused.value.name, refused.value.problem) == (name, problem)
    assert french in refused.value.message("fr")
    assert name in refused.value.message("en")


def test_a_lower_contributor_threshold_flags_a_crowded_task_in_the_whole_analysis():
    people = tuple(Person(i, f"Personne {i}", "agent", availability=(10.0,) * 3) for i in (1, 2, 3))
    snapshot = ProjectSnapshot(
        1,
        "PAT",
        "pat",
        MONTHS,
        (1, 2, 3, 4),
        people=people,
        tasks=(Task(1, "Tâche", MONTHS[0], D(2027, 3, 31)),),
        assignments=tuple(
            Assignment(i, 1, i, "lead" if i == 1 else "contributor", 1.0) for i in (1, 2, 3)
        ),
    )

    def crowded(options: AnalysisOptions) -> bool:
        findings = analyse_project(snapshot, options).time_losses.findings
        return any(f.code == "TASK_TOO_MANY_CONTRIBUTORS" for f in findings)

    assert not crowded(AnalysisOptions())
    assert crowded(options_with({"max_contributors": 2}))
