"""The project's analysis thresholds: set by the coordinator, used by everyone's Analyse page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from maillage.analysis import services
from maillage.analysis.forms import TEXTS
from maillage.analysis.models import AnalysisThresholds
from maillage.engine.analysis.thresholds import THRESHOLDS

pytestmark = pytest.mark.django_db


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def crumbs(project: Any) -> int:
    findings = services.project_analysis(project).report.time_losses.findings
    return sum(f.code == "WORK_IN_CRUMBS" for f in findings)


def defaults_posted(**changes: Any) -> dict[str, Any]:
    values = {t.name: t.default * (100 if t.unit == "share" else 1) for t in THRESHOLDS}
    values.update(changes)
    return values


def test_every_threshold_of_the_engine_has_its_label_and_help() -> None:
    assert set(TEXTS) == {t.name for t in THRESHOLDS}


def test_the_form_shows_the_defaults_with_shares_as_percentages(demo: Any) -> None:
    html = client_for("coordination").get(reverse("analysis_thresholds", args=[demo.pk]))
    assert html.status_code == 200
    text = html.content.decode()
    assert re.search(r'name="governance_share"[^>]*value="25"', text), "25 %, not 0.25"
    assert re.search(r'name="max_contributors"[^>]*value="6"', text)
    assert re.search(r'name="similar_task_score"[^>]*value="70"', text), "70, not 7E+1"
    assert "Default: 25\u00a0%" in text


def test_saved_thresholds_change_everyone_s_analysis_and_only_changes_are_kept(
    demo: Any, django_capture_on_commit_callbacks: Any
) -> None:
    before = crumbs(demo)
    url = reverse("analysis_thresholds", args=[demo.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("coordination").post(
            url, defaults_posted(crumb_tasks=2, governance_share="40")
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("analysis_page", args=[demo.pk])
    saved = AnalysisThresholds.objects.get(project=demo).values
    assert saved == {"crumb_tasks": 2, "governance_share": 0.4}
    assert crumbs(demo) > before
    page = client_for("contribution").get(reverse("analysis_page", args=[demo.pk]))
    text = page.content.decode()
    assert "Thresholds used" in text and "40\u00a0%" in text
    assert reverse("analysis_thresholds", args=[demo.pk]) not in text  # not theirs to change

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("coordination").post(url, {"reset": "1"})
    assert response.status_code == 302
    assert not AnalysisThresholds.objects.filter(project=demo).exists()
    assert crumbs(demo) == before


def test_a_value_out_of_bounds_is_named_and_nothing_is_saved(demo: Any) -> None:
    response = client_for("coordination").post(
        reverse("analysis_thresholds", args=[demo.pk]),
        defaults_posted(max_contributors=1, crumb_days="0"),
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "greater than or equal to 2" in text and "greater than or equal to 0.1" in text
    assert 'aria-invalid="true"' in text
    assert not AnalysisThresholds.objects.filter(project=demo).exists()


def test_the_coordinator_finds_the_thresholds_from_the_analysis_page(demo: Any) -> None:
    page = client_for("coordination").get(reverse("analysis_page", args=[demo.pk]))
    assert reverse("analysis_thresholds", args=[demo.pk]) in page.content.decode()


def test_a_saved_value_a_newer_engine_refuses_falls_back_to_its_default(demo: Any) -> None:
    AnalysisThresholds.objects.create(
        project=demo, values={"max_contributors": 4, "retired_threshold": 3, "crumb_tasks": 1}
    )
    values = services.thresholds_for(demo)
    assert values["max_contributors"] == 4
    assert values["crumb_tasks"] == next(t.default for t in THRESHOLDS if t.name == "crumb_tasks")


@pytest.mark.french
def test_the_page_speaks_french_with_french_numbers(demo: Any) -> None:
    text = client_for("coordination").get(reverse("analysis_thresholds", args=[demo.pk]))
    html = text.content.decode()
    assert "<h1>Seuils d’analyse</h1>" in html or "<h1>Seuils d'analyse</h1>" in html
    assert "Par défaut : 25\u00a0%" in html
    assert "Par défaut : 0,1" not in html and "Par défaut : 1." in html
