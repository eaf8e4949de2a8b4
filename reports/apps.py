from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "แบบรายงาน"

    def ready(self):
        # Every PDF OpPlan makes, whoever calls WeasyPrint, gets a correct Thai text layer.
        from reports import pdf_text

        pdf_text.install()
