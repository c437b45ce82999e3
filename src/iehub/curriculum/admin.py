from django.contrib import admin

from iehub.curriculum.models import ClassGroup, Program


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["major_code", "name", "name_en", "college", "is_active"]
    list_filter = ["is_active", "college"]
    search_fields = ["major_code", "name", "name_en"]
    autocomplete_fields = ["college"]


@admin.register(ClassGroup)
class ClassGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "program", "cohort", "head_teacher"]
    list_filter = ["cohort", "program__college"]
    search_fields = ["name", "name_en", "program__name"]
    autocomplete_fields = ["program", "head_teacher"]
