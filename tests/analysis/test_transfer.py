"""Export a project to the project file and import a file into the database, all or nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.apps import apps

from maillage.engine.analysis import analyse_project, format_text
from maillage.engine.fileformat import ProjectFileError, dumps_project, loads_project
from maillage.engine.generate import generate_project
from maillage.projects.models import Membership, Project, Task
from maillage.projects.transfer import export_project, import_project
from maillage.staffing.models import Assignment, Need
from tests.factories import make_user

pytestmark = pytest.mark.django_db
APPS = ("directory", "competencies", "projects", "staffing", "governance")


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for label in APPS
        for model in apps.get_app_config(label).get_models()
    }


def analysis_text(text: str) -> list[str]:
    report = analyse_project(loads_project(text))
    return [line for line in format_text(report).splitlines() if not line.startswith("Horizon")]


def without_emails(text: str) -> str:
    """The file as another instance, which knows none of these people, would read it."""
    data = json.loads(text)
    for person in data["people"]:
        person.pop("email", None)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def test_export_then_import_reproduces_the_demo_project(demo: Any) -> None:
    exported = without_emails(export_project(demo))
    result = import_project(exported)
    copy = result.project
    assert copy.pk != demo.pk and copy.name == demo.name
    for model, path in ((Task, "project"), (Need, "task__project"), (Assignment, "task__project")):
        assert (
            model.objects.filter(**{path: copy}).count()
            == model.objects.filter(**{path: demo}).count()
        )
    again = without_emails(export_project(copy))
    assert analysis_text(again) == analysis_text(exported)
    first, second = json.loads(exported), json.loads(again)
    for key in ("tasks", "needs", "assignments", "bodies", "axes", "steps", "assessments"):
        assert len(second[key]) == len(first[key]), key
    assert [t["title"] for t in second["tasks"]] == [t["title"] for t in first["tasks"]]
    assert result.created[str(Task._meta.verbose_name_plural)] == len(first["tasks"])


def test_import_of_a_generated_project_and_its_owner() -> None:
    owner = make_user("importer")
    text = dumps_project(generate_project(people=30, tasks=40, competencies=10, seed=2))
    project = import_project(text, owner_username="importer").project
    assert Membership.objects.get(project=project).user == owner
    assert Membership.objects.get(project=project).role == Membership.Role.COORDINATOR
    assert analysis_text(export_project(project)) == analysis_text(text)


def broken(change: Any) -> str:
    data = json.loads(dumps_project(generate_project(people=10, tasks=12, competencies=5, seed=3)))
    change(data)
    return json.dumps(data)


def set_path(*path: Any, value: Any) -> Any:
    def change(data: Any) -> None:
        for key in path[:-1]:
            data = data[key]
        data[path[-1]] = value

    return change


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (set_path("tasks", 2, "start", value="2026-02-30"), "$.tasks[2].start"),
        (set_path("needs", 1, "competency_id", value=4242), "$.needs[1].competency_id"),
        (set_path("assignments", 0, "days_per_month", value=-1), "$.assignments[0].days_per_month"),
        # Limits of the database that the file format does not have:
        (set_path("project", "horizon", "months", value=48), "$.project.horizon.months"),
        (set_path("organisations", 1, "name", value="x" * 250), "$.organisations[1].name"),
        (set_path("tasks", 0, "budget", value=1e13), "$.tasks[0].budget"),
    ],
    ids=["date", "reference", "negative", "horizon", "too-long", "too-large"],
)
def test_a_malformed_file_names_the_json_path_and_writes_nothing(change: Any, where: str) -> None:
    text = broken(change)
    before = row_counts()
    with pytest.raises(ProjectFileError) as raised:
        import_project(text)
    assert where in [e.path for e in raised.value.errors], raised.value.errors
    assert row_counts() == before


def test_not_json_and_an_unknown_owner_are_refused_without_writing() -> None:
    before = row_counts()
    with pytest.raises(ProjectFileError) as raised:
        import_project("{ pas du json")
    assert raised.value.errors[0].path == "$"
    text = dumps_project(generate_project(people=10, tasks=12, competencies=5, seed=3))
    with pytest.raises(ProjectFileError):
        import_project(text, owner_username="nobody")
    assert row_counts() == before
    assert not Project.objects.exists()
