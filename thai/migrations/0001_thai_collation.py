"""The collation "thai": ICU's Thai dictionary order on PostgreSQL.

A name without hyphens, because Django's SQLite backend does not quote
collation names; on SQLite the same name is registered per connection
(thai/collation.py).
"""

from django.db import migrations


def create_collation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE COLLATION IF NOT EXISTS thai (provider = icu, locale = 'th-TH')"
        )


def drop_collation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP COLLATION IF EXISTS thai")


class Migration(migrations.Migration):
    operations = [migrations.RunPython(create_collation, drop_collation)]
