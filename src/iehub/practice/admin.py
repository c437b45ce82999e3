"""Platform administrators edit the field templates (stages and production roles with competencies)."""

from django.contrib import admin

from iehub.practice.models import FieldTemplate, ProductionRole, RoleCompetency, StageTemplate


class StageTemplateInline(admin.TabularInline):
    model = StageTemplate
    extra = 0


class ProductionRoleInline(admin.TabularInline):
    model = ProductionRole
    extra = 0
    show_change_link = True


class RoleCompetencyInline(admin.TabularInline):
    model = RoleCompetency
    extra = 0
    raw_id_fields = ["skill"]


@admin.register(FieldTemplate)
class FieldTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "field", "is_active"]
    list_filter = ["field", "is_active"]
    inlines = [StageTemplateInline, ProductionRoleInline]


@admin.register(ProductionRole)
class ProductionRoleAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "template"]
    list_filter = ["template"]
    inlines = [RoleCompetencyInline]
