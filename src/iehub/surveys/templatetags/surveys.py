"""Small lookups for the answer form (Django templates cannot index a dict by a variable)."""

from __future__ import annotations

from typing import Any

from django import template

from iehub.surveys.models import Question

register = template.Library()


@register.simple_tag
def answer_of(answers: Any, key: str) -> Any:
    """The saved answer under ``key`` (a question code, or a matrix row), or None."""
    return answers.get(key) if isinstance(answers, dict) else None


@register.simple_tag
def error_of(errors: dict[str, str], key: str) -> str:
    return errors.get(key, "")


@register.filter
def points(question: Question) -> range:
    """1…n of a rating question's scale."""
    return range(1, question.engine().points + 1)


@register.filter
def rank_of(order: Any, value: str) -> int | None:
    """The rank given to an option in a saved ranking (1 = first), or None."""
    if isinstance(order, list) and value in order:
        return order.index(value) + 1
    return None


@register.filter
def p_value(p: float | None) -> str:
    """APA style: "= .042", or "< .001" when smaller (a p value of "0.000" is never printed)."""
    if p is None or p != p:
        return "—"
    if p < 0.001:
        return "< .001"
    return "= " + f"{p:.3f}".lstrip("0")


@register.filter
def mean_of(view: Any, audience: str) -> float | None:
    """A competency's mean rating by one audience (``CompetencyView.mean``)."""
    return view.mean(audience)


@register.filter
def count_of(view: Any, audience: str) -> int:
    return view.count(audience)
