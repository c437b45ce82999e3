from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemandConfig(AppConfig):
    name = "iehub.demand"
    label = "demand"
    verbose_name = _("Skill demand")

    def ready(self) -> None:
        # Registration needs the models loaded, hence here (Django's convention), not at the top.
        from iehub.demand import occupations, permissions  # noqa: F401 - data versions, scope rules
