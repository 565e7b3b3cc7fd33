"""Import of a project's people, their employments and their monthly availability from a
spreadsheet: check every row, preview, then save all or nothing.

The columns and how a cell is read are in `maillage.directory.import_format`. A row updates the
project's person with the same e-mail, or else with the same first and last name; otherwise it
creates a person. A « Structure » unknown to the project is created. Every error names the row
and the column as the spreadsheet shows them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from maillage.access import ProjectAccess, scoped
from maillage.analysis.changes import PEOPLE, data_changed
from maillage.competencies.spreadsheets import Sheet, TableError, read_sheets
from maillage.directory.import_format import (
    HEADER_ALIASES,
    HEADERS,
    KIND_LABELS,
    MAX_BYTES,
    MAX_CELL_LENGTH,
    MAX_ROWS,
    REQUIRED,
    cell_number,
    cell_text,
    month_of_header,
    parse_kind,
    plain,
)
from maillage.directory.models import Availability, Employment, Organisation, Person
from maillage.directory.services import employment_save, project_share_set
from maillage.engine.calendar_fr import working_days
from maillage.numbers import percent_number
from maillage.projects.models import Project, ProjectOrganisation, ProjectPerson

# --- Errors and the plan ------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        values = {"row": self.row, "column": self.column, "message": self.message}
        if self.row is not None and self.column:
            return _("row %(row)d, column “%(column)s”: %(message)s") % values
        if self.row is not None:
            return _("row %(row)d: %(message)s") % values
        if self.column:
            return _("column “%(column)s”: %(message)s") % values
        return self.message


@dataclass
class PlannedPerson:
    """One row of the file, checked: what to write (None: the file leaves it unchanged)."""

    row: int
    existing_id: int | None
    first_name: str
    last_name: str
    email: str | None
    phone: str | None
    kind: str | None
    job_title: str | None
    organisation: str | None  # a name, as the plan's `organisations` keys it
    employer_share: Decimal | None  # 0–1
    project_share: Decimal | None  # 0–1
    availability: dict[datetime.date, Decimal] = field(default_factory=dict)

    @property
    def is_new(self) -> bool:
        return self.existing_id is None

    @property
    def employer_percent(self) -> Decimal | None:
        return None if self.employer_share is None else self.employer_share * 100

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass
class ImportPlan:
    people: list[PlannedPerson]
    errors: list[RowError]
    new_organisations: list[str]
    months: list[datetime.date]

    @property
    def to_create(self) -> list[PlannedPerson]:
        return [person for person in self.people if person.is_new]

    @property
    def to_update(self) -> list[PlannedPerson]:
        return [person for person in self.people if not person.is_new]


# --- Reading ------------------------------------------------------------------------------------


def read_upload(upload: Any) -> Sheet:
    """The first sheet of an uploaded file, refused early when it is too large."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise TableError(
            _("The file is too large (%(size).1f MB); the limit is %(limit)d MB.")
            % {"size": size / 1024 / 1024, "limit": MAX_BYTES // 1024 // 1024}
        )
    sheets = read_sheets(upload)  # stops reading past 2,000 rows
    if not sheets:
        raise TableError(_("The file has no sheet."))
    sheet = sheets[0]
    if len(sheet.rows) > MAX_ROWS + 1:
        raise TableError(
            _("The file has more than %(max)d rows; split it into smaller files.")
            % {"max": MAX_ROWS}
        )
    return sheet


def _field_length(model: type, name: str) -> int:
    return int(model._meta.get_field(name).max_length)


# --- Checking -----------------------------------------------------------------------------------


@dataclass
class _Columns:
    by_key: dict[str, int]
    months: dict[int, datetime.date]
    header: list[str]


def _read_header(row: list[Any], errors: list[RowError]) -> _Columns:
    by_key: dict[str, int] = {}
    months: dict[int, datetime.date] = {}
    header = [cell_text(cell) for cell in row]
    month_columns: dict[datetime.date, str] = {}
    for index, cell in enumerate(row):
        name = header[index]
        if not name:
            continue
        key = HEADER_ALIASES.get(plain(name))
        if key is not None:
            if key in by_key:
                errors.append(RowError(1, name, _("this column appears twice.")))
            by_key[key] = index
            continue
        month = month_of_header(cell)
        if month is not None:
            if month in month_columns:
                errors.append(
                    RowError(
                        1,
                        name,
                        _("the same month as the column “%(other)s”.")
                        % {"other": month_columns[month]},
                    )
                )
            month_columns[month] = name
            months[index] = month
            continue
        errors.append(
            RowError(
                1,
                name,
                _(
                    "unknown column; expected %(columns)s, or a month such as "
                    "“Disponibilité 2027-01” or “janv. 2027”."
                )
                % {"columns": ", ".join(f"“{h}”" for h in HEADERS.values())},
            )
        )
    for key in REQUIRED:
        if key not in by_key:
            errors.append(RowError(1, HEADERS[key], _("this column is required.")))
    return _Columns(by_key, months, header)


