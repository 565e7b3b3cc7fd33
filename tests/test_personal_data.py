"""Personal data (motivation, legitimacy, time, levels nobody validated) reaches only the
coordinator and the person themselves: one rule in the access module, used by every page."""

from __future__ import annotations

import importlib
from decimal import Decimal
from typing import Any

import pytest
from django.http import Http404
from django.urls import reverse

from maillage.access import CONTACT_FIELDS, PERSONAL_FIELDS, personal_fields_visible, project_access
from maillage.directory.models import Person
from maillage.engine.staffing import explain
from maillage.engine.staffing import remedies as engine_remedies
from maillage.optimisation import selectors, services
from maillage.optimisation.models import AcceptedChange, StaffingRun
from maillage.staffing.models import Assignment
from tests.factories import (
    make_assessment,
    make_assignment,
    make_competency,
    make_need,
    make_person,
    make_task,
)
from tests.personas import PERSONAS

pytestmark = pytest.mark.django_db

EVERYTHING = CONTACT_FIELDS | PERSONAL_FIELDS
EXPECTED_FOR_ANOTHER_PERSON = {
    "coordinator": EVERYTHING,
    "contributor": CONTACT_FIELDS,
    "elected": CONTACT_FIELDS,
    "partner": frozenset(),
    "observer": frozenset(),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_personal_fields_visible_for_each_persona(
    persona: str, persona_users: dict, project: Any
) -> None:
    someone = project.dataset["people"][0]
    user = persona_users[persona]
    if persona in ("outsider", "anonymous"):
        with pytest.raises(Http404):  # no access to the project at all
            project_access(user or _anonymous(), project.pk)
        return
    access = project_access(user, project.pk)
    assert personal_fields_visible(access, someone) == EXPECTED_FOR_ANOTHER_PERSON[persona]


def test_a_person_sees_all_their_own_fields(persona_users: dict, project: Any) -> None:
    access = project_access(persona_users["contributor"], project.pk)
    own = Person.objects.get(user=persona_users["contributor"])
    assert personal_fields_visible(access, own) == EVERYTHING


def _anonymous() -> Any:
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


# --- The person page -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "sees_unvalidated"),
    [
        ("coordinator", True),
        ("contributor", False),
        ("elected", False),
        ("partner", False),
        ("observer", False),
    ],
)
def test_the_person_page_shows_unvalidated_levels_only_to_those_allowed(
    persona: str, sees_unvalidated: bool, personas: dict, project: Any
) -> None:
    person = make_person(project)
    validated = make_competency(project.framework, name="Animation validée")
    declared = make_competency(project.framework, name="Achats déclarés")
    make_assessment(person, validated, level=2, validated_level=3)
    make_assessment(person, declared, level=4)

    html = personas[persona].get(reverse("person_detail", args=[project.pk, person.pk])).content
    html = html.decode()

    assert "Animation validée" in html
    assert ("Achats déclarés" in html) is sees_unvalidated


def test_the_person_sees_their_own_unvalidated_levels(
    persona_users: dict, personas: dict, project: Any
) -> None:
    own = Person.objects.get(user=persona_users["contributor"])
    make_assessment(own, make_competency(project.framework, name="Mon auto-évaluation"), level=3)
    page = personas["contributor"].get(reverse("person_detail", args=[project.pk, own.pk]))
    assert "Mon auto-évaluation" in page.content.decode()


# --- Optimisation: history and remedies ---------------------------------------------------------


def _engine_finding(rule: Any, **params: Any) -> dict[str, Any]:
    finding = rule.finding(0, **params)
    return {
        "code": finding.code,
        "month": None,
        "params": dict(finding.params),
        "message_fr": finding.message_fr,
        "message_en": finding.message_en,
    }


def _assigned(person: Any, task: Any) -> dict[str, Any]:
    return _engine_finding(
        explain.RULES["STAFF_ASSIGNED"],
        person=str(person),
        task=task.title,
        competency="Animation",
        level=3,
        min_level=2,
        motivation=2,
        legitimacy=3,
        days=2.0,
        available=7.5,
        organisation="",
    )


def _accepted_run(project: Any, persona_users: dict) -> tuple[Any, Any]:
    competency = make_competency(project.framework)
    task = make_task(project, title="Diagnostic")
    make_need(task, competency, days_per_month=Decimal("2"))
    person = make_person(project, first_name="Dana", last_name="D")
    months = len(project.horizon_month_starts())
    result = {
        "assignments": [
            {
                "person_id": person.pk,
                "task_id": task.pk,
                "days_by_month": [2.0] * months,
                "reason": _assigned(person, task),
            }
        ],
        "unmet": [],
        "remedies": [],
    }
    run = StaffingRun.objects.create(project=project, status="succeeded", result=result)
    access = project_access(persona_users["coordinator"], project.pk)
    change = selectors.proposal_for(project, run).changes[0]
    services.proposal_accept(
        access=access, run=run, keys=[change.key], states={change.key: change.state}
    )
    return person, task


