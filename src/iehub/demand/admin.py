from django.contrib import admin

from iehub.demand.models import JobPosting, PostingImport, PostingSkill, SkillNeed


class PostingSkillInline(admin.TabularInline):
    model = PostingSkill
    extra = 0
    raw_id_fields = ["skill"]


@admin.register(JobPosting)
class JobPostingAdmin(admin.ModelAdmin):
    list_display = ["title", "enterprise_name", "region_code", "posted_on", "language", "source"]
    list_filter = ["language", "source", "posted_on"]
    search_fields = ["title", "enterprise_name", "description"]
    date_hierarchy = "posted_on"
    raw_id_fields = ["enterprise", "batch"]
    inlines = [PostingSkillInline]


@admin.register(PostingImport)
class PostingImportAdmin(admin.ModelAdmin):
    list_display = [
        "file_name",
        "imported_by",
        "status",
        "rows",
        "created",
        "duplicates",
        "near_duplicates",
        "created_at",
    ]
    list_filter = ["status"]
    search_fields = ["file_name"]


@admin.register(SkillNeed)
class SkillNeedAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "skill", "kind", "headcount", "timeframe", "created_at", "withdrawn_at"]
    list_filter = ["kind", "timeframe"]
    search_fields = ["description", "enterprise__name", "skill__label_zh", "skill__label_en"]
    raw_id_fields = ["enterprise", "skill", "submitted_by"]
