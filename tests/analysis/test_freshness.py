"""The Analyse page's cache: exact after any edit, and re-reading only what an edit can change.

The cached analysis keeps the two sides of the project's snapshot. After every kind of edit the
snapshot the page analyses must equal the one read afresh from the database, and an edit of the
plan must not re-read the people (most of the rows), nor an edit of another project anything.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.access import project_access
from maillage.analysis import changes, services
from maillage.competencies.models import Assessment
from maillage.demo import OTHER_PROJECT_NAME, defects
from maillage.directory.models import Availability, Employment, Organisation, Person
from maillage.governance.models import Body, BodyMember
from maillage.planning import services as planning
from maillage.projects.models import (
    Axis,
    BudgetLine,
    Project,
    ProjectPerson,
    Step,
    Task,
    TaskDependency,
)
from maillage.projects.snapshot import snapshot_for_project
from maillage.staffing.models import Assignment, Need

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Callable[[Callable[[], Any]], Any]:
    """Run an edit as a committed transaction would: its on-commit callbacks run after it."""

    def run(edit: Callable[[], Any]) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return edit()

    return run


def analysed_snapshot(project: Project) -> Any:
    return services.project_analysis(project).report.snapshot


def edit_days(project: Project) -> None:
    assignment = Assignment.objects.filter(task__project=project).order_by("id").first()
    assignment.days_per_month += Decimal(1)
    assignment.save()


def test_an_assignment_edit_rereads_the_plan_only(demo: Any, committed: Any) -> None:
    first = services.project_analysis(demo)
    assert first.computed and set(first.reread) == {"plan", "people"}
    committed(lambda: edit_days(demo))
    after = services.project_analysis(demo)
    assert after.computed and after.reread == ("plan",)
    assert after.version.people == first.version.people
    assert after.report.snapshot == snapshot_for_project(demo)
    assert services.project_analysis(demo).computed is False


def test_an_availability_edit_rereads_the_people_only(demo: Any, committed: Any) -> None:
    services.project_analysis(demo)
    row = Availability.objects.filter(person__project_links__project=demo).order_by("id").first()

    def edit() -> None:
        row.days = row.days + Decimal(2)
        row.save()

    committed(edit)
    after = services.project_analysis(demo)
    assert after.computed and after.reread == ("people",)
    assert after.report.snapshot == snapshot_for_project(demo)


def test_assigning_someone_the_snapshot_did_not_hold_rereads_the_people(
    demo: Any, committed: Any
) -> None:
    services.project_analysis(demo)
    stranger = Person.objects.create(first_name="Nouvelle", last_name="Venue", kind="partner")
    task = Task.objects.filter(project=demo).order_by("id").first()
    services.project_analysis(demo)  # the new person alone is not in this project's snapshot
    committed(
        lambda: Assignment.objects.create(
            task=task, person=stranger, responsibility="contributor", days_per_month=1
        )
    )
    after = services.project_analysis(demo)
    assert after.reread == ("plan", "people")
    assert stranger.pk in {p.id for p in after.report.snapshot.people}
    assert after.report.snapshot == snapshot_for_project(demo)


def test_an_edit_in_another_project_leaves_this_analysis_alone(demo: Any, committed: Any) -> None:
    other = Project.objects.get(name=OTHER_PROJECT_NAME)
    services.project_analysis(demo)
    committed(lambda: edit_days(other))
    assert services.project_analysis(demo).computed is False
    assert services.project_analysis(other).computed is True


def test_a_directory_edit_is_seen_by_every_project(demo: Any, committed: Any) -> None:
    other = Project.objects.get(name=OTHER_PROJECT_NAME)
    services.project_analysis(demo)
    services.project_analysis(other)
    person = Person.objects.get(project_links__project=demo, last_name="Le Goff")
    person.first_name = "Clara"
    committed(person.save)
    for project in (demo, other):
        analysis = services.project_analysis(project)
        assert analysis.computed and analysis.reread == ("people",)
    assert "Clara Le Goff" in {p.name for p in analysed_snapshot(demo).people}


def test_submitting_a_plan_version_is_seen_though_steps_are_updated_in_bulk(
    demo: Any, committed: Any
) -> None:
    user = get_user_model().objects.get(username="coordination")
    access = project_access(user, demo.pk)
    before = services.project_analysis(demo)
    draft = {s.id for s in before.report.snapshot.steps if s.status == "draft"}
    assert draft

    def submit() -> None:
        version = planning.version_freeze(access=access, label="Plan soumis au COPIL")
        planning.version_submit(access=access, version=version, deadline=None)

    committed(submit)
    after = services.project_analysis(demo)
    assert after.computed
    assert all(s.status != "draft" for s in after.report.snapshot.steps if s.id in draft)
    assert after.report.snapshot == snapshot_for_project(demo)


def _edits(demo: Project) -> list[tuple[str, Callable[[], Any]]]:
    """One edit of every kind of row the snapshot reads."""
    tasks = list(Task.objects.filter(project=demo).order_by("id"))
    people = list(Person.objects.filter(project_links__project=demo).order_by("id"))
    axis = Axis.objects.filter(project=demo).order_by("id").first()
    body = Body.objects.filter(project=demo).order_by("id").first()
    need = Need.objects.filter(task__project=demo).order_by("id").first()
    assessment = Assessment.objects.filter(person__in=people).order_by("id").first()
    employment = Employment.objects.filter(person__in=people).order_by("id").first()
    outsider = Person.objects.exclude(project_links__project=demo).order_by("id").first()
    newcomer = next(p for p in people if not body.members.filter(pk=p.pk).exists())

    def save(obj: Any, **fields: Any) -> Callable[[], None]:
        def run() -> None:
            for name, value in fields.items():
                setattr(obj, name, value)
            obj.save()

        return run

    def delete_assignment() -> None:
        Assignment.objects.filter(task=tasks[3]).order_by("id").first().delete()

    return [
        ("need level", save(need, min_level=1)),
        ("need days", save(need, days_per_month=Decimal("3.5"))),
        ("task dates", save(tasks[0], end=tasks[0].end + datetime.timedelta(days=40))),
        ("task title", save(tasks[1], title="Un tout autre intitulé de tâche")),
        ("task lead organisation", save(tasks[2], lead_organisation=None)),
        ("assignment removed", delete_assignment),
        (
            "dependency",
            lambda: TaskDependency.objects.create(predecessor=tasks[4], successor=tasks[5]),
        ),
        ("funding", lambda: BudgetLine.objects.create(task=tasks[6], funder="region", amount=1000)),
        ("axis referent", save(axis, technical_referent=people[0])),
        ("body member", lambda: BodyMember.objects.create(body=body, person=newcomer)),
        ("body axes", lambda: body.axes.clear()),
        ("step status", save(Step.objects.filter(project=demo).first(), status="validated")),
        ("assessment", save(assessment, validated_level=1)),
        ("employment share", save(employment, time_share=Decimal("0.3"))),
        ("organisation", save(Organisation.objects.get(pk=demo.carrier_id), name="Nouveau nom")),
        ("participant", lambda: ProjectPerson.objects.create(project=demo, person=outsider)),
        ("participant leaves", lambda: ProjectPerson.objects.filter(person=people[-1]).delete()),
        ("project", save(demo, allow_work_on_unvalidated_steps=True)),
    ]


def test_after_every_kind_of_edit_the_analysed_snapshot_is_the_fresh_one(
    demo: Any, committed: Any
) -> None:
    services.project_analysis(demo)
    for name, edit in _edits(demo):
        committed(edit)
        demo.refresh_from_db()
        analysis = services.project_analysis(demo)
        assert analysis.computed, name
        assert analysis.report.snapshot == snapshot_for_project(demo), name


def _tables_read_by_the_snapshot(project: Project) -> set[str]:
    with CaptureQueriesContext(connection) as context:
        snapshot_for_project(project)
    sql = " ".join(q["sql"] for q in context.captured_queries)
    return set(re.findall(r'(?:FROM|JOIN)\s+"?(\w+)"?', sql))


def test_every_table_the_snapshot_reads_is_watched(demo: Any) -> None:
    owners: dict[str, Any] = {}
    for model in apps.get_models(include_auto_created=True):
        owners[model._meta.db_table] = model
    read = {t for t in _tables_read_by_the_snapshot(demo) if t in owners}
    assert {"staffing_assignment", "directory_availability", "directory_territory"} <= read
    for table in read:
        model = owners[table]
        if model._meta.auto_created:  # a many-to-many table: its changes come with an end
            model = model._meta.auto_created
        assert changes._scope_of(model()) is not None, table


def test_the_polling_key_changes_with_an_edit_and_only_then(demo: Any, committed: Any) -> None:
    version = str(services.data_version(demo))
    assert str(services.data_version(demo)) == version
    committed(lambda: edit_days(demo))
    assert str(services.data_version(demo)) != version


def test_a_planted_defect_fixed_in_the_plan_leaves_the_findings_at_once(
    demo: Any, committed: Any
) -> None:
    task = Task.objects.get(project=demo, title=defects.TASK_WITHOUT_LEAD)

    def leadless() -> set[int]:
        report = services.project_analysis(demo).report
        return {f.object_id for f in report.inconsistencies if f.code == "TASK_NO_LEAD"}

    assert task.pk in leadless()
    helper = Assignment.objects.filter(task=task).first()
    committed(
        lambda: Assignment.objects.create(
            task=task, person=helper.person, responsibility="lead", days_per_month=0
        )
    )
    assert task.pk not in leadless()


def test_the_cache_keeps_as_many_projects_as_configured(demo: Any, settings: Any) -> None:
    other = Project.objects.get(name=OTHER_PROJECT_NAME)
    settings.MAILLAGE_ANALYSIS_CACHE_PROJECTS = 1
    services.project_analysis(demo)
    services.project_analysis(other)  # pushes the demo out
    assert services.project_analysis(other).computed is False
    assert services.project_analysis(demo).computed is True
    settings.MAILLAGE_ANALYSIS_CACHE_PROJECTS = 2
    services.project_analysis(other)
    assert services.project_analysis(demo).computed is False
