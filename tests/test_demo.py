"""The demo PAT: realistic counts, deterministic, and each planted defect really there (only)."""

import datetime
from collections import defaultdict
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Max, Sum

from maillage.competencies.frameworks import framework_data, load_framework
from maillage.competencies.models import Assessment, Competency, Framework, Level
from maillage.demo import (
    DEMO_PASSWORD,
    DEMO_PROJECT_NAME,
    DEMO_USERS,
    OTHER_PROJECT_NAME,
    OTHER_PROJECT_USER,
    PLANTED_DEFECTS,
    defects,
    load_demo,
)
from maillage.directory.models import (
    Availability,
    Employment,
    Organisation,
    Person,
    Territory,
)
from maillage.engine import snapshot as engine
from maillage.engine.timeline import task_month_fractions
from maillage.governance.models import Body, BodyMember
from maillage.projects.models import (
    Axis,
    BudgetLine,
    Deliverable,
    ExpectedResult,
    Membership,
    Objective,
    Project,
    ProjectOrganisation,
    ProjectPerson,
    Step,
    Task,
    TaskDependency,
)
from maillage.staffing.models import Assignment, Need

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)


@pytest.fixture
def project():
    return load_demo(today=TODAY)


def full_name(person):
    return f"{person.first_name} {person.last_name}"


def monthly_load(project):
    """Assigned plus governance days of each person in each horizon month (engine rules)."""
    months = tuple(project.horizon_month_starts())
    load = defaultdict(lambda: [0.0] * len(months))
    for a in Assignment.objects.filter(task__project=project).select_related("task"):
        span = engine.Task(id=a.task_id, title="", start=a.task.start, end=a.task.end)
        for i, fraction in enumerate(task_month_fractions(span, months)):
            load[a.person_id][i] += float(a.days_per_month) * fraction
    for member in BodyMember.objects.filter(body__project=project).select_related("body"):
        per_month = member.body.meetings_per_year * float(member.body.meeting_days) / 12
        for i in range(len(months)):
            load[member.person_id][i] += per_month
    return months, load


def over_allocations(project):
    months, load = monthly_load(project)
    available = {(a.person_id, a.month): float(a.days) for a in Availability.objects.all()}
    people = {p.pk: p for p in Person.objects.filter(project_links__project=project)}
    return {
        (full_name(people[person_id]), i)
        for person_id, series in load.items()
        for i, days in enumerate(series)
        if days > available.get((person_id, months[i]), 0.0) + 1e-9
    }


def lead_assignments(project):
    return Assignment.objects.filter(
        task__project=project, responsibility=Assignment.Responsibility.LEAD
    )


# -- counts and content -------------------------------------------------------------------


def test_it_creates_a_project_of_realistic_size(project):
    assert project.name == DEMO_PROJECT_NAME
    assert project.carrier.name == "Communauté de communes du Pays de Brocéliande"
    assert project.territory.parent.name == "Ille-et-Vilaine"
    assert 8 <= project.project_organisations.count() <= 12
    assert 40 <= project.project_people.count() <= 60
    assert project.axes.count() == 6
    assert 6 <= project.steps.count() <= 10
    assert 60 <= project.tasks.count() <= 100
    assert 30 <= project.framework.competencies.count() <= 60
    assert project.tasks.filter(parent__isnull=False).count() >= 40
    assert project.tasks.filter(is_milestone=True).exists()
    assert TaskDependency.objects.filter(successor__project=project).count() >= 10
    assert Need.objects.filter(task__project=project).count() >= 60
    assert Assignment.objects.filter(task__project=project).count() >= 80
    assert set(
        Assignment.objects.filter(task__project=project).values_list("responsibility", flat=True)
    ) == set(Assignment.Responsibility.values)  # R, A (validator when the model has it), C, I
    assert Assessment.objects.filter(person__project_links__project=project).count() >= 150


def test_organisations_sit_on_two_or_three_territory_levels(project):
    levels = set(
        project.project_organisations.values_list("organisation__territory__level", flat=True)
    )
    assert 2 <= len(levels) <= 3
    broceliande = project.territory
    assert broceliande.neighbours.exists()
    neighbour_orgs = Organisation.objects.filter(territory__in=broceliande.neighbours.all())
    assert neighbour_orgs.filter(project_links__project=project).exists()


