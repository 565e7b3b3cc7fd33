"""Each inconsistency rule on a tiny hand-built project: raised when it should, silent otherwise."""

from __future__ import annotations

import datetime
from dataclasses import replace

import pytest

from maillage.engine.analysis.duplicates import DUPLICATE_RULES
from maillage.engine.analysis.findings import ObjectRef, catalogue_check
from maillage.engine.analysis.rules import CHECKS, RULES, RuleThresholds, check_all
from maillage.engine.analysis.time_losses import TIME_LOSS_RULES
from maillage.engine.snapshot import (
    Assessment,
    Assignment,
    Axis,
    Body,
    Competency,
    Employment,
    Need,
    Organisation,
    Person,
    ProjectSnapshot,
    Step,
    Task,
    Territory,
)

D = datetime.date
MONTHS = tuple(D(2027, m, 1) for m in range(1, 13))
ALICE, BOB, CAROL = 1, 2, 3
EPCI, CHAMBER = 10, 11


def base_project() -> ProjectSnapshot:
    """A consistent project: no rule fires on it."""
    return ProjectSnapshot(
        id=1,
        name="PAT test",
        kind="pat",
        months=MONTHS,
        levels=(1, 2, 3, 4),
        carrier_id=EPCI,
        territories=(Territory(1, "Pays", "epci"),),
        organisations=(
            Organisation(EPCI, "Communauté de communes", "epci", 1),
            Organisation(CHAMBER, "Chambre d'agriculture", "chamber", 1),
        ),
        people=(
            Person(
                ALICE,
                "Alice Martin",
                "agent",
                employments=(Employment(EPCI, 1.0),),
                availability=(10.0,) * 12,
                mandate="written",
            ),
            Person(BOB, "Bob Le Goff", "elected", availability=(2.0,) * 12, mandate="deliberation"),
            Person(
                CAROL,
                "Carole Tanguy",
                "partner",
                employments=(Employment(CHAMBER, 0.5),),
                availability=(5.0,) * 12,
                mandate="oral",
            ),
        ),
        competencies=(Competency(1, "ANIM", "Animation"), Competency(2, "AGRO", "Agronomie")),
        assessments=(
            Assessment(ALICE, 1, level=3, motivation=3, legitimacy=3),
            Assessment(CAROL, 2, level=2, motivation=4, legitimacy=2),
        ),
        axes=(Axis(1, "A1", "Économie alimentaire", ALICE, BOB, ALICE, EPCI),),
        steps=(Step(1, "Diagnostic", D(2027, 1, 1), D(2027, 6, 30), "validated"),),
        tasks=(
            Task(
                1,
                "Diagnostic agricole",
                D(2027, 1, 1),
                D(2027, 3, 31),
                step_id=1,
                axis_id=1,
                status="in_progress",
                lead_organisation_id=EPCI,
                budget=1000.0,
                funding=1000.0,
            ),
            Task(
                2,
                "Enquête producteurs",
                D(2027, 4, 1),
                D(2027, 5, 31),
                step_id=1,
                axis_id=1,
                lead_organisation_id=CHAMBER,
                predecessor_ids=(1,),
            ),
        ),
        needs=(Need(1, 1, 1, 2, 2.0), Need(2, 2, 2, 2, 1.0)),
        assignments=(
            Assignment(1, 1, ALICE, "lead", 2.0),
            Assignment(2, 2, CAROL, "lead", 1.0),
            Assignment(3, 2, BOB, "informed", 0.0),
        ),
        bodies=(Body(1, "COPIL", "copil", 4, 0.5, member_ids=(ALICE, BOB)),),
    )


def with_task(project: ProjectSnapshot, task_id: int, **changes: object) -> ProjectSnapshot:
    tasks = tuple(replace(t, **changes) if t.id == task_id else t for t in project.tasks)  # type: ignore[arg-type]
    return replace(project, tasks=tasks)


def with_person(project: ProjectSnapshot, person_id: int, **changes: object) -> ProjectSnapshot:
    people = tuple(replace(p, **changes) if p.id == person_id else p for p in project.people)  # type: ignore[arg-type]
    return replace(project, people=people)


def with_axis(project: ProjectSnapshot, **changes: object) -> ProjectSnapshot:
    return replace(project, axes=(replace(project.axes[0], **changes),))  # type: ignore[arg-type]


def found(project: ProjectSnapshot, code: str, thresholds: RuleThresholds | None = None) -> list:  # type: ignore[type-arg]
    return [f for f in check_all(project, thresholds) if f.code == code]


