from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipConfig(AppConfig):
    name = "iehub.partnership"
    label = "partnership"
    verbose_name = _("Partnerships")

    def ready(self) -> None:
        # Registration needs the models loaded, hence here (Django's convention), not at the top.
        from iehub.partnership import permissions  # noqa: F401 - registers the scope rules
