"""The new-project wizard: the PAT template brings axes, steps and bodies; blank brings none."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.governance.models import Body
from maillage.projects.models import Axis, Project, Step
from tests.factories import make_user
from tests.test_pages_projects import creation_data

pytestmark = pytest.mark.django_db


def _create(template: str | None) -> Project:
    client = Client()
    client.force_login(make_user())
    data = creation_data() if template is None else creation_data(template=template)
    response = client.post(reverse("project_create"), data)
    assert response.status_code == 302
    return Project.objects.get(name="PAT de la vallée")


def test_the_pat_template_brings_six_axes_five_steps_and_three_bodies() -> None:
    project = _create("pat")

    assert Axis.objects.filter(project=project).count() == 6
    steps = list(Step.objects.filter(project=project).order_by("order"))
    assert len(steps) == 5
    assert steps[0].start == project.horizon_start
    assert steps[-1].end == project.horizon_end
    assert all(step.start <= step.end for step in steps)
    assert sorted(Body.objects.filter(project=project).values_list("kind", flat=True)) == sorted(
        [Body.Kind.COPIL, Body.Kind.COTECH, Body.Kind.PROJECT_GROUP]
    )


@pytest.mark.parametrize("template", ["blank", None])
def test_the_blank_template_starts_from_an_empty_plan(template: Any) -> None:
    project = _create(template)
    assert not Axis.objects.filter(project=project).exists()
    assert not Step.objects.filter(project=project).exists()


def test_the_creation_page_offers_both_templates(client: Client) -> None:
    client.force_login(make_user())
    html = client.get(reverse("project_create")).content.decode()
    assert 'name="template" value="pat"' in html and 'name="template" value="blank"' in html
    # The PAT template is proposed checked.
    assert re.search(r'<input[^>]*value="pat"[^>]*checked', html)
    assert not re.search(r'<input[^>]*value="blank"[^>]*checked', html)


def test_a_refused_project_creates_no_template_data() -> None:
    client = Client()
    client.force_login(make_user())
    response = client.post(
        reverse("project_create"), creation_data(template="pat", horizon_start="2026-09-15")
    )
    assert response.status_code == 200
    assert not Axis.objects.exists() and not Body.objects.exists()
