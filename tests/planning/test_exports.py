"""Exports of the plan open in their applications' libraries, and the calendar feed subscribes."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.planning import services
from maillage.planning.models import CalendarLink
from maillage.projects.models import Membership, Task
from tests.planning.conftest import access_of

pytestmark = pytest.mark.django_db


def _get(client: Client, name: str, project: Any) -> Any:
    response = client.get(reverse(name, args=[project.pk]))
    assert response.status_code == 200
    return response


def test_the_xlsx_export_has_one_row_per_task_with_axis_step_dates_and_means(
    project: Any, personas: dict
) -> None:
    from openpyxl import load_workbook

    response = _get(personas["partner"], "planning_export_xlsx", project)
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + Task.objects.filter(project=project).count()
    headers = rows[0]
    task = Task.objects.filter(project=project, parent=None).select_related("axis", "step")[0]
    row = next(r for r in rows if r[headers.index(str(headers[2]))] == task.title)
    assert row[0] == str(task.axis) and row[1] == str(task.step)
    assert row[4].date() == task.start and row[5].date() == task.end
    assert row[12] == float(task.budget)
    ademe = next(i for i, h in enumerate(headers) if "ADEME" in str(h))
    assert row[ademe] == 500


def test_the_ods_export_opens_with_odfpy(project: Any, personas: dict) -> None:
    from odf import teletype
    from odf.opendocument import load
    from odf.table import TableRow

    response = _get(personas["observer"], "planning_export_ods", project)
    document = load(io.BytesIO(response.content))
    rows = document.spreadsheet.getElementsByType(TableRow)
    assert len(rows) == 1 + Task.objects.filter(project=project).count()
    texts = [teletype.extractText(row) for row in rows]
    for task in Task.objects.filter(project=project):
        assert any(task.title in text for text in texts)


def test_the_pdf_export_lists_the_tasks(project: Any, personas: dict) -> None:
    from pypdf import PdfReader

    response = _get(personas["coordinator"], "planning_export_pdf", project)
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert project.name in text
    for task in Task.objects.filter(project=project, parent=None):
        assert task.title in text


def test_the_calendar_feed_lists_milestones_and_validation_deadlines(
    project: Any, persona_users: dict, personas: dict, sponsors: dict
) -> None:
    from icalendar import Calendar

    coordinator = access_of(persona_users["coordinator"], project)
    version = services.version_freeze(access=coordinator, label="Plan du COPIL")
    deadline = datetime.date.today() + datetime.timedelta(days=10)
    services.version_submit(access=coordinator, version=version, deadline=deadline)
    personas["observer"].post(reverse("planning_calendar", args=[project.pk]))
    link = CalendarLink.objects.get(user=persona_users["observer"])
    page = personas["observer"].get(reverse("planning_calendar", args=[project.pk]))
    feed_url = reverse("planning_calendar_feed", args=[project.pk, link.token])
    assert feed_url in page.content.decode()

    response = Client().get(feed_url)  # a calendar application: not logged in

    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    milestones = Task.objects.filter(project=project, is_milestone=True)
    assert len(events) == milestones.count() + 1
    starts = {str(e["SUMMARY"]): e.decoded("DTSTART") for e in events}
    assert deadline in starts.values()
    for milestone in milestones:
        assert any(milestone.title in summary for summary in starts)


def test_a_wrong_or_revoked_calendar_address_reveals_nothing(
    project: Any, persona_users: dict, personas: dict
) -> None:
    access = access_of(persona_users["partner"], project)
    old = services.calendar_link_renew(access=access)
    new = services.calendar_link_renew(access=access)
    feed = lambda token: reverse("planning_calendar_feed", args=[project.pk, token])  # noqa: E731
    assert Client().get(feed(new.token)).status_code == 200
    assert Client().get(feed(old.token)).status_code == 404
    assert Client().get(feed("devine")).status_code == 404
    # A member who leaves the project loses the feed too.
    Membership.objects.filter(user=persona_users["partner"], project=project).delete()
    assert Client().get(feed(new.token)).status_code == 404
