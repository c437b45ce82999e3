"""URL converters. ``<id:pk>`` is Django's ``<int:pk>`` bounded to what a database id column holds.

Why: ``/people/99999999999999999999/`` used to reach the database driver and fail with a server
error; with at most 18 digits it is an ordinary 404.
"""

from __future__ import annotations


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
