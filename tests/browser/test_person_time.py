"""In a real browser: the coordinator enters a person's employments, project share and one
month of availability typed the French way, and the page passes the accessibility check."""

from __future__ import annotations

import datetime
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from maillage.directory.models import Availability, Employment
from maillage.projects.models import ProjectPerson
from tests.browser.helpers import accessibility_problems, log_in
from tests.factories import make_organisation, make_person, make_project, make_user

# What sticks out of the screen, outside the tables' own scroll areas.
WIDEST_JS = """[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
    && !e.closest('.table-scroll table'))
  .slice(0, 8)
  .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""
SHOTS = Path(os.environ.get("MAILLAGE_SHOTS", "/tmp/shots/time"))


def test_the_coordinator_enters_a_persons_time(page: Any) -> None:
    coordinator = make_user("coordination")
    project = make_project("PAT du Pays de Test", coordinator=coordinator)
    association = make_organisation(project, name="Terres Vives")
    make_organisation(project, name="Chambre d’agriculture")
    person = make_person(project, first_name="Nina", last_name="Temps", time_share="0.5")
    Employment.objects.filter(person=person).delete()

    log_in(page, "coordination", "secret-password")
    page.goto(f"/projects/{project.pk}/people/{person.pk}/")
    page.get_by_role("link", name="Temps", exact=True).click()
    page.wait_for_url(re.compile(rf"/people/{person.pk}/time/$"))
    assert page.get_attribute("html", "lang") == "fr"
    assert accessibility_problems(page) == []

    # First employment on the blank row; save, which offers a new blank row for the second.
    page.select_option("#id_employments-0-organisation", label=str(project.carrier))
    page.fill("#id_employments-0-time_share", "60")
    page.fill("#id_employments-0-role", "chargée de mission")
    page.fill("#id_project_share", "25")
    page.get_by_role("button", name="Enregistrer le temps").click()
    page.wait_for_load_state("load")
    page.select_option("#id_employments-1-organisation", label="Terres Vives")
    page.fill("#id_employments-1-time_share", "40 %")
    page.get_by_label("mai 2026").fill("2,5")
    page.get_by_role("button", name="Enregistrer le temps").click()
    page.wait_for_load_state("load")

    assert page.get_by_text("Le temps de Nina Temps est enregistré.").is_visible()
    assert page.get_by_label("mai 2026").input_value() == "2,5"
    shares = dict(
        Employment.objects.filter(person=person).values_list("organisation", "time_share")
    )
    assert shares == {project.carrier.pk: Decimal("0.6"), association.pk: Decimal("0.4")}
    assert ProjectPerson.objects.get(person=person).time_share == Decimal("0.25")
    may = Availability.objects.get(person=person, month=datetime.date(2026, 5, 1))
    assert may.days == Decimal("2.5")
    assert accessibility_problems(page) == []

    # A refused month is named in the summary and next to its input.
    page.get_by_label("juin 2026").fill("40")
    page.get_by_role("button", name="Enregistrer le temps").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("alert").get_by_text("juin 2026 : 40 jours").is_visible()
    assert accessibility_problems(page) == []

    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"person_time_error_{width}.png"), full_page=True)
        # Nothing but the tables' own scroll areas is wider than the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= width, page.evaluate(
            WIDEST_JS
        )
    page.goto(f"/projects/{project.pk}/people/{person.pk}/time/")
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"person_time_{width}.png"), full_page=True)
    page.goto(f"/projects/{project.pk}/people/{person.pk}/")
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"person_detail_{width}.png"), full_page=True)


def test_the_coordinator_validates_a_declared_availability(page: Any) -> None:
    from django.urls import reverse
    from django.utils import timezone

    from maillage.competencies.models import Invitation
    from tests.competencies.factories import make_campaign

    coordinator = make_user("coordination")
    project = make_project("PAT du Pays de Test", coordinator=coordinator)
    person = make_person(project, first_name="Nina", last_name="Temps")
    campaign, _ = make_campaign(project, [person])
    Invitation.objects.filter(campaign=campaign).update(
        submitted_at=timezone.make_aware(datetime.datetime(2026, 5, 10, 10)),
        days_per_month=Decimal("2.5"),
    )

    log_in(page, "coordination", "secret-password")
    page.goto(reverse("competencies_validation", args=[project.pk]))
    assert accessibility_problems(page) == []
    field = page.get_by_label("Disponibilité validée de Nina Temps (jours par mois)")
    assert field.input_value() == "2,5"
    field.fill("2")
    field.press("Enter")
    page.wait_for_load_state("load")
    assert page.get_by_text("Disponibilité de Nina Temps validée : 2 jours par mois.").is_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "validation_1366.png"), full_page=True)

    page.goto(reverse("person_time", args=[project.pk, person.pk]))
    assert page.get_by_text("validé : 2").first.is_visible()
    assert accessibility_problems(page) == []
    page.screenshot(path=str(SHOTS / "person_time_declared_1366.png"), full_page=True)
    may = Availability.objects.get(person=person, month=datetime.date(2026, 5, 1))
    assert (may.days, may.declared_days) == (Decimal(2), Decimal("2.5"))
