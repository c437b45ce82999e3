from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeConfig(AppConfig):
    name = "iehub.practice"
    label = "practice"
    verbose_name = _("Practice")

    def ready(self) -> None:
        # Registration needs the models loaded, hence here (Django's convention), not at the top.
        from iehub.practice import permissions  # noqa: F401 - registers the scope rules
