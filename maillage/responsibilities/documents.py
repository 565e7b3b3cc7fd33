"""Mission letters (lettres de mission, missions de fiche de poste), built from a person's data
and rendered in French as DOCX (python-docx), ODT (odfpy) or PDF (reportlab).

`mission_letter(...)` gathers everything in plain data; each renderer only lays it out, so the
three formats always say the same thing.
"""

from __future__ import annotations

import datetime
import functools
import io
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import formats, translation
from django.utils.translation import gettext as _

from maillage.directory.models import Employment, Person
from maillage.engine import snapshot as engine
from maillage.engine.timeline import task_month_fractions
from maillage.governance.models import BodyMember
from maillage.projects.models import Axis, Project, ProjectPerson
from maillage.responsibilities.models import MissionLetter, TaskPartner
from maillage.staffing.models import Assignment

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT_CONTENT_TYPE = "application/vnd.oasis.opendocument.text"
PDF_CONTENT_TYPE = "application/pdf"


@dataclass
class Mission:
    task: str
    period: str
    responsibility: str
    days_per_month: Decimal
    modalities: str = ""
    partners: str = ""
    reports_to: str = ""


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Letter:
    """A mission letter in plain data: headings, paragraphs and two tables."""

    title: str
    subtitle: str
    person: str
    sections: list[Section] = field(default_factory=list)
    missions: dict[str, list[Mission]] = field(default_factory=dict)  # axis label → missions
    months: list[tuple[str, float, float]] = field(default_factory=list)  # label, tasks, gov.
    closing: list[str] = field(default_factory=list)
    language: str = "fr"

    def mission_headers(self) -> list[str]:
        return [
            _("Task"),
            _("Period"),
            _("Responsibility"),
            _("Days per month"),
            _("How"),
            _("With whom"),
            _("Reports to"),
        ]

    def mission_row(self, mission: Mission) -> list[str]:
        return [
            mission.task,
            mission.period,
            mission.responsibility,
            format_days(mission.days_per_month),
            mission.modalities,
            mission.partners,
            mission.reports_to,
        ]

    def month_headers(self) -> list[str]:
        return [_("Month"), _("Task days"), _("Governance days"), _("Total")]

    def month_rows(self) -> list[list[str]]:
        return [
            [label, format_days(tasks), format_days(gov), format_days(tasks + gov)]
            for label, tasks, gov in self.months
        ]


def format_days(value: float | Decimal) -> str:
    """2 → "2", 4.5 → "4,5" in French: at most two decimals, no trailing zeros."""
    return formats.number_format(Decimal(f"{round(float(value), 2):g}"), use_l10n=True)


def _period(start: datetime.date, end: datetime.date) -> str:
    return _("%(start)s to %(end)s") % {
        "start": formats.date_format(start, "SHORT_DATE_FORMAT"),
        "end": formats.date_format(end, "SHORT_DATE_FORMAT"),
    }


def _names(people: list[Person]) -> str:
    return ", ".join(str(p) for p in people)


