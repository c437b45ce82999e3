"""``{% skill_search_options selected %}``: the options a whole-taxonomy skill picker starts with.

Such a picker asks ``/skills/search/`` as the user types (``data-picker-search``), so the page holds
only the empty prompt and the skill already chosen, never the taxonomy (619 skills in the demo, 14,408
after an ESCO import): the program page's matrix once carried 3,115 options, 4.67 MB with ESCO.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from iehub.core.views_helpers import int_or_none
from iehub.taxonomy.models import Skill

register = template.Library()


@register.simple_tag
def skill_search_options(selected: Skill | int | str | None = None) -> SafeString:
    """The prompt option, and the chosen skill (a skill, or its id) as a selected option."""
    prompt = mark_safe('<option value="">—</option>')  # a constant
    skill = selected if isinstance(selected, Skill) else _skill(selected)
    if skill is None:
        return prompt
    chosen = format_html(
        '<option value="{}" selected data-alt="{} {}">{}</option>',
        skill.pk,
        skill.label_en,
        skill.label_zh,
        skill.display_name,
    )
    return format_html("{}{}", prompt, chosen)


def _skill(selected: int | str | None) -> Skill | None:
    pk = int_or_none(str(selected))  # None, "" and junk are no skill; 0 finds none
    return Skill.objects.filter(pk=pk, is_active=True).first() if pk else None
