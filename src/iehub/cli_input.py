"""Reading the input file of the Django-free commands (``iehub match``, ``iehub stats``)."""

from __future__ import annotations

import sys


def read_capped(source: str, limit: int, unit: str) -> bytes:
    """The bytes of ``source`` ('-' is standard input), refused with a readable ``ValueError`` when the
    file cannot be read or is larger than ``limit`` (``unit`` names the limit in the message)."""
    try:
        if source == "-":
            raw = sys.stdin.buffer.read(limit + 1)
        else:
            with open(source, "rb") as handle:
                raw = handle.read(limit + 1)
    except OSError as error:
        raise ValueError(f"cannot read {source}: {error.strerror or error}") from None
    if len(raw) > limit:
        raise ValueError(f"{source} is larger than {unit}")
    return raw