def mission_letter(project: Project, person: Person) -> Letter:
    """Everything the person's mission letter says, read in a fixed number of queries."""
    link = ProjectPerson.objects.filter(project=project, person=person).first()
    free = MissionLetter.objects.filter(project=project, person=person).first()
    employments = list(
        Employment.objects.filter(person=person).select_related("organisation", "manager")
    )
    axes = list(
        Axis.objects.filter(project=project).select_related(
            "lead", "political_referent", "technical_referent", "lead_organisation"
        )
    )
    own = list(
        Assignment.objects.filter(task__project=project, person=person)
        .select_related("task", "task__axis")
        .order_by("task__axis__order", "task__start", "task_id")
    )
    task_ids = [a.task_id for a in own]
    leads: dict[int, list[Person]] = defaultdict(list)
    for assignment in Assignment.objects.filter(
        task_id__in=task_ids, responsibility=Assignment.Responsibility.LEAD
    ).select_related("person"):
        leads[assignment.task_id].append(assignment.person)
    partners: dict[int, list[str]] = defaultdict(list)
    for partner in TaskPartner.objects.filter(task_id__in=task_ids).select_related("organisation"):
        partners[partner.task_id].append(str(partner.organisation))
    seats = list(
        BodyMember.objects.filter(body__project=project, person=person).select_related("body")
    )
    animated = list(project.bodies.filter(animator=person))
    months = project.horizon_month_starts()

    letter = Letter(
        title=_("Mission letter"),
        subtitle=f"{project.name} — {project.carrier}",
        person=str(person),
    )
    identity = [_("Name: %s") % person]
    if person.job_title:
        identity.append(_("Job title: %s") % person.job_title)
    identity.append(_("Profile: %s") % person.get_kind_display())
    for employment in employments:
        line = _("Works for %(organisation)s (%(share)s %% of a full-time post)") % {
            "organisation": employment.organisation,
            "share": format_days(employment.time_share * 100),
        }
        if employment.manager:
            line += " — " + _("line manager: %s") % employment.manager
        identity.append(line)
    if link is not None:
        identity.append(_("Leeway in the project: %s") % link.get_leeway_display())
        identity.append(_("Mandate: %s") % link.get_mandate_display())
        if link.means:
            identity.append(_("Means at their disposal: %s") % link.means)
    letter.sections.append(Section(_("The person"), identity))
    if free and free.introduction:
        letter.sections.append(Section(_("Context of the mission"), free.introduction.split("\n")))

    roles = []
    for axis in axes:
        for who, label in (
            (axis.lead, _("lead (chef de file)")),
            (axis.political_referent, _("political referent")),
            (axis.technical_referent, _("technical referent")),
        ):
            if who is not None and who.pk == person.pk:
                roles.append(_("Axis %(axis)s: %(role)s") % {"axis": axis, "role": label})
    if roles:
        letter.sections.append(Section(_("Roles on the project's axes"), roles))

    axis_by_id = {axis.pk: axis for axis in axes}
    for assignment in own:
        task = assignment.task
        axis = axis_by_id.get(task.axis_id) if task.axis_id else None
        key = str(axis) if axis else _("Without axis")
        reports_to = [p for p in leads[task.pk] if p.pk != person.pk]
        if not reports_to and axis is not None and axis.lead and axis.lead.pk != person.pk:
            reports_to = [axis.lead]
        letter.missions.setdefault(key, []).append(
            Mission(
                task=task.title,
                period=_period(task.start, task.end),
                responsibility=assignment.get_responsibility_display(),
                days_per_month=assignment.days_per_month,
                modalities=assignment.modalities or task.modalities,
                partners=", ".join(partners[task.pk]),
                reports_to=_names(reports_to),
            )
        )

    referents = []
    worked_axes = {a.task.axis_id for a in own if a.task.axis_id}
    for axis in axes:
        if axis.pk not in worked_axes:
            continue
        parts = []
        for who, label in (
            (axis.lead, _("lead")),
            (axis.political_referent, _("political referent")),
            (axis.technical_referent, _("technical referent")),
        ):
            parts.append(f"{label} : {who}" if who else f"{label} : {_('not designated')}")
        referents.append(f"{axis} — " + " ; ".join(parts))
    if referents:
        letter.sections.append(Section(_("Referents of the axes you work on"), referents))

    bodies = [
        _("%(body)s (%(kind)s), %(role)s — %(meetings)s meetings a year")
        % {
            "body": seat.body.name,
            "kind": seat.body.get_kind_display(),
            "role": seat.get_role_display().lower(),
            "meetings": seat.body.meetings_per_year,
        }
        for seat in seats
    ]
    bodies += [_("Animates %s") % body.name for body in animated]
    if bodies:
        letter.sections.append(Section(_("Governance bodies"), bodies))

    governance = sum(
        float(seat.body.meetings_per_year * seat.body.meeting_days) / 12 for seat in seats
    )
    task_days = [0.0] * len(months)
    for assignment in own:
        span = engine.Task(assignment.task_id, "", assignment.task.start, assignment.task.end)
        if assignment.task.status == "cancelled":
            continue
        for index, share in enumerate(task_month_fractions(span, tuple(months))):
            task_days[index] += float(assignment.days_per_month) * share
    letter.months = [
        (formats.date_format(month, "YEAR_MONTH_FORMAT"), round(days, 2), round(governance, 2))
        for month, days in zip(months, task_days, strict=True)
    ]

    if free and free.objectives:
        letter.sections.append(Section(_("Expected results"), free.objectives.split("\n")))
    if free and free.means:
        letter.sections.append(Section(_("Means and resources"), free.means.split("\n")))
    if free and free.closing:
        letter.closing += free.closing.split("\n")
    if free and free.signatory:
        letter.closing.append(_("Signed by: %s") % free.signatory)
    return letter