def test_an_accepted_change_keeps_no_personal_value_in_its_text(
    persona_users: dict, project: Any
) -> None:
    _accepted_run(project, persona_users)
    change = AcceptedChange.objects.get(kind="added")
    assert "motivation" not in change.detail and "7,5" not in change.detail
    assert change.reasons[0]["code"] == "STAFF_ASSIGNED"


def test_the_history_shows_motivation_and_time_to_the_coordinator_only(
    persona_users: dict, personas: dict, project: Any
) -> None:
    _accepted_run(project, persona_users)
    url = reverse("optimisation_history", args=[project.pk])

    coordinator = personas["coordinator"].get(url).content.decode()
    contributor = personas["contributor"].get(url).content.decode()

    assert "motivation 2/4" in coordinator and "7.5 days available" in coordinator
    assert "Dana D" in contributor and "Diagnostic" in contributor
    assert "motivation" not in contributor.split('id="history"')[1]
    assert "7.5" not in contributor and "legitimacy 3/4" not in contributor


def test_the_person_reads_their_own_explanation_in_the_history(
    persona_users: dict, personas: dict, project: Any
) -> None:
    person, task = _accepted_run(project, persona_users)
    Person.objects.filter(pk=person.pk).update(user=persona_users["elected"])
    page = personas["elected"].get(reverse("optimisation_history", args=[project.pk]))
    assert page.status_code == 403  # elected members do not see this page at all
    contributor_own = Person.objects.get(user=persona_users["contributor"])
    make_assignment(task, contributor_own, Assignment.Responsibility.CONTRIBUTOR)
    AcceptedChange.objects.create(
        project=project,
        kind="added",
        person_id_copy=contributor_own.pk,
        person_name=str(contributor_own),
        reasons=[{**_assigned(contributor_own, task), "message_fr": "", "message_en": ""}],
    )
    html = personas["contributor"].get(reverse("optimisation_history", args=[project.pk]))
    assert "motivation 2/4" in html.content.decode()


def test_the_remedies_page_hides_motivation_from_contributors(
    persona_users: dict, personas: dict, project: Any
) -> None:
    competency = make_competency(project.framework, name="Logistique")
    task = make_task(project, title="Plateforme")
    need = make_need(task, competency, min_level=3)
    person = make_person(project, first_name="Eli", last_name="E")
    description = _engine_finding(
        engine_remedies.RULES["REMEDY_UPSKILLING"],
        person=str(person),
        level=2,
        motivation=4,
        min_level=3,
        competency="Logistique",
        cost=1200.0,
        lead=3,
        closed=6.0,
    )
    result = {
        "assignments": [],
        "unmet": [{"need_id": need.pk, "task_id": task.pk, "competency_id": competency.pk}],
        "remedies": [
            {
                "kind": "upskilling",
                "competency_id": competency.pk,
                "min_level": 3,
                "person_id": person.pk,
                "cost": 1200.0,
                "lead_time_months": 3,
                "gap_closed": 6.0,
                "description": description,
            }
        ],
    }
    StaffingRun.objects.create(project=project, status="succeeded", result=result)
    url = reverse("optimisation_remedies", args=[project.pk])

    coordinator = personas["coordinator"].get(url).content.decode()
    contributor = personas["contributor"].get(url).content.decode()

    assert "motivation 4/4" in coordinator
    assert "Train Eli E to level 3" in contributor
    assert "motivation 4/4" not in contributor and "level 2" not in contributor


# --- Existing history rows -----------------------------------------------------------------------


def test_the_data_migration_strips_personal_values_from_old_history_text() -> None:
    migration = importlib.import_module(
        "maillage.optimisation.migrations.0003_strip_personal_values_from_history"
    )
    french = (
        "Dana D : niveau 3 en « Animation » (minimum demandé 2), motivation 2/4, légitimité "
        "3/4 ; 2 j proposés sur 7,5 j disponibles pour les tâches pendant « Diagnostic »."
    )
    english = (
        'Dana D: level 3 in "Animation" (minimum 2), motivation 2/4, legitimacy 3/4; 2 days '
        'proposed out of 7.5 days available for tasks during "Diagnostic".'
    )
    assert migration.strip_detail(french) == (
        "Dana D : « Animation » (minimum demandé 2) ; 2 j proposés pendant « Diagnostic »."
    )
    assert migration.strip_detail(english) == (
        'Dana D: "Animation" (minimum 2); 2 days proposed during "Diagnostic".'
    )
    assert migration.strip_detail("Pas utile : motivation 1/4 seulement") == ""
    removal = "Not needed on this task by the proposal: the need is covered by others."
    assert migration.strip_detail(removal) == removal
