"""The database cache's table (settings.CACHES), made by migrate so every way of setting up a database
(scripts/setup.sh, serve.sh, restore, the live-server tests) has it. createcachetable makes only the
tables of DatabaseCache caches and skips one that exists; with CACHE_URL on Redis it makes nothing."""

from django.core.management import call_command
from django.db import migrations


def make_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("ops", "0001_initial")]

    operations = [migrations.RunPython(make_cache_table, migrations.RunPython.noop, elidable=False)]
