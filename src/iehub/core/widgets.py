"""Form widgets shared by the apps."""

from __future__ import annotations

from typing import Any

from django import forms


class SearchingSelect(forms.Select):
    """A picker that asks the server as the user types (``data-picker-search``): the page carries only
    the option already chosen, so a form weighs the same with 5 or 5,000 choices (``static/iehub/
    pickers.js`` loads the rest; the field's queryset still validates what is sent)."""

    def __init__(self, search_url: str = "", attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"data-picker": "", **(attrs or {})})
        self.search_url = search_url

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = {**(attrs or {}), "data-picker-search": str(self.search_url)}
        return super().get_context(name, value, attrs)

    def optgroups(self, name: str, value: list[Any], attrs: dict[str, Any] | None = None) -> list[Any]:
        chosen = [v for v in value if v not in ("", None)]
        queryset = getattr(self.choices, "queryset", None)
        field = getattr(self.choices, "field", None)
        options: list[tuple[Any, str]] = [("", str(getattr(field, "empty_label", "") or ""))]
        if queryset is not None and chosen:
            label = getattr(field, "label_from_instance", str)  # as the field names its choices
            options += [(item.pk, label(item)) for item in queryset.filter(pk__in=chosen)]
        full, self.choices = self.choices, options
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = full
