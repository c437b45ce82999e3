"""Bounds on numbers that reach the database, for schemas of every app.

Why: Python integers are unbounded and database columns are not; an id beyond the signed 64-bit range
must be a 422 that names the field, not an overflow in the database driver.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

# The largest value a database id or offset column holds (signed 64 bits).
MAX_DB_INT = 2**63 - 1
# An id in a path, a filter or a body.
DbId = Annotated[int, Field(ge=0, le=MAX_DB_INT)]

# The furthest a list is paged by offset, in the API and on pages; past it a list is read by cursor
# (``after``, the API) or narrowed by its filters (pages): an OFFSET reads every row before the page.
MAX_OFFSET = 10_000
