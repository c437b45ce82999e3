from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "iehub.taxonomy"
    label = "taxonomy"
    verbose_name = _("Skills taxonomy")

    def ready(self) -> None:
        # Registration needs the models loaded, hence here (Django's convention), not at the top.
        from iehub.taxonomy import permissions  # noqa: F401 - registers the scope rules
