"""The demo shows the guiding thread: a validated baseline, a version with a request for changes
awaiting the elected official's decision, and two rolls of the window."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from maillage.demo import load_demo
from maillage.planning.models import PlanVersion, Review, Roll

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_baseline_a_version_with_changes_requested_and_roll_history() -> None:
    project = load_demo()

    baseline, later = PlanVersion.objects.filter(project=project).order_by("number")
    assert baseline.is_baseline and baseline.status == PlanVersion.Status.VALIDATED
    assert set(baseline.reviews.values_list("decision", flat=True)) == {Review.Decision.VALIDATED}
    assert later.status == PlanVersion.Status.CHANGES_REQUESTED
    assert later.reviews.filter(decision=Review.Decision.CHANGES_REQUESTED).exclude(comment="")
    assert Roll.objects.filter(project=project).count() == 2

    elected = Client()
    assert elected.login(username="elu", password="maillage-demo")
    page = elected.get(reverse("planning_version_detail", args=[project.pk, later.pk]))
    # The demo's elected official represents a sponsor whose decision is still awaited.
    assert reverse("planning_version_decide", args=[project.pk, later.pk]) in page.content.decode()
    roll = elected.get(reverse("planning_roll", args=[project.pk])).content.decode()
    assert roll.count("<h3>") == 2
