from django.apps import AppConfig
from django.db.backends.signals import connection_created


class ThaiConfig(AppConfig):
    name = "thai"
    verbose_name = "รูปแบบภาษาไทย"

    def ready(self):
        from thai import keep
        from thai.collation import register_sqlite_collation

        # Every PDF OpPlan makes keeps Thai units on one line (thai.keep, ADR 0046).
        keep.install()

        connection_created.connect(register_sqlite_collation, dispatch_uid="thai-collation")
