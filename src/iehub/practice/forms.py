"""The training base form (the college's administrators)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iehub.accounts.models import Organization, User
from iehub.accounts.queries import person_label
from iehub.core.widgets import SearchingSelect
from iehub.practice.actions import BASE_FIELDS
from iehub.practice.actions.placements import PLACEMENT_FIELDS
from iehub.practice.models import FieldTemplate, Placement, Project, TrainingBase


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


class ProjectForm(forms.ModelForm):
    """A new project: its college, client, template and brief (the responsible teacher is the author)."""

    college = forms.ModelChoiceField(label=_("College"), queryset=Organization.objects.none())
    client = forms.ModelChoiceField(
        label=_("Client enterprise"),
        queryset=Organization.objects.none(),
        widget=forms.Select(attrs={"data-picker": ""}),
        help_text=_("An enterprise in an active partnership with the college."),
    )
    template = forms.ModelChoiceField(
        label=_("Template of stages and roles"),
        queryset=FieldTemplate.objects.filter(is_active=True),
        required=False,
        help_text=_(
            "Needed for a project or training scenario; "
            "certification requirements and research topics have no stages."
        ),
    )

    class Meta:
        model = Project
        fields = [
            "kind",
            "title",
            "title_en",
            "brief",
            "deliverable_specs",
            "budget",
            "starts_on",
            "due_on",
            "confidential",
        ]
        widgets = {
            "brief": forms.Textarea(attrs={"rows": 4}),
            "deliverable_specs": forms.Textarea(attrs={"rows": 3}),
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "due_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, colleges: Any, clients: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["college"]).queryset = colleges
        cast(forms.ModelChoiceField, self.fields["client"]).queryset = clients

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, due = data.get("starts_on"), data.get("due_on")
        if starts and due and due < starts:
            self.add_error("due_on", _("The due date is on or after the start."))
        return data


class PersonChoiceField(forms.ModelChoiceField):
    """A person picked by searching the server, named as the search names them (name · username)."""

    def __init__(self, label: Any) -> None:
        super().__init__(label=label, queryset=User.objects.none(), widget=SearchingSelect())

    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


class PlacementForm(forms.ModelForm):
    """A placement: who, where, and the facts the national rules are checked on."""

    college = forms.ModelChoiceField(label=_("College"), queryset=Organization.objects.none())
    student = PersonChoiceField(_("Student"))
    enterprise = forms.ModelChoiceField(
        label=_("Enterprise"),
        queryset=Organization.objects.none(),
        widget=forms.Select(attrs={"data-picker": ""}),
    )
    teacher = PersonChoiceField(_("Teacher"))
    mentor = PersonChoiceField(_("Enterprise mentor"))
    # People pickers ask the server (a college has thousands of students); the few partner enterprises
    # stay a list on the page.
    SEARCHED_PEOPLE = ("student", "teacher", "mentor")

    class Meta:
        model = Placement
        fields = list(PLACEMENT_FIELDS)
        widgets = {
            name: forms.DateInput(attrs={"type": "date"})
            for name in (
                "starts_on",
                "ends_on",
                "birth_date",
                "agreement_signed_on",
                "midterm_on",
                "final_on",
            )
        } | {"work_study_schedule": forms.Textarea(attrs={"rows": 3})}

    field_order = ["college", "student", "enterprise", "teacher", "mentor", *PLACEMENT_FIELDS]

    def __init__(self, choices: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in choices.items():
            cast(forms.ModelChoiceField, self.fields[name]).queryset = queryset
        for name in self.SEARCHED_PEOPLE:
            widget = cast(SearchingSelect, self.fields[name].widget)
            widget.search_url = reverse("placement_people_search", args=[name])
