from django.contrib import admin

from iehub.curriculum.models import (
    CareerDirection,
    Certificate,
    CertificateSkill,
    ChangeRequest,
    ClassGroup,
    CommitteeMember,
    Course,
    CurriculumVersion,
    EnterpriseSuggestion,
    MicroCourse,
    Module,
    ModuleCompetency,
    Program,
    RecognitionRequest,
    RecognitionRule,
    TaskCompetency,
    TranscriptEntry,
    WorkTask,
)


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


class TaskCompetencyInline(admin.TabularInline):
    model = TaskCompetency
    autocomplete_fields = ["skill"]
    extra = 0


@admin.register(CareerDirection)
class CareerDirectionAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "program", "position"]
    search_fields = ["name", "name_en", "program__name"]
    autocomplete_fields = ["program"]


@admin.register(WorkTask)
class WorkTaskAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "direction"]
    search_fields = ["name", "name_en"]
    autocomplete_fields = ["direction"]
    inlines = [TaskCompetencyInline]


@admin.register(CurriculumVersion)
class CurriculumVersionAdmin(admin.ModelAdmin):
    """Read-mostly: versions change through change requests, not by hand."""

    list_display = ["program", "number", "state", "effective_term", "in_force_from"]
    list_filter = ["state"]
    search_fields = ["program__name", "program__major_code"]
    readonly_fields = ["program", "number", "state", "based_on", "in_force_from", "created_by"]


class ModuleCompetencyInline(admin.TabularInline):
    model = ModuleCompetency
    autocomplete_fields = ["skill"]
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "version", "credits", "term", "revised_on"]
    search_fields = ["code", "name", "name_en"]
    list_filter = ["version__state"]
    raw_id_fields = ["version"]


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "course", "hours", "credits"]
    search_fields = ["code", "name", "name_en"]
    raw_id_fields = ["course"]
    inlines = [ModuleCompetencyInline]


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(admin.ModelAdmin):
    list_display = ["program", "user", "seat", "is_active"]
    list_filter = ["seat", "is_active"]
    autocomplete_fields = ["program", "user"]


@admin.register(ChangeRequest)
class ChangeRequestAdmin(admin.ModelAdmin):
    list_display = ["title", "program", "origin", "state", "created_at", "decided_at"]
    list_filter = ["state", "origin"]
    search_fields = ["title"]
    raw_id_fields = ["program", "alert_assignment", "suggestion", "base_version", "proposed_version"]


@admin.register(MicroCourse)
class MicroCourseAdmin(admin.ModelAdmin):
    list_display = ["title", "program", "skill", "owner", "state", "due_on"]
    list_filter = ["state"]
    search_fields = ["title"]
    autocomplete_fields = ["program", "skill", "owner"]
    raw_id_fields = ["alert_assignment"]


class CertificateSkillInline(admin.TabularInline):
    model = CertificateSkill
    autocomplete_fields = ["skill"]
    extra = 0


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """The certificate catalogue is kept by platform administrators."""

    list_display = ["code", "name", "name_en", "kind", "level", "issuer"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "name_en", "issuer"]
    inlines = [CertificateSkillInline]


@admin.register(RecognitionRule)
class RecognitionRuleAdmin(admin.ModelAdmin):
    list_display = ["program", "certificate", "module_code", "credits", "is_active"]
    list_filter = ["is_active"]
    autocomplete_fields = ["program", "certificate"]


@admin.register(RecognitionRequest)
class RecognitionRequestAdmin(admin.ModelAdmin):
    list_display = ["student", "rule", "state", "decided_at"]
    list_filter = ["state"]
    raw_id_fields = ["student", "rule", "decided_by"]


@admin.register(TranscriptEntry)
class TranscriptEntryAdmin(admin.ModelAdmin):
    """Append-only: entries are shown, never edited here."""

    list_display = ["student", "module_code", "credits", "source", "created_at"]
    readonly_fields = [f.name for f in TranscriptEntry._meta.fields]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(EnterpriseSuggestion)
class EnterpriseSuggestionAdmin(admin.ModelAdmin):
    list_display = ["title", "enterprise", "program", "state", "decided_at"]
    list_filter = ["state"]
    search_fields = ["title"]
    raw_id_fields = ["enterprise", "program", "author", "decided_by", "skill"]
