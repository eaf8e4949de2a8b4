from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "แผนและโครงการ"

    def ready(self):
        from datetime import timedelta

        from projects.tasks import remove_stale_previews
        from worker import periodic

        # Previews nobody confirmed: their token has expired, their upload is useless.
        periodic.register(remove_stale_previews, every=timedelta(hours=1))