def build_letter(project: Project, person: Person, language: str = "fr") -> Letter:
    with translation.override(language):
        letter = mission_letter(project, person)
    letter.language = language
    return letter


def _in_letter_language(render: Callable[[Letter], bytes]) -> Callable[[Letter], bytes]:
    """Headers and numbers are written in the letter's language (French: "4,5 j")."""

    @functools.wraps(render)
    def wrapper(letter: Letter) -> bytes:
        with translation.override(letter.language):
            return render(letter)

    return wrapper


def filename(person: Person, extension: str) -> str:
    from django.utils.text import slugify

    return f"lettre-de-mission-{slugify(str(person))}.{extension}"


# --- DOCX ---------------------------------------------------------------------------------------


@_in_letter_language
def to_docx(letter: Letter) -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = f"{letter.title} — {letter.person}"
    document.core_properties.language = "fr-FR"
    document.add_heading(f"{letter.title} — {letter.person}", level=0)
    document.add_paragraph(letter.subtitle)
    for section in letter.sections:
        document.add_heading(section.title, level=1)
        for paragraph in section.paragraphs:
            document.add_paragraph(paragraph)
    _docx_missions(document, letter)
    document.add_heading(_("Time per month"), level=1)
    _docx_table(document, letter.month_headers(), letter.month_rows())
    for paragraph in letter.closing:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_missions(document: object, letter: Letter) -> None:
    document.add_heading(_("Missions per axis and task"), level=1)  # type: ignore[attr-defined]
    if not letter.missions:
        document.add_paragraph(_("No task assigned yet."))  # type: ignore[attr-defined]
    for axis, missions in letter.missions.items():
        document.add_heading(axis, level=2)  # type: ignore[attr-defined]
        rows = [letter.mission_row(m) for m in missions]
        _docx_table(document, letter.mission_headers(), rows)


def _docx_table(document: object, headers: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(headers))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = header
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value


# --- ODT ----------------------------------------------------------------------------------------


