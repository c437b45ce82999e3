"""Kept pages (core.kept_pages): each reads only tables whose writes move the scopes it is kept under;
a page is served again from the cache and computed afresh after a write; the kept HTML never carries
another browser's CSRF token, another user's rows or a message shown once."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict, deque
from urllib.parse import urldefrag

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone

from iehub.accounts.actions import create_api_token, invite, revoke_api_token
from iehub.accounts.models import User
from iehub.accounts.roles import Role
from iehub.api import api
from iehub.core import data_versions, kept_pages
from iehub.curriculum.models import TranscriptEntry
from iehub.demand.actions import submit_need
from iehub.demand.alerts import raise_alert
from iehub.evaluation import actions as evaluation
from iehub.matching import actions as matching
from iehub.matching.queries import recompute_scores
from iehub.partnership.pulses import open_pulse
from iehub.surveys.actions import create_from_template
from iehub.taxonomy.models import Occupation
from tests.conftest import World, make_user
from tests.core.test_links import ROLES as LINK_ROLES
from tests.core.test_links import add_links_some_readers_cannot_follow
from tests.curriculum.conftest import Curriculum, curriculum  # noqa: F401 - the fixture
from tests.curriculum.test_pages import objects  # noqa: F401 - the fixture
from tests.evaluation.conftest import WEIGHTS
from tests.helpers import LINK, NOT_PAGES, tables_in
from tests.matching.conftest import internship_data
from tests.practice.conftest import Bases, Projects, bases, projects  # noqa: F401 - the fixtures

# The links test's readers but the two outsiders, whose pages are their peers' (a college's, an
# enterprise's admin) over other rows: the same views and tables.
ROLES = tuple(role for role in LINK_ROLES if role not in ("other_college_admin", "outsider_admin"))
VISITS_PER_VIEW = 3  # per role: enough to meet each view's branches, few enough to crawl in seconds
# Read on every request whatever the page: the session, the data versions.
EVERY_REQUEST = {"django_session", "core_dataversion"}


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    cache.clear()


def _kept_views() -> dict[str, tuple[str, ...]]:
    """Every view of the URLconf kept by ``kept_page``, by name, with the scopes it declares."""
    found: dict[str, tuple[str, ...]] = {}

    def walk(patterns: list[URLPattern | URLResolver]) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif hasattr(pattern.callback, "kept_scopes"):
                view = pattern.callback
                found[f"{view.__module__}.{view.__name__}"] = view.kept_scopes

    walk(get_resolver().url_patterns)
    return found


def _view_name(path: str) -> str:
    view = resolve(path.split("?")[0]).func
    return f"{view.__module__}.{view.__name__}"


def _tables_of_kept_pages(client: Client, user: User, also: list[str]) -> dict[str, set[str]]:
    """Crawl the site as ``user`` (every link, each view at most a few times) and return, for each kept
    view met, the tables its requests read — the user's own row, which authentication reads, aside.
    ``also``: pages no link leads to from the crawl's start."""
    kept = _kept_views()
    read: dict[str, set[str]] = defaultdict(set)
    visits: Counter[str] = Counter()
    seen: set[str] = set()
    queue = deque(["/", *also])
    while queue:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        try:
            name = _view_name(path)
        except Resolver404:  # a link to no view is the links test's business
            continue
        if visits[name] >= VISITS_PER_VIEW:
            continue
        visits[name] += 1
        connection.queries_log.clear()  # the log keeps 9,000 queries; past that, captures come out empty
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if name in kept:
            read[name] |= tables_in(captured.captured_queries, user.pk)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in LINK.findall(response.content.decode()):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            if not NOT_PAGES.search(href) and not re.search(r"page=([3-9]|\d{2,})", href):
                queue.append(href)
    return read


