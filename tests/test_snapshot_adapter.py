"""The adapter from the database to the engine's snapshot, read on the demo project."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from maillage.competencies.models import Assessment, Competency
from maillage.demo import OTHER_PROJECT_NAME, defects, load_demo
from maillage.directory.models import Availability, Employment, Organisation, Person, Territory
from maillage.engine.analysis.duplicates import duplicate_findings
from maillage.engine.analysis.rules import check_all
from maillage.engine.analysis.time_losses import time_losses
from maillage.governance.models import Body, BodyMember
from maillage.projects.models import (
    BudgetLine,
    Project,
    ProjectPerson,
    Task,
    TaskDependency,
)
from maillage.projects.snapshot import snapshot_for_project
from maillage.staffing.models import Assignment, Need

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)


@pytest.fixture
def project():
    return load_demo(today=TODAY)


def by_name(snapshot):
    return {p.name: p for p in snapshot.people}


def test_it_describes_the_project_and_its_horizon(project):
    snapshot = snapshot_for_project(project)
    assert snapshot.id == project.pk and snapshot.name == project.name
    assert snapshot.months == tuple(project.horizon_month_starts())
    assert snapshot.months[0] == datetime.date(2026, 11, 1) and len(snapshot.months) == 12
    assert snapshot.levels == (1, 2, 3, 4)
    assert snapshot.carrier_id == project.carrier_id
    assert len(snapshot.axes) == 6 and len(snapshot.steps) == project.steps.count()
    assert len(snapshot.tasks) == project.tasks.count()
    assert len(snapshot.needs) == Need.objects.filter(task__project=project).count()
    assert len(snapshot.assignments) == Assignment.objects.filter(task__project=project).count()
    assert len(snapshot.competencies) == project.framework.competencies.count()


def test_project_people_carry_their_mandate_and_directory_people_are_flagged(project):
    snapshot = snapshot_for_project(project)
    inside = {p.id for p in snapshot.people if p.in_project}
    assert inside == set(project.project_people.values_list("person_id", flat=True))
    people = by_name(snapshot)
    assert people["Claire Le Goff"].mandate == "written"
    assert people["Claire Le Goff"].leeway == "proposes"
    assert people["Camille Lavigne"].mandate == "none"
    # Directory people around the project: neighbouring EPCI, département, region, commune level.
    for name in ("Erwan Jaouen", "Juliette Marec", "Amandine Leroy", "Vincent Boucher"):
        assert not people[name].in_project and people[name].mandate is None
    organisations = {o.name: o for o in snapshot.organisations}
    assert organisations["Communauté de communes de la Vallée de l'Aff"].in_project is False
    assert organisations["Conseil départemental d'Ille-et-Vilaine"].is_sponsor
    assert (
        organisations["Région Bretagne"].in_project
        and not organisations["Région Bretagne"].is_sponsor
    )
    assert sum(o.in_project for o in snapshot.organisations) == 11


def test_organisations_and_employments_refer_to_objects_in_the_snapshot(project):
    snapshot = snapshot_for_project(project)
    organisation_ids = {o.id for o in snapshot.organisations}
    territory_ids = {t.id for t in snapshot.territories}
    assert all(o.territory_id in territory_ids for o in snapshot.organisations)
    assert all(t.parent_id is None or t.parent_id in territory_ids for t in snapshot.territories)
    for person in snapshot.people:
        assert all(e.organisation_id in organisation_ids for e in person.employments)
    julien = by_name(snapshot)["Julien Daniel"]
    assert sorted(e.time_share for e in julien.employments) == [0.5, 0.5]
    person_ids = {p.id for p in snapshot.people}
    assert all(a.person_id in person_ids for a in snapshot.assignments)
    assert all(m in person_ids for b in snapshot.bodies for m in b.member_ids)


def test_a_far_away_organisation_stays_out(project):
    elsewhere = Territory.objects.create(name="Finistère", level="departement")
    far = Organisation.objects.create(name="Far away", kind="association", territory=elsewhere)
    stranger = Person.objects.create(first_name="Far", last_name="Away", kind="partner")
    Employment.objects.create(person=stranger, organisation=far)
    snapshot = snapshot_for_project(project)
    assert far.pk not in {o.id for o in snapshot.organisations}
    assert stranger.pk not in {p.id for p in snapshot.people}


def test_assessments_use_the_validated_level_when_there_is_one(project):
    corrected = (
        Assessment.objects.filter(
            person__project_links__project=project, validated_level__isnull=False
        )
        .exclude(validated_level=F("level"))
        .first()
    )
    assert corrected is not None
    declared_only = Assessment.objects.filter(
        person__project_links__project=project, validated_level__isnull=True
    ).first()
    levels = {(a.person_id, a.competency_id): a for a in snapshot_for_project(project).assessments}
    assert levels[(corrected.person_id, corrected.competency_id)].level == (
        corrected.validated_level
    )
    assert levels[(declared_only.person_id, declared_only.competency_id)].level == (
        declared_only.level
    )
    seen = levels[(corrected.person_id, corrected.competency_id)]
    assert (seen.motivation, seen.legitimacy) == (corrected.motivation, corrected.legitimacy)


def test_availability_is_aligned_with_the_horizon_and_missing_months_are_zero(project):
    claire = Person.objects.get(first_name="Claire", last_name="Le Goff")
    months = project.horizon_month_starts()
    Availability.objects.filter(person=claire, month=months[3]).delete()
    Availability.objects.create(
        person=claire, month=datetime.date(2040, 1, 1), days=Decimal("9")
    )  # outside the horizon: ignored
    expected = dict(Availability.objects.filter(person=claire).values_list("month", "days"))
    series = by_name(snapshot_for_project(project))["Claire Le Goff"].availability
    assert len(series) == 12
    assert series[3] == 0.0
    assert [series[i] for i in (0, 1, 2, 4)] == [float(expected[months[i]]) for i in (0, 1, 2, 4)]


def test_funding_is_the_sum_of_budget_lines(project):
    tasks = {t.title: t for t in snapshot_for_project(project).tasks}
    title, budget, funding = defects.UNDERFUNDED_TASK
    assert (tasks[title].budget, tasks[title].funding) == (float(budget), float(funding))
    unfunded = Task.objects.filter(project=project, budget_lines__isnull=True).first()
    assert tasks[unfunded.title].funding == 0.0
    lines = BudgetLine.objects.filter(
        task__title="Diagnostic agricole et alimentaire du territoire"
    )
    assert tasks["Diagnostic agricole et alimentaire du territoire"].funding == float(
        sum(line.amount for line in lines)
    )


def test_tasks_carry_their_tree_dependencies_and_milestones(project):
    snapshot = snapshot_for_project(project)
    tasks = {t.id: t for t in snapshot.tasks}
    for dependency in TaskDependency.objects.filter(successor__project=project):
        assert dependency.predecessor_id in tasks[dependency.successor_id].predecessor_ids
    child = Task.objects.filter(project=project, parent__isnull=False).first()
    assert tasks[child.pk].parent_id == child.parent_id
    assert any(t.is_milestone for t in snapshot.tasks)


def test_bodies_carry_members_axes_and_cadence(project):
    snapshot = snapshot_for_project(project)
    copil = Body.objects.get(project=project, kind="copil")
    seen = next(b for b in snapshot.bodies if b.id == copil.pk)
    assert set(seen.member_ids) == set(
        BodyMember.objects.filter(body=copil).values_list("person_id", flat=True)
    )
    assert len(seen.axis_ids) == 6
    assert (seen.meetings_per_year, seen.meeting_days) == (3, 0.5)
    assert seen.months == (3, 6, 11)
    assert seen.animator_id == copil.animator_id


def test_projects_are_isolated(project):
    other = Project.objects.get(name=OTHER_PROJECT_NAME)
    snapshot = snapshot_for_project(other)
    assert {t.id for t in snapshot.tasks} == set(other.tasks.values_list("id", flat=True))
    inside = {p.name for p in snapshot.people if p.in_project}
    assert inside == {"Erwan Jaouen", "Monique Hardy", "Paul Salaün"}


def count_queries(project):
    with CaptureQueriesContext(connection) as context:
        snapshot_for_project(project)
    return len(context.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_project(project):
    before = count_queries(project)
    assert before <= 25
    # Grow the project: people, availability, assessments, tasks, funding, needs, assignments.
    organisation = project.carrier
    competency = Competency.objects.filter(framework=project.framework).last()
    body = Body.objects.filter(project=project).first()
    previous = None
    for i in range(15):
        person = Person.objects.create(first_name=f"New{i}", last_name="Agent", kind="agent")
        Employment.objects.create(person=person, organisation=organisation)
        ProjectPerson.objects.create(project=project, person=person, mandate="oral")
        Availability.objects.create(person=person, month=project.horizon_start, days=5)
        Assessment.objects.create(
            person=person, competency=competency, level=2, motivation=3, legitimacy=3
        )
        BodyMember.objects.create(body=body, person=person)
        task = Task.objects.create(
            project=project,
            title=f"Extra {i}",
            start=project.horizon_start,
            end=project.horizon_start,
            budget=100,
        )
        BudgetLine.objects.create(task=task, funder="own", amount=60)
        BudgetLine.objects.create(task=task, funder="state", amount=40)
        Need.objects.create(task=task, competency=competency, min_level=2, days_per_month=1)
        Assignment.objects.create(task=task, person=person, responsibility="lead")
        if previous is not None:
            TaskDependency.objects.create(predecessor=previous, successor=task)
        previous = task
    assert count_queries(project) == before


# -- the analysis finds exactly what was planted ----------------------------------------


def expected_findings(project):
    task = {t.title: t.pk for t in project.tasks.all()}
    axis = {a.code: a.pk for a in project.axes.all()}
    claire = Person.objects.get(first_name="Claire", last_name="Le Goff")
    unheld = Need.objects.get(
        task__project=project,
        task__title=defects.UNHELD_NEED_TASK,
        competency__code=defects.UNHELD_COMPETENCY,
    )
    month = project.horizon_month_starts()[defects.OVER_ALLOCATED_MONTH_OFFSET]
    return {
        ("PERSON_OVERALLOCATED", "person", claire.pk, month),
        ("TASK_NO_LEAD", "task", task[defects.TASK_WITHOUT_LEAD], None),
        ("AXIS_NO_POLITICAL_REFERENT", "axis", axis[defects.AXIS_WITHOUT_POLITICAL_REFERENT], None),
        ("NEED_UNASSIGNED", "need", unheld.pk, None),
        ("ELECTED_TECHNICAL_REFERENT", "axis", axis[defects.ELECTED_TECHNICAL_REFERENT[0]], None),
        ("TASK_LEAD_WITHOUT_MANDATE", "task", task[defects.LEAD_WITHOUT_MANDATE[1]], None),
        ("WORK_ON_UNVALIDATED_STEP", "task", task[defects.WORK_ON_UNVALIDATED_STEP[0]], None),
        ("TASK_BUDGET_OVER_FUNDING", "task", task[defects.UNDERFUNDED_TASK[0]], None),
        ("SUBTASK_OUTSIDE_PARENT", "task", task[defects.SUBTASK_OUTSIDE_PARENT[0]], None),
    }


@pytest.mark.parametrize("today", [TODAY, datetime.date(2027, 3, 1), datetime.date(2027, 7, 31)])
def test_the_rules_find_the_planted_inconsistencies_and_nothing_else(today):
    project = load_demo(today=today)
    findings = check_all(snapshot_for_project(project))
    found = {(f.code, f.object_kind, f.object_id, f.month) for f in findings}
    assert found == expected_findings(project)


def test_the_duplicate_analysis_finds_the_two_organisations_running_the_same_action(project):
    findings = duplicate_findings(snapshot_for_project(project))
    assert [f.code for f in findings] == ["POOLING_OPPORTUNITY"]
    pair = {findings[0].object_id, *(r.id for r in findings[0].related if r.kind == "task")}
    assert pair == set(
        Task.objects.filter(title__in=defects.DUPLICATE_TASKS).values_list("id", flat=True)
    )


def test_the_time_loss_analysis_finds_the_planted_committee_overload(project):
    findings = time_losses(snapshot_for_project(project)).findings
    loaded = [f for f in findings if f.code == "GOVERNANCE_LOAD_HIGH"]
    loic = Person.objects.get(first_name="Loïc", last_name="Le Bihan")
    assert [f.object_id for f in loaded] == [loic.pk]
    assert not [f for f in findings if f.code == "TASK_TOO_MANY_CONTRIBUTORS"]


def test_only_the_territories_around_the_project_are_read(project):
    before = snapshot_for_project(project)
    queries = count_queries(project)
    # A whole region elsewhere on the instance: forty linked communes under one département.
    region = Territory.objects.create(name="Occitanie", level="region")
    departement = Territory.objects.create(name="Aveyron", level="departement", parent=region)
    communes = [
        Territory.objects.create(name=f"Commune {i}", level="commune", parent=departement)
        for i in range(40)
    ]
    for a, b in itertools.pairwise(communes):
        a.neighbours.add(b)
    assert snapshot_for_project(project).territories == before.territories
    assert count_queries(project) == queries


def test_the_directory_below_a_neighbouring_territory_is_in_the_circle(project):
    home = project.territory
    neighbour = Territory.objects.create(name="Pays voisin", level="epci", parent=home.parent)
    home.neighbours.add(neighbour)
    village = Territory.objects.create(name="Village voisin", level="commune", parent=neighbour)
    nearby = Organisation.objects.create(
        name="Ferme voisine", kind="association", territory=village
    )
    snapshot = snapshot_for_project(project)
    seen = {o.id: o for o in snapshot.organisations}
    assert nearby.pk in seen and not seen[nearby.pk].in_project
    territories = {t.id: t for t in snapshot.territories}
    assert {village.pk, neighbour.pk} <= set(territories)
    assert neighbour.pk in territories[home.pk].neighbour_ids
