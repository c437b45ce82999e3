from django.contrib import admin

from iehub.taxonomy.models import Occupation, Skill, TaxonomyRelease


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = [
        "label_zh",
        "label_en",
        "field",
        "digital",
        "green",
        "innovation",
        "label_exact",
        "is_active",
    ]
    list_editable = ["digital", "green", "innovation"]  # dimension tags are curated in the list
    list_filter = [
        "field",
        "digital",
        "green",
        "innovation",
        "skill_type",
        "label_exact",
        "is_active",
        "release",
    ]
    search_fields = ["label_en", "label_zh", "aliases_en", "aliases_zh", "search_text", "uri"]
    readonly_fields = ["release", "search_text"]


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ["label_zh", "label_en", "code_cn", "label_exact", "uri"]
    list_filter = ["label_exact", "release"]
    search_fields = ["label_en", "label_zh", "aliases_en", "aliases_zh", "search_text", "code_cn", "uri"]
    readonly_fields = ["release", "search_text"]


@admin.register(TaxonomyRelease)
class TaxonomyReleaseAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "source", "imported_at", "skills_created", "occupations_created"]
    readonly_fields = [f.name for f in TaxonomyRelease._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False  # releases are made by `iehub skills import-esco`
