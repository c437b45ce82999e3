from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "iehub.web"
    label = "web"
    verbose_name = _("Dashboard and navigation")

    def ready(self) -> None:
        # Registers the shell's tables for their data-version triggers (installed after migrate).
        from iehub.web import shell  # noqa: F401 - models are importable once the registry is ready
