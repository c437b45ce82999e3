"""The page shell kept between requests (iehub.web.shell on iehub.core.data_versions): every table it
reads moves a version through a database trigger, whatever writes it (bulk paths included), the token
moves with the commit, and a page after a write shows the change — while a page with nothing written
in between runs one query for the whole shell."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from iehub.accounts.models import Membership, Organization, OrgKind, Role, User
from iehub.core import data_versions
from iehub.core.checks import data_version_triggers_stand
from iehub.core.models import DataVersion, Notification
from iehub.core.notifications import unread_count
from iehub.core.scopes import PEOPLE
from iehub.web import shell
from iehub.web.navigation import MENU, pages_for
from iehub.web.todo import counts_for
from tests.conftest import PASSWORD, World, make_org, make_user

# Tables a page reads that are not part of what is kept: the user row itself (its flags are in the
# key) and the reference tables of the scope rules.
NOT_KEPT = {"accounts_user"}
TABLE = re.compile(r'(?:FROM|JOIN)\s+"([a-z_]+)"', re.IGNORECASE)


def _people(world: World) -> list[User]:
    return [value for value in vars(world).values() if isinstance(value, User)]


def _tables_read(run) -> set[str]:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        run()
    return {table for query in captured.captured_queries for table in TABLE.findall(query["sql"])}


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    cache.clear()


@pytest.mark.django_db
def test_every_table_the_shell_reads_is_versioned(world: World) -> None:
    versioned = {table for tables in shell.SHELL_TABLES.values() for table in tables}
    read: set[str] = set()
    for person in _people(world):
        read |= _tables_read(
            lambda person=person: (pages_for(person), counts_for(person), unread_count(person))
        )
    assert read, "the shell read nothing: the test would prove nothing"
    assert read - NOT_KEPT <= versioned, sorted(read - NOT_KEPT - versioned)


@pytest.mark.django_db
def test_every_versioned_table_has_its_trigger() -> None:
    versioned = {table for tables in shell.SHELL_TABLES.values() for table in tables}
    assert versioned <= data_versions.registered_tables() == data_versions.tables_with_triggers(connection)
    assert set(shell.SHELL_TABLES) <= set(DataVersion.objects.values_list("scope", flat=True))


@pytest.mark.django_db
def test_every_menu_page_is_shown_to_someone(world: World) -> None:
    """``pages_for`` and ``MENU`` name the same pages: none is missing from the menu or never shown."""
    in_menu = {url_name for _key, _label, entries in MENU for url_name, _ in entries}
    shown: set[str] = set()
    for person in _people(world):
        shown |= pages_for(person)
    assert shown <= in_menu
    assert in_menu - shown == set(), "pages no fixture user sees: the check would not notice a typo"


def _token(scope: str) -> str:
    return DataVersion.objects.get(scope=scope).token


@pytest.mark.django_db(transaction=True)
def test_every_kind_of_write_moves_the_token(world: World) -> None:
    steps = {
        "save": lambda: world.college.save(),
        "queryset update": lambda: Organization.objects.filter(pk=world.college.pk).update(name="新名"),
        "bulk create": lambda: Membership.objects.bulk_create(
            [Membership(user=world.mentor, organization=world.college, role=Role.TEACHER)]
        ),
        "delete": lambda: Membership.objects.filter(user=world.mentor, organization=world.college).delete(),
    }
    for name, write in steps.items():
        before = _token(shell.ACCESS)
        activity = _token(shell.ACTIVITY)
        write()
        assert _token(shell.ACCESS) != before, name
        assert _token(shell.ACTIVITY) == activity, name  # the other scope stays


@pytest.mark.django_db(transaction=True)
def test_a_login_leaves_the_people_token_but_an_edit_moves_it(world: World) -> None:
    """Every login sets ``last_login``: were that a change, each login would compute afresh every kept
    page that lists people, for every user."""
    people = _token(PEOPLE)
    client = Client()
    token = client.get("/accounts/login/").context["csrf_token"]
    form = {"username": world.teacher.username, "password": PASSWORD, "csrfmiddlewaretoken": token}
    answer = client.post("/accounts/login/", form)
    assert answer.status_code == 302
    assert User.objects.get(pk=world.teacher.pk).last_login is not None
    assert _token(PEOPLE) == people
    world.teacher.full_name = "改名"
    world.teacher.save(update_fields=["full_name"])
    assert _token(PEOPLE) != people
    people = _token(PEOPLE)
    User.objects.filter(pk=world.teacher.pk).update(last_login=timezone.now(), is_active=False)
    assert _token(PEOPLE) != people, "an update that sets a shown column too moves it"


@pytest.mark.django_db(transaction=True)
def test_the_token_moves_with_the_commit_and_not_with_a_rollback(world: World) -> None:
    before = _token(shell.NOTIFICATION_SCOPE)
    with pytest.raises(RuntimeError), transaction.atomic():
        Notification.objects.create(recipient=world.student, kind="test", title_zh="x", title_en="x")
        raise RuntimeError
    assert _token(shell.NOTIFICATION_SCOPE) == before
    with transaction.atomic():
        Notification.objects.create(recipient=world.student, kind="test", title_zh="x", title_en="x")
        if connection.vendor == "postgresql":
            # Deferred to the commit: the version rows are locked for the commit only.
            assert _token(shell.NOTIFICATION_SCOPE) == before
    assert _token(shell.NOTIFICATION_SCOPE) != before


@pytest.mark.django_db
def test_no_tokens_inside_a_transaction(world: World) -> None:
    """A test case (or a view in ``atomic``) may hold writes the tokens do not show yet."""
    assert data_versions.tokens() is None


def _shell_queries(client, url: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_page_keeps_its_shell_until_something_it_reads_is_written(world: World) -> None:
    client = world.client_for(world.teacher)
    first, _ = _shell_queries(client, "/notifications/")
    again, page = _shell_queries(client, "/notifications/")
    # The menu's predicates and the seven counts are gone: one query reads the tokens instead.
    assert again <= first - 8, (first, again)
    assert 'data-testid="nav-curriculum"' in page
    assert 'data-testid="unread-count"' not in page

    Notification.objects.create(recipient=world.teacher, kind="test", title_zh="新通知", title_en="New")
    _, page = _shell_queries(client, "/notifications/")
    assert 'data-testid="unread-count">1<' in page

    Membership.objects.filter(user=world.teacher).update(is_active=False)
    _, page = _shell_queries(client, "/notifications/")
    assert 'data-testid="nav-curriculum"' not in page


@pytest.mark.django_db(transaction=True)
def test_the_shell_is_kept_per_user(world: World) -> None:
    """Two people of the same college, one cache: each gets their own menu."""
    _shell_queries(world.client_for(world.teacher), "/notifications/")
    _, page = _shell_queries(world.client_for(world.student), "/notifications/")
    assert 'data-testid="nav-curriculum"' in page  # students see micro-courses and certificates
    assert "/curriculum/micro-courses/" in page
    _, page = _shell_queries(world.client_for(world.teacher), "/notifications/")
    assert "/curriculum/micro-courses/" not in page


@pytest.mark.django_db(transaction=True)
def test_a_new_organisation_of_the_user_changes_the_menu(world: World) -> None:
    newcomer = make_user("newcomer")
    client = world.client_for(newcomer)
    _, page = _shell_queries(client, "/notifications/")
    assert 'data-testid="nav-demand"' not in page
    college = make_org(OrgKind.COLLEGE, "C9", "新学院")
    Membership.objects.create(user=newcomer, organization=college, role=Role.TEACHER)
    _, page = _shell_queries(client, "/notifications/")
    assert 'data-testid="nav-demand"' in page


@pytest.mark.django_db
def test_the_deploy_check_names_a_table_without_its_trigger() -> None:
    assert data_version_triggers_stand(databases=["default"]) == []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for event in ("insert", "update", "delete"):
                cursor.execute(f"DROP TRIGGER {data_versions.TRIGGER}_accounts_membership_{event}")
        else:
            cursor.execute(f'DROP TRIGGER {data_versions.TRIGGER} ON "accounts_membership"')
    errors = data_version_triggers_stand(databases=["default"])
    assert [error.id for error in errors] == ["iehub.E002"]
    assert "accounts_membership" in errors[0].msg
    assert "iehub migrate" in errors[0].hint


@pytest.mark.django_db(transaction=True)
def test_the_next_day_computes_the_shell_afresh(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """Partnerships start and end on dates: no write marks the day one ends, so the date is in the key."""
    client = world.client_for(world.enterprise_admin)
    first, _ = _shell_queries(client, "/notifications/")
    kept, _ = _shell_queries(client, "/notifications/")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(shell.timezone, "localdate", lambda: tomorrow)
    afresh, _ = _shell_queries(client, "/notifications/")
    assert kept < first
    assert afresh == first


@pytest.mark.django_db(transaction=True)
def test_installing_again_moves_a_table_to_its_new_scope(world: World) -> None:
    """Triggers are made again on every migrate, so a table that moves to another scope moves that one."""
    data_versions.install_triggers(connection, {shell.ACTIVITY: ["accounts_membership"]})
    try:
        access, activity = _token(shell.ACCESS), _token(shell.ACTIVITY)
        Membership.objects.filter(user=world.teacher).update(is_active=True)
        assert (_token(shell.ACCESS), _token(shell.ACTIVITY) != activity) == (access, True)
    finally:
        data_versions.install_after_migrate()
    access = _token(shell.ACCESS)
    Membership.objects.filter(user=world.teacher).update(is_active=True)
    assert _token(shell.ACCESS) != access


def test_a_table_belongs_to_one_scope() -> None:
    """One trigger a table: registering it under a second scope would silently take it from the first."""
    with pytest.raises(ValueError, match="accounts_membership"):
        data_versions.register({"another": ["accounts_membership"]})
    assert "another" not in {scope for scope, _ in data_versions._REGISTERED.items()}


def test_a_scope_is_in_every_scope_or_outside_it_not_both() -> None:
    """Two modules disagreeing about a scope would make what the analytics keep depend on import order."""
    with pytest.raises(ValueError, match="notifications"):
        data_versions.register({shell.NOTIFICATION_SCOPE: ["core_notification"]})
    assert "core_notification" not in data_versions.tables_of()
    assert "accounts_membership" in data_versions.tables_of()


def test_a_kept_key_names_the_reader_the_language_and_the_day(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Values shaped by the scope rules, translated labels or twelve-month windows must not be shared
    across readers, languages or days."""
    with translation.override("en"):
        english = data_versions.key_for_today("overview", 7, reader=world.teacher)
        assert data_versions.key_for_today("overview", 7, reader=world.student) != english
        assert data_versions.key_for_today("overview", 8, reader=world.teacher) != english
        assert data_versions.key_for_today("overview", 7) != english
    with translation.override("zh-hans"):
        assert data_versions.key_for_today("overview", 7, reader=world.teacher) != english
    world.teacher.is_superuser = True
    with translation.override("en"):
        assert data_versions.key_for_today("overview", 7, reader=world.teacher) != english
        world.teacher.is_superuser = False
        tomorrow = timezone.localdate() + dt.timedelta(days=1)
        monkeypatch.setattr(data_versions.timezone, "localdate", lambda: tomorrow)
        assert data_versions.key_for_today("overview", 7, reader=world.teacher) != english


@pytest.mark.django_db
def test_a_flushed_database_gets_new_tokens_not_a_constant() -> None:
    """Values kept under the tokens of the data before a flush must not match the data after it."""
    seen = []
    for _ in range(2):
        DataVersion.objects.all().delete()
        data_versions.install_after_migrate()
        seen.append(dict(DataVersion.objects.values_list("scope", "token")))
    assert seen[0].keys() == seen[1].keys()
    assert all(seen[0][scope] != seen[1][scope] for scope in seen[0])