def _normal_name(first_name: str, last_name: str) -> tuple[str, str]:
    return (plain(first_name), plain(last_name))


def plan_import(access: ProjectAccess, sheet: Sheet) -> ImportPlan:
    """Check a sheet against the project: the people to create or update, or every error."""
    errors: list[RowError] = []
    rows = sheet.rows
    if not rows or not any(cell_text(cell) for cell in rows[0]):
        return ImportPlan([], [RowError(None, None, _("The file is empty."))], [], [])
    columns = _read_header(rows[0], errors)
    for number, row in enumerate(rows, start=1):
        for index, cell in enumerate(row):
            if isinstance(cell, str) and len(cell) > MAX_CELL_LENGTH:
                name = columns.header[index] if index < len(columns.header) else ""
                errors.append(
                    RowError(
                        number,
                        name or str(index + 1),
                        _("the cell holds more than %(max)d characters.")
                        % {"max": MAX_CELL_LENGTH},
                    )
                )
    data_rows = [
        (number, row) for number, row in enumerate(rows[1:], start=2) if any(map(cell_text, row))
    ]
    headed = {index for index, name in enumerate(columns.header) if name}
    for number, row in data_rows:
        for index, cell in enumerate(row):
            if index not in headed and cell_text(cell):
                errors.append(
                    RowError(number, get_column_letter(index + 1), _("this column has no header."))
                )
    if not data_rows:
        errors.append(RowError(None, None, _("The file has no row of people under its header.")))
    if errors:
        return ImportPlan([], errors, [], sorted(columns.months.values()))

    people = list(scoped(access, Person).distinct())
    by_email = {p.email.casefold(): p for p in people if p.email}
    by_name: dict[tuple[str, str], list[Person]] = {}
    for person in people:
        by_name.setdefault(_normal_name(person.first_name, person.last_name), []).append(person)
    organisations: dict[str, Organisation] = {}
    for organisation in scoped(access, Organisation).distinct():
        organisations[plain(organisation.name)] = organisation
        if organisation.short_name:
            organisations.setdefault(plain(organisation.short_name), organisation)

    # Every employment of the project's people (also with other projects' organisations): the
    # share of time for the project may not pass their sum.
    shares: dict[int, dict[int, Decimal]] = {}
    employments = Employment.objects.filter(person__project_links__project=access.project)
    for employment in employments.only("person_id", "organisation_id", "time_share"):
        shares.setdefault(employment.person_id, {})[employment.organisation_id] = (
            employment.time_share
        )
    new_organisations: dict[str, str] = {}
    row_of_person: dict[object, int] = {}
    planned: list[PlannedPerson] = []
    for number, row in data_rows:
        person = _check_row(
            number=number,
            row=row,
            columns=columns,
            errors=errors,
            by_email=by_email,
            by_name=by_name,
            organisations=organisations,
            shares=shares,
            new_organisations=new_organisations,
        )
        if person is None:
            continue
        identity: object = person.existing_id or (
            person.email or _normal_name(person.first_name, person.last_name)
        )
        if identity in row_of_person:
            column = HEADERS["email"] if person.email else HEADERS["last_name"]
            errors.append(
                RowError(
                    number,
                    column,
                    _("the same person as on row %(row)d.") % {"row": row_of_person[identity]},
                )
            )
            continue
        row_of_person[identity] = number
        planned.append(person)
    return ImportPlan(
        [] if errors else planned,
        errors,
        sorted(new_organisations.values(), key=str.casefold),
        sorted(columns.months.values()),
    )


