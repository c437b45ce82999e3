from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from iehub.accounts.actions import ORG_EDITABLE_FIELDS
from iehub.accounts.models import ApiToken, Organization
from iehub.core import reference


class OrganizationForm(forms.ModelForm):
    region_code = forms.ChoiceField(label=_("Region"), required=False)
    industry = forms.ChoiceField(label=_("Industry"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = [f for f in ORG_EDITABLE_FIELDS if f != "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["region_code"]).choices = [("", "—"), *reference.region_choices()]
        cast(forms.ChoiceField, self.fields["industry"]).choices = [("", "—"), *reference.industry_choices()]
        if self.instance.kind != "enterprise":
            for name in (
                "ownership",
                "scale",
                "specialised_sme",
                "little_giant",
                "single_champion",
                "certified_iei",
            ):
                del self.fields[name]


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What to import"),
        choices=[
            ("people", _("People (students, teachers, mentors)")),
            ("organizations", _("Organisations")),
        ],
    )
    file = forms.FileField(label=_("CSV or XLSX file"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. “HR system sync”.")
    )
    scope = forms.ChoiceField(label=_("Scope"), choices=ApiToken.Scope.choices)
    expires_at = forms.DateTimeField(
        label=_("Expires at"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