def test_it_frames_the_project_with_sponsors_objectives_and_the_six_axes(project):
    sponsors = project.project_organisations.filter(is_sponsor=True)
    assert {s.organisation.short_name for s in sponsors} == {"CC Brocéliande", "Département 35"}
    assert all(s.representative.kind == Person.Kind.ELECTED for s in sponsors)
    assert list(project.axes.values_list("name", flat=True)) == [
        "Économie alimentaire",
        "Culturel et gastronomie",
        "Nutrition-santé",
        "Accessibilité sociale",
        "Environnement",
        "Urbanisme et foncier",
    ]
    assert Objective.objects.filter(project=project).count() >= 4
    results = ExpectedResult.objects.filter(objective__project=project)
    assert results.count() >= 8
    assert not results.filter(indicator="").exists()


def test_steps_are_some_validated_and_some_not(project):
    statuses = set(project.steps.values_list("status", flat=True))
    assert statuses == {"validated", "submitted", "draft"}
    assert project.steps.first().name == "Diagnostic partagé"


def test_tasks_carry_modalities_budgets_by_funder_and_deliverables(project):
    assert project.tasks.exclude(modalities="").count() >= 5
    funders = set(BudgetLine.objects.filter(task__project=project).values_list("funder", flat=True))
    assert {"state", "ademe", "region", "departement", "eu", "own"} <= funders
    assert Deliverable.objects.filter(task__project=project).count() >= 5


def test_governance_has_copil_cotech_project_and_working_groups(project):
    kinds = set(project.bodies.values_list("kind", flat=True))
    assert {"copil", "cotech", "project_group", "working_group"} <= kinds
    copil = project.bodies.get(kind="copil")
    assert copil.members.filter(kind=Person.Kind.ELECTED).count() >= 4
    assert copil.memberships.filter(role=BodyMember.Role.CHAIR).get().person.last_name == (
        "Guillou"
    )


def test_people_have_monthly_availability_varying_with_holidays(project):
    months = project.horizon_month_starts()
    for link in project.project_people.select_related("person"):
        series = list(
            Availability.objects.filter(person=link.person)
            .order_by("month")
            .values_list("month", "days")
        )
        assert [m for m, _ in series] == months
    claire = Person.objects.get(last_name="Le Goff")
    days = dict(Availability.objects.filter(person=claire).values_list("month", "days"))
    august = next(m for m in months if m.month == 8)
    september = next(m for m in months if m.month == 9)
    assert days[august] < days[september]


def test_some_people_work_for_two_organisations(project):
    doubles = Employment.objects.values("person").annotate(n=models.Count("id")).filter(n=2)
    assert doubles.count() >= 3
    julien = Person.objects.get(first_name="Julien", last_name="Daniel")
    shares = Employment.objects.filter(person=julien).aggregate(total=Sum("time_share"))
    assert shares["total"] == Decimal("1.00")


def test_mandates_and_leeway_are_recorded(project):
    mandates = set(project.project_people.values_list("mandate", flat=True))
    assert {"deliberation", "written", "oral", "none"} <= mandates
    leeways = set(project.project_people.values_list("leeway", flat=True))
    assert leeways == {"decides", "proposes", "carries_out"}


def test_the_framework_is_the_shipped_pat_framework_with_a_four_level_scale():
    framework = load_framework("pat")
    assert framework.name == framework_data("pat").NAME
    assert list(framework.levels.values_list("value", "label")) == [
        (1, "Notions"),
        (2, "Pratique accompagnée"),
        (3, "Autonome"),
        (4, "Expert·e / référent·e"),
    ]
    roots = set(framework.competencies.filter(parent=None).values_list("code", flat=True))
    assert {
        "ECO",
        "RC",
        "NUT",
        "ACC",
        "ENV",
        "CUL",
        "PRJ",
        "ANI",
        "PAR",
        "FIN",
        "EVA",
        "COM",
        "ELU",
        "COOP",
    } == roots
    phases = framework.competencies.filter(parent__code="COOP").values_list("code", flat=True)
    assert {code[:6] for code in phases} == {"COOP.E", "COOP.M", "COOP.C"}
    assert framework.competencies.filter(is_collective=True).exists()
    # Loading it again finds the same framework.
    assert load_framework("pat") == framework
    assert Framework.objects.count() == 1
    assert Level.objects.count() == 4


def test_assessments_use_the_scale_and_some_are_validated(project):
    assessments = Assessment.objects.filter(person__project_links__project=project)
    assert set(assessments.values_list("level", flat=True)) == {1, 2, 3, 4}
    assert assessments.filter(validated_level__isnull=False).count() > assessments.count() / 3
    assert (
        assessments.exclude(validated_level=None)
        .exclude(validated_level=models.F("level"))
        .exists()
    )


