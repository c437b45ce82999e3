"""The training base form (the college's administrators)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from iehub.accounts.models import Organization
from iehub.practice.actions import BASE_FIELDS
from iehub.practice.models import TrainingBase


class TrainingBaseForm(forms.ModelForm):
    college = forms.ModelChoiceField(label=_("College"), queryset=Organization.objects.none())
    partner = forms.ModelChoiceField(
        label=_("Partner enterprise"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.Select(attrs={"data-picker": ""}),
        help_text=_(
            "Where an off-campus base sits; an enterprise in an active partnership with the college."
        ),
    )

    class Meta:
        model = TrainingBase
        fields = list(BASE_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, colleges: Any, partners: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["college"]).queryset = colleges
        cast(forms.ModelChoiceField, self.fields["partner"]).queryset = partners
