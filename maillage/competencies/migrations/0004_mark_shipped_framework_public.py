"""The PAT framework shipped with Maillage is offered to every project (and edited by copy)."""

from django.db import migrations

# The shipped framework's name (maillage/competencies/frameworks/pat.py NAME), copied here:
# migrations never import app code.
SHIPPED_NAMES = ["Référentiel PAT — ingénierie alimentaire territoriale"]


def mark_public(apps, schema_editor):
    Framework = apps.get_model("competencies", "Framework")
    Framework.objects.filter(name__in=SHIPPED_NAMES).update(is_public=True)


def unmark_public(apps, schema_editor):
    Framework = apps.get_model("competencies", "Framework")
    Framework.objects.filter(name__in=SHIPPED_NAMES).update(is_public=False)


class Migration(migrations.Migration):
    dependencies = [("competencies", "0003_framework_public_and_made_for")]

    operations = [migrations.RunPython(mark_public, unmark_public)]
