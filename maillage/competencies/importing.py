"""Import of people and their assessments from a spreadsheet: check everything, then save all
or nothing.

The format is one row per person: « Courriel », « Prénom », « Nom », « Type », « Structure »,
« Fonction », then for each competency code three columns « <code> niveau »,
« <code> motivation », « <code> légitimité » (empty: not assessed). The English headers of the
first version (`email`, `first_name`, …, `<code> level`, `<code> legitimacy`) are still read,
and errors name the columns in the language of the file. A person is matched by email among the
project's people; otherwise created. Every error names the sheet, the row, the column and the
reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.access import ProjectAccess, scoped
from maillage.competencies.models import Assessment, Competency
from maillage.competencies.selectors import assessable_competencies, levels
from maillage.competencies.spreadsheets import Sheet
from maillage.directory.import_format import KIND_LABELS, parse_kind
from maillage.directory.models import Employment, Organisation, Person
from maillage.projects.models import ProjectPerson

PERSON_COLUMNS = ["email", "first_name", "last_name", "kind", "organisation", "job_title"]
REQUIRED_COLUMNS = ["email", "first_name", "last_name"]
ASSESSMENT_PARTS = ("level", "motivation", "legitimacy")
SHEET_NAME = "people"
# The headers of the template; the English keys above are accepted too (files of version 1).
FRENCH_PERSON_HEADERS = {
    "email": "Courriel",
    "first_name": "Prénom",
    "last_name": "Nom",
    "kind": "Type",
    "organisation": "Structure",
    "job_title": "Fonction",
}
FRENCH_PARTS = {"level": "niveau", "motivation": "motivation", "legitimacy": "légitimité"}
_PERSON_OF_HEADER = {
    **{key: key for key in PERSON_COLUMNS},
    **{header: key for key, header in FRENCH_PERSON_HEADERS.items()},
}
_PART_OF_HEADER = {
    **{part: part for part in ASSESSMENT_PARTS},
    **{french: part for part, french in FRENCH_PARTS.items()},
}


@dataclass
class ImportError_:
    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [_("sheet “%(sheet)s”") % {"sheet": self.sheet}]
        if self.row is not None:
            where.append(_("row %(row)d") % {"row": self.row})
        if self.column:
            where.append(_("column “%(column)s”") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}"


@dataclass
class PlannedRow:
    row: int
    email: str
    first_name: str
    last_name: str
    kind: str
    organisation_id: int | None
    job_title: str
    existing_id: int | None
    assessments: dict[str, list[int]] = field(default_factory=dict)  # code -> [lvl, mot, leg]


@dataclass
class ImportPlan:
    rows: list[PlannedRow]
    errors: list[ImportError_]

    @property
    def new_people(self) -> int:
        return sum(row.existing_id is None for row in self.rows)

    @property
    def assessment_count(self) -> int:
        return sum(len(row.assessments) for row in self.rows)

    def to_data(self) -> list[dict[str, Any]]:
        return [row.__dict__ for row in self.rows]


def template_sheet(access: ProjectAccess, *, with_example: bool = True) -> Sheet:
    codes = [c.code for c in assessable_competencies(access)]
    header = [FRENCH_PERSON_HEADERS[key] for key in PERSON_COLUMNS] + [
        f"{code} {FRENCH_PARTS[part]}" for code in codes for part in ASSESSMENT_PARTS
    ]
    rows: list[list[Any]] = [header]
    if with_example and codes:
        example = ["prenom.nom@example.org", "Prénom", "Nom", "agent", "", ""]
        example += [2, 3, 2] + [None] * (3 * (len(codes) - 1))
        rows.append(example)
    return Sheet(name=SHEET_NAME, rows=rows)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _whole_number(value: Any) -> int:
    """A whole number from a cell, or ValueError (text, 2.5, …)."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        if value != int(value):
            raise ValueError
        return int(value)
    return int(str(value).strip())


