"""Frozen plans (versions and rolls) stored people and the lead organisation as labels rendered
in the language of whoever froze them ("Anne Martin (Responsable)"), which made comparisons
depend on the language. Rewrite them with ids and codes, the names kept for display.

The content is not changed, only how it is written: a label is matched to the project's person
or organisation of that name, and a responsibility label in any language of the site to its
code. A label that matches nobody keeps its name under an id of its own (negative), so it still
shows and compares as the same unknown person."""

import re

from django.conf import settings
from django.db import migrations
from django.utils import translation

LABEL = re.compile(r"^(?P<name>.*) \((?P<role>[^()]*)\)$")


def _responsibility_codes(apps):
    field = apps.get_model("staffing", "Assignment")._meta.get_field("responsibility")
    codes = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for code, label in field.choices:
                codes[str(label).casefold()] = code
    for code, _label in field.choices:
        codes[code.casefold()] = code
    return codes


def _convert(data, people, organisations, codes):
    person_names, organisation_names = {}, {}
    unknown = {}

    def unknown_id(name):
        return unknown.setdefault(name, -(len(unknown) + 1))

    for task in data.get("tasks", []):
        staff = []
        for label in task.get("people", []):
            if not isinstance(label, str):
                staff.append(label)
                continue
            match = LABEL.match(label)
            name, role = (match["name"], match["role"]) if match else (label, "")
            key = people.get(name)
            if key is None:
                key = unknown_id(("person", name))
            person_names[str(key)] = name
            staff.append([key, codes.get(role.casefold(), role)])
        task["people"] = sorted(staff)
        organisation = task.get("lead_organisation")
        if isinstance(organisation, str):
            if organisation:
                key = organisations.get(organisation)
                if key is None:
                    key = unknown_id(("organisation", organisation))
                organisation_names[str(key)] = organisation
                task["lead_organisation"] = key
            else:
                task["lead_organisation"] = None
    data["person_names"] = person_names
    data["organisation_names"] = organisation_names
    data["format"] = 2
    return data


def forwards(apps, schema_editor):
    Person = apps.get_model("directory", "Person")
    Organisation = apps.get_model("directory", "Organisation")
    codes = _responsibility_codes(apps)
    lookups = {}

    def names_of(project_id):
        if project_id not in lookups:
            people = {}
            for person in Person.objects.filter(project_links__project_id=project_id):
                people.setdefault(f"{person.first_name} {person.last_name}", person.pk)
            organisations = {}
            for organisation in Organisation.objects.filter(project_links__project_id=project_id):
                organisations.setdefault(organisation.short_name or organisation.name, organisation.pk)
            lookups[project_id] = (people, organisations)
        return lookups[project_id]

    for model_name in ("PlanVersion", "Roll"):
        model = apps.get_model("planning", model_name)
        for frozen in model.objects.all().only("pk", "project_id", "data"):
            if frozen.data.get("format", 1) >= 2:
                continue
            people, organisations = names_of(frozen.project_id)
            data = _convert(frozen.data, people, organisations, codes)
            model.objects.filter(pk=frozen.pk).update(data=data)


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0001_plan_versions_reviews_rolls"),
        ("directory", "0002_person_is_placeholder"),
        ("staffing", "0002_assignment_version_validator_modalities"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