def test_demo_accounts_have_their_roles_and_people(project):
    users = get_user_model().objects
    for username, role, _display_name in DEMO_USERS:
        user = users.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        assert Membership.objects.get(user=user).project == project
        assert Membership.objects.get(user=user).role == role
    assert full_name(users.get(username="coordination").person) == "Claire Le Goff"
    assert users.get(username="coordination").person.job_title == "Chargée de mission PAT"
    elu = users.get(username="elu").person
    assert elu.kind == Person.Kind.ELECTED and "Vice-président" in elu.job_title


def test_a_second_project_has_its_own_user_and_sees_nothing_of_the_first(project):
    other = Project.objects.get(name=OTHER_PROJECT_NAME)
    assert other.carrier != project.carrier
    user = get_user_model().objects.get(username=OTHER_PROJECT_USER.username)
    assert list(Membership.objects.filter(user=user).values_list("project", flat=True)) == [
        other.pk
    ]
    assert other.tasks.exists() and other.project_people.exists()
    assert not other.project_people.filter(person__project_links__project=project).exists()


def test_directory_people_outside_the_project_can_widen_the_circle(project):
    outside_orgs = Organisation.objects.exclude(project_links__project=project)
    outsiders = Person.objects.filter(employments__organisation__in=outside_orgs).exclude(
        project_links__project=project
    )
    assert outsiders.count() >= 4
    assert outside_orgs.filter(territory__in=project.territory.neighbours.all()).exists()
    land = Competency.objects.get(framework=project.framework, code="ENV.3")
    assert Assessment.objects.filter(person__in=outsiders, competency=land, level=4).exists()


def test_everything_lies_within_the_horizon(project):
    first, last = project.horizon_start, project.horizon_end
    assert project.horizon_start == TODAY.replace(day=1)
    for model, fields in [(Task, ("start", "end")), (Step, ("start", "end"))]:
        for start, end in model.objects.filter(project=project).values_list(*fields):
            assert first <= start <= end <= last
    for due in Deliverable.objects.filter(task__project=project).values_list("due", flat=True):
        assert first <= due <= last
    months = Availability.objects.values_list("month", flat=True)
    assert min(months) == first and max(months).replace(day=1) == project.horizon_month_starts()[-1]


def test_dependencies_are_finish_to_start(project):
    for dependency in TaskDependency.objects.filter(successor__project=project):
        assert dependency.predecessor.end < dependency.successor.start


def test_tasks_follow_their_dates_with_status(project):
    assert project.tasks.filter(status=Task.Status.IN_PROGRESS).exists()
    assert not project.tasks.filter(start__gt=TODAY).exclude(status=Task.Status.PLANNED).exists()


# -- determinism --------------------------------------------------------------------------

DUMPED = [
    Territory,
    Organisation,
    Person,
    Employment,
    Availability,
    Framework,
    Level,
    Competency,
    Assessment,
    Project,
    ProjectOrganisation,
    ProjectPerson,
    Objective,
    ExpectedResult,
    Axis,
    Step,
    Task,
    TaskDependency,
    BudgetLine,
    Deliverable,
    Need,
    Assignment,
    Body,
    BodyMember,
    Membership,
]
VOLATILE = {"id", "created_at", "password", "last_login", "date_joined"}


def canonical_dump():
    """Every row of the demo with foreign keys replaced by the related object's text."""
    dump = {}
    for model in DUMPED:
        rows = []
        for obj in model.objects.all():
            row = []
            for field in obj._meta.concrete_fields:
                if field.name in VOLATILE:
                    continue
                value = getattr(obj, field.name)
                row.append(str(value) if isinstance(field, models.ForeignKey) else value)
            for field in obj._meta.many_to_many:
                if field.remote_field.through._meta.auto_created:
                    row.append(sorted(str(o) for o in getattr(obj, field.name).all()))
            rows.append(repr(row))
        dump[model.__name__] = sorted(rows)
    users = get_user_model().objects.values_list("username", "first_name", "last_name")
    dump["User"] = sorted(users)
    return dump


def test_two_loads_in_fresh_databases_give_the_same_data():
    dumps = []
    for _attempt in range(2):
        with transaction.atomic():
            load_demo(today=TODAY)
            dumps.append(canonical_dump())
            transaction.set_rollback(True)
        assert not Project.objects.exists()
    assert dumps[0] == dumps[1]
    assert len(dumps[0]["Task"]) >= 60