def _check_row(
    *,
    number: int,
    row: list[Any],
    columns: _Columns,
    errors: list[RowError],
    by_email: dict[str, Person],
    by_name: dict[tuple[str, str], list[Person]],
    organisations: dict[str, Organisation],
    shares: dict[int, dict[int, Decimal]],
    new_organisations: dict[str, str],
) -> PlannedPerson | None:
    error_count = len(errors)

    def cell(key: str) -> Any:
        index = columns.by_key.get(key)
        return row[index] if index is not None and index < len(row) else None

    def header(key: str) -> str:
        index = columns.by_key.get(key)
        return columns.header[index] if index is not None else HEADERS[key]

    def error(key: str, message: str) -> None:
        errors.append(RowError(number, header(key), message))

    def given(key: str) -> str | None:
        """The cell's text; None when the column is absent or the cell empty (unchanged)."""
        return cell_text(cell(key)) or None

    def text(key: str, model: type, name: str) -> str | None:
        value = given(key)
        if value is not None and len(value) > _field_length(model, name):
            error(
                key,
                _("at most %(max)d characters.") % {"max": _field_length(model, name)},
            )
        return value

    first_name = text("first_name", Person, "first_name") or ""
    last_name = text("last_name", Person, "last_name") or ""
    email = given("email")
    if email is not None:
        email = email.casefold()
        try:
            validate_email(email)
        except ValidationError:
            error("email", _("“%(value)s” is not an e-mail address.") % {"value": email})
    existing = by_email.get(email) if email else None
    if existing is None and first_name and last_name:
        namesakes = [
            p
            for p in by_name.get(_normal_name(first_name, last_name), [])
            if not email or not p.email
        ]
        if len(namesakes) > 1:
            error(
                "last_name",
                _("several people of the project have this name: give their e-mail."),
            )
        elif namesakes:
            existing = namesakes[0]
    if existing is None:
        if not first_name:
            error("first_name", _("required for a new person."))
        if not last_name:
            error("last_name", _("required for a new person."))
    phone = text("phone", Person, "phone")
    job_title = text("job_title", Person, "job_title")
    kind = None
    if given("kind") is not None:
        kind = parse_kind(given("kind") or "")
        if kind is None:
            error(
                "kind",
                _("“%(value)s” is not a type of person (%(allowed)s).")
                % {"value": given("kind"), "allowed": KIND_LABELS},
            )
    organisation = text("organisation", Organisation, "name")
    if organisation is not None and plain(organisation) not in organisations:
        new_organisations.setdefault(plain(organisation), organisation)

    def share(key: str) -> Decimal | None:
        value = cell(key)
        if cell_text(value) == "":
            return None
        try:
            number_ = cell_number(value)
        except ValueError:
            error(key, _("“%(value)s” is not a number.") % {"value": cell_text(value)})
            return None
        if not 0 <= number_ <= 100:
            error(
                key,
                _("a percentage between 0 and 100 is expected, not %(value)s.")
                % {"value": cell_text(value)},
            )
            return None
        if number_ != number_.to_integral_value():
            error(
                key,
                _("a whole percentage is expected, not %(value)s.") % {"value": cell_text(value)},
            )
            return None
        return number_ / 100

    employer_share = share("employer_share")
    if employer_share is not None and organisation is None:
        error(
            "employer_share",
            _("give the “%(column)s” this share of time is agreed with.")
            % {"column": header("organisation")},
        )
    project_share = share("project_share")
    # The person's employments once the row is saved: a new one counts 100 % unless given.
    employed = dict(shares.get(existing.pk, {})) if existing else {}
    if organisation is not None:
        known = organisations.get(plain(organisation))
        key = known.pk if known else -1
        default = employed.get(key, Decimal(1))
        employed[key] = employer_share if employer_share is not None else default
    total = sum(employed.values(), Decimal(0))
    if organisation is not None and total > 1:
        error(
            "employer_share",
            _("the person’s employments would add up to %(total)s %%, more than 100 %%.")
            % {"total": percent_number(total)},
        )
    if project_share is not None and project_share > total:
        error(
            "project_share",
            _(
                "%(share)s %% for the project is more than the time agreed with the "
                "employers (%(employed)s %%)."
            )
            % {
                "share": percent_number(project_share),
                "employed": percent_number(total),
            },
        )

    availability: dict[datetime.date, Decimal] = {}
    for index, month in columns.months.items():
        value = row[index] if index < len(row) else None
        if cell_text(value) == "":
            continue
        name = columns.header[index]
        try:
            days = cell_number(value)
        except ValueError:
            errors.append(
                RowError(number, name, _("“%(value)s” is not a number of days.") % {"value": value})
            )
            continue
        # The same limit as the time page (`directory.services.check_month_days`): the
        # month's working days, August included in full (someone may work all of it).
        most = working_days(month.year, month.month)
        if not 0 <= days <= most or days != days.quantize(Decimal("0.01")):
            errors.append(
                RowError(
                    number,
                    name,
                    _("a number of days between 0 and %(max)d is expected, not %(value)s.")
                    % {"max": most, "value": cell_text(value)},
                )
            )
            continue
        availability[month] = days
    if len(errors) > error_count:
        return None
    return PlannedPerson(
        row=number,
        existing_id=existing.pk if existing else None,
        first_name=first_name or (existing.first_name if existing else ""),
        last_name=last_name or (existing.last_name if existing else ""),
        email=email,
        phone=phone,
        kind=kind,
        job_title=job_title,
        organisation=organisation,
        employer_share=employer_share,
        project_share=project_share,
        availability=availability,
    )


