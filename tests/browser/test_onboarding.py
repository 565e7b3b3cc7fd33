"""In a real browser: a coordinator starts a blank project from its checklist, imports three
people from a CSV file through the preview and the confirmation, and sees the progress."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from maillage.directory.models import Availability, Person
from tests.browser.helpers import accessibility_problems, log_in
from tests.factories import make_project, make_user

# Set MAILLAGE_SCREENSHOTS to a folder to keep a picture of each step at 1366 and 390 px.
SHOTS = os.environ.get("MAILLAGE_SCREENSHOTS")


def _look(page: Any, name: str) -> None:
    assert accessibility_problems(page) == [], name
    if not SHOTS:
        return
    folder = Path(SHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def _csv(project: Any) -> bytes:
    months = project.horizon_month_starts()[:3]
    header = ["Prénom", "Nom", "Courriel", "Type", "Fonction", "Structure"]
    header += ["Quotité employeur (%)"] + [f"Disponibilité {m:%Y-%m}" for m in months]
    rows = [
        ["Nadia", "Nouvelle", "nadia@example.org", "technicienne", "Animatrice", "Mairie", 80],
        ["Élie", "Élu", "elie@example.org", "élu·e", "Adjoint", "Mairie", 10],
        ["Béa", "Bénévole", "bea@example.org", "bénévole", "", "Association", 0],
    ]
    lines = [";".join(header)]
    for row in rows:
        lines.append(";".join(str(v) for v in [*row, "4", "3,5", "2"]))
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_a_coordinator_imports_people_into_a_blank_project(page: Any) -> None:
    coordinator = make_user("coordination")
    project = make_project("PAT vierge", coordinator=coordinator)
    overview = f"/projects/{project.pk}/"

    log_in(page, "coordination", "secret-password")
    page.goto(overview)
    checklist = page.locator(".getting-started")
    assert "0 sur 9 étapes faites" in checklist.inner_text()
    assert checklist.locator("progress").get_attribute("value") == "0"
    _look(page, "1-overview-blank")

    page.get_by_role("link", name="Importer un tableur").click()
    page.wait_for_url(re.compile(rf"/projects/{project.pk}/people/import/$"))
    _look(page, "2-import-form")

    page.set_input_files(
        "#id_file",
        files=[{"name": "equipe.csv", "mimeType": "text/csv", "buffer": _csv(project)}],
    )
    page.get_by_role("button", name="Vérifier le fichier").click()
    preview = page.locator("p[role=status]")
    preview.wait_for()
    assert "3 personnes à ajouter, 0 à mettre à jour." in preview.inner_text()
    assert page.get_by_text("Association").first.is_visible()
    assert Person.objects.filter(email="nadia@example.org").count() == 0
    _look(page, "3-import-preview")

    page.get_by_role("button", name="Confirmer l’import").click()
    page.wait_for_url(re.compile(rf"/projects/{project.pk}/directory/$"))
    for name in ("Nouvelle Nadia", "Élu Élie", "Bénévole Béa"):
        assert page.get_by_text(name).first.is_visible(), name
    assert Availability.objects.filter(person__email="bea@example.org").count() == 3
    _look(page, "4-directory-filled")

    page.goto(overview)
    checklist = page.locator(".getting-started")
    assert "1 sur 9 étapes faites" in checklist.inner_text()
    assert checklist.locator("progress").get_attribute("value") == "1"
    _look(page, "5-overview-progress")


def test_a_file_with_errors_shows_them_all_and_passes_the_accessibility_checks(
    page: Any,
) -> None:
    coordinator = make_user("coordination")
    project = make_project("PAT vierge", coordinator=coordinator)
    content = _csv(project).replace(b"technicienne", b"stagiaire").replace(b";80;", b";180;")

    log_in(page, "coordination", "secret-password")
    page.goto(f"/projects/{project.pk}/people/import/")
    page.set_input_files(
        "#id_file", files=[{"name": "equipe.csv", "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_role("button", name="Vérifier le fichier").click()
    summary = page.locator(".error-summary")
    summary.wait_for()

    text = summary.inner_text()
    assert "Le fichier contient 2 erreurs" in text or "2 erreurs" in text, text
    assert "ligne 2, colonne « Type » : « stagiaire » n’est pas un type de personne" in text
    assert "ligne 2, colonne « Quotité employeur (%) » : un pourcentage" in text
    assert Person.objects.filter(email="nadia@example.org").count() == 0
    _look(page, "6-import-errors")
