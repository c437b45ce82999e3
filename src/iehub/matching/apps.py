from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "iehub.matching"
    label = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        # Registration needs the models loaded, hence here (Django's convention), not at the top.
        from iehub.matching import permissions  # noqa: F401 - registers the scope rules