# --- Saving -------------------------------------------------------------------------------------


class _Refused(Exception):
    def __init__(self, error: RowError) -> None:
        self.error = error


def _validation_message(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def people_import(access: ProjectAccess, sheet: Sheet) -> ImportPlan:
    """Check the sheet again against the current data, then save everything or nothing."""
    try:
        with transaction.atomic():
            plan = plan_import(access, sheet)
            if not plan.errors:
                _save(access.project, plan)
    except _Refused as refused:
        plan.errors.append(refused.error)
        plan.people = []
    return plan


def _save(project: Project, plan: ImportPlan) -> None:
    organisations = {
        plain(o.name): o
        for o in Organisation.objects.filter(project_links__project=project).distinct()
    }
    for o in Organisation.objects.filter(project_links__project=project, short_name__gt=""):
        organisations.setdefault(plain(o.short_name), o)
    for name in plan.new_organisations:
        organisation = Organisation(
            name=name, kind=Organisation.Kind.OTHER, territory_id=project.territory_id
        )
        try:
            organisation.full_clean()
        except ValidationError as error:
            message = _validation_message(error)
            raise _Refused(RowError(None, HEADERS["organisation"], message)) from None
        organisation.save()
        ProjectOrganisation.objects.create(project=project, organisation=organisation)
        organisations[plain(name)] = organisation

    existing = Person.objects.in_bulk([p.existing_id for p in plan.people if p.existing_id])
    saved: list[tuple[Person, PlannedPerson]] = []
    for row in plan.people:
        person = existing[row.existing_id] if row.existing_id else Person(kind=Person.Kind.OTHER)
        person.first_name, person.last_name = row.first_name, row.last_name
        for name in ("email", "phone", "kind", "job_title"):
            value = getattr(row, name)
            if value is not None:
                setattr(person, name, value)
        _clean_or_refuse(person, row.row)
        person.save()
        ProjectPerson.objects.get_or_create(project=project, person=person)
        # The time page's writes, so the same checks hold and the person's time version is
        # raised; the employment first, as the project share may not pass the employments.
        if row.organisation is not None:
            with _refused_as(row.row, HEADERS["employer_share"]):
                employment_save(
                    project=project,
                    person=person,
                    organisation=organisations[plain(row.organisation)],
                    time_share=row.employer_share,
                )
        if row.project_share is not None:
            with _refused_as(row.row, HEADERS["project_share"]):
                project_share_set(project=project, person=person, time_share=row.project_share)
        saved.append((person, row))
    _save_availability(saved)
    _touch_time_versions(saved)


def _touch_time_versions(saved: Iterable[tuple[Person, PlannedPerson]]) -> None:
    """Raise the time version (the time page locks on it) of those whose availability the file
    changed, so that a page opened before is refused; the employment and project share writes
    raise it themselves."""
    changed = [person.pk for person, row in saved if row.availability]
    Person.objects.filter(pk__in=changed).update(time_version=F("time_version") + 1)


@contextmanager
def _refused_as(row: int, column: str) -> Iterator[None]:
    """A service's ValidationError refuses the whole file, naming the row and the column."""
    try:
        yield
    except ValidationError as error:
        raise _Refused(RowError(row, column, _validation_message(error))) from None


def _clean_or_refuse(instance: Any, row: int, column: str | None = None) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        raise _Refused(RowError(row, column, _validation_message(error))) from None


def _save_availability(saved: Iterable[tuple[Person, PlannedPerson]]) -> None:
    """The months given by the file, replacing those rows; other months are left as they are."""
    wanted = {
        (person.pk, month): days
        for person, row in saved
        for month, days in row.availability.items()
    }
    if not wanted:
        return
    people = {person_id for person_id, _month in wanted}
    months = {month for _person, month in wanted}
    current = {
        (a.person_id, a.month): a
        for a in Availability.objects.filter(person_id__in=people, month__in=months)
    }
    changed = []
    created = []
    for (person_id, month), days in wanted.items():
        row = current.get((person_id, month))
        if row is None:
            created.append(Availability(person_id=person_id, month=month, days=days))
        elif row.days != days:
            row.days = days
            changed.append(row)
    Availability.objects.bulk_create(created, batch_size=500)
    Availability.objects.bulk_update(changed, ["days"], batch_size=500)
    data_changed(PEOPLE)  # bulk writes send no signal
