from django import forms
from django.utils.translation import gettext_lazy as _

from iehub.curriculum.models import AlertAssignment


class PlanResponseForm(forms.Form):
    response = forms.ChoiceField(label=_("Response"), choices=AlertAssignment.Response.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you will do, or why no action is needed."),
    )
