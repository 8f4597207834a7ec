from django.db import migrations

from wangcang.divisions import DIVISIONS


def add_divisions(apps, schema_editor):
    Division = apps.get_model("wangcang", "Division")
    for code, name, level, parent in DIVISIONS:
        Division.objects.update_or_create(code=code, defaults={"name": name, "level": level, "parent_id": parent})


class Migration(migrations.Migration):
    dependencies = [("wangcang", "0001_initial")]

    operations = [migrations.RunPython(add_divisions, migrations.RunPython.noop)]
