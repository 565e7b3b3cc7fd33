"""Comparing versions speaks of what changed, never of how labels read in one language."""

from __future__ import annotations

import datetime
import importlib
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from maillage.demo import load_demo
from maillage.engine.plan.diff import Change
from maillage.planning import selectors, services
from maillage.planning.models import PlanVersion
from maillage.planning.snapshot import current_plan
from maillage.projects.models import Membership
from maillage.staffing.models import Assignment

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 3)


@pytest.fixture
def demo() -> Any:
    with time_machine.travel("2026-12-03 10:00 +0100", tick=False):
        with translation.override("fr"):
            project = load_demo(today=TODAY)
        coordinator = Membership.objects.get(project=project, role=Membership.Role.COORDINATOR).user
        from maillage.access import project_access

        with translation.override("fr"):
            frozen_in_french = services.version_freeze(
                access=project_access(coordinator, project.pk), label="v3"
            )
        yield {"project": project, "coordinator": coordinator, "v3": frozen_in_french}


def _counts(diff: Any) -> dict[Change, int]:
    return {change: count for change, count in diff.counts().items() if count}


def test_a_version_compared_with_the_unchanged_plan_has_no_difference_in_any_language(
    demo: dict,
) -> None:
    for language in ("fr", "en"):
        with translation.override(language):
            assert selectors.compare(demo["v3"], None, demo["project"]).is_empty


def test_the_same_comparison_gives_the_same_changes_in_french_and_english(demo: dict) -> None:
    v1 = PlanVersion.objects.get(project=demo["project"], number=1)
    results = {}
    for language in ("fr", "en"):
        with translation.override(language):
            diff = selectors.compare(v1, None, demo["project"])
            results[language] = sorted((c.key, sorted(c.changes)) for c in diff.tasks)
    assert results["fr"] == results["en"]
    assert Change.RESTAFFED not in {kind for _key, kinds in results["fr"] for kind in kinds}


def test_one_changed_assignment_gives_exactly_one_change(demo: dict) -> None:
    assignment = Assignment.objects.filter(
        task__project=demo["project"], responsibility=Assignment.Responsibility.CONTRIBUTOR
    ).first()
    Assignment.objects.filter(pk=assignment.pk).update(
        responsibility=Assignment.Responsibility.CONSULTED
    )
    for language in ("fr", "en"):
        with translation.override(language):
            diff = selectors.compare(demo["v3"], None, demo["project"])
            assert [(c.key, c.changes) for c in diff.tasks] == [
                (assignment.task_id, frozenset({Change.RESTAFFED}))
            ]


def test_the_compare_page_reads_the_same_in_both_languages(demo: dict) -> None:
    client = Client()
    client.force_login(demo["coordinator"])
    url = reverse("planning_version_compare", args=[demo["project"].pk])
    query = {"old": demo["v3"].pk}
    french = client.get(url, query, headers={"accept-language": "fr"})
    english = client.get(url, query, headers={"accept-language": "en"})
    assert "Aucune différence." in french.content.decode()
    assert "No difference." in english.content.decode()


def test_labels_frozen_in_any_language_are_rewritten_as_ids() -> None:
    migration = importlib.import_module("maillage.planning.migrations.0002_frozen_plans_by_id")
    codes = {"responsable": "lead", "lead": "lead", "contributeur": "contributor"}
    data = {
        "tasks": [
            {"key": 1, "people": ["Anne Martin (Responsable)", "Paul Inconnu (Lead)"],
             "lead_organisation": "CC Brocéliande"},
            {"key": 2, "people": ["Anne Martin (Lead)"], "lead_organisation": ""},
        ]
    }  # fmt: skip
    converted = migration._convert(data, {"Anne Martin": 7}, {"CC Brocéliande": 3}, codes)
    assert converted["tasks"][0]["people"] == [[-1, "lead"], [7, "lead"]]
    assert converted["tasks"][1]["people"] == [[7, "lead"]]
    assert converted["tasks"][0]["lead_organisation"] == 3
    assert converted["tasks"][1]["lead_organisation"] is None
    assert converted["person_names"] == {"7": "Anne Martin", "-1": "Paul Inconnu"}
    assert converted["format"] == 2


def test_the_version_page_names_people_with_roles_in_the_readers_language(demo: dict) -> None:
    lead = (
        Assignment.objects.filter(
            task__project=demo["project"], responsibility=Assignment.Responsibility.LEAD
        )
        .select_related("person")
        .first()
    )
    client = Client()
    client.force_login(demo["coordinator"])
    url = reverse("planning_version_detail", args=[demo["project"].pk, demo["v3"].pk])
    french = client.get(url, headers={"accept-language": "fr"}).content.decode()
    assert f"{lead.person} (Chef de file)" in french
    english = client.get(url, headers={"accept-language": "en"}).content.decode()
    assert f"{lead.person} (Lead)" in english
    assert current_plan(demo["project"]).person_names[lead.person_id] == str(lead.person)


def test_the_migration_rewrites_versions_frozen_with_labels_in_any_language(
    demo: dict,
) -> None:
    """A version frozen before ids were stored, by a French session, is read as the same plan
    as the one frozen now: comparing them finds nothing."""
    from django.apps import apps

    migration = importlib.import_module("maillage.planning.migrations.0002_frozen_plans_by_id")
    plan = current_plan(demo["project"])
    legacy = plan.to_json()
    legacy.pop("format"), legacy.pop("person_names"), legacy.pop("organisation_names")
    for task, frozen in zip(legacy["tasks"], plan.tasks, strict=True):
        with translation.override("fr"):
            task["people"] = [
                f"{plan.person_names[person]} ({Assignment.Responsibility(responsibility).label})"
                for person, responsibility in frozen.people
            ]
        task["lead_organisation"] = plan.organisation_names.get(frozen.lead_organisation, "")
    old = PlanVersion.objects.create(
        project=demo["project"], number=99, label="Ancienne", data=legacy
    )

    migration.forwards(apps, None)

    old.refresh_from_db()
    assert old.data["format"] == 2
    assert selectors.compare(old, None, demo["project"]).is_empty
    assert selectors.compare(old, demo["v3"], demo["project"]).is_empty
