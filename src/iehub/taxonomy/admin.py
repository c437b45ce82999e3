from django.contrib import admin

from iehub.taxonomy.models import Skill


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["label_zh", "label_en", "field", "digital", "green", "innovation", "uri", "is_active"]
    list_filter = ["field", "digital", "green", "innovation", "is_active"]
    search_fields = ["label_en", "label_zh", "aliases_en", "aliases_zh", "uri"]