def test_the_base_project_is_consistent():
    assert check_all(base_project()) == []


def test_the_catalogue_has_the_rules_the_method_asks_for_and_renders():
    required = {
        "TASK_NO_LEAD",
        "AXIS_NO_LEAD",
        "AXIS_NO_POLITICAL_REFERENT",
        "AXIS_NO_TECHNICAL_REFERENT",
        "PERSON_OVERALLOCATED",
        "ASSIGNEE_UNQUALIFIED",
        "NEED_UNASSIGNED",
        "TASK_OUTSIDE_HORIZON",
        "TASK_END_BEFORE_START",
        "SUBTASK_OUTSIDE_PARENT",
        "DEPENDENCY_ORDER_BROKEN",
        "ELECTED_TECHNICAL_REFERENT",
        "POLITICAL_REFERENT_NOT_ELECTED",
        "TASK_LEAD_WITHOUT_MANDATE",
        "LEAD_LOW_MOTIVATION",
        "WORK_ON_UNVALIDATED_STEP",
        "ASSIGNMENT_OUTSIDE_TASK_DATES",
        "TIME_SHARE_EXCEEDED",
        "BODY_WITHOUT_MEMBERS",
        "COPIL_WITHOUT_ELECTED",
        "TASK_BUDGET_OVER_FUNDING",
    }
    assert required <= set(RULES)
    assert set(RULES) == set(CHECKS)
    catalogue_check(RULES)
    for entry in RULES.values():
        assert entry.severity in {"error", "warning", "info"}
        assert entry.template_fr != entry.template_en


def test_the_catalogue_is_listed_in_the_docs():
    from pathlib import Path

    docs = Path(__file__).resolve().parents[2] / "docs" / "algorithms"
    text = "".join(p.read_text(encoding="utf-8") for p in docs.glob("analysis*.md"))
    catalogues = {**RULES, **DUPLICATE_RULES, **TIME_LOSS_RULES}
    missing = [code for code in catalogues if f"`{code}`" not in text]
    assert missing == []


def test_task_without_lead():
    project = replace(base_project(), assignments=base_project().assignments[1:])
    [finding] = found(project, "TASK_NO_LEAD")
    assert (finding.object_kind, finding.object_id, finding.severity) == ("task", 1, "error")
    assert finding.message_fr == "La tâche « Diagnostic agricole » n'a pas de chef de file."
    assert finding.message_en == 'Task "Diagnostic agricole" has no lead.'


def test_a_contributor_is_not_a_lead_but_milestones_and_cancelled_tasks_need_none():
    base = base_project()
    contributor = replace(base.assignments[0], responsibility="contributor")
    project = replace(base, assignments=(contributor, *base.assignments[1:]))
    assert [f.object_id for f in found(project, "TASK_NO_LEAD")] == [1]
    assert found(with_task(project, 1, is_milestone=True), "TASK_NO_LEAD") == []
    assert found(with_task(project, 1, status="cancelled"), "TASK_NO_LEAD") == []


@pytest.mark.parametrize(
    ("field", "code"),
    [
        ("lead_id", "AXIS_NO_LEAD"),
        ("political_referent_id", "AXIS_NO_POLITICAL_REFERENT"),
        ("technical_referent_id", "AXIS_NO_TECHNICAL_REFERENT"),
    ],
)
def test_axis_without_a_role(field, code):
    project = with_axis(base_project(), **{field: None})
    [finding] = found(project, code)
    assert (finding.object_kind, finding.object_id) == ("axis", 1)
    assert "Économie alimentaire" in finding.message_fr
    others = set(RULES) - {code}
    assert not [f for f in check_all(project) if f.code in others]


def test_over_allocation_cites_the_month_and_the_figures():
    base = base_project()
    availability = (10.0, 3.0) + (10.0,) * 10
    project = with_person(base, ALICE, availability=availability)
    lead = replace(base.assignments[0], days_per_month=4.0)
    project = replace(project, assignments=(lead, *base.assignments[1:]))
    [finding] = found(project, "PERSON_OVERALLOCATED")
    assert finding.object_id == ALICE
    assert finding.month == D(2027, 2, 1)
    # 4 task days + 4 COPIL meetings x 0.5 day / 12 months, for 3 days available.
    assert finding.param("tasks") == 4.0
    assert finding.param("governance") == pytest.approx(0.17)
    assert finding.param("excess") == pytest.approx(1.17)
    assert finding.message_fr == (
        "Alice Martin est sur-affecté·e en février 2027 : 4 j de tâches + 0,17 j de gouvernance "
        "pour 3 j disponibles (1,17 j de trop)."
    )
    assert "February 2027" in finding.message_en


