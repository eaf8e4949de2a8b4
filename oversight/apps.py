from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = "ท้องถิ่นอำเภอและท้องถิ่นจังหวัด"
