"""Accepted changes used to copy the optimiser's explanation text, with the person's level,
motivation, legitimacy and available days, into `detail`, shown to every contributor. Strip
those values; a text still naming one after that is emptied."""

import re

from django.db import migrations

NUMBER = r"[0-9]+(?:[.,][0-9]+)?"
# The sentences of maillage/engine/staffing/explain.py (French and English), copied here:
# migrations never import app code.
STRIPS = [
    (re.compile(rf" : niveau {NUMBER} en « "), " : « "),
    (re.compile(rf", motivation {NUMBER}/4, légitimité {NUMBER}/4"), ""),
    (re.compile(rf" sur {NUMBER} j disponibles pour les tâches"), ""),
    (re.compile(rf": level {NUMBER} in \""), ': "'),
    (re.compile(rf", motivation {NUMBER}/4, legitimacy {NUMBER}/4"), ""),
    (re.compile(rf" out of {NUMBER} days available for tasks"), ""),
    # Remedies' sentences, should one have been copied.
    (re.compile(rf" \(niveau {NUMBER}, motivation {NUMBER}/4\)"), ""),
    (re.compile(rf" \(level {NUMBER}, motivation {NUMBER}/4\)"), ""),
]
STILL_PERSONAL = re.compile(
    r"motivation|légitimité|legitimacy|disponibles|available|niveau \d|level \d", re.IGNORECASE
)


def strip_detail(text):
    for pattern, replacement in STRIPS:
        text = pattern.sub(replacement, text)
    return "" if STILL_PERSONAL.search(text) else text


def strip_personal_values(apps, schema_editor):
    AcceptedChange = apps.get_model("optimisation", "AcceptedChange")
    for change in AcceptedChange.objects.exclude(detail="").only("pk", "detail").iterator():
        cleaned = strip_detail(change.detail)
        if cleaned != change.detail:
            AcceptedChange.objects.filter(pk=change.pk).update(detail=cleaned)


class Migration(migrations.Migration):
    dependencies = [("optimisation", "0002_accepted_change_reasons")]

    operations = [migrations.RunPython(strip_personal_values, migrations.RunPython.noop)]