def test_over_allocation_counts_tasks_pro_rata_of_the_month_they_cover():
    base = base_project()
    # 10 days a month on a task covering 16 of January's 31 days: 5.16 days, within 5.2.
    project = with_task(base, 1, start=D(2027, 1, 16), end=D(2027, 1, 31))
    project = with_person(project, ALICE, availability=(5.2 + 1 / 6,) + (10.0,) * 11)
    lead = replace(base.assignments[0], days_per_month=10.0)
    project = replace(project, assignments=(lead, *base.assignments[1:]))
    assert found(project, "PERSON_OVERALLOCATED") == []
    project = with_person(project, ALICE, availability=(5.1 + 1 / 6,) + (10.0,) * 11)
    [finding] = found(project, "PERSON_OVERALLOCATED")
    assert finding.param("tasks") == pytest.approx(5.16)


def test_governance_alone_can_over_allocate_and_tolerance_is_configurable():
    project = with_person(base_project(), BOB, availability=(0.1,) * 12)
    assert len(found(project, "PERSON_OVERALLOCATED")) == 12
    assert (
        found(project, "PERSON_OVERALLOCATED", RuleThresholds(overallocation_tolerance_days=0.1))
        == []
    )


def test_assignee_qualified_for_none_of_the_needs():
    base = base_project()
    # Bob, elected, contributes to the diagnostic without any assessment.
    project = replace(
        base, assignments=(*base.assignments, Assignment(4, 1, BOB, "contributor", 1.0))
    )
    [finding] = found(project, "ASSIGNEE_UNQUALIFIED")
    assert (finding.object_kind, finding.object_id) == ("assignment", 4)
    assert ObjectRef("task", 1) in finding.related
    # Consulted or informed people do not do the work: not checked.
    informed = replace(project.assignments[-1], responsibility="informed")
    assert (
        found(replace(base, assignments=(*base.assignments, informed)), "ASSIGNEE_UNQUALIFIED")
        == []
    )


def test_an_assessment_below_the_minimum_level_does_not_qualify():
    base = base_project()
    weak = Assessment(ALICE, 1, level=1, motivation=3, legitimacy=3)
    project = replace(base, assessments=(weak, *base.assessments[1:]))
    assert [f.object_id for f in found(project, "ASSIGNEE_UNQUALIFIED")] == [1]
    [need] = found(project, "NEED_UNASSIGNED")
    assert (need.object_kind, need.object_id) == ("need", 1)
    assert (
        need.message_en
        == 'Nobody is assigned to the need "Animation" (level 2) of task "Diagnostic agricole".'
    )


def test_need_with_nobody_assigned():
    base = base_project()
    project = replace(base, needs=(*base.needs, Need(3, 1, 2, 3, 1.0)))
    [finding] = found(project, "NEED_UNASSIGNED")
    assert finding.object_id == 3
    # Alice still meets the first need, so she is not "qualified for none".
    assert found(project, "ASSIGNEE_UNQUALIFIED") == []
    carol = Assignment(9, 1, CAROL, "contributor", 1.0)
    level_3 = Assessment(CAROL, 2, level=3, motivation=4, legitimacy=2)
    fixed = replace(
        project,
        assignments=(*project.assignments, carol),
        assessments=(base.assessments[0], level_3),
    )
    assert found(fixed, "NEED_UNASSIGNED") == []


def test_task_and_step_outside_the_horizon():
    project = with_task(base_project(), 2, end=D(2028, 1, 15))
    [finding] = found(project, "TASK_OUTSIDE_HORIZON")
    assert finding.object_id == 2
    assert finding.param("horizon_end") == "2027-12-31"
    assert found(with_task(base_project(), 2, end=D(2027, 12, 31)), "TASK_OUTSIDE_HORIZON") == []
    step = replace(base_project().steps[0], start=D(2026, 12, 1))
    [finding] = found(replace(base_project(), steps=(step,)), "STEP_OUTSIDE_HORIZON")
    assert (finding.object_kind, finding.object_id) == ("step", 1)


