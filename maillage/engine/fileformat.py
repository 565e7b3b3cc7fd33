"""The project file: a versioned JSON form of a whole project, read and written by the engine.

`dump_project` turns a snapshot into plain JSON data; `load_project` checks a document and
builds the snapshot, all or nothing: any problem raises `ProjectFileError` listing every error
found with its JSON path (`$.tasks[12].start`) and a message in English and French.
The structure is described by `schema/project.schema.json` (JSON Schema 2020-12), which this
module also applies itself, so no validation library is needed; the checks a schema cannot say
(references, duplicates, scale levels, dates) follow. See docs/file-format.md.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from maillage.engine.snapshot import (
    Assessment,
    Assignment,
    Axis,
    Body,
    Competency,
    Employment,
    Need,
    Organisation,
    Person,
    ProjectSnapshot,
    Step,
    Task,
    Territory,
)

FORMAT = "maillage-project"
VERSION = 1
MAX_ERRORS = 200  # past this, the file is surely not a project file: stop listing

JSON = Any  # what json.loads returns


@dataclass(frozen=True, slots=True)
class FileError:
    path: str  # JSON path of the offending value, e.g. $.tasks[12].start
    message_en: str
    message_fr: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message_en}"


class ProjectFileError(ValueError):
    """The document is not a valid project file; `errors` says where and why."""

    def __init__(self, errors: list[FileError]) -> None:
        self.errors = errors
        shown = "; ".join(str(e) for e in errors[:5])
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        super().__init__(f"invalid project file: {shown}{more}")


@cache
def schema() -> dict[str, JSON]:
    """The JSON Schema of the format, as shipped with the package."""
    text = (
        resources.files("maillage.engine")
        .joinpath("schema/project.schema.json")
        .read_text(encoding="utf-8")
    )
    loaded: dict[str, JSON] = json.loads(text)
    return loaded


# --- Paths and messages ------------------------------------------------------------------------

IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def child(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    if IDENTIFIER.match(key):
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


TYPE_NAMES = {
    "object": ("an object", "un objet"),
    "array": ("a list", "une liste"),
    "string": ("a string", "une chaîne de caractères"),
    "integer": ("an integer", "un entier"),
    "number": ("a number", "un nombre"),
    "boolean": ("true or false", "true ou false"),
    "null": ("null", "null"),
}
PATTERN_NAMES = {
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": ("a date YYYY-MM-DD", "une date AAAA-MM-JJ"),
    "^[0-9]{4}-[0-9]{2}$": ("a month YYYY-MM", "un mois AAAA-MM"),
}


def _number(value: float) -> str:
    return f"{value:g}"


# --- A small JSON Schema validator for the keywords our schema uses ----------------------------

KNOWN_KEYWORDS = frozenset(
    {
        "$schema",
        "$id",
        "$defs",
        "$ref",
        "title",
        "description",
        "type",
        "const",
        "enum",
        "required",
        "properties",
        "additionalProperties",
        "propertyNames",
        "items",
        "minItems",
        "minimum",
        "maximum",
        "minLength",
        "pattern",
    }
)


def _is_type(value: JSON, name: str) -> bool:
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if name == "string":
        return isinstance(value, str)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    if isinstance(value, bool):
        return False
    if name == "integer":
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if name == "number":
        return isinstance(value, int | float) and math.isfinite(value)
    raise ValueError(f"unknown JSON type {name!r}")


class SchemaValidator:
    """Applies the subset of JSON Schema 2020-12 that project.schema.json is written in."""

    def __init__(self, root: Mapping[str, JSON]) -> None:
        self.root = root
        self.errors: list[FileError] = []

    def error(self, path: str, english: str, french: str) -> None:
        self.errors.append(FileError(path, english, french))

    def resolve(self, reference: str) -> Mapping[str, JSON]:
        if not reference.startswith("#/"):
            raise ValueError(f"only local references are supported: {reference}")
        node: JSON = self.root
        for part in reference[2:].split("/"):
            node = node[part]
        resolved: Mapping[str, JSON] = node
        return resolved

    def validate(self, value: JSON, rule: Mapping[str, JSON], path: str) -> None:
        if len(self.errors) >= MAX_ERRORS:
            return
        unknown = set(rule) - KNOWN_KEYWORDS
        if unknown:
            raise ValueError(f"schema keyword not supported by the loader: {sorted(unknown)}")
        if "$ref" in rule:
            self.validate(value, self.resolve(rule["$ref"]), path)
        if "const" in rule and value != rule["const"]:
            expected = json.dumps(rule["const"])
            self.error(path, f"must be {expected}", f"doit valoir {expected}")
            return
        if "type" in rule:
            names = rule["type"] if isinstance(rule["type"], list) else [rule["type"]]
            if not any(_is_type(value, name) for name in names):
                english = " or ".join(TYPE_NAMES[n][0] for n in names)
                french = " ou ".join(TYPE_NAMES[n][1] for n in names)
                self.error(path, f"must be {english}", f"doit être {french}")
                return
        if "enum" in rule and value not in rule["enum"]:
            options = ", ".join(json.dumps(v, ensure_ascii=False) for v in rule["enum"])
            self.error(
                path, f"must be one of: {options}", f"doit être l'une des valeurs : {options}"
            )
            return
        if isinstance(value, str):
            self._string(value, rule, path)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            self._number(value, rule, path)
        elif isinstance(value, list):
            self._array(value, rule, path)
        elif isinstance(value, dict):
            self._object(value, rule, path)

    def _string(self, value: str, rule: Mapping[str, JSON], path: str) -> None:
        if "minLength" in rule and len(value) < rule["minLength"]:
            self.error(path, "must not be empty", "ne doit pas être vide")
        if "pattern" in rule and not re.search(rule["pattern"], value):
            english, french = PATTERN_NAMES.get(
                rule["pattern"], (f"the form {rule['pattern']}", f"la forme {rule['pattern']}")
            )
            self.error(path, f"must be {english}", f"doit être {french}")

    def _number(self, value: float, rule: Mapping[str, JSON], path: str) -> None:
        if "minimum" in rule and value < rule["minimum"]:
            bound = _number(rule["minimum"])
            self.error(path, f"must be at least {bound}", f"doit être au moins {bound}")
        if "maximum" in rule and value > rule["maximum"]:
            bound = _number(rule["maximum"])
            self.error(path, f"must be at most {bound}", f"doit être au plus {bound}")

    def _array(self, value: list[JSON], rule: Mapping[str, JSON], path: str) -> None:
        if "minItems" in rule and len(value) < rule["minItems"]:
            count = rule["minItems"]
            self.error(
                path,
                f"must have at least {count} item(s)",
                f"doit avoir au moins {count} élément(s)",
            )
        if "items" in rule:
            for index, item in enumerate(value):
                self.validate(item, rule["items"], child(path, index))

    def _object(self, value: dict[str, JSON], rule: Mapping[str, JSON], path: str) -> None:
        for name in rule.get("required", ()):
            if name not in value:
                self.error(child(path, name), "is required", "est obligatoire")
        properties: Mapping[str, JSON] = rule.get("properties", {})
        extra = rule.get("additionalProperties", True)
        for key, item in value.items():
            if "propertyNames" in rule:
                self.validate(key, rule["propertyNames"], child(path, key))
            if key in properties:
                self.validate(item, properties[key], child(path, key))
            elif extra is False:
                self.error(child(path, key), "is not a known field", "n'est pas un champ connu")
            elif isinstance(extra, dict):
                self.validate(item, extra, child(path, key))


def validate_structure(data: JSON) -> list[FileError]:
    """Errors of the document against the JSON Schema (types, required fields, ranges)."""
    validator = SchemaValidator(schema())
    validator.validate(data, schema(), "$")
    return validator.errors


# --- Writing -----------------------------------------------------------------------------------


def _month_key(month: datetime.date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def _add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def dump_project(snapshot: ProjectSnapshot) -> dict[str, JSON]:
    """The snapshot as a version-1 project document (plain JSON data)."""
    months = snapshot.months
    if not months or any(m != _add_months(months[0], i) for i, m in enumerate(months)):
        raise ValueError("the snapshot's months must be consecutive first days of months")
    keys = [_month_key(m) for m in months]

    def availability(person: Person) -> dict[str, JSON]:
        if not person.availability:
            return {}
        if len(person.availability) != len(months):
            raise ValueError(f"person {person.id}: availability does not cover the horizon")
        return {"availability": dict(zip(keys, person.availability, strict=True))}

    return {
        "format": FORMAT,
        "version": VERSION,
        "project": {
            "id": snapshot.id,
            "name": snapshot.name,
            "kind": snapshot.kind,
            "horizon": {"start": keys[0], "months": len(months)},
            "carrier_id": snapshot.carrier_id,
            "allow_work_on_unvalidated_steps": snapshot.allow_work_on_unvalidated_steps,
        },
        "framework": {
            "levels": [{"value": level} for level in snapshot.levels],
            "competencies": [
                {"id": c.id, "code": c.code, "name": c.name, "parent_id": c.parent_id}
                for c in snapshot.competencies
            ],
        },
        "territories": [
            {
                "id": t.id,
                "name": t.name,
                "level": t.level,
                "parent_id": t.parent_id,
                "neighbour_ids": list(t.neighbour_ids),
            }
            for t in snapshot.territories
        ],
        "organisations": [
            {
                "id": o.id,
                "name": o.name,
                "kind": o.kind,
                "territory_id": o.territory_id,
                "in_project": o.in_project,
                "is_sponsor": o.is_sponsor,
            }
            for o in snapshot.organisations
        ],
        "people": [
            {
                "id": p.id,
                "name": p.name,
                "kind": p.kind,
                "employments": [
                    {"organisation_id": e.organisation_id, "time_share": e.time_share}
                    for e in p.employments
                ],
                **availability(p),
                "in_project": p.in_project,
                "mandate": p.mandate,
                "leeway": p.leeway,
            }
            for p in snapshot.people
        ],
        "assessments": [
            {
                "person_id": a.person_id,
                "competency_id": a.competency_id,
                "level": a.level,
                "motivation": a.motivation,
                "legitimacy": a.legitimacy,
            }
            for a in snapshot.assessments
        ],
        "axes": [
            {
                "id": a.id,
                "code": a.code,
                "name": a.name,
                "lead_id": a.lead_id,
                "political_referent_id": a.political_referent_id,
                "technical_referent_id": a.technical_referent_id,
                "lead_organisation_id": a.lead_organisation_id,
                "pat_fields": list(a.pat_fields),
                "archived": a.is_archived,
            }
            for a in snapshot.axes
        ],
        "steps": [
            {
                "id": s.id,
                "name": s.name,
                "start": s.start.isoformat(),
                "end": s.end.isoformat(),
                "status": s.status,
            }
            for s in snapshot.steps
        ],
        "tasks": [
            {
                "id": t.id,
                "title": t.title,
                "description": t.description,
                "start": t.start.isoformat(),
                "end": t.end.isoformat(),
                "parent_id": t.parent_id,
                "step_id": t.step_id,
                "axis_id": t.axis_id,
                "is_milestone": t.is_milestone,
                "status": t.status,
                "lead_organisation_id": t.lead_organisation_id,
                "budget": t.budget,
                "funding": t.funding,
                "predecessor_ids": list(t.predecessor_ids),
            }
            for t in snapshot.tasks
        ],
        "needs": [
            {
                "id": n.id,
                "task_id": n.task_id,
                "competency_id": n.competency_id,
                "min_level": n.min_level,
                "days_per_month": n.days_per_month,
            }
            for n in snapshot.needs
        ],
        "assignments": [
            {
                "id": a.id,
                "task_id": a.task_id,
                "person_id": a.person_id,
                "responsibility": a.responsibility,
                "days_per_month": a.days_per_month,
                "is_locked": a.is_locked,
            }
            for a in snapshot.assignments
        ],
        "bodies": [
            {
                "id": b.id,
                "name": b.name,
                "kind": b.kind,
                "meetings_per_year": b.meetings_per_year,
                "meeting_days": b.meeting_days,
                "member_ids": list(b.member_ids),
                "axis_ids": list(b.axis_ids),
                "animator_id": b.animator_id,
                "months": list(b.months),
            }
            for b in snapshot.bodies
        ],
    }


def dumps_project(snapshot: ProjectSnapshot) -> str:
    """The project file's text: indented UTF-8 JSON."""
    return json.dumps(dump_project(snapshot), ensure_ascii=False, indent=2) + "\n"