def test_loading_twice_is_refused(project):
    with pytest.raises(ValueError):
        load_demo(today=TODAY)


def test_progress_is_reported_step_by_step():
    calls = []
    load_demo(today=TODAY, progress=lambda label, done, total: calls.append((label, done, total)))
    assert len(calls) >= 5
    assert [done for _, done, _ in calls] == list(range(len(calls)))
    assert all(total == calls[-1][2] for _, _, total in calls)
    assert calls[-1][1] == calls[-1][2]


# -- planted defects: each present, and only where planted --------------------------------


def test_planted_defects_are_documented():
    kinds = {d.kind for d in PLANTED_DEFECTS}
    assert {
        "over_allocation",
        "task_without_lead",
        "axis_without_political_referent",
        "duplicate_action",
        "competency_level_unavailable",
        "elected_technical_referent",
        "lead_without_mandate",
        "work_on_unvalidated_step",
        "underfunded_task",
        "subtask_outside_parent",
        "governance_overload",
    } == kinds
    assert all(d.why and d.key for d in PLANTED_DEFECTS)


def test_only_the_planted_person_is_over_allocated_and_only_in_the_planted_month(project):
    assert over_allocations(project) == {
        (defects.OVER_ALLOCATED_PERSON, defects.OVER_ALLOCATED_MONTH_OFFSET)
    }
    months, load = monthly_load(project)
    claire = Person.objects.get(first_name="Claire", last_name="Le Goff")
    month = months[defects.OVER_ALLOCATED_MONTH_OFFSET]
    available = Availability.objects.get(person=claire, month=month).days
    assert load[claire.pk][defects.OVER_ALLOCATED_MONTH_OFFSET] > float(available) + 2
    assert BodyMember.objects.filter(person=claire, body__project=project).count() >= 4
    assert (
        lead_assignments(project)
        .filter(person=claire, task__title=defects.OVER_ALLOCATING_TASK)
        .exists()
    )


@pytest.mark.parametrize("today", [datetime.date(2027, m, 1) for m in (1, 5, 8, 12)])
def test_the_over_allocation_is_exact_whatever_the_current_month(today):
    project = load_demo(today=today)
    assert over_allocations(project) == {
        (defects.OVER_ALLOCATED_PERSON, defects.OVER_ALLOCATED_MONTH_OFFSET)
    }


def test_only_the_planted_task_has_no_lead(project):
    led = set(lead_assignments(project).values_list("task", flat=True))
    without_lead = project.tasks.filter(is_milestone=False).exclude(pk__in=led)
    assert list(without_lead.values_list("title", flat=True)) == [defects.TASK_WITHOUT_LEAD]
    task = without_lead.get()
    assert task.lead_organisation is None
    assert task.assignments.filter(responsibility=Assignment.Responsibility.CONTRIBUTOR).exists()


def test_each_task_has_one_lead_from_its_lead_organisation(project):
    for task in project.tasks.exclude(title=defects.TASK_WITHOUT_LEAD).prefetch_related(
        "assignments__person__employments"
    ):
        leads = [a for a in task.assignments.all() if a.responsibility == "lead"]
        assert len(leads) == 1, task.title
        employers = {e.organisation_id for e in leads[0].person.employments.all()}
        assert task.lead_organisation_id in employers, task.title


def test_milestones_take_no_days(project):
    assert not Assignment.objects.filter(
        task__project=project, task__is_milestone=True, days_per_month__gt=0
    ).exists()


def test_only_the_planted_axis_has_no_political_referent(project):
    assert list(
        project.axes.filter(political_referent__isnull=True).values_list("code", flat=True)
    ) == [defects.AXIS_WITHOUT_POLITICAL_REFERENT]
    assert not project.axes.filter(technical_referent__isnull=True).exists()


def test_two_organisations_run_the_same_action(project):
    first, second = (project.tasks.get(title=title) for title in defects.DUPLICATE_TASKS)
    assert first.lead_organisation != second.lead_organisation
    assert {first.lead_organisation.short_name, second.lead_organisation.short_name} == {
        "Chambre d'agriculture",
        "GAB Brocéliande",
    }
    assert first.axis == second.axis
    assert first.start <= second.end and second.start <= first.end  # at the same time
    assert set(first.needs.values_list("competency__code", flat=True)) == set(
        second.needs.values_list("competency__code", flat=True)
    )
    for task in (first, second):
        assert lead_assignments(project).filter(task=task).exists()


