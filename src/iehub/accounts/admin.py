from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from iehub.accounts.models import (
    ApiToken,
    ConsortiumMember,
    EmailChange,
    Invitation,
    Membership,
    Organization,
    Partnership,
    User,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organization", "program", "class_group"]
    fk_name = "user"


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "name_en",
        "kind",
        "region_code",
        "industry",
        "ownership",
        "scale",
        "is_active",
    ]
    list_filter = [
        "kind",
        "ownership",
        "scale",
        "specialised_sme",
        "little_giant",
        "single_champion",
        "certified_iei",
        "industry",
        "province_code",
        "is_active",
    ]
    search_fields = ["code", "name", "name_en"]
    readonly_fields = ["province_code", "created_at", "updated_at"]


@admin.register(ConsortiumMember)
class ConsortiumMemberAdmin(admin.ModelAdmin):
    list_display = ["consortium", "member", "role", "joined_on"]
    list_filter = ["role"]
    search_fields = ["consortium__name", "member__name", "member__name_en"]
    autocomplete_fields = ["consortium", "member"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "full_name", "name_en", "email", "is_active", "is_superuser"]
    list_filter = ["is_active", "is_superuser", "memberships__role"]
    search_fields = ["username", "full_name", "name_en", "email"]
    inlines = [MembershipInline]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Profile"), {"fields": ("full_name", "name_en", "phone", "id_card_number", "preferred_language")}),
    )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "organization",
        "role",
        "program",
        "cohort",
        "class_group",
        "dual_qualified",
        "invited",
        "is_active",
    ]
    list_filter = ["role", "is_active", "invited", "dual_qualified", "cohort", "organization__kind"]
    search_fields = ["user__username", "user__full_name", "organization__name", "student_number"]
    autocomplete_fields = ["user", "organization", "program", "class_group"]
    list_select_related = ["user", "organization", "program", "class_group"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "key_prefix", "scope", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["scope"]
    search_fields = ["name", "user__username", "key_prefix"]
    readonly_fields = ["key_prefix", "key_hash", "last_used_at"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["person", "organization", "role", "status", "invited_by", "created_at", "expires_at"]
    list_filter = ["status", "role"]
    search_fields = ["person__username", "person__full_name", "organization__name"]
    autocomplete_fields = ["person", "organization"]
    readonly_fields = ["invited_by", "responded_at"]
    list_select_related = ["person", "organization", "invited_by"]


@admin.register(EmailChange)
class EmailChangeAdmin(admin.ModelAdmin):
    """Read-only: a change is made by its confirmation link, never by hand."""

    list_display = ["person", "old_email", "new_email", "created_at", "confirmed_at", "cancelled_at"]
    search_fields = ["person__username", "old_email", "new_email"]
    readonly_fields = [
        "person",
        "old_email",
        "new_email",
        "requested_by",
        "expires_at",
        "confirmed_at",
        "cancelled_at",
    ]
    exclude = ["token_hash"]

    def has_add_permission(self, request: Any) -> bool:
        return False


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
    # Derived from the cooperation ledger (the partnership app keeps them in step); edit the ledger.
    readonly_fields = ["internships", "curriculum", "training_base", "joint_research", "service_platform"]
