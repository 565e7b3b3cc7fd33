"""A competency framework to and from JSON, and to and from one table (XLSX or CSV).

JSON: {"name", "description", "levels": [{"value", "label", "descriptor"}],
"competencies": [{"code", "name", "description", "parent", "is_collective"}]}.
Table: columns `type, code, name, description, parent, collective`, where `type` is
`framework` (name and description), `level` (code = value, name = label, description =
descriptor) or `competency`. An import always creates a new framework, all or nothing.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from maillage.competencies.models import Competency, Framework, Level
from maillage.competencies.spreadsheets import Sheet, TableError, format_of, read_sheets

TABLE_HEADER = ["type", "code", "name", "description", "parent", "collective"]


def framework_to_data(framework: Framework) -> dict[str, Any]:
    competencies = list(framework.competencies.select_related("parent").order_by("code"))
    return {
        "name": framework.name,
        "description": framework.description,
        "levels": [
            {"value": lv.value, "label": lv.label, "descriptor": lv.descriptor}
            for lv in framework.levels.all()
        ],
        "competencies": [
            {
                "code": c.code,
                "name": c.name,
                "description": c.description,
                "parent": c.parent.code if c.parent else None,
                "is_collective": c.is_collective,
            }
            for c in competencies
        ],
    }


def framework_to_sheet(framework: Framework) -> Sheet:
    data = framework_to_data(framework)
    rows: list[list[Any]] = [TABLE_HEADER, ["framework", "", data["name"], data["description"]]]
    rows += [["level", lv["value"], lv["label"], lv["descriptor"]] for lv in data["levels"]]
    rows += [
        [
            "competency",
            c["code"],
            c["name"],
            c["description"],
            c["parent"] or "",
            "yes" if c["is_collective"] else "no",
        ]
        for c in data["competencies"]
    ]
    return Sheet(name="framework", rows=rows)


def _sheet_to_data(sheet: Sheet) -> dict[str, Any]:
    if not sheet.rows:
        raise ValidationError(_("The sheet “%(sheet)s” is empty.") % {"sheet": sheet.name})
    header = [str(cell or "").strip().lower() for cell in sheet.rows[0]]
    missing = [name for name in TABLE_HEADER[:4] if name not in header]
    if missing:
        raise ValidationError(
            _("Sheet “%(sheet)s”, row 1: missing column(s) %(columns)s.")
            % {"sheet": sheet.name, "columns": ", ".join(missing)}
        )
    data: dict[str, Any] = {"name": "", "description": "", "levels": [], "competencies": []}
    for number, raw in enumerate(sheet.rows[1:], start=2):
        cells = {name: raw[i] if i < len(raw) else None for i, name in enumerate(header)}
        text = {k: "" if v is None else str(v).strip() for k, v in cells.items()}
        kind = text.get("type", "")
        if kind == "framework":
            data["name"], data["description"] = text["name"], text["description"]
        elif kind == "level":
            try:
                value = int(float(text["code"]))
            except ValueError:
                raise ValidationError(
                    _("Sheet “%(sheet)s”, row %(row)d, column “code”: a level needs a number.")
                    % {"sheet": sheet.name, "row": number}
                ) from None
            data["levels"].append(
                {"value": value, "label": text["name"], "descriptor": text["description"]}
            )
        elif kind == "competency":
            data["competencies"].append(
                {
                    "code": text["code"],
                    "name": text["name"],
                    "description": text["description"],
                    "parent": text.get("parent") or None,
                    "is_collective": text.get("collective", "").lower() in ("yes", "oui", "1"),
                }
            )
        elif any(text.values()):
            raise ValidationError(
                _(
                    "Sheet “%(sheet)s”, row %(row)d, column “type”: expected framework, level or "
                    "competency."
                )
                % {"sheet": sheet.name, "row": number}
            )
    return data


def read_framework_file(upload: Any) -> dict[str, Any]:
    name = getattr(upload, "name", "")
    if name.lower().endswith(".json"):
        try:
            data = json.loads(upload.read(5 * 1024 * 1024 + 1))
        except (ValueError, UnicodeDecodeError) as error:
            raise ValidationError(_("The JSON file could not be read: %s") % error) from None
        if not isinstance(data, dict):
            raise ValidationError(_("The JSON file must contain one object."))
        return data
    try:
        format_of(name)
        sheets = read_sheets(upload)
    except TableError as error:
        raise ValidationError(str(error)) from None
    if not sheets:
        raise ValidationError(_("The file has no sheet."))
    return _sheet_to_data(sheets[0])


@transaction.atomic
def framework_import(data: dict[str, Any], *, made_for: Any = None) -> Framework:
    """A new framework from `data`; every problem is reported, nothing is saved on error.

    `made_for` is the project that imports it: its members may then choose it."""
    errors = []
    name = str(data.get("name") or "").strip()
    if not name:
        errors.append(_("The framework needs a name."))
    elif Framework.objects.filter(name=name).exists():
        errors.append(_("A framework named “%(name)s” already exists.") % {"name": name})
    levels = data.get("levels") or []
    competencies = data.get("competencies") or []
    if not isinstance(levels, list) or not levels:
        errors.append(_("The framework needs a scale of levels."))
        levels = []
    if not isinstance(competencies, list) or not competencies:
        errors.append(_("The framework needs competencies."))
        competencies = []
    values = [lv.get("value") for lv in levels if isinstance(lv, dict)]
    if len(values) != len(levels) or any(not isinstance(v, int) or v < 0 for v in values):
        errors.append(_("Each level needs a whole number value."))
    elif len(set(values)) != len(values):
        errors.append(_("Two levels have the same value."))
    codes = [c.get("code") for c in competencies if isinstance(c, dict)]
    if len(codes) != len(competencies) or not all(isinstance(c, str) and c for c in codes):
        errors.append(_("Each competency needs a code."))
    elif len(set(codes)) != len(codes):
        errors.append(_("Two competencies have the same code."))
    else:
        for entry in competencies:
            parent = entry.get("parent")
            if parent and parent not in codes:
                errors.append(
                    _("Competency %(code)s: unknown parent “%(parent)s”.")
                    % {"code": entry["code"], "parent": parent}
                )
    if errors:
        raise ValidationError(errors)
    framework = Framework(
        name=name, description=str(data.get("description") or ""), made_for=made_for
    )
    framework.full_clean()
    framework.save()
    for entry in levels:
        level = Level(
            framework=framework,
            value=entry["value"],
            label=str(entry.get("label") or entry["value"]),
            descriptor=str(entry.get("descriptor") or ""),
        )
        level.full_clean(exclude=["framework"])
        level.save()
    created: dict[str, Competency] = {}
    for entry in _parents_first(competencies):
        competency = Competency(
            framework=framework,
            parent=created.get(entry.get("parent") or ""),
            code=entry["code"],
            name=str(entry.get("name") or entry["code"]),
            description=str(entry.get("description") or ""),
            is_collective=bool(entry.get("is_collective")),
        )
        try:
            competency.full_clean(exclude=["framework", "parent"])
        except ValidationError as error:
            raise ValidationError(
                _("Competency %(code)s: %(error)s")
                % {"code": entry["code"], "error": "; ".join(error.messages)}
            ) from None
        competency.save()
        created[competency.code] = competency
    return framework


def _parents_first(competencies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The competencies ordered so that each comes after its parent, at any depth."""
    ordered: list[dict[str, Any]] = []
    placed: set[str] = set()
    remaining = list(competencies)
    while remaining:
        ready = [e for e in remaining if not e.get("parent") or e["parent"] in placed]
        if not ready:
            raise ValidationError(
                _("The parents of %(codes)s form a loop.")
                % {"codes": ", ".join(sorted(e["code"] for e in remaining))}
            )
        ordered += ready
        placed.update(e["code"] for e in ready)
        remaining = [e for e in remaining if e["code"] not in placed]
    return ordered
