from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iehub.accounts.actions import ORG_EDITABLE_FIELDS
from iehub.accounts.models import ENTERPRISE_ONLY_FIELDS, ApiToken, Organization, OrgKind, User
from iehub.accounts.permissions import INVITABLE_ROLES
from iehub.accounts.queries import organizations_for
from iehub.core import reference
from iehub.core.models import CHANGE
from iehub.core.widgets import SearchingSelect

# A drop-down long enough to need a search box (static/iehub/pickers.js enhances it; see decisions.md).
PICKER = forms.Select(attrs={"data-picker": ""})


class OrganizationForm(forms.ModelForm):
    region_code = forms.ChoiceField(label=_("Region"), required=False, widget=PICKER)
    industry = forms.ChoiceField(label=_("Industry"), required=False, widget=PICKER)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = [f for f in ORG_EDITABLE_FIELDS if f != "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["region_code"]).choices = [("", "—"), *reference.region_choices()]
        cast(forms.ChoiceField, self.fields["industry"]).choices = [("", "—"), *reference.industry_choices()]
        if self.instance.kind != OrgKind.ENTERPRISE:
            for name in ENTERPRISE_ONLY_FIELDS:
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


class InvitationForm(forms.Form):
    """Invite a person into one of the organisations the inviter administers (and the person is not in)."""

    organization = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organization.objects.none(), widget=SearchingSelect()
    )
    role = forms.ChoiceField(label=_("Role"), choices=[])
    title = forms.CharField(label=_("Job title"), max_length=100, required=False)
    message = forms.CharField(
        label=_("Message"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, inviter: User, person: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        administered = organizations_for(inviter, action=CHANGE).exclude(
            memberships__user=person, memberships__is_active=True
        )
        field = cast(forms.ModelChoiceField, self.fields["organization"])
        field.queryset = administered
        # The page carries only the chosen organisation: a platform administrator administers them all.
        field.widget.search_url = f"{reverse('organization_search')}?invitee={person.pk}"
        self.has_organisations = administered.exists()
        cast(forms.ChoiceField, self.fields["role"]).choices = [(r.value, r.label) for r in INVITABLE_ROLES]


class AccountPasswordResetForm(PasswordResetForm):
    """Django's reset form, also for people who never had a password.

    Why: people created by an administrator or an import start without a password and set their first
    one through this very e-mail; Django's form skips accounts without a usable password.
    """

    def get_users(self, email: str) -> Any:
        return (
            user
            for user in User.objects.filter(email__iexact=email, is_active=True)
            if user.email.casefold() == email.casefold()
        )
