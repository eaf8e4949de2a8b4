from django.apps import AppConfig
from django.db.backends.signals import connection_created


class ThaiConfig(AppConfig):
    name = "thai"
    verbose_name = "รูปแบบภาษาไทย"

    def ready(self):
        from thai.collation import register_sqlite_collation

        connection_created.connect(register_sqlite_collation, dispatch_uid="thai-collation")
