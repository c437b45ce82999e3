from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "iehub.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.urls import register_converter

        from iehub.core import audit, checks  # noqa: F401 - checks registers the deploy checks
        from iehub.core.converters import IdConverter

        register_converter(IdConverter, "id")
        audit.register_models()
