"""The demo shows the competency review: a closed campaign and an open one with answers."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from maillage.competencies.models import Campaign, Validation
from maillage.demo import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_closed_and_an_open_campaign_with_answers() -> None:
    project = load_demo(today=datetime.date(2026, 11, 26))
    closed = Campaign.objects.get(project=project, status=Campaign.Status.CLOSED)
    current = Campaign.objects.get(project=project, status=Campaign.Status.OPEN)
    client = Client()
    client.force_login(get_user_model().objects.get(username="coordination"))

    detail = client.get(reverse("competencies_campaign_detail", args=[project.pk, current.pk]))
    compare = client.get(
        reverse("competencies_compare", args=[project.pk]),
        {"first": closed.pk, "second": current.pk},
    )
    heat_map = client.get(reverse("competencies_map", args=[project.pk]))

    assert detail.context["answered"] == 6 and detail.context["pending"] == 8
    statuses = [i.status for i in detail.context["invitations"]]
    assert statuses.count("draft") == 3
    assert compare.context["rows"] and any(row["change"] > 0 for row in compare.context["rows"])
    assert closed.invitations.filter(submitted_at__isnull=False).count() == 10
    assert heat_map.status_code == 200 and len(heat_map.context["rows"]) > 10
    assert Validation.objects.filter(assessment__person__project_links__project=project).exists()