@pytest.mark.django_db
def test_every_kept_page_reads_only_tables_of_the_scopes_it_is_kept_under(
    curriculum: Curriculum,  # noqa: F811
    objects,  # noqa: F811
    bases,  # noqa: F811
    projects,  # noqa: F811
) -> None:
    """A table a kept page reads outside its scopes would leave the page stale after a write to it. Inside
    the test's transaction nothing is kept, so every request reads all it needs."""
    w = curriculum.world
    add_links_some_readers_cannot_follow(curriculum)
    kept = _kept_views()
    also = _pages_no_link_leads_to(curriculum, projects)
    assert len(kept) > 40
    read: dict[str, set[str]] = defaultdict(set)
    for role in ROLES:
        user = getattr(w, role)
        for name, tables in _tables_of_kept_pages(w.client_for(user), user, also).items():
            read[name] |= tables
    every_page = kept_pages.every_page_scopes()
    versioned = data_versions.tables_with_triggers(connection)
    outside = {
        name: sorted(tables - EVERY_REQUEST - (data_versions.tables_of([*scopes, *every_page]) & versioned))
        for name, scopes in kept.items()
        if (tables := read.get(name))
    }
    assert not any(outside.values()), {name: tables for name, tables in outside.items() if tables}
    # Every kept view was met: a view no role reaches would be kept unchecked.
    unmet = sorted(set(kept) - set(read))
    assert not unmet, unmet


def _pages_no_link_leads_to(curriculum: Curriculum, projects: Projects) -> list[str]:  # noqa: F811
    """An alert, an occupation, a rubric and its scheme, a feedback pulse, a survey, an opportunity with
    an application, an allocation round, a skill need, an invitation: what the fixtures lack, made here;
    the paths of those no link leads to."""
    w = curriculum.world
    w.program.key_skills.add(curriculum.grading)
    alert = raise_alert(curriculum.grading, "2025Q4", "surge", 0.4, 0.001, notify=False)
    occupation = Occupation.objects.create(
        uri="urn:iehub:occupation:colourist", label_en="colourist", label_zh="调色师"
    )
    rubric = evaluation.create_rubric(
        w.teacher, w.college, {"name": "量表", "name_en": "Rubric", "levels": 4}
    )
    scheme = evaluation.save_scheme(
        w.teacher,
        w.college,
        {"name": "项目评价", "rubric": rubric, "project": projects.open_project},
        WEIGHTS,
    )
    closes_on = timezone.localdate() + dt.timedelta(days=14)
    pulse = open_pulse(w.college_admin, w.college, "2025-2026-1", closes_on, "")
    survey = create_from_template(w.college_admin, w.college, "enterprise_cooperation")
    opportunity = matching.save_opportunity(
        w.enterprise_admin,
        w.enterprise,
        internship_data(),
        [matching.RequiredSkill(curriculum.grading, 2, 3)],
    )
    matching.publish_opportunity(w.enterprise_admin, opportunity)
    matching.vet_organization(w.platform_admin, w.enterprise, "checked")
    application = matching.apply(w.student, opportunity, "想参加", consent=True)
    allocation = matching.create_round(w.college_admin, w.college, {"name": "第一轮"})
    recompute_scores([w.student.pk])
    submit_need(w.enterprise_admin, w.enterprise, curriculum.grading, "skill_need", 2, "6m", "两名调色师")
    invite(
        w.enterprise_admin,
        {"person_id": w.teacher.pk, "organization_id": w.enterprise.pk, "role": "enterprise_mentor"},
    )
    return [
        f"/alerts/{alert.pk}/",
        f"/demand/occupations/{occupation.pk}/",
        f"/evaluation/rubrics/{rubric.pk}/",
        f"/evaluation/schemes/{scheme.pk}/",
        f"/partnerships/feedback/pulses/{pulse.pk}/",
        f"/surveys/{survey.pk}/",
        f"/matching/opportunities/{opportunity.pk}/",
        f"/matching/applications/{application.pk}/",
        f"/matching/rounds/{allocation.pk}/",
        "/matching/profile/",
    ]


def _program_page(client: Client, pk: int) -> str:
    """The program page, its CSRF tokens (masked afresh on every view) left out."""
    response = client.get(f"/curriculum/programs/{pk}/")
    assert response.status_code == 200
    return re.sub(r"\b[a-zA-Z0-9]{64}\b", "TOKEN", response.content.decode())


