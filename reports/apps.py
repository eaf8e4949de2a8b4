from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "แบบรายงาน"

    def ready(self):
        # Every PDF OpPlan makes, whoever calls WeasyPrint, gets a correct Thai text layer.
        from approvals import snapshots
        from reports import pdf_text, sources

        pdf_text.install()
        # An announcement stores what its documents print (ADR 0018).
        snapshots.add_part("printed", sources.printed_part, sources.revise_printed)
