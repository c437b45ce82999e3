"""What the no-login links share (an outside assessor's evaluation link, a survey link)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class LinkRefused(Exception):
    """A link that cannot be used; ``reason`` names why, a key of the app's refusal texts."""

    def __init__(self, reason: str, texts: Mapping[str, Any]) -> None:
        super().__init__(reason)
        self.reason = reason
        self._texts = texts

    @property
    def message(self) -> str:
        """Why, in the reader's language."""
        return str(self._texts[self.reason])
