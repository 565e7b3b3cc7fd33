"""The project file: round trip, agreement with its JSON Schema, and errors that name the path."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from maillage.engine.fileformat import (
    ProjectFileError,
    dump_project,
    dumps_project,
    load_project,
    loads_project,
    schema,
    validate_structure,
)
from maillage.engine.generate import generate_project
from maillage.engine.snapshot import ProjectSnapshot
from tests.engine.test_rules import base_project

SCHEMA_FILE = (
    Path(__file__).resolve().parents[2] / "maillage" / "engine" / "schema" / "project.schema.json"
)


def generated(**sizes: int) -> ProjectSnapshot:
    return generate_project(**sizes)


def errors_of(data: object) -> dict[str, str]:
    with pytest.raises(ProjectFileError) as raised:
        load_project(data)
    return {e.path: e.message_en for e in raised.value.errors}


def document() -> dict:  # type: ignore[type-arg]
    return dump_project(base_project())


def test_round_trip_of_a_hand_built_project():
    snapshot = base_project()
    assert load_project(dump_project(snapshot)) == snapshot
    assert loads_project(dumps_project(snapshot)) == snapshot


def test_round_trip_of_a_generated_project():
    snapshot = generated(people=40, tasks=150, competencies=12, seed=2)
    assert load_project(json.loads(dumps_project(snapshot))) == snapshot


def test_the_schema_file_is_a_draft_2020_12_schema_and_the_one_the_loader_applies():
    on_disk = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(on_disk)
    assert on_disk["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema() == on_disk


def test_dumped_projects_validate_against_the_schema():
    validator = jsonschema.Draft202012Validator(schema())
    for snapshot in (
        base_project(),
        generated(people=30, tasks=80, competencies=10, seed=5),
    ):
        data = json.loads(dumps_project(snapshot))
        assert list(validator.iter_errors(data)) == []
        assert validate_structure(data) == []


def test_a_minimal_file_loads_with_defaults():
    data = {
        "format": "maillage-project",
        "version": 1,
        "project": {
            "id": 1,
            "name": "PAT",
            "kind": "pat",
            "horizon": {"start": "2027-09", "months": 6},
        },
        "framework": {"levels": [{"value": 1, "label": "Notions"}, {"value": 2}]},
        "people": [{"id": 4, "name": "Yann", "kind": "agent", "availability": {"2027-10": 3}}],
    }
    snapshot = load_project(data)
    assert snapshot.months[0].isoformat() == "2027-09-01" and len(snapshot.months) == 6
    assert snapshot.months[-1].isoformat() == "2028-02-01"
    assert snapshot.levels == (1, 2)
    assert snapshot.people[0].availability == (0.0, 3.0, 0.0, 0.0, 0.0, 0.0)
    assert snapshot.tasks == () and snapshot.bodies == ()


def test_malformed_values_are_reported_with_their_json_path():
    data = document()
    data["tasks"][1]["start"] = "2027-04"
    del data["tasks"][0]["title"]
    data["assignments"][0]["days_per_month"] = "2"
    data["needs"][1]["days_per_month"] = -1
    data["people"][0]["kind"] = "robot"
    data["tasks"][0]["colour"] = "red"
    data["project"]["horizon"]["months"] = True
    errors = errors_of(data)
    assert errors == {
        "$.tasks[1].start": "must be a date YYYY-MM-DD",
        "$.tasks[0].title": "is required",
        "$.assignments[0].days_per_month": "must be a number",
        "$.needs[1].days_per_month": "must be at least 0",
        "$.people[0].kind": (
            'must be one of: "agent", "technician", "elected", "partner", "volunteer", "other"'
        ),
        "$.tasks[0].colour": "is not a known field",
        "$.project.horizon.months": "must be an integer",
    }


def test_messages_are_in_english_and_french():
    data = document()
    del data["tasks"][0]["title"]
    with pytest.raises(ProjectFileError) as raised:
        load_project(data)
    [error] = raised.value.errors
    assert (error.message_en, error.message_fr) == ("is required", "est obligatoire")
    assert "$.tasks[0].title: is required" in str(raised.value)


def test_unknown_references_duplicates_and_levels_outside_the_scale():
    data = document()
    data["assignments"][0]["person_id"] = 99
    data["needs"][1]["id"] = 1
    data["needs"][0]["min_level"] = 7
    data["bodies"][0]["member_ids"] = [1, 1]
    data["people"][0]["availability"]["2028-01"] = 2
    data["assessments"].append(dict(data["assessments"][0]))
    errors = errors_of(data)
    assert errors == {
        "$.assignments[0].person_id": "refers to an unknown id in people: 99",
        "$.needs[1].id": "duplicates the id of $.needs[0]",
        "$.needs[0].min_level": "is not a level of the framework's scale (1, 2, 3, 4)",
        "$.bodies[0].member_ids[1]": "is listed twice: 1",
        '$.people[0].availability["2028-01"]': "is outside the project horizon",
        "$.assessments[2]": "repeats the person and competency of $.assessments[0]",
    }


def test_impossible_dates_and_reversed_periods():
    data = document()
    data["tasks"][0]["end"] = "2027-02-30"
    data["steps"][0]["end"] = "2026-12-31"
    errors = errors_of(data)
    assert errors == {
        "$.tasks[0].end": "is not a valid date",
        "$.steps[0].end": "is before the start (2027-01-01)",
    }


def test_cycles_in_the_task_tree_and_dependencies():
    data = document()
    data["tasks"][0]["parent_id"] = 2
    data["tasks"][1]["parent_id"] = 1
    data["tasks"][0]["predecessor_ids"] = [2]
    errors = errors_of(data)
    assert errors == {
        "$.tasks[0].parent_id": "makes a cycle (tasks 1 depends on itself)",
        "$.tasks[0].predecessor_ids": "makes a cycle (tasks 1 depends on itself)",
    }


def test_other_versions_and_formats_are_refused():
    data = document()
    data["version"] = 2
    assert errors_of(data) == {
        "$.version": "version 2 is not supported (this Maillage reads version 1)"
    }
    data["format"] = "something-else"
    assert errors_of(data)["$.format"] == 'must be "maillage-project"'
    assert errors_of([1, 2]) == {"$": "must be an object"}


def test_invalid_json_text():
    with pytest.raises(ProjectFileError) as raised:
        loads_project('{"format": "maillage-project",')
    [error] = raised.value.errors
    assert error.path == "$" and error.message_en.startswith("is not valid JSON")


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d["tasks"][0].update(budget=-5),
        lambda d: d["people"][0]["employments"][0].update(time_share=1.5),
        lambda d: d["people"][0]["availability"].update({"2027-1": 3}),
        lambda d: d["assessments"][0].update(motivation=5),
        lambda d: d["framework"].update(levels=[]),
        lambda d: d["axes"][0].update(code=""),
        lambda d: d["bodies"][0].update(meetings_per_year=2.5),
        lambda d: d.pop("framework"),
        lambda d: d["project"].update(carrier_id="10"),
    ],
)
def test_the_loader_and_jsonschema_agree_on_structural_errors(breakage):
    data = copy.deepcopy(document())
    breakage(data)
    assert not jsonschema.Draft202012Validator(schema()).is_valid(data)
    assert validate_structure(data) != []
    with pytest.raises(ProjectFileError):
        load_project(data)


def test_dump_needs_a_regular_horizon():
    snapshot = base_project()
    with pytest.raises(ValueError):
        dump_project(replace(snapshot, months=snapshot.months[::2]))


def test_the_example_of_the_documentation_loads():
    page = (Path(__file__).resolve().parents[2] / "docs" / "file-format.md").read_text("utf-8")
    example = page.split("```json\n", 1)[1].split("```", 1)[0]
    snapshot = loads_project(example)
    assert snapshot.people[0].availability[:3] == (10.0, 8.0, 0.0)
    assert jsonschema.Draft202012Validator(schema()).is_valid(json.loads(example))


def test_a_file_full_of_errors_lists_at_most_two_hundred():
    data = document()
    data["tasks"] = [{"id": "x"} for _ in range(300)]
    with pytest.raises(ProjectFileError) as raised:
        load_project(data)
    assert len(raised.value.errors) == 200
    assert raised.value.errors[0].path.startswith("$.tasks[0].")
