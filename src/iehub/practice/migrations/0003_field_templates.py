"""The three field templates every installation starts with (see ``iehub.practice.field_templates``)."""

from django.db import migrations

from iehub.practice.field_templates import ensure_field_templates


def create(apps, schema_editor):
    ensure_field_templates(
        apps.get_model("practice", "FieldTemplate"),
        apps.get_model("practice", "StageTemplate"),
        apps.get_model("practice", "ProductionRole"),
    )


class Migration(migrations.Migration):
    dependencies = [("practice", "0002_projects")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
