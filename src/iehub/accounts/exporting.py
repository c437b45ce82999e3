"""Exports of the organisation and people directories, in the import's own columns (round trip).

Only rows the viewer may see are exported; phone and ID numbers are masked unless the viewer's role
needs them (see ``privacy``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from iehub.accounts.importing import ORG_COLUMNS, PEOPLE_COLUMNS
from iehub.accounts.models import Organization, User
from iehub.accounts.privacy import PiiPolicy
from iehub.core.tabular import write_csv, write_xlsx

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _yes_no(value: bool) -> str:
    return "1" if value else "0"


def organization_rows(orgs: QuerySet[Organization]) -> Iterator[list[Any]]:
    for o in orgs.iterator(chunk_size=2000):
        yield [
            o.kind,
            o.code,
            o.name,
            o.name_en,
            o.region_code,
            o.industry,
            o.ownership,
            o.scale,
            _yes_no(o.specialised_sme),
            o.little_giant,
            _yes_no(o.single_champion),
            _yes_no(o.certified_iei),
            o.website,
        ]


def people_rows(people: QuerySet[User], viewer: User) -> Iterator[list[Any]]:
    """One row per visible membership, so that the file imports back as it was."""
    policy = PiiPolicy.for_viewer(viewer)
    for person in people.iterator(chunk_size=2000):
        phone, id_card = policy.phone(person), policy.id_card(person)
        for m in person.memberships.all():
            yield [
                person.username,
                person.full_name,
                person.name_en,
                policy.email(person),
                phone,
                id_card,
                m.organization.code,
                m.role,
                m.title,
                m.student_number,
                m.program.major_code if m.program else "",
                m.cohort or "",
                m.class_group.name if m.class_group else "",
                _yes_no(m.dual_qualified),
                m.enterprise_practice_days,
            ]


def render(kind: str, fmt: str, rows: Iterator[list[Any]]) -> bytes:
    columns = ORG_COLUMNS if kind == "organizations" else PEOPLE_COLUMNS
    header = [str(label) for label in columns.values()]
    if fmt == "xlsx":
        return write_xlsx(header, rows, title=kind)
    return write_csv(header, rows)
