"""Everything a person does in practice: one function per use case, the only place that writes.

Each action checks permission, validates with a translated message naming the field, writes inside
``acting_as`` (audited) and notifies. ``bases`` books training bases; ``projects`` runs enterprise
projects through their stages and leaves the process records that evaluation reads.
"""

from iehub.practice.actions.bases import (
    BASE_FIELDS,
    MAX_BOOKING,
    add_equipment,
    book,
    cancel,
    conflict,
    conflict_message,
    save_base,
)

__all__ = [
    "BASE_FIELDS",
    "MAX_BOOKING",
    "add_equipment",
    "book",
    "cancel",
    "conflict",
    "conflict_message",
    "save_base",
]
