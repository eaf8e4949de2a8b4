from django.apps import AppConfig


class PublicConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "public"
    verbose_name = "หน้าสาธารณะ"

    def ready(self):
        from approvals import workflow
        from public.tasks import publish_edition, publish_results
        from results import rounds

        # Publish an edition's files in the background once its announcement commits.
        workflow.after_announcement(lambda plan_id: publish_edition.enqueue(plan_id))
        # The same for a round's results (ADR 0031).
        rounds.after_announcement(lambda round_: publish_results.enqueue(round_.pk))
