"""Competency frameworks shipped with Maillage, and the loader that puts one in the database."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

from django.db import transaction

if TYPE_CHECKING:
    from maillage.competencies.models import Framework

SHIPPED = ("pat",)


def framework_data(name: str = "pat") -> ModuleType:
    """The data module of a shipped framework (NAME, DESCRIPTION, LEVELS, COMPETENCIES)."""
    if name not in SHIPPED:
        raise ValueError(f"Unknown framework {name!r}; shipped: {', '.join(SHIPPED)}")
    return importlib.import_module(f"{__name__}.{name}")


@transaction.atomic
def load_framework(name: str = "pat") -> Framework:
    """The shipped framework in the database, created on first use (found by its name after)."""
    from maillage.competencies.models import Competency, Framework, Level

    data = framework_data(name)
    framework = Framework.objects.filter(name=data.NAME).first()
    if framework is not None:
        return framework
    framework = Framework.objects.create(
        name=data.NAME, description=data.DESCRIPTION, is_public=True
    )
    Level.objects.bulk_create(
        Level(framework=framework, value=value, label=label, descriptor=descriptor)
        for value, label, descriptor in data.LEVELS
    )
    for code, title, description, collective, children in data.COMPETENCIES:
        parent = Competency.objects.create(
            framework=framework,
            code=code,
            name=title,
            description=description,
            is_collective=collective,
        )
        Competency.objects.bulk_create(
            Competency(
                framework=framework,
                parent=parent,
                code=child_code,
                name=child_name,
                description=child_description,
                is_collective=child_collective,
            )
            for child_code, child_name, child_description, child_collective in children
        )
    return framework
