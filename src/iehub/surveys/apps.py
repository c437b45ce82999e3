from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "iehub.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        # Registration needs the models loaded, hence here (Django's convention), not at the top.
        from iehub.surveys import permissions  # noqa: F401 - registers the scope rules