@pytest.mark.django_db(transaction=True)
def test_a_kept_page_is_served_again_and_computed_afresh_after_a_write(world: World) -> None:
    client = world.client_for(world.program_lead)
    with CaptureQueriesContext(connection) as first:
        before = _program_page(client, world.program.pk)
    with CaptureQueriesContext(connection) as again:
        assert _program_page(client, world.program.pk) == before
    # the session, the user, the data versions: nothing of the page itself
    assert len(again) <= 3 < len(first)
    assert "全新的专业名称" not in before
    world.program.name = "全新的专业名称"
    world.program.save()
    assert "全新的专业名称" in _program_page(client, world.program.pk)


@pytest.mark.django_db(transaction=True)
def test_a_one_enterprise_incentives_list_is_kept_until_access_changes(world: World) -> None:
    """An enterprise's administrator's list of incentives is their one enterprise's page: kept like a
    page, and computed afresh once their membership goes (then refused)."""
    client = world.client_for(world.enterprise_admin)
    first = client.get("/partnerships/incentives/")
    assert first.status_code == 200 and world.enterprise.name in first.content.decode()
    with CaptureQueriesContext(connection) as again:
        kept = client.get("/partnerships/incentives/")
    assert kept.status_code == 200 and world.enterprise.name in kept.content.decode()
    assert len(again) <= 3  # the session, the user, the data versions
    world.enterprise_admin.memberships.all().delete()
    assert client.get("/partnerships/incentives/").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_the_kept_page_is_per_user_and_never_opens_a_door(world: World) -> None:
    """Kept for the program lead, the page is not served to a partner college's admin (404 as ever) nor
    to an anonymous caller (the login page); the people list of one college never shows another's."""
    path = f"/curriculum/programs/{world.program.pk}/"
    assert world.client_for(world.program_lead).get(path).status_code == 200
    assert world.client_for(world.other_college_admin).get(path).status_code == 404
    anonymous = Client().get(path)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]

    mine = world.client_for(world.college_admin).get("/people/?role=student").content.decode()
    theirs = world.client_for(world.other_college_admin).get("/people/?role=student").content.decode()
    link = f'href="/people/{world.student.pk}/"'
    assert link in mine
    assert link not in theirs


@pytest.mark.django_db(transaction=True)
def test_each_browser_gets_its_own_csrf_token_from_a_kept_page(world: World) -> None:
    """The second browser of the same user is served the page kept for the first; the forms on it must
    carry the second browser's token, or every form posted from a kept page would be refused."""
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    for client in (first, second):
        client.force_login(world.program_lead, backend="django.contrib.auth.backends.ModelBackend")
    path = f"/curriculum/programs/{world.program.pk}/"
    first.get(path)
    with CaptureQueriesContext(connection) as served:
        page = second.get(path).content.decode()
    assert len(served) <= 3  # from the cache
    assert kept_pages.CSRF_PLACEHOLDER not in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    switched = second.post(
        "/i18n/setlang/", {"language": "en", "next": path, "csrfmiddlewaretoken": token[1]}
    )
    assert switched.status_code == 302
    refused = first.post("/i18n/setlang/", {"language": "en", "next": path, "csrfmiddlewaretoken": token[1]})
    assert refused.status_code == 403


@pytest.mark.django_db(transaction=True)
def test_a_page_with_a_message_is_shown_once_and_not_kept(bases: Bases) -> None:  # noqa: F811
    world = bases.world
    client = world.client_for(world.college_admin)
    path = f"/practice/bases/{bases.lab.pk}/"
    client.get(path)  # kept without a message
    starts = timezone.localtime() + dt.timedelta(days=1)
    booked = client.post(
        f"{path}book/",
        {
            "equipment": bases.camera.pk,
            "starts_at": starts.strftime("%Y-%m-%dT09:00"),
            "ends_at": starts.strftime("%Y-%m-%dT11:00"),
            "purpose": "拍摄",
            "headcount": "2",
        },
    )
    assert booked.status_code == 302
    with_message = client.get(booked["Location"]).content.decode()
    assert "已预约" in with_message or "Booked" in with_message
    after = client.get(booked["Location"]).content.decode()
    assert "已预约" not in after and "Booked" not in after
    assert "拍摄" in after  # the booking, on the page computed after the write


