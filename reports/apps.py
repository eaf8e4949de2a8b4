from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "แบบรายงาน"

    def ready(self):
        # Every PDF OpPlan makes, whoever calls WeasyPrint, gets a correct Thai text layer,
        # and the paragraphs that ask for it Thai distributed justification (ADR 0043).
        from approvals import snapshots
        from reports import pdf_justify, pdf_text, results_builder, sources
        from results import rounds

        pdf_text.install()
        pdf_justify.install()
        # An announcement stores what its documents print (ADR 0018).
        snapshots.add_part("printed", sources.printed_part, sources.revise_printed)
        # An announced round stores what its results report prints (ADR 0030).
        rounds.record_with(results_builder.record)