@_in_letter_language
def to_odt(letter: Letter) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.style import Style, TableCellProperties, TextProperties
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, P

    document = OpenDocumentText()
    document.meta.addElement(_odf_title(f"{letter.title} — {letter.person}"))
    bold = Style(name="Bold", family="paragraph")
    bold.addElement(TextProperties(fontweight="bold"))
    bordered = Style(name="Cell", family="table-cell")
    bordered.addElement(TableCellProperties(border="0.5pt solid #000000", padding="0.05cm"))
    document.automaticstyles.addElement(bold)
    document.automaticstyles.addElement(bordered)
    body = document.text

    def table(name: str, headers: list[str], rows: list[list[str]]) -> None:
        element = Table(name=name)
        element.addElement(TableColumn(numbercolumnsrepeated=len(headers)))
        for values, style in [(headers, bold), *[(row, None) for row in rows]]:
            row_element = TableRow()
            for value in values:
                cell = TableCell(stylename=bordered, valuetype="string")
                paragraph = P(text=value, stylename=style) if style else P(text=value)
                cell.addElement(paragraph)
                row_element.addElement(cell)
            element.addElement(row_element)
        body.addElement(element)

    body.addElement(H(outlinelevel=1, text=f"{letter.title} — {letter.person}"))
    body.addElement(P(text=letter.subtitle))
    for section in letter.sections:
        body.addElement(H(outlinelevel=2, text=section.title))
        for paragraph in section.paragraphs:
            body.addElement(P(text=paragraph))
    body.addElement(H(outlinelevel=2, text=_("Missions per axis and task")))
    if not letter.missions:
        body.addElement(P(text=_("No task assigned yet.")))
    for index, (axis, missions) in enumerate(letter.missions.items(), start=1):
        body.addElement(H(outlinelevel=3, text=axis))
        table(
            f"Missions{index}", letter.mission_headers(), [letter.mission_row(m) for m in missions]
        )
    body.addElement(H(outlinelevel=2, text=_("Time per month")))
    table("Temps", letter.month_headers(), letter.month_rows())
    for paragraph in letter.closing:
        body.addElement(P(text=paragraph))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def _odf_title(text: str) -> object:
    from odf.dc import Title

    return Title(text=text)


# --- PDF ----------------------------------------------------------------------------------------


@_in_letter_language
def to_pdf(letter: Letter) -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("Small", fontSize=8, leading=10)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        title=f"{letter.title} — {letter.person}",
        author="Maillage",
        lang="fr-FR",
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
    )

    def text(value: str, style: object = styles["BodyText"]) -> Paragraph:
        from xml.sax.saxutils import escape

        return Paragraph(escape(value), style)

    def table(headers: list[str], rows: list[list[str]]) -> Any:
        return _pdf_table(headers, rows, small)

    story: list[object] = [
        text(f"{letter.title} — {letter.person}", styles["Title"]),
        text(letter.subtitle, styles["Italic"]),
    ]
    for section in letter.sections:
        story.append(text(section.title, styles["Heading2"]))
        story += [text(p) for p in section.paragraphs]
    story.append(text(_("Missions per axis and task"), styles["Heading2"]))
    if not letter.missions:
        story.append(text(_("No task assigned yet.")))
    for axis, missions in letter.missions.items():
        story.append(text(axis, styles["Heading3"]))
        story.append(table(letter.mission_headers(), [letter.mission_row(m) for m in missions]))
    story.append(text(_("Time per month"), styles["Heading2"]))
    story.append(table(letter.month_headers(), letter.month_rows()))
    story.append(Spacer(1, 0.5 * cm))
    story += [text(p) for p in letter.closing]
    document.build(story)  # type: ignore[arg-type]
    return buffer.getvalue()


def table_to_pdf(title: str, headers: list[str], rows: list[list[str]]) -> bytes:
    """A landscape PDF with a title and one table (the who-does-what export)."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("Small", fontSize=7, leading=9)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        title=title,
        lang="fr-FR",
        leftMargin=1 * cm,
        rightMargin=1 * cm,
        topMargin=1 * cm,
        bottomMargin=1 * cm,
    )
    document.build([Paragraph(escape(title), styles["Title"]), _pdf_table(headers, rows, small)])
    return buffer.getvalue()


def _pdf_table(headers: list[str], rows: list[list[str]], style: Any) -> Any:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    data = [[Paragraph(escape(str(h)), style) for h in headers]]
    data += [[Paragraph(escape(str(v)), style) for v in row] for row in rows]
    element = Table(data, repeatRows=1)
    element.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf5")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return element


def people_with_letters(project: Project) -> list[Person]:
    """Everyone a mission letter can be made for: the project's people and its referents."""
    return list(
        Person.objects.filter(
            Q(project_links__project=project)
            | Q(political_referent_axes__project=project)
            | Q(technical_referent_axes__project=project)
        )
        .distinct()
        .order_by("last_name", "first_name")
    )
