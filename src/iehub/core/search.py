"""Searches behind the pickers that ask the server as the user types (skills, organisations)."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Q, QuerySet, Value, When
from django.db.models.functions import Length

SEARCH_TEXT_MAX = 100  # characters of typed text searched for
SEARCH_RESULTS_MAX = 50  # options one answer carries at most


def search_text(text: str) -> str:
    """What a picker typed, fit to search: NUL bytes dropped (PostgreSQL refuses them in text), spaces
    trimmed, cut to 100 characters."""
    return text.replace("\x00", "").strip()[:SEARCH_TEXT_MAX]


def best_first(rows: QuerySet[Any], *, matches: Q, exact: Q, prefix: Q, name: str, limit: int) -> list[Any]:
    """The ``rows`` that match, best first: an exact name, then names that start with the text, then the
    shortest names (the most general), then by name; at most ``limit`` (1–50)."""
    rank = Case(When(exact, then=Value(0)), When(prefix, then=Value(1)), default=Value(2))
    found = rows.filter(matches).annotate(search_rank=rank, name_length=Length(name))
    limit = max(1, min(limit, SEARCH_RESULTS_MAX))
    return list(found.order_by("search_rank", "name_length", name, "pk")[:limit])
