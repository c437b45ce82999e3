from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipConfig(AppConfig):
    name = "iehub.partnership"
    label = "partnership"
    verbose_name = _("Partnerships")