# --- Reading -----------------------------------------------------------------------------------


class _Checker:
    """The checks a schema cannot express: ids, references, scale levels, dates, cycles."""

    def __init__(self, data: dict[str, JSON]) -> None:
        self.data = data
        self.errors: list[FileError] = []
        self.ids: dict[str, set[int]] = {}

    def error(self, path: str, english: str, french: str) -> None:
        self.errors.append(FileError(path, english, french))

    def items(self, collection: str) -> Iterator[tuple[str, dict[str, JSON]]]:
        for index, item in enumerate(self.data.get(collection, [])):
            yield child(f"$.{collection}", index), item

    def collect_ids(self, collection: str, items: Iterable[tuple[str, dict[str, JSON]]]) -> None:
        seen: dict[int, str] = {}
        for path, item in items:
            identifier = int(item["id"])
            if identifier in seen:
                self.error(
                    child(path, "id"),
                    f"duplicates the id of {seen[identifier]}",
                    f"reprend l'identifiant de {seen[identifier]}",
                )
            else:
                seen[identifier] = path
        self.ids[collection] = set(seen)

    def reference(self, path: str, value: JSON, collection: str) -> None:
        if value is not None and int(value) not in self.ids[collection]:
            self.error(
                path,
                f"refers to an unknown id in {collection}: {value}",
                f"renvoie à un identifiant inconnu dans {collection} : {value}",
            )

    def references(self, path: str, values: list[JSON], collection: str) -> None:
        seen: set[int] = set()
        for index, value in enumerate(values):
            self.reference(child(path, index), value, collection)
            if int(value) in seen:
                self.error(
                    child(path, index), f"is listed twice: {value}", f"figure deux fois : {value}"
                )
            seen.add(int(value))

    def date(self, path: str, text: str) -> datetime.date | None:
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            self.error(path, "is not a valid date", "n'est pas une date valide")
            return None

    def period(self, path: str, item: dict[str, JSON]) -> None:
        start = self.date(child(path, "start"), item["start"])
        end = self.date(child(path, "end"), item["end"])
        if start and end and end < start:
            self.error(
                child(path, "end"),
                f"is before the start ({item['start']})",
                f"est antérieure au début ({item['start']})",
            )

    def unique(
        self, collection: str, key: Callable[[dict[str, JSON]], tuple[JSON, ...]], what: str
    ) -> None:
        seen: dict[tuple[JSON, ...], str] = {}
        for path, item in self.items(collection):
            value = key(item)
            if value in seen:
                self.error(
                    path,
                    f"repeats the {what} of {seen[value]}",
                    f"répète {FRENCH_WHAT[what]} de {seen[value]}",
                )
            else:
                seen[value] = path

    def acyclic(self, collection: str, field: str, many: bool) -> None:
        """Report ids involved in a cycle of `field` (a parent or predecessors)."""
        links: dict[int, list[int]] = {}
        paths: dict[int, str] = {}
        for path, item in self.items(collection):
            value = item.get(field)
            targets = (value or []) if many else ([] if value is None else [value])
            links[int(item["id"])] = [int(t) for t in targets]
            paths.setdefault(int(item["id"]), path)
        state: dict[int, int] = {}  # 1: being visited, 2: done
        reported: set[int] = set()
        for start in sorted(links):
            if start in state:
                continue
            stack: list[tuple[int, Iterator[int]]] = [(start, iter(links[start]))]
            state[start] = 1
            while stack:
                node, successors = stack[-1]
                following = next(successors, None)
                if following is None:
                    state[node] = 2
                    stack.pop()
                elif following in links and state.get(following) == 1:
                    if following not in reported:
                        reported.add(following)
                        self.error(
                            child(paths[following], field),
                            f"makes a cycle ({collection} {following} depends on itself)",
                            f"forme un cycle ({collection} {following} dépend de lui-même)",
                        )
                elif following in links and following not in state:
                    state[following] = 1
                    stack.append((following, iter(links[following])))

    def run(self) -> list[FileError]:
        data = self.data
        competencies = data["framework"].get("competencies", [])
        self.collect_ids(
            "competencies",
            ((child("$.framework.competencies", i), c) for i, c in enumerate(competencies)),
        )
        for collection in (
            "territories",
            "organisations",
            "people",
            "axes",
            "steps",
            "tasks",
            "needs",
            "assignments",
            "bodies",
        ):
            self.collect_ids(collection, self.items(collection))

        levels: dict[int, str] = {}
        for index, level in enumerate(data["framework"]["levels"]):
            path = child("$.framework.levels", index)
            value = int(level["value"])
            if value in levels:
                self.error(
                    child(path, "value"), f"repeats {levels[value]}", f"répète {levels[value]}"
                )
            levels.setdefault(value, path)
        if list(levels) != sorted(levels):
            self.error("$.framework.levels", "must be in ascending order", "doit être croissante")

        def in_scale(path: str, value: JSON) -> None:
            if int(value) not in levels:
                scale = ", ".join(str(v) for v in sorted(levels))
                self.error(
                    path,
                    f"is not a level of the framework's scale ({scale})",
                    f"n'est pas un niveau de l'échelle du référentiel ({scale})",
                )

        project = data["project"]
        self.reference("$.project.carrier_id", project.get("carrier_id"), "organisations")
        first_month = self._month("$.project.horizon.start", project["horizon"]["start"])
        horizon: set[str] = set()
        if first_month is not None:
            horizon = {
                _month_key(_add_months(first_month, i)) for i in range(project["horizon"]["months"])
            }

        for index, competency in enumerate(competencies):
            path = child("$.framework.competencies", index)
            self.reference(child(path, "parent_id"), competency.get("parent_id"), "competencies")
        for path, item in self.items("territories"):
            self.reference(child(path, "parent_id"), item.get("parent_id"), "territories")
            self.references(
                child(path, "neighbour_ids"), item.get("neighbour_ids", []), "territories"
            )
        for path, item in self.items("organisations"):
            self.reference(child(path, "territory_id"), item["territory_id"], "territories")
        for path, item in self.items("people"):
            employers: set[int] = set()
            for index, employment in enumerate(item.get("employments", [])):
                where = child(child(path, "employments"), index)
                self.reference(
                    child(where, "organisation_id"), employment["organisation_id"], "organisations"
                )
                if int(employment["organisation_id"]) in employers:
                    self.error(
                        where,
                        "repeats an employment by the same organisation",
                        "répète un emploi dans la même structure",
                    )
                employers.add(int(employment["organisation_id"]))
            for month in item.get("availability", {}):
                where = child(child(path, "availability"), month)
                if self._month(where, month) is not None and horizon and month not in horizon:
                    self.error(
                        where, "is outside the project horizon", "est hors de l'horizon du projet"
                    )
        for path, item in self.items("assessments"):
            self.reference(child(path, "person_id"), item["person_id"], "people")
            self.reference(child(path, "competency_id"), item["competency_id"], "competencies")
            in_scale(child(path, "level"), item["level"])
        self.unique(
            "assessments", lambda a: (a["person_id"], a["competency_id"]), "person and competency"
        )
        for path, item in self.items("axes"):
            for field in ("lead_id", "political_referent_id", "technical_referent_id"):
                self.reference(child(path, field), item.get(field), "people")
            self.reference(
                child(path, "lead_organisation_id"),
                item.get("lead_organisation_id"),
                "organisations",
            )
        for path, item in self.items("steps"):
            self.period(path, item)
        for path, item in self.items("tasks"):
            self.period(path, item)
            self.reference(child(path, "parent_id"), item.get("parent_id"), "tasks")
            self.reference(child(path, "step_id"), item.get("step_id"), "steps")
            self.reference(child(path, "axis_id"), item.get("axis_id"), "axes")
            self.reference(
                child(path, "lead_organisation_id"),
                item.get("lead_organisation_id"),
                "organisations",
            )
            predecessors = item.get("predecessor_ids", [])
            self.references(child(path, "predecessor_ids"), predecessors, "tasks")
            if item["id"] in predecessors:
                self.error(
                    child(path, "predecessor_ids"),
                    "contains the task itself",
                    "contient la tâche elle-même",
                )
        self.acyclic("tasks", "parent_id", many=False)
        self.acyclic("tasks", "predecessor_ids", many=True)
        for path, item in self.items("needs"):
            self.reference(child(path, "task_id"), item["task_id"], "tasks")
            self.reference(child(path, "competency_id"), item["competency_id"], "competencies")
            in_scale(child(path, "min_level"), item["min_level"])
        self.unique("needs", lambda n: (n["task_id"], n["competency_id"]), "task and competency")
        for path, item in self.items("assignments"):
            self.reference(child(path, "task_id"), item["task_id"], "tasks")
            self.reference(child(path, "person_id"), item["person_id"], "people")
        self.unique(
            "assignments",
            lambda a: (a["task_id"], a["person_id"], a["responsibility"]),
            "task, person and responsibility",
        )
        for path, item in self.items("bodies"):
            self.references(child(path, "member_ids"), item.get("member_ids", []), "people")
            self.references(child(path, "axis_ids"), item.get("axis_ids", []), "axes")
            self.reference(child(path, "animator_id"), item.get("animator_id"), "people")
            seen_months: set[int] = set()
            for index, month in enumerate(item.get("months", [])):
                if month in seen_months:
                    self.error(
                        child(child(path, "months"), index),
                        f"is listed twice: {month}",
                        f"figure deux fois : {month}",
                    )
                seen_months.add(month)
        return self.errors

    def _month(self, path: str, text: str) -> datetime.date | None:
        try:
            return datetime.date.fromisoformat(f"{text}-01")
        except ValueError:
            self.error(path, "is not a valid month", "n'est pas un mois valide")
            return None


