from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "results"
    verbose_name = "ผลการดำเนินงาน"

    def ready(self):
        from datetime import timedelta

        from results.tasks import remind_late_departments
        from worker import periodic

        # Hourly look, at most one reminder a day a round (Round.last_reminded_on).
        periodic.register(remind_late_departments, every=timedelta(hours=1))
