"""Template helpers for curriculum pages."""

from __future__ import annotations

from django import template

from iehub.curriculum.models import Course, Module

register = template.Library()


@register.filter
def field_label(name: str) -> str:
    """The translated label of a course or module field named in a version diff."""
    for model in (Course, Module):
        try:
            return str(getattr(model._meta.get_field(name), "verbose_name", name))
        except Exception:  # noqa: S112 - try the next model
            continue
    return name
