"""The shipped PAT framework, its edit pages, and its export and import (JSON, XLSX, CSV)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from maillage.competencies import framework_io
from maillage.competencies.frameworks import load_framework
from maillage.competencies.models import Competency, Framework, Level

pytestmark = pytest.mark.django_db


def test_the_pat_framework_ships_the_six_axes_transversal_and_cooperation_phases() -> None:
    framework = load_framework("pat")

    roots = set(framework.competencies.filter(parent=None).values_list("code", flat=True))
    assert {"ECO", "RC", "NUT", "ACC", "ENV", "CUL"} <= roots
    assert {"PRJ", "ANI", "PAR", "FIN", "EVA", "COM", "ELU"} <= roots
    phases = framework.competencies.filter(parent__code="COOP").values_list("name", flat=True)
    for phase in ("Émergence", "Mise en œuvre", "Clôture"):
        assert any(name.startswith(phase) for name in phases), phase
    assert all(level.descriptor for level in framework.levels.all())


@pytest.mark.parametrize("kind", ["json", "xlsx", "csv"])
def test_export_then_import_gives_the_same_framework(
    personas: dict[str, Client], project: Any, kind: str
) -> None:
    pat = load_framework("pat")
    project.framework = pat
    project.save()
    exported = personas["coordinator"].get(
        reverse("competencies_framework_export", args=[project.pk]), {"format": kind}
    )
    assert exported.status_code == 200
    original = framework_io.framework_to_data(pat)
    pat.name = "Ancien nom"  # the import refuses a name already taken
    pat.save()

    response = personas["coordinator"].post(
        reverse("competencies_framework_import", args=[project.pk]),
        {"file": SimpleUploadedFile(f"referentiel.{kind}", exported.content)},
    )

    assert response.status_code == 302
    imported = Framework.objects.get(name=original["name"])
    assert framework_io.framework_to_data(imported) == original


def test_an_invalid_framework_file_is_refused_with_its_reasons(
    personas: dict[str, Client], project: Any
) -> None:
    data = {
        "name": "Cassé",
        "levels": [{"value": 1, "label": "Un"}, {"value": 1, "label": "Encore un"}],
        "competencies": [{"code": "A", "name": "A", "parent": "Z"}],
    }
    count = Framework.objects.count()

    response = personas["coordinator"].post(
        reverse("competencies_framework_import", args=[project.pk]),
        {"file": SimpleUploadedFile("f.json", json.dumps(data).encode())},
    )

    assert response.status_code == 400
    errors = " ".join(response.context["form"].non_field_errors())
    assert "Two levels have the same value." in errors
    assert "Competency A: unknown parent “Z”." in errors  # every problem is reported at once
    assert Framework.objects.count() == count


def test_only_the_broken_parent_is_named(personas: dict[str, Client], project: Any) -> None:
    data = {
        "name": "Cassé",
        "levels": [{"value": 1, "label": "Un"}],
        "competencies": [{"code": "A", "name": "A", "parent": "Z"}],
    }

    response = personas["coordinator"].post(
        reverse("competencies_framework_import", args=[project.pk]),
        {"file": SimpleUploadedFile("f.json", json.dumps(data).encode())},
    )

    assert response.context["form"].non_field_errors() == ["Competency A: unknown parent “Z”."]
    assert not Framework.objects.filter(name="Cassé").exists()


def test_the_coordinator_edits_level_descriptors(personas: dict[str, Client], project: Any) -> None:
    levels = list(Level.objects.filter(framework=project.framework))
    data = {
        "form-TOTAL_FORMS": len(levels),
        "form-INITIAL_FORMS": len(levels),
        "form-MIN_NUM_FORMS": 0,
        "form-MAX_NUM_FORMS": 1000,
    }
    for i, level in enumerate(levels):
        data.update(
            {
                f"form-{i}-id": level.pk,
                f"form-{i}-label": level.label,
                f"form-{i}-descriptor": f"Peut agir au niveau {level.value}",
            }
        )

    response = personas["coordinator"].post(
        reverse("competencies_framework_levels", args=[project.pk]), data
    )

    assert response.status_code == 302
    assert set(
        Level.objects.filter(framework=project.framework).values_list("descriptor", flat=True)
    ) == {f"Peut agir au niveau {level.value}" for level in levels}


def test_the_coordinator_adds_and_edits_a_competency(
    personas: dict[str, Client], project: Any
) -> None:
    url = reverse("competencies_competency_create", args=[project.pk])

    created = personas["coordinator"].post(url, {"code": "NEW.1", "name": "Nouvelle compétence"})
    duplicate = personas["coordinator"].post(url, {"code": "NEW.1", "name": "Doublon"})

    assert created.status_code == 302
    competency = Competency.objects.get(framework=project.framework, code="NEW.1")
    assert duplicate.status_code == 200
    assert Competency.objects.filter(code="NEW.1").count() == 1
    edited = personas["coordinator"].post(
        reverse("competencies_competency_edit", args=[project.pk, competency.pk]),
        {"code": "NEW.1", "name": "Renommée", "is_collective": "on"},
    )
    assert edited.status_code == 302
    competency.refresh_from_db()
    assert (competency.name, competency.is_collective) == ("Renommée", True)


def test_a_competency_of_another_framework_cannot_be_edited(
    personas: dict[str, Client], project: Any, other_project: Any
) -> None:
    foreign = other_project.framework.competencies.first()

    response = personas["coordinator"].post(
        reverse("competencies_competency_edit", args=[project.pk, foreign.pk]),
        {"code": "X", "name": "Volée"},
    )

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.name != "Volée"


def test_an_import_keeps_a_deeper_tree_and_refuses_a_loop() -> None:
    levels = [{"value": 1, "label": "Un"}]
    deep = {
        "name": "Profond",
        "levels": levels,
        "competencies": [
            {"code": "A.1.1", "name": "Feuille", "parent": "A.1"},
            {"code": "A.1", "name": "Branche", "parent": "A"},
            {"code": "A", "name": "Racine"},
        ],
    }
    loop = {
        "name": "Boucle",
        "levels": levels,
        "competencies": [
            {"code": "X", "name": "X", "parent": "Y"},
            {"code": "Y", "name": "Y", "parent": "X"},
        ],
    }

    framework = framework_io.framework_import(deep)
    with pytest.raises(ValidationError, match="form a loop"):
        framework_io.framework_import(loop)

    leaf = framework.competencies.get(code="A.1.1")
    assert (leaf.parent.code, leaf.parent.parent.code) == ("A.1", "A")
    assert not Framework.objects.filter(name="Boucle").exists()