def test_end_before_start():
    project = with_task(base_project(), 2, start=D(2027, 5, 1), end=D(2027, 4, 30))
    [finding] = found(project, "TASK_END_BEFORE_START")
    assert finding.object_id == 2 and finding.severity == "error"
    step = replace(base_project().steps[0], end=D(2026, 12, 31), start=D(2027, 1, 1))
    assert [
        f.object_id for f in found(replace(base_project(), steps=(step,)), "STEP_END_BEFORE_START")
    ] == [1]
    assert found(with_task(base_project(), 2, end=D(2027, 4, 1)), "TASK_END_BEFORE_START") == []


def test_subtask_outside_its_parent():
    project = with_task(base_project(), 2, parent_id=1, predecessor_ids=())
    [finding] = found(project, "SUBTASK_OUTSIDE_PARENT")
    assert finding.object_id == 2 and ObjectRef("task", 1) in finding.related
    inside = with_task(project, 2, start=D(2027, 2, 1), end=D(2027, 3, 31))
    assert found(inside, "SUBTASK_OUTSIDE_PARENT") == []


def test_dependency_order_broken():
    project = with_task(base_project(), 2, start=D(2027, 3, 15))
    [finding] = found(project, "DEPENDENCY_ORDER_BROKEN")
    assert finding.object_id == 2
    assert finding.param("predecessor_end") == "2027-03-31"
    # Starting on the day the predecessor ends is a same-day hand-over, accepted.
    assert (
        found(with_task(base_project(), 2, start=D(2027, 3, 31)), "DEPENDENCY_ORDER_BROKEN") == []
    )


def test_elected_technical_referent_and_non_elected_political_referent():
    project = with_axis(base_project(), technical_referent_id=BOB, political_referent_id=ALICE)
    [technical] = found(project, "ELECTED_TECHNICAL_REFERENT")
    [political] = found(project, "POLITICAL_REFERENT_NOT_ELECTED")
    assert technical.param("person") == "Bob Le Goff"
    assert political.param("person") == "Alice Martin"
    assert found(base_project(), "ELECTED_TECHNICAL_REFERENT") == []


@pytest.mark.parametrize("mandate", [None, "none"])
def test_lead_without_mandate(mandate):
    project = with_person(base_project(), ALICE, mandate=mandate)
    [task] = found(project, "TASK_LEAD_WITHOUT_MANDATE")
    [axis] = found(project, "AXIS_LEAD_WITHOUT_MANDATE")
    assert (task.object_id, axis.object_id) == (1, 1)
    assert ObjectRef("person", ALICE) in task.related
    assert (
        found(with_person(base_project(), ALICE, mandate="oral"), "TASK_LEAD_WITHOUT_MANDATE") == []
    )


def test_lead_with_very_low_motivation_for_what_the_task_needs():
    base = base_project()
    low = Assessment(ALICE, 1, level=3, motivation=1, legitimacy=3)
    project = replace(base, assessments=(low, *base.assessments[1:]))
    [finding] = found(project, "LEAD_LOW_MOTIVATION")
    assert finding.object_id == 1 and finding.param("motivation") == 1
    assert found(project, "LEAD_LOW_MOTIVATION", RuleThresholds(low_motivation=0)) == []
    two = replace(low, motivation=2)
    assert (
        found(replace(base, assessments=(two, *base.assessments[1:])), "LEAD_LOW_MOTIVATION") == []
    )
    assert (
        len(
            found(
                replace(base, assessments=(two, *base.assessments[1:])),
                "LEAD_LOW_MOTIVATION",
                RuleThresholds(low_motivation=2),
            )
        )
        == 1
    )


def test_work_started_on_a_step_not_yet_validated():
    base = base_project()
    project = replace(base, steps=(replace(base.steps[0], status="submitted"),))
    [finding] = found(project, "WORK_ON_UNVALIDATED_STEP")
    assert finding.object_id == 1  # task 2 is only planned
    assert (
        found(replace(project, allow_work_on_unvalidated_steps=True), "WORK_ON_UNVALIDATED_STEP")
        == []
    )


def test_assignment_days_outside_the_task_dates():
    project = with_task(
        base_project(), 2, start=D(2028, 2, 1), end=D(2028, 3, 1), predecessor_ids=()
    )
    [finding] = found(project, "ASSIGNMENT_OUTSIDE_TASK_DATES")
    assert (finding.object_kind, finding.object_id) == ("assignment", 2)  # Bob is informed, 0 days
    milestone = with_task(base_project(), 1, is_milestone=True, end=D(2027, 1, 1))
    assert [f.object_id for f in found(milestone, "ASSIGNMENT_OUTSIDE_TASK_DATES")] == [1]