@pytest.mark.django_db(transaction=True)
def test_a_kept_page_follows_the_language(world: World) -> None:
    client = world.client_for(world.program_lead)
    path = f"/curriculum/programs/{world.program.pk}/"
    chinese = client.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    english = client.get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="zh-hans"' in chinese and 'lang="en"' in english


def _kept_answers() -> dict[str, tuple[str, ...]]:
    """Every API list kept by ``kept_answer``, by path, with the scopes it is kept under."""
    found: dict[str, tuple[str, ...]] = {}
    for prefix, router in api._routers:
        for path, operations in router.path_operations.items():
            for operation in operations.operations:
                if "GET" in operation.methods and hasattr(operation.view_func, "kept_scopes"):
                    found["/api/" + "/".join(p for p in (prefix.strip("/"), path.strip("/")) if p)] = (
                        operation.view_func.kept_scopes
                    )
    return found


@pytest.mark.django_db
def test_every_kept_answer_reads_only_tables_of_the_scopes_it_is_kept_under(
    curriculum: Curriculum,  # noqa: F811
    objects,  # noqa: F811
    bases,  # noqa: F811
    projects,  # noqa: F811
) -> None:
    w = curriculum.world
    add_links_some_readers_cannot_follow(curriculum)
    _pages_no_link_leads_to(curriculum, projects)
    TranscriptEntry.objects.create(
        student=w.student,
        program=w.program,
        module_code="M1",
        module_name="剪辑",
        credits=2,
        source=TranscriptEntry.Source.CERTIFICATE,
    )
    kept = _kept_answers()
    assert len(kept) > 20
    versioned = data_versions.tables_with_triggers(connection)
    answered: set[str] = set()
    for role in ROLES:
        user = getattr(w, role)
        client = w.client_for(user)
        for path, scopes in kept.items():
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path, {"limit": 100})
            body = response.json() if response.status_code == 200 else None
            if body and (isinstance(body, list) or body.get("results", True)):
                answered.add(path)
            read = tables_in(captured.captured_queries, user.pk)
            outside = read - EVERY_REQUEST - (data_versions.tables_of(scopes) & versioned)
            assert not outside, (role, path, sorted(outside))
    # every kept list answered someone with rows, so that its queries were all read above (but the
    # occupations' ranking, which needs a quarter of postings with titles: answered, with no rows)
    answered.add("/api/v1/demand/occupations")
    unanswered = sorted(set(kept) - answered)
    assert not unanswered, unanswered


@pytest.mark.django_db(transaction=True)
def test_a_kept_answer_is_served_again_and_follows_a_write(world: World) -> None:
    client = world.client_for(world.college_admin)
    with CaptureQueriesContext(connection) as first:
        before = client.get("/api/v1/people", {"limit": 100}).json()
    with CaptureQueriesContext(connection) as again:
        assert client.get("/api/v1/people", {"limit": 100}).json() == before
    assert len(again) <= 3 < len(first)
    make_user("newcomer", world.college, Role.STUDENT, program=world.program)
    after = client.get("/api/v1/people", {"limit": 100}).json()
    assert after["count"] == before["count"] + 1
    assert "newcomer" in {person["username"] for person in after["results"]}
    # another college's administrator is never answered with this one's list
    theirs = world.client_for(world.other_college_admin).get("/api/v1/people", {"limit": 100}).json()
    assert "newcomer" not in {person["username"] for person in theirs["results"]}


@pytest.mark.django_db(transaction=True)
def test_a_revoked_token_is_refused_before_anything_kept_is_read(world: World) -> None:
    token, key = create_api_token(world.college_admin, "reader", "read")
    caller = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert caller.get("/api/v1/people", {"limit": 100}, **headers).status_code == 200
    with CaptureQueriesContext(connection) as again:
        assert caller.get("/api/v1/people", {"limit": 100}, **headers).status_code == 200
    assert not any("accounts_membership" in query["sql"] for query in again)  # served from the cache
    revoke_api_token(world.college_admin, token)
    assert caller.get("/api/v1/people", {"limit": 100}, **headers).status_code == 401
    assert Client().get("/api/v1/people", {"limit": 100}).status_code == 401
