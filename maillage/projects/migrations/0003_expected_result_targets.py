"""Move the number and unit of each free-text target ("50 %", "3 000", "40 t") to the
structured target; a text that is not a number stays as the remark."""

import re
from decimal import Decimal, InvalidOperation

from django.db import migrations

NUMBER = re.compile(r"^\s*([+\-−]?\d[\d\s\u00a0\u202f]*(?:[.,]\d+)?)\s*(.*?)\s*$")


def parse(text):
    match = NUMBER.match(text or "")
    if match is None:
        return None, ""
    digits = re.sub(r"[\s\u00a0\u202f]", "", match.group(1)).replace(",", ".")
    unit = match.group(2)
    if len(unit) > 30:
        return None, ""
    try:
        return Decimal(digits.replace("−", "-")), unit
    except InvalidOperation:
        return None, ""


def forwards(apps, schema_editor):
    ExpectedResult = apps.get_model("projects", "ExpectedResult")
    for result in ExpectedResult.objects.exclude(target_note=""):
        value, unit = parse(result.target_note)
        if value is None:
            continue
        result.target = value
        result.unit = result.unit or unit
        result.target_note = ""
        result.save(update_fields=["target", "unit", "target_note"])


def backwards(apps, schema_editor):
    ExpectedResult = apps.get_model("projects", "ExpectedResult")
    for result in ExpectedResult.objects.filter(target__isnull=False, target_note=""):
        number = format(result.target.normalize(), "f")
        result.target_note = f"{number} {result.unit}".strip()[:100]
        result.save(update_fields=["target_note"])


class Migration(migrations.Migration):
    dependencies = [("projects", "0002_framing_identity_indicators")]

    operations = [migrations.RunPython(forwards, backwards)]