def test_time_share_counts_days_of_tasks_led_by_the_employer():
    base = base_project()
    alice = with_person(
        base,
        ALICE,
        employments=(Employment(EPCI, 0.5), Employment(CHAMBER, 0.2)),
        availability=(20.0,) * 12,
    )
    lead = replace(base.assignments[0], days_per_month=12.0)
    project = replace(alice, assignments=(lead, *base.assignments[1:]))
    findings = found(project, "TIME_SHARE_EXCEEDED")
    # January, February, March 2027: 21, 20, 23 weekdays; 12 days + 1/6 of COPIL days x 5/7
    # against 0.5 x working days: 12.12 > 10.5, 10 and 11.5.
    assert [(f.month, f.param("allowed")) for f in findings] == [
        (D(2027, 1, 1), 10.5),
        (D(2027, 2, 1), 10.0),
        (D(2027, 3, 1), 11.5),
    ]
    assert findings[0].param("days") == pytest.approx(12.12)
    assert ObjectRef("organisation", EPCI) in findings[0].related
    # The chamber's share is not exceeded: only its part of the governance days counts.
    assert {f.param("organisation") for f in findings} == {"Communauté de communes"}
    # With 24 working days a month, 0.5 x 24 = 12 >= 12.12 is false; with 25 it fits.
    assert found(project, "TIME_SHARE_EXCEEDED", RuleThresholds(working_days_per_month=25)) == []


def test_time_share_gives_all_days_to_a_single_employer():
    # Carol, half-time at the chamber, leads a task of the EPCI for 11 days a month in April.
    base = base_project()
    project = with_task(base, 2, lead_organisation_id=EPCI)
    carol = replace(base.assignments[1], days_per_month=11.0)
    project = replace(project, assignments=(base.assignments[0], carol, base.assignments[2]))
    months = [f.month for f in found(project, "TIME_SHARE_EXCEEDED")]
    # April has 22 weekdays (11 allowed: not exceeded), May 21 (10.5 allowed: exceeded).
    assert months == [D(2027, 5, 1)]
    no_employment = with_person(project, CAROL, employments=())
    assert found(no_employment, "TIME_SHARE_EXCEEDED") == []


def test_body_without_members_and_copil_without_elected():
    base = base_project()
    empty = Body(2, "Groupe de travail", "working_group", 6, 0.5)
    [finding] = found(replace(base, bodies=(*base.bodies, empty)), "BODY_WITHOUT_MEMBERS")
    assert (finding.object_kind, finding.object_id) == ("body", 2)
    technicians = replace(base.bodies[0], member_ids=(ALICE, CAROL))
    [copil] = found(replace(base, bodies=(technicians,)), "COPIL_WITHOUT_ELECTED")
    assert copil.object_id == 1
    cotech = replace(technicians, kind="cotech")
    assert found(replace(base, bodies=(cotech,)), "COPIL_WITHOUT_ELECTED") == []


def test_budget_above_funding():
    project = with_task(base_project(), 1, budget=1500.5)
    [finding] = found(project, "TASK_BUDGET_OVER_FUNDING")
    assert finding.message_fr == (
        "Le budget de la tâche « Diagnostic agricole » (1500,5 €) dépasse ses "
        "financements (1000 €)."
    )
    assert found(with_task(base_project(), 1, budget=1000.0), "TASK_BUDGET_OVER_FUNDING") == []


def test_findings_are_sorted_errors_first_and_stable():
    base = base_project()
    project = replace(with_axis(base, lead_id=None), assignments=base.assignments[1:], bodies=())
    findings = check_all(project)
    assert [f.code for f in findings] == ["NEED_UNASSIGNED", "TASK_NO_LEAD", "AXIS_NO_LEAD"]
    assert check_all(project) == findings
    reversed_input = replace(project, tasks=project.tasks[::-1], needs=project.needs[::-1])
    assert check_all(reversed_input) == findings


def test_only_selected_codes_run():
    project = replace(base_project(), assignments=())
    assert {f.code for f in check_all(project, codes=frozenset({"TASK_NO_LEAD"}))} == {
        "TASK_NO_LEAD"
    }


def test_the_rules_duplicates_time_losses_and_file_format_import_no_django():
    import subprocess
    import sys

    code = (
        "import sys; import maillage.engine.analysis.rules, maillage.engine.analysis.duplicates, "
        "maillage.engine.analysis.time_losses, maillage.engine.fileformat; "
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