def plan_import(access: ProjectAccess, sheets: list[Sheet]) -> ImportPlan:
    """Check a file against the project: the rows to save, or every error found."""
    errors: list[ImportError_] = []
    if not sheets or not sheets[0].rows:
        name = sheets[0].name if sheets else SHEET_NAME
        return ImportPlan([], [ImportError_(name, None, None, _("The sheet is empty."))])
    sheet = sheets[0]
    header = [_text(cell) for cell in sheet.rows[0]]
    competencies = {c.code: c for c in assessable_competencies(access)}
    all_codes = set(
        Competency.objects.filter(framework_id=access.project.framework_id).values_list(
            "code", flat=True
        )
    )
    scale = {level.value for level in levels(access)}
    columns: dict[int, tuple[str, str | None]] = {}  # index -> (person field | code, part)
    # Errors name the columns as the file does: in English for a file of the first version.
    english = any(
        name in PERSON_COLUMNS or name.endswith((" level", " legitimacy")) for name in header
    )

    def label(key: str) -> str:
        return key if english else FRENCH_PERSON_HEADERS[key]

    def part_label(code: str, part: str) -> str:
        return f"{code} {part if english else FRENCH_PARTS[part]}"

    for index, name in enumerate(header):
        if not name:
            continue
        if name in _PERSON_OF_HEADER:
            columns[index] = (_PERSON_OF_HEADER[name], None)
            continue
        code, _sep, part_header = name.rpartition(" ")
        part = _PART_OF_HEADER.get(part_header)
        if part is not None and code:
            if code not in competencies:
                reason = (
                    _("“%(code)s” groups other competencies: assess its sub-competencies.")
                    if code in all_codes
                    else _("unknown competency “%(code)s” in the project's framework.")
                ) % {"code": code}
                errors.append(ImportError_(sheet.name, 1, name, reason))
            else:
                columns[index] = (code, part)
            continue
        errors.append(
            ImportError_(
                sheet.name, 1, name, _("unknown column (download the template for the columns).")
            )
        )
    seen = [name for name, part in columns.values() if part is None]
    for required in REQUIRED_COLUMNS:
        if required not in seen:
            errors.append(
                ImportError_(sheet.name, 1, label(required), _("required column is missing."))
            )
    if len(sheet.rows) < 2 or not any(any(c not in (None, "") for c in r) for r in sheet.rows[1:]):
        errors.append(ImportError_(sheet.name, None, None, _("The sheet has no data rows.")))
    if errors:
        return ImportPlan([], errors)

    people_by_email = {
        p.email.lower(): p for p in scoped(access, Person).exclude(email="").distinct()
    }
    organisations: dict[str, Organisation] = {}
    for organisation in scoped(access, Organisation):
        organisations[organisation.name.lower()] = organisation
        if organisation.short_name:
            organisations[organisation.short_name.lower()] = organisation
    first_row_of: dict[str, int] = {}
    planned = []
    for offset, raw in enumerate(sheet.rows[1:], start=2):
        if not any(c not in (None, "") for c in raw):
            continue
        cells = {columns[i]: raw[i] for i in columns if i < len(raw)}
        values = {name: _text(cells.get((name, None))) for name in PERSON_COLUMNS}

        def error(column: str, message: str, row: int = offset) -> None:
            if column in FRENCH_PERSON_HEADERS:
                column = label(column)
            errors.append(ImportError_(sheet.name, row, column, message))

        email = values["email"].lower()
        if not email:
            error("email", _("the email is required (it identifies the person)."))
        else:
            try:
                validate_email(email)
            except ValidationError:
                error("email", _("“%(value)s” is not an email address.") % {"value": email})
            if email in first_row_of:
                error(
                    "email",
                    _("duplicate person: %(email)s is already on row %(row)d.")
                    % {"email": email, "row": first_row_of[email]},
                )
            first_row_of.setdefault(email, offset)
        existing = people_by_email.get(email)
        for name in ("first_name", "last_name"):
            if not values[name] and existing is None:
                error(name, _("required for a new person."))
        kind = parse_kind(values["kind"]) if values["kind"] else Person.Kind.OTHER
        if kind is None:
            error(
                "kind",
                _("“%(value)s” is not a kind of person (%(allowed)s).")
                % {"value": values["kind"], "allowed": KIND_LABELS},
            )
            kind = Person.Kind.OTHER
        organisation = None
        if values["organisation"]:
            organisation = organisations.get(values["organisation"].lower())
            if organisation is None:
                error(
                    "organisation",
                    _("“%(value)s” is not an organisation of the project.")
                    % {"value": values["organisation"]},
                )
        row = PlannedRow(
            row=offset,
            email=email,
            first_name=values["first_name"],
            last_name=values["last_name"],
            kind=kind,
            organisation_id=organisation.pk if organisation else None,
            job_title=values["job_title"],
            existing_id=existing.pk if existing else None,
        )
        for code in competencies:
            parts: list[int | None] = []
            for part in ASSESSMENT_PARTS:
                column = part_label(code, part)
                value = cells.get((code, part))
                if value is None or _text(value) == "":
                    parts.append(None)
                    continue
                try:
                    number = _whole_number(value)
                except (TypeError, ValueError):
                    error(column, _("“%(value)s” is not a whole number.") % {"value": value})
                    parts.append(None)
                    continue
                allowed = scale if part == "level" else {1, 2, 3, 4}
                if number not in allowed:
                    error(
                        column,
                        _("%(value)d is outside the scale (%(allowed)s).")
                        % {"value": number, "allowed": ", ".join(map(str, sorted(allowed)))},
                    )
                parts.append(number)
            if all(p is None for p in parts):
                continue
            for part, value in zip(ASSESSMENT_PARTS, parts, strict=True):
                if value is None and not any(
                    e.row == offset and e.column == part_label(code, part) for e in errors
                ):
                    error(part_label(code, part), _("give the level, motivation and legitimacy."))
            if all(p is not None for p in parts):
                row.assessments[code] = [int(p) for p in parts if p is not None]
        planned.append(row)
    return ImportPlan([] if errors else planned, errors)


@transaction.atomic
def people_import(access: ProjectAccess, sheets: list[Sheet]) -> ImportPlan:
    """Check the file again against the current data, then save everything or nothing."""
    plan = plan_import(access, sheets)
    if plan.errors:
        return plan
    competencies = {c.code: c for c in assessable_competencies(access)}
    today = timezone.localdate()
    for row in plan.rows:
        if row.existing_id is not None:
            person = Person.objects.get(pk=row.existing_id)
        else:
            person = Person(
                first_name=row.first_name,
                last_name=row.last_name,
                email=row.email,
                kind=row.kind,
                job_title=row.job_title,
            )
            person.full_clean()
            person.save()
            ProjectPerson.objects.create(project=access.project, person=person)
            Employment.objects.create(
                person=person, organisation_id=row.organisation_id or access.project.carrier_id
            )
        for code, (level, motivation, legitimacy) in row.assessments.items():
            Assessment.objects.update_or_create(
                person=person,
                competency=competencies[code],
                defaults={
                    "level": level,
                    "motivation": motivation,
                    "legitimacy": legitimacy,
                    "assessed_on": today,
                },
                create_defaults={
                    "level": level,
                    "motivation": motivation,
                    "legitimacy": legitimacy,
                    "assessed_on": today,
                    "source": Assessment.Source.SELF,
                },
            )
    return plan
