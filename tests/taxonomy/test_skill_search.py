"""Skill pickers search the taxonomy on the server: ``/skills/search/`` answers the best matches for
what is typed, and pages with skill pickers no longer carry the taxonomy, whatever its size."""

from __future__ import annotations

import pytest
from django.urls import reverse

from iehub.curriculum import actions
from iehub.curriculum.models import TaskCompetency
from iehub.taxonomy.models import Field, Skill
from tests.conftest import World
from tests.curriculum.conftest import Curriculum, curriculum  # noqa: F401 - the fixture

SEARCH = "/skills/search/"


def _skill(key: str, en: str, zh: str = "", **extra: object) -> Skill:
    return Skill.objects.create(
        uri=f"urn:iehub:skill:{key}", label_en=en, label_zh=zh, field=Field.FILM_TV, **extra
    )


def _found(client, q: str, **params: str) -> list[dict[str, str]]:
    response = client.get(SEARCH, {"q": q, **params})
    assert response.status_code == 200
    return response.json()["results"]


@pytest.mark.django_db
def test_the_exact_name_comes_first_then_names_that_start_with_it(world: World) -> None:
    editing = _skill("edit", "video editing", "视频剪辑")
    _skill("edit-adv", "advanced video editing software", "高级视频剪辑软件")
    video = _skill("video", "video", "视频")
    _skill("old", "video tape", "录像带", is_active=False)
    client = world.client_for(world.student)
    found = _found(client, "video")
    assert [row["value"] for row in found[:2]] == [str(video.pk), str(editing.pk)]
    assert len(found) == 3  # the inactive skill is not offered
    assert found[0] == {"value": str(video.pk), "text": "视频", "alt": "video 视频"}
    assert [row["text"] for row in _found(client, "剪辑")] == ["视频剪辑", "高级视频剪辑软件"]
    english = client.get(SEARCH, {"q": "VIDEO E"}, HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["results"][0]["text"] == "video editing"


@pytest.mark.django_db
def test_hostile_searches_find_nothing_or_a_bounded_page(world: World) -> None:
    for number in range(60):
        _skill(f"s{number}", f"lighting {number}")
    client = world.client_for(world.enterprise_admin)
    assert _found(client, "") == [] and _found(client, "   ") == []
    assert len(_found(client, "lighting")) == 20
    assert len(_found(client, "lighting", limit="100000")) == 50
    assert len(_found(client, "lighting", limit="-3")) == 1
    assert len(_found(client, "lighting", limit="junk")) == 20
    assert client.get(SEARCH, {"q": "light\x00ing"}).status_code == 422  # a NUL byte is refused up front
    assert _found(client, "%") == [] and _found(client, "_") == []  # LIKE wildcards are plain text
    assert _found(client, "x" * 100_000) == []


@pytest.mark.django_db
def test_an_anonymous_caller_is_sent_to_log_in(world: World) -> None:
    _skill("grading", "colour grading", "调色")
    response = world.client_for(None).get(SEARCH, {"q": "grading"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_pages_with_skill_pickers_do_not_grow_with_the_taxonomy(curriculum: Curriculum) -> None:  # noqa: F811
    """The program page (a picker per typical work task) weighs the same with 3 skills as with 3,003:
    the matrix once carried 3,115 options from 619 skills, 4.67 MB after an ESCO import."""
    w = curriculum.world
    lead, enterprise = w.client_for(w.program_lead), w.client_for(w.enterprise_admin)
    draft = actions.copy_version(w.program_lead, curriculum.version, w.program)  # its matrix is editable
    pages = [
        (lead, reverse("curriculum_program", args=[w.program.pk])),
        (lead, reverse("curriculum_version", args=[draft.pk])),
        (lead, reverse("micro_course_new")),
        (enterprise, reverse("suggestions")),
        (enterprise, reverse("skill_needs")),
        (enterprise, reverse("opportunity_new")),
    ]
    before = {url: client.get(url).content.decode() for client, url in pages}
    for url, html in before.items():
        assert 'data-picker-search="/skills/search/"' in html, url
    Skill.objects.bulk_create(
        Skill(
            uri=f"urn:iehub:skill:bulk{i}",
            label_en=f"bulk skill {i}",
            label_zh=f"技能{i}",
            field=Field.FILM_TV,
        )
        for i in range(3000)
    )
    for client, url in pages:
        html = client.get(url).content.decode()
        assert html.count("<option") == before[url].count("<option"), url
        assert len(html.encode()) < 200_000, url
    # a chosen skill is the one option its picker carries, and a post with it still works
    lead.post(
        reverse("curriculum_program_tasks", args=[w.program.pk]),
        {"op": "competency", "task": curriculum.task.pk, "skill": curriculum.new.pk, "level": 2},
    )
    assert TaskCompetency.objects.filter(task=curriculum.task, skill=curriculum.new).exists()
