"""Personal identifiers are masked unless the viewer's role needs them.

Unmasked: the person themself, platform administrators, and administrators of a *home* organisation of
the person (a college admin for the college's students) — never an organisation whose invitation the
person accepted, so identifiers never follow from a membership the viewer created. Everyone else —
teachers, enterprise staff, government officers — sees ``138****8000``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from iehub.accounts.permissions import admin_org_ids, member_org_ids
from iehub.accounts.validators import mask_id_card, mask_phone

if TYPE_CHECKING:
    from iehub.accounts.models import User


@dataclass(frozen=True)
class PiiPolicy:
    """Decides, for one viewer, whose identifiers are shown in full. Built once per request."""

    viewer_id: int | None
    is_platform_admin: bool
    administered_org_ids: frozenset[int]
    member_org_ids: frozenset[int] = frozenset()

    @classmethod
    def for_viewer(cls, viewer: User) -> PiiPolicy:

        if not viewer.is_authenticated:
            return cls(None, False, frozenset())
        return cls(
            viewer.pk,
            viewer.is_superuser,
            frozenset(admin_org_ids(viewer).values_list("organization_id", flat=True)),
            frozenset(member_org_ids(viewer).values_list("organization_id", flat=True)),
        )

    def may_contact(self, person: User) -> bool:
        """E-mail addresses are for colleagues; people seen through a partnership are reached in-app."""
        if self.is_platform_admin or person.pk == self.viewer_id:
            return True
        return any(m.organization_id in self.member_org_ids for m in person.memberships.all())

    def email(self, person: User) -> str:
        return person.email if self.may_contact(person) else ""

    def may_see(self, person: User) -> bool:
        """Whether identifiers of ``person`` are shown in full; uses prefetched memberships."""
        if self.is_platform_admin or person.pk == self.viewer_id:
            return True
        return any(
            m.organization_id in self.administered_org_ids and not m.invited for m in person.memberships.all()
        )

    def phone(self, person: User) -> str:
        return person.phone if self.may_see(person) else mask_phone(person.phone) if person.phone else ""

    def id_card(self, person: User) -> str:
        if not person.id_card_number:
            return ""
        return person.id_card_number if self.may_see(person) else mask_id_card(person.id_card_number)
