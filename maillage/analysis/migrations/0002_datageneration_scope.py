"""One counter per scope of the analysed data instead of a single counter."""

from django.db import migrations, models


def forget_the_single_counter(apps, schema_editor):
    apps.get_model("analysis", "DataGeneration").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("analysis", "0001_initial")]

    operations = [
        migrations.RunPython(forget_the_single_counter, migrations.RunPython.noop),
        migrations.AddField(
            model_name="datageneration",
            name="scope",
            field=models.CharField(max_length=40, unique=True, verbose_name="scope", default=""),
            preserve_default=False,
        ),
    ]
