from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "iehub.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.urls import register_converter

        from iehub.core import audit, checks, data_versions, notifications  # noqa: F401 - deploy checks, scope rule
        from iehub.core.converters import IdConverter
        from iehub.core.third_party_i18n import APP_NAMES

        register_converter(IdConverter, "id")
        audit.register_models()
        # Sent per app with models once every migration ran: core's is enough. Again after every
        # migrate, since SQLite drops a table's triggers when a migration rebuilds the table.
        post_migrate.connect(
            data_versions.install_after_migrate, sender=self, dispatch_uid="iehub-data-versions"
        )
        for label, name in APP_NAMES.items():
            if label in apps.app_configs:
                apps.get_app_config(label).verbose_name = name
