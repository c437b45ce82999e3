"""Q&A: search finds a Chinese question by a two-character term and an English one by a stemmed word
(this module runs on SQLite and on PostgreSQL in CI); who asks, answers, accepts and sees."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from iehub.core.models import Notification
from iehub.engines.search_text import index_text, query_terms
from iehub.practice import qa_queries
from iehub.practice.actions import qa as actions
from iehub.practice.models import Question
from tests.conftest import World, make_user
from tests.helpers import api, count_queries
from tests.practice.conftest import Bases, bases  # noqa: F401 - the fixture


def _search(world: World, text: str) -> list[str]:
    filters = qa_queries.QuestionFilters(q=text)
    return [q.title for q in qa_queries.questions_for(world.student, filters)]


@pytest.fixture
def asked(world: World) -> dict[str, Question]:
    return {
        "zh": actions.ask(world.student, world.college, "达芬奇渲染时显存不足怎么办？", "导出 4K 时报错。"),
        "en": actions.ask(world.student, world.college, "Why does the rendering of my timeline stall?"),
        "other": actions.ask(world.student, world.college, "摄影机的电池怎么充电？"),
    }


def test_search_finds_chinese_by_two_characters_and_english_by_a_stem(world: World, asked) -> None:  # type: ignore[no-untyped-def]
    assert _search(world, "渲染") == [asked["zh"].title]
    assert _search(world, "显存") == [asked["zh"].title]
    assert _search(world, "rendered") == [asked["en"].title]  # render ← rendering, rendered
    assert _search(world, "renders timeline") == [asked["en"].title]
    assert _search(world, "渲") == [asked["zh"].title]  # one character: found inside the pairs
    assert set(_search(world, "")) == {q.title for q in asked.values()}
    assert _search(world, "渲染 电池") == []  # every term must match
    assert _search(world, "render") == [asked["en"].title]


def test_answers_are_searched_too_and_accepted_into_the_faq(
    world: World, asked, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    question = asked["zh"]
    with django_capture_on_commit_callbacks(execute=True):
        reply = actions.answer(world.teacher, question, "在项目设置里降低渲染缓存，或改用代理文件。")
    assert Notification.objects.filter(recipient=world.student, kind="answer").exists()
    assert _search(world, "代理") == [question.title]
    with pytest.raises(ValidationError):
        actions.set_faq(world.teacher, question, True)  # no accepted answer yet
    with pytest.raises(PermissionDenied):
        actions.accept_answer(world.other_college_admin, question, reply)
    actions.accept_answer(world.student, question, reply)
    actions.set_faq(world.teacher, question, True)
    faq = qa_queries.questions_for(world.student, qa_queries.QuestionFilters(faq=True))
    assert [q.pk for q in faq] == [question.pk]
    with pytest.raises(PermissionDenied):
        actions.answer(world.student, question, "我自己答")
    with pytest.raises(PermissionDenied):
        actions.set_faq(world.student, question, False)


def test_who_sees_and_answers(world: World, asked, bases: Bases) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    url = reverse("question", args=[asked["zh"].pk])
    for user in (world.student, world.teacher, world.college_admin):
        assert world.client_for(user).get(url).status_code == 200, user
    for user in (world.other_college_admin, world.other_student, world.outsider_admin, world.mentor):
        assert world.client_for(user).get(url).status_code == 404, user
    assert world.client_for(None).get(url).status_code == 302
    on_base = actions.ask(world.student, world.college, "虚拟制作基地的 LED 墙怎么开机？", base=bases.stage)
    mentor = world.client_for(world.mentor)  # the stage sits at the mentor's enterprise
    assert mentor.get(reverse("question", args=[on_base.pk])).status_code == 200
    answered = mentor.post(
        reverse("question_answer", args=[on_base.pk]), {"body": "先开控制柜，再开处理器。"}
    )
    assert answered.status_code == 302 and on_base.answers.count() == 1
    with pytest.raises(PermissionDenied):
        actions.ask(world.other_student, world.college, "别的学校的人能问吗？")
    with pytest.raises(ValidationError) as refused:
        actions.ask(world.student, world.college, "问", base=None)
    assert "title" in refused.value.message_dict


def test_the_pages_and_the_api(world: World, asked) -> None:  # type: ignore[no-untyped-def]
    student = world.client_for(world.student)
    page = student.get(reverse("questions") + "?q=渲染", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert asked["zh"].title in page and asked["other"].title not in page
    posted = student.post(reverse("question_ask"), {"title": "Premiere 的代理剪辑怎么设置？", "body": ""})
    assert posted.status_code == 302 and Question.objects.count() == 4
    found = api(student, "get", "/api/v1/practice/questions?q=rendering").json()
    assert [q["id"] for q in found["results"]] == [asked["en"].pk]
    created = api(student, "post", "/api/v1/practice/questions", {"title": "How to export ProRes?"})
    assert created.status_code == 201
    teacher = world.client_for(world.teacher)
    answer = api(
        teacher,
        "post",
        f"/api/v1/practice/questions/{created.json()['id']}/answers",
        {"body": "Use Deliver."},
    )
    assert answer.status_code == 201
    for user in (world.other_college_admin, world.outsider_admin):
        client = world.client_for(user)
        assert api(client, "get", "/api/v1/practice/questions").json()["count"] == 0
        assert api(client, "get", f"/api/v1/practice/questions/{asked['zh'].pk}").status_code == 404
    assert api(world.client_for(None), "get", "/api/v1/practice/questions").status_code == 401
    outsider = make_user("nobody")
    assert (
        api(
            world.client_for(outsider), "post", "/api/v1/practice/questions", {"title": "Hello there"}
        ).status_code
        == 403
    )


def test_terms_are_the_same_for_index_and_query() -> None:
    assert index_text("渲染农场") == " 渲染 染农 农场 "
    assert query_terms("Rendering RENDERS rendered") == ["render"]
    assert query_terms("") == []


def test_list_queries_do_not_grow(world: World, asked) -> None:  # type: ignore[no-untyped-def]
    student = world.client_for(world.student)
    small = count_queries(student, reverse("questions"))
    for n in range(5):
        question = actions.ask(world.student, world.college, f"第 {n} 个关于调色的问题")
        actions.answer(world.teacher, question, "看手册第三章。")
    assert count_queries(student, reverse("questions")) == small
