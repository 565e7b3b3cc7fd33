"""Project templates of the new-project wizard: the PAT template brings the six usual axes, the
typical steps and the governance bodies; the blank template brings nothing."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.analysis.changes import data_changed, plan_scope
from maillage.governance.models import Body
from maillage.projects import services as project_services
from maillage.projects.models import Axis, Project, Step, add_months


class Template(models.TextChoices):
    BLANK = "blank", gettext_lazy("Blank: an empty plan for any territorial project")
    PAT = (
        "pat",
        gettext_lazy(
            "Territorial food project (PAT): six axes, five steps, COPIL, COTECH and project group"
        ),
    )


def _pat_axes() -> list[tuple[str, str]]:
    return [
        ("A1", _("Local food economy and farming")),
        ("A2", _("Collective catering")),
        ("A3", _("Nutrition and health")),
        ("A4", _("Social access to quality food")),
        ("A5", _("Environment and food waste")),
        ("A6", _("Food culture and heritage")),
    ]


def _pat_steps() -> list[tuple[str, float, float]]:
    """Name, start and end as fractions of the horizon."""
    return [
        (_("Shared diagnosis"), 0, 0.25),
        (_("Co-construction with the stakeholders"), 0.25, 0.42),
        (_("Action plan"), 0.42, 0.5),
        (_("Implementation"), 0.5, 1),
        (_("Evaluation"), 0.75, 1),
    ]


def _pat_bodies() -> list[tuple[str, str, int]]:
    return [
        (_("Steering committee"), Body.Kind.COPIL, 2),
        (_("Technical committee"), Body.Kind.COTECH, 4),
        (_("Project group"), Body.Kind.PROJECT_GROUP, 12),
    ]


def _day_at(project: Project, fraction: float, *, end: bool) -> datetime.date:
    months = round(project.horizon_months * fraction)
    first = add_months(project.horizon_start, months)
    return first - datetime.timedelta(days=1) if end else first


def apply_template(project: Project, template: str) -> None:
    """Add the template's axes, steps and bodies to `project` (nothing for the blank one)."""
    if template != Template.PAT:
        return
    existing = set(Axis.objects.filter(project=project).values_list("code", flat=True))
    Axis.objects.bulk_create(
        Axis(project=project, code=code, name=name, order=order)
        for order, (code, name) in enumerate(_pat_axes(), start=1)
        if code not in existing
    )
    Step.objects.bulk_create(
        Step(
            project=project,
            name=name,
            order=order,
            start=_day_at(project, first, end=False),
            end=max(_day_at(project, last, end=True), _day_at(project, first, end=False)),
        )
        for order, (name, first, last) in enumerate(_pat_steps(), start=1)
    )
    Body.objects.bulk_create(
        Body(
            project=project,
            name=name,
            kind=kind,
            meetings_per_year=meetings,
            meeting_days=Decimal("0.5"),
        )
        for name, kind, meetings in _pat_bodies()
    )
    data_changed(plan_scope(project.pk))  # bulk_create() sends no signal


def project_create_from_template(*, user: Any, data: Mapping[str, Any]) -> Project:
    """Create the project (its creator coordinates it) and apply the chosen template, at once."""
    with transaction.atomic():
        project = project_services.project_create(user=user, data=data)
        apply_template(project, data.get("template") or Template.BLANK)
    return project
