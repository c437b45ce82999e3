from django.contrib import admin

from iehub.partnership.models import Partnership


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["college", "enterprise", "status", "started_on", "ends_on"]
    list_filter = [
        "status",
        "internships",
        "curriculum",
        "training_base",
        "joint_research",
        "service_platform",
    ]
    search_fields = ["college__name", "enterprise__name", "enterprise__name_en"]
    autocomplete_fields = ["college", "enterprise"]
