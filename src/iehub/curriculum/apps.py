from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurriculumConfig(AppConfig):
    name = "iehub.curriculum"
    label = "curriculum"
    verbose_name = _("Curriculum")

    def ready(self) -> None:
        # Registration needs the models loaded, hence here (Django's convention), not at the top.
        from iehub.curriculum import alerts, permissions  # noqa: F401 - registers the scope rules
        from iehub.demand.signals import alert_raised

        alert_raised.connect(alerts.on_alert_raised, dispatch_uid="curriculum.route_alert")