def test_a_competency_is_needed_at_a_level_nobody_holds(project):
    need = Need.objects.get(
        task__project=project,
        task__title=defects.UNHELD_NEED_TASK,
        competency__code=defects.UNHELD_COMPETENCY,
    )
    assert need.min_level == defects.UNHELD_NEED_LEVEL == 4
    best = max(a.effective_level for a in Assessment.objects.filter(competency=need.competency))
    assert best == defects.UNHELD_BEST_LEVEL == 2
    assert Assessment.objects.filter(competency=need.competency).aggregate(m=Max("level"))["m"] == 2


def test_every_other_need_is_held_at_its_level_by_someone_in_the_project(project):
    best = defaultdict(int)
    for a in Assessment.objects.filter(person__project_links__project=project):
        best[a.competency_id] = max(best[a.competency_id], a.effective_level)
    unheld = [
        (need.task.title, need.competency.code)
        for need in Need.objects.filter(task__project=project).select_related("task", "competency")
        if best[need.competency_id] < need.min_level
    ]
    assert unheld == [(defects.UNHELD_NEED_TASK, defects.UNHELD_COMPETENCY)]


def test_only_the_planted_axis_has_an_elected_technical_referent(project):
    axes = project.axes.filter(technical_referent__kind=Person.Kind.ELECTED)
    assert [(a.code, full_name(a.technical_referent)) for a in axes] == [
        defects.ELECTED_TECHNICAL_REFERENT
    ]


def test_only_the_planted_lead_has_no_mandate(project):
    unmandated = ProjectPerson.objects.filter(
        project=project, mandate=ProjectPerson.Mandate.NONE
    ).values_list("person", flat=True)
    leads = lead_assignments(project).filter(person__in=unmandated).select_related("person")
    assert [(full_name(a.person), a.task.title) for a in leads] == [defects.LEAD_WITHOUT_MANDATE]


def test_only_the_planted_task_has_started_in_a_step_not_validated(project):
    started = project.tasks.filter(status__in=[Task.Status.IN_PROGRESS, Task.Status.DONE]).exclude(
        step__status=Step.Status.VALIDATED
    )
    assert [(t.title, t.step.name) for t in started] == [defects.WORK_ON_UNVALIDATED_STEP]
    assert started.get().step.status == Step.Status.DRAFT
    assert started.get().assignments.exists()
    assert not project.allow_work_on_unvalidated_steps


def test_every_assignee_doing_work_holds_a_needed_level(project):
    best = {
        (a.person_id, a.competency_id): a.effective_level
        for a in Assessment.objects.filter(person__project_links__project=project)
    }
    for task in project.tasks.prefetch_related("needs", "assignments"):
        needs = list(task.needs.all())
        for assignment in task.assignments.all():
            if needs and assignment.responsibility in ("lead", "contributor"):
                assert any(
                    best.get((assignment.person_id, n.competency_id), 0) >= n.min_level
                    for n in needs
                ), (task.title, assignment.person_id)


def test_only_the_planted_task_costs_more_than_its_funding(project):
    underfunded = [
        (task.title, task.budget, task.funding or 0)
        for task in project.tasks.annotate(funding=Sum("budget_lines__amount"))
        if task.budget > (task.funding or 0)
    ]
    assert underfunded == [defects.UNDERFUNDED_TASK]


def test_only_the_planted_sub_task_lies_outside_its_parent(project):
    outside = [
        (task.title, task.parent.title)
        for task in project.tasks.filter(parent__isnull=False).select_related("parent")
        if task.start < task.parent.start or task.end > task.parent.end
    ]
    assert outside == [defects.SUBTASK_OUTSIDE_PARENT]


def test_only_the_planted_person_spends_over_a_quarter_of_their_time_in_committees(project):
    months = project.horizon_month_starts()
    governance = defaultdict(float)
    for member in BodyMember.objects.filter(body__project=project).select_related("body"):
        body = member.body
        governance[member.person_id] += body.meetings_per_year * float(body.meeting_days) / 12
    available = defaultdict(float)
    for person_id, days in Availability.objects.filter(month__in=months).values_list(
        "person_id", "days"
    ):
        available[person_id] += float(days) / len(months)
    heavy = Person.objects.filter(
        pk__in=[p for p, days in governance.items() if days > 0.25 * available[p]]
    )
    assert [full_name(p) for p in heavy] == [defects.GOVERNANCE_OVERLOAD]
    assert heavy.get().bodies.filter(project=project).count() == 4
