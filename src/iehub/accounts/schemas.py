from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import ConfigDict, Field

from iehub.core.limits import DbId


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class OrganizationOut(Schema):
    id: int
    kind: str
    code: str
    name: str
    name_en: str
    region_code: str
    region_name: str
    industry: str
    ownership: str
    scale: str
    specialised_sme: bool
    little_giant: str
    single_champion: bool
    recognition: str
    certified_iei: bool
    website: str
    is_active: bool


class OrganizationCreate(Strict):
    kind: str
    code: str = Field(max_length=32)
    name: str = Field(max_length=200)
    name_en: str = ""
    region_code: str = ""
    industry: str = ""
    ownership: str = ""
    scale: str = ""
    specialised_sme: bool = False
    little_giant: str = ""
    single_champion: bool = False
    certified_iei: bool = False
    website: str = ""
    description: str = ""


class OrganizationPatch(Strict):
    name: str | None = None
    name_en: str | None = None
    region_code: str | None = None
    industry: str | None = None
    ownership: str | None = None
    scale: str | None = None
    specialised_sme: bool | None = None
    little_giant: str | None = None
    single_champion: bool | None = None
    certified_iei: bool | None = None
    website: str | None = None
    description: str | None = None
    is_active: bool | None = None


class ShareOut(Schema):
    key: str
    label: str
    count: int
    percent: float


class DistributionOut(Schema):
    total: int
    ownership: list[ShareOut]
    scale: list[ShareOut]
    recognition: list[ShareOut]


class MembershipOut(Schema):
    id: int
    user_id: int
    organization_id: int
    organization_code: str
    role: str
    title: str
    is_active: bool
    dual_qualified: bool
    enterprise_practice_days: int
    student_number: str
    program_id: int | None
    cohort: int | None
    class_group_id: int | None


class MembershipFields(Strict):
    title: str | None = None
    is_active: bool | None = None
    dual_qualified: bool | None = None
    enterprise_practice_days: int | None = Field(default=None, ge=0, le=36500)
    student_number: str | None = None
    program_id: DbId | None = None
    cohort: int | None = Field(default=None, ge=1990, le=2100)
    class_group_id: DbId | None = None


class MembershipCreate(MembershipFields):
    user_id: DbId
    organization_id: DbId
    role: str


class PersonOut(Schema):
    id: int
    username: str
    full_name: str
    name_en: str
    email: str
    phone: str
    id_card_number: str
    memberships: list[MembershipOut]


class PersonDetailOut(PersonOut):
    pending_email: str = Field(
        default="", description="A new address waiting for confirmation from the old one (see docs/api.md)."
    )


class InvitationOut(Schema):
    id: int
    person_id: int
    person_name: str
    organization_id: int
    organization_name: str
    role: str
    title: str
    message: str
    status: str
    invited_by_id: int | None
    created_at: dt.datetime
    expires_at: dt.datetime
    responded_at: dt.datetime | None


class InvitationCreate(Strict):
    person_id: DbId
    organization_id: DbId
    role: str = Field(max_length=24)
    title: str = Field(default="", max_length=100)
    message: str = Field(default="", max_length=2000)


class PersonMembership(MembershipFields):
    organization_id: DbId
    role: str


class PersonCreate(Strict):
    username: str = Field(min_length=1, max_length=150)
    full_name: str = Field(min_length=1, max_length=100)
    name_en: str = ""
    email: str = ""
    phone: str = ""
    id_card_number: str = ""
    membership: PersonMembership


class PersonPatch(Strict):
    full_name: str | None = None
    name_en: str | None = None
    email: str | None = None
    phone: str | None = None
    id_card_number: str | None = None
    preferred_language: str | None = None


class ImportErrorOut(Schema):
    row: int
    field: str
    message: str


class ImportReportOut(Schema):
    kind: str
    ok: bool
    rows: int
    created: int
    updated: int
    errors: list[ImportErrorOut]


class TokenOut(Schema):
    id: int
    name: str
    key_prefix: str
    scope: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenCreate(Strict):
    name: str = Field(min_length=1, max_length=100)
    scope: str = "read"
    expires_at: dt.datetime | None = None


class TokenCreated(TokenOut):
    key: str


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    is_platform_admin: bool
    memberships: list[MembershipOut]
