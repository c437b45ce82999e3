"""The invitation picker searches organisations on the server: the person page carries only the chosen
one whatever the inviter administers, and the search answers only what the caller administers."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from iehub.accounts.models import Organization, OrgKind

pytestmark = pytest.mark.django_db


def search(client: Client, **params: str) -> list[str]:
    response = client.get("/organisations/search/", params)
    assert response.status_code == 200
    return [option["text"] for option in response.json()["results"]]


def add_enterprises(n: int) -> None:
    Organization.objects.bulk_create(
        Organization(kind=OrgKind.ENTERPRISE, code=f"BULK{i:04d}", name=f"批量企业{i:04d}") for i in range(n)
    )


def test_the_person_page_carries_only_the_chosen_organisation(world):
    client = world.client_for(world.platform_admin)
    small = client.get(f"/people/{world.teacher.pk}/").content.decode()
    add_enterprises(300)
    large = client.get(f"/people/{world.teacher.pk}/").content.decode()
    for page in (small, large):
        picker = re.search(r'<select name="organization".*?</select>', page, re.S)
        assert picker is not None and picker.group(0).count("<option") == 1  # the prompt alone
        assert f"/organisations/search/?invitee={world.teacher.pk}" in picker.group(0)
    assert len(large) - len(small) < 200  # no organisation leaks into the page


def test_the_search_finds_what_the_caller_administers_best_first(world):
    add_enterprises(30)
    admin = world.client_for(world.platform_admin)
    assert search(admin, q="批量企业0007") == ["批量企业0007"]
    found = search(admin, q="批量企业", limit="5")
    assert len(found) == 5 and found == sorted(found)
    assert search(admin, q="bulk0012") == ["批量企业0012"]  # by code, any case
    assert search(world.client_for(world.college_admin), q="批量") == []
    assert search(world.client_for(world.college_admin), q="学院") == [world.college.name]
    assert search(world.client_for(world.enterprise_admin), q="有限公司") == [world.enterprise.name]
    assert search(world.client_for(world.student), q="学院") == []


def test_organisations_the_invitee_already_belongs_to_are_left_out(world):
    admin = world.client_for(world.platform_admin)
    assert world.college.name in search(admin, q="学院")
    assert world.college.name not in search(admin, q="学院", invitee=str(world.teacher.pk))
    # an invitee the caller may not see changes nothing
    college_admin = world.client_for(world.college_admin)
    assert search(college_admin, q="学院", invitee=str(world.outsider_admin.pk)) == [world.college.name]


def test_hostile_searches_and_anonymous_callers(world):
    admin = world.client_for(world.platform_admin)
    for text in ("", "   ", "%", "_", "学" * 100_000):
        assert isinstance(search(admin, q=text), list)
    assert admin.get("/organisations/search/", {"q": "\x00学院"}).status_code == 422  # the input guard
    assert search(admin, q="%") == [] and search(admin, q="") == []
    assert len(search(admin, q="学院", limit="100000")) <= 50
    assert isinstance(search(admin, q="学院", limit="-3", invitee="x' OR 1=1"), list)
    response = Client().get("/organisations/search/", {"q": "学院"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
