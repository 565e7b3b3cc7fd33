"""The plan as a spreadsheet (XLSX, ODS: one row per task) or a PDF, and the calendar feed."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from maillage.exports import table_to_ods, table_to_xlsx
from maillage.planning.models import PlanVersion
from maillage.planning.selectors import plan_rows
from maillage.projects.models import BudgetLine, Project, Task

Cell = str | int | Decimal | datetime.date | None


def plan_table(project: Project) -> tuple[list[str], list[list[Cell]]]:
    """Headers and rows of the plan: one row per task, in tree order."""
    funders = BudgetLine.Funder
    headers = [
        _("Axis"),
        _("Step"),
        _("Task"),
        _("Level"),
        _("Start"),
        _("End"),
        _("Milestone"),
        _("Status"),
        _("Progress (%)"),
        _("Lead organisation"),
        _("Lead"),
        _("Person-days per month"),
        _("Budget (€)"),
        *[_("Funding: %s") % label for label in funders.labels],
        _("Modalities"),
        _("Deliverables"),
    ]
    rows: list[list[Cell]] = []
    for row in plan_rows(project):
        task = row.task
        rows.append(
            [
                str(task.axis or ""),
                str(task.step or ""),
                task.title,
                row.depth + 1,
                task.start,
                task.end,
                _("yes") if task.is_milestone else "",
                task.get_status_display(),
                task.progress,
                str(task.lead_organisation or ""),
                ", ".join(row.leads),
                row.days_per_month,
                task.budget,
                *[row.lines.get(value, Decimal(0)) for value in funders.values],
                task.modalities,
                "; ".join(row.deliverables),
            ]
        )
    return headers, rows


def to_xlsx(project: Project) -> bytes:
    return table_to_xlsx(_("Plan"), *plan_table(project))


def to_ods(project: Project) -> bytes:
    return table_to_ods(_("Plan"), *plan_table(project))


def to_pdf(project: Project) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=7, leading=8.5)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=10 * mm,
        rightMargin=10 * mm,
        topMargin=10 * mm,
        bottomMargin=10 * mm,
        title=_("Plan of %s") % project.name,
        lang="fr",
    )
    headers = [
        _("Axis"), _("Step"), _("Task"), _("Start"), _("End"), _("Status"), _("Lead"),
        _("Person-days per month"), _("Budget (€)"),
    ]  # fmt: skip
    data: list[list[Any]] = [[Paragraph(f"<b>{h}</b>", small) for h in headers]]
    for row in plan_rows(project):
        task = row.task
        title = ("· " * row.depth) + ("◆ " if task.is_milestone else "") + task.title
        data.append(
            [
                Paragraph(_escape(task.axis.code if task.axis else ""), small),
                Paragraph(_escape(str(task.step or "")), small),
                Paragraph(_escape(title), small),
                date_format(task.start, "SHORT_DATE_FORMAT"),
                date_format(task.end, "SHORT_DATE_FORMAT"),
                Paragraph(_escape(task.get_status_display()), small),
                Paragraph(
                    _escape(", ".join(row.leads) or str(task.lead_organisation or "")), small
                ),
                str(row.days_per_month),
                str(task.budget),
            ]
        )
    widths = [18, 40, 85, 20, 20, 22, 45, 18, 20]
    table = Table(data, colWidths=[w * mm for w in widths], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 7),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e3e8f0")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ]
        )
    )
    generated = date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT")
    story = [
        Paragraph(_escape(_("Plan of %s") % project.name), styles["Title"]),
        Paragraph(
            _escape(
                _("Window from %(start)s to %(end)s — generated on %(date)s")
                % {
                    "start": date_format(project.horizon_start, "SHORT_DATE_FORMAT"),
                    "end": date_format(project.horizon_end, "SHORT_DATE_FORMAT"),
                    "date": generated,
                }
            ),
            styles["BodyText"],
        ),
        Spacer(1, 4 * mm),
        table,
    ]
    document.build(story)
    return buffer.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_ical(project: Project, *, domain: str) -> bytes:
    """Milestones and validation deadlines as all-day events; stable UIDs so updates replace."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Maillage//Plan//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Plan of %s") % project.name)
    stamp = timezone.now()
    for task in Task.objects.filter(project=project, is_milestone=True).order_by("end", "id"):
        event = Event()
        event.add("uid", f"milestone-{task.pk}@{domain}")
        event.add("dtstamp", stamp)
        event.add("summary", _("Milestone: %s") % task.title)
        event.add("dtstart", task.end)
        event.add("dtend", task.end + datetime.timedelta(days=1))
        if task.description:
            event.add("description", task.description)
        calendar.add_component(event)
    pending = PlanVersion.objects.filter(
        project=project, status=PlanVersion.Status.SUBMITTED, deadline__isnull=False
    ).defer("data")
    for version in pending:
        assert version.deadline is not None
        event = Event()
        event.add("uid", f"validation-{version.pk}@{domain}")
        event.add("dtstamp", stamp)
        event.add("summary", _("Validation deadline of the guiding thread %s") % version)
        event.add("dtstart", version.deadline)
        event.add("dtend", version.deadline + datetime.timedelta(days=1))
        calendar.add_component(event)
    return bytes(calendar.to_ical())