FRENCH_WHAT = {
    "person and competency": "la personne et la compétence",
    "task and competency": "la tâche et la compétence",
    "task, person and responsibility": "la tâche, la personne et la responsabilité",
}


def _ids(values: Iterable[JSON]) -> tuple[int, ...]:
    return tuple(int(v) for v in values)


def _optional_id(value: JSON) -> int | None:
    return None if value is None else int(value)


def _build(data: dict[str, JSON]) -> ProjectSnapshot:
    project = data["project"]
    start = datetime.date.fromisoformat(f"{project['horizon']['start']}-01")
    months = tuple(_add_months(start, i) for i in range(int(project["horizon"]["months"])))
    keys = [_month_key(m) for m in months]
    framework = data["framework"]

    def availability(item: dict[str, JSON]) -> tuple[float, ...]:
        if "availability" not in item:
            return ()
        given = item["availability"]
        return tuple(float(given.get(key, 0.0)) for key in keys)

    date = datetime.date.fromisoformat
    return ProjectSnapshot(
        id=int(project["id"]),
        name=project["name"],
        kind=project["kind"],
        months=months,
        levels=tuple(int(level["value"]) for level in framework["levels"]),
        carrier_id=_optional_id(project.get("carrier_id")),
        allow_work_on_unvalidated_steps=bool(project.get("allow_work_on_unvalidated_steps", False)),
        territories=tuple(
            Territory(
                int(t["id"]),
                t["name"],
                t["level"],
                _optional_id(t.get("parent_id")),
                _ids(t.get("neighbour_ids", [])),
            )
            for t in data.get("territories", [])
        ),
        organisations=tuple(
            Organisation(
                int(o["id"]),
                o["name"],
                o["kind"],
                int(o["territory_id"]),
                bool(o.get("in_project", True)),
                bool(o.get("is_sponsor", False)),
            )
            for o in data.get("organisations", [])
        ),
        people=tuple(
            Person(
                int(p["id"]),
                p["name"],
                p["kind"],
                employments=tuple(
                    Employment(int(e["organisation_id"]), float(e["time_share"]))
                    for e in p.get("employments", [])
                ),
                availability=availability(p),
                in_project=bool(p.get("in_project", True)),
                mandate=p.get("mandate"),
                leeway=p.get("leeway"),
            )
            for p in data.get("people", [])
        ),
        competencies=tuple(
            Competency(int(c["id"]), c["code"], c["name"], _optional_id(c.get("parent_id")))
            for c in framework.get("competencies", [])
        ),
        assessments=tuple(
            Assessment(
                int(a["person_id"]),
                int(a["competency_id"]),
                int(a["level"]),
                int(a["motivation"]),
                int(a["legitimacy"]),
            )
            for a in data.get("assessments", [])
        ),
        axes=tuple(
            Axis(
                int(a["id"]),
                a["code"],
                a["name"],
                _optional_id(a.get("lead_id")),
                _optional_id(a.get("political_referent_id")),
                _optional_id(a.get("technical_referent_id")),
                _optional_id(a.get("lead_organisation_id")),
                tuple(a.get("pat_fields", [])),
                bool(a.get("archived", False)),
            )
            for a in data.get("axes", [])
        ),
        steps=tuple(
            Step(int(s["id"]), s["name"], date(s["start"]), date(s["end"]), s["status"])
            for s in data.get("steps", [])
        ),
        tasks=tuple(
            Task(
                id=int(t["id"]),
                title=t["title"],
                start=date(t["start"]),
                end=date(t["end"]),
                description=t.get("description", ""),
                parent_id=_optional_id(t.get("parent_id")),
                step_id=_optional_id(t.get("step_id")),
                axis_id=_optional_id(t.get("axis_id")),
                is_milestone=bool(t.get("is_milestone", False)),
                status=t.get("status", "planned"),
                lead_organisation_id=_optional_id(t.get("lead_organisation_id")),
                budget=float(t.get("budget", 0.0)),
                funding=float(t.get("funding", 0.0)),
                predecessor_ids=_ids(t.get("predecessor_ids", [])),
            )
            for t in data.get("tasks", [])
        ),
        needs=tuple(
            Need(
                int(n["id"]),
                int(n["task_id"]),
                int(n["competency_id"]),
                int(n["min_level"]),
                float(n["days_per_month"]),
            )
            for n in data.get("needs", [])
        ),
        assignments=tuple(
            Assignment(
                int(a["id"]),
                int(a["task_id"]),
                int(a["person_id"]),
                a["responsibility"],
                float(a["days_per_month"]),
                bool(a.get("is_locked", False)),
            )
            for a in data.get("assignments", [])
        ),
        bodies=tuple(
            Body(
                int(b["id"]),
                b["name"],
                b["kind"],
                int(b["meetings_per_year"]),
                float(b["meeting_days"]),
                _ids(b.get("member_ids", [])),
                _ids(b.get("axis_ids", [])),
                _optional_id(b.get("animator_id")),
                tuple(sorted(int(m) for m in b.get("months", []))),
            )
            for b in data.get("bodies", [])
        ),
    )


def load_project(data: JSON) -> ProjectSnapshot:
    """Check a project document completely and build its snapshot, or raise ProjectFileError."""
    if isinstance(data, dict) and data.get("format") == FORMAT and data.get("version") != VERSION:
        version = json.dumps(data.get("version"))
        raise ProjectFileError(
            [
                FileError(
                    "$.version",
                    f"version {version} is not supported (this Maillage reads version {VERSION})",
                    f"la version {version} n'est pas prise en charge (cette version de Maillage "
                    f"lit la version {VERSION})",
                )
            ]
        )
    errors = validate_structure(data)
    if not errors:
        errors = _Checker(data).run()
    if errors:
        raise ProjectFileError(errors[:MAX_ERRORS])
    return _build(data)


def loads_project(text: str | bytes) -> ProjectSnapshot:
    """Parse a project file's text; a JSON syntax error is reported like any other error."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ProjectFileError(
            [
                FileError(
                    "$",
                    f"is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})",
                    f"n'est pas du JSON valide : {error.msg} (ligne {error.lineno}, "
                    f"colonne {error.colno})",
                )
            ]
        ) from None
    return load_project(data)
