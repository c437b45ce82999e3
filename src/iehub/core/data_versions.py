"""Data versions: a token per *scope* of tables that changes, in the same transaction, whenever a row of
those tables is written — so a value computed from them can be kept between requests and reused for as
long as the tokens it was computed under are still the ones in the database.

Why database triggers and not Django signals: bulk paths (``bulk_create``, ``QuerySet.update``, the
demo's bulk inserts, raw SQL, an administrator's SQL console) send no signals, and one forgotten path would
leave a stale menu — a correctness bug, not a slow page. A trigger sees every write.

Why a random token and not a counter: a transaction that rolls back restores the old value, and a
counter would then hand out the same number again for different data; a random token never recurs.

How the token moves with the data:

- SQLite runs one writer at a time: a row trigger updates the token inside the writing transaction,
  so readers see the data and the token change together at commit.
- PostgreSQL: a row-level *constraint* trigger, ``DEFERRABLE INITIALLY DEFERRED``, updates the token
  once per transaction, at commit (a transaction-local setting remembers that it did). The version
  rows are therefore locked only for the moment of the commit, not for the whole of a long import, and
  always in the same order (all rows, by scope), so two committing transactions cannot deadlock on
  them. A reader that reads the tokens *before* the data it caches can at worst store newer data under
  an older token, which the next request no longer asks for.

Inside an open transaction (a view running in ``atomic``, a test case) a request may see its own
uncommitted writes that the tokens do not show yet: :func:`tokens` answers ``None`` there, and callers
compute afresh. It answers ``None`` too when the version rows are missing (a flushed database before
``migrate`` ran again), so a cache is only ever used where the triggers stand.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone
from django.utils.translation import get_language

from iehub.core.models import DataVersion

TRIGGER = "iehub_data_version"
T = TypeVar("T")
_MISSING = object()


class _Unread:
    """The tokens were not read yet (``None`` already means: not to be trusted)."""


_UNREAD = _Unread()
_NAME = re.compile(r"[a-z][a-z0-9_]*")

_POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION iehub_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('iehub.bumped_' || TG_ARGV[0], true) IS DISTINCT FROM 'y' THEN
        PERFORM 1 FROM core_dataversion ORDER BY scope FOR UPDATE;
        UPDATE core_dataversion SET token = md5(random()::text || clock_timestamp()::text)
            WHERE scope = TG_ARGV[0];
        PERFORM set_config('iehub.bumped_' || TG_ARGV[0], 'y', true);
    END IF;
    RETURN NULL;
END $$
"""


_REGISTERED: dict[str, set[str]] = {}
_IN_EVERY: dict[str, bool] = {}
_UNSHOWN: dict[str, set[str]] = {}


class Reader(Protocol):
    """Who a kept value is computed for: the scope rules depend on the user and on superuser status."""

    pk: Any
    is_superuser: bool


def register(tables_by_scope: Mapping[str, Sequence[str]], in_every_scope: bool = True) -> None:
    """Declare tables whose writes move a scope's token (at import, by the module that caches). A table
    has one trigger, so it belongs to one scope: a value computed from tables of several scopes is kept
    under the tokens of each. ``in_every_scope=False``: a scope written too often to be part of
    :func:`kept_under_every_scope` (the user rows, written at every login); what reads its tables names
    it. A scope registered again must say the same about "every scope" (two modules that disagree would
    make the answer depend on import order)."""
    for scope, tables in tables_by_scope.items():
        if _IN_EVERY.get(scope, in_every_scope) != in_every_scope:
            raise ValueError(f"scope {scope!r} is registered both in and outside every scope")
        for table in tables:
            elsewhere = [other for other, held in _REGISTERED.items() if table in held and other != scope]
            if elsewhere:
                raise ValueError(f"{table!r} is versioned under {elsewhere[0]!r} already, not {scope!r}")
    for scope, tables in tables_by_scope.items():
        _IN_EVERY[scope] = in_every_scope
        _REGISTERED.setdefault(scope, set()).update(tables)


def ignore_updates_of(table: str, *columns: str) -> None:
    """Columns of a versioned table that no kept value shows, so that an ``UPDATE`` setting only them
    leaves the token alone: ``accounts_user.last_login``, which every login sets — otherwise each login
    would compute afresh every kept page that lists people, for every user. An update that sets any
    other column (a ``save()`` without ``update_fields`` sets them all) still moves it."""
    _UNSHOWN.setdefault(table, set()).update(columns)


def kept(
    name: str,
    scopes: Sequence[str],
    compute: Callable[[], T],
    seconds: int = 3600,
    versions: dict[str, str] | _Unread | None = _UNREAD,
) -> T:
    """``compute()``, or what it gave while the scopes' tokens stood (computed afresh where they cannot
    be trusted: :func:`tokens` is ``None`` or lacks a scope). ``versions``: tokens the caller already
    read, to keep several values in one query."""
    found = tokens() if isinstance(versions, _Unread) else versions
    if found is None or any(scope not in found for scope in scopes):
        return compute()
    key = "iehub:kept:" + hashlib.sha256(":".join([name, *(found[s] for s in scopes)]).encode()).hexdigest()
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, seconds)
    return value


def kept_under_every_scope(name: str, compute: Callable[[], T], seconds: int = 3600) -> T:
    """``compute()``, kept while no versioned table at all is written: for a value read from tables of
    many scopes (the quality indicators read two dozen), where naming each scope would be a list to keep
    true by hand. Every table it reads must be versioned, outside the scopes registered with
    ``in_every_scope=False``; the caller's test says so."""
    found = tokens()
    scopes = sorted(scope for scope in found if _IN_EVERY.get(scope, True)) if found else []
    return kept(name, scopes, compute, seconds, versions=found)


def key_for_ids(name: str, ids: Sequence[int]) -> str:
    """A key for a value computed today over a set of ids (order and repeats ignored): the date is in
    it because such values count windows that move with the clock."""
    joined = ",".join(map(str, sorted(set(ids))))
    return f"{name}:{timezone.localdate().isoformat()}:{hashlib.sha256(joined.encode()).hexdigest()}"


def key_for_today(name: str, *parts: object, reader: Reader | None = None) -> str:
    """A key for a value computed today in the active language, for one reader where the scope rules
    shape it: twelve-month windows move with the date, translated labels with the language."""
    who = [str(reader.pk), str(reader.is_superuser)] if reader is not None else []
    return ":".join(
        [name, *who, *(str(part) for part in parts), get_language() or "", timezone.localdate().isoformat()]
    )


def tables_of(scopes: Sequence[str] | None = None) -> set[str]:
    """The tables whose writes move these scopes, or (``None``) what :func:`kept_under_every_scope`
    keeps (for the tests of what a kept value reads)."""
    if scopes is None:
        scopes = [scope for scope in _REGISTERED if _IN_EVERY.get(scope, True)]
    return {table for scope in scopes for table in _REGISTERED.get(scope, ())}


def registered_tables() -> set[str]:
    return {table for tables in _REGISTERED.values() for table in tables}


def install_after_migrate(using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """``post_migrate`` receiver: the registered triggers, after every ``migrate`` (and test flush)."""
    install_triggers(connections[using], {scope: sorted(tables) for scope, tables in _REGISTERED.items()})


def tokens(using: str = DEFAULT_DB_ALIAS) -> dict[str, str] | None:
    """The current token of every scope (one query), or ``None`` where a cache must not be trusted:
    inside an open transaction, on a database without the version rows or of another vendor."""
    connection = connections[using]
    if connection.vendor not in ("sqlite", "postgresql") or connection.in_atomic_block:
        return None
    found = dict(DataVersion.objects.using(using).values_list("scope", "token"))
    return found or None


def tokens_for_request(request: Any) -> dict[str, str] | None:
    """:func:`tokens`, read once a request (the page shell and a kept page share them)."""
    memo = request.__dict__
    if "_iehub_tokens" not in memo:
        memo["_iehub_tokens"] = tokens()
    found: dict[str, str] | None = memo["_iehub_tokens"]
    return found


def install_triggers(connection: BaseDatabaseWrapper, tables_by_scope: Mapping[str, Sequence[str]]) -> None:
    """Create the version rows and the triggers that move them (idempotent: run after every migrate,
    since SQLite drops a table's triggers when a migration rebuilds the table)."""
    if connection.vendor not in ("sqlite", "postgresql"):
        return
    existing = connection.introspection.table_names()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_POSTGRES_FUNCTION)
        for scope, tables in tables_by_scope.items():
            # A fresh random token, never a constant: a test database flushed and migrated again must not
            # find the values kept for the data it had before.
            DataVersion.objects.using(connection.alias).get_or_create(
                scope=scope, defaults={"token": secrets.token_hex(16)}
            )
            for table in tables:
                if table not in existing:
                    raise ValueError(f"no table {table!r} to version under {scope!r}")
                for statement in _trigger_sql(connection.vendor, table, scope, _update_event(cursor, table)):
                    cursor.execute(statement)


def _update_event(cursor: Any, table: str) -> str:
    """``UPDATE``, or ``UPDATE OF`` every column but those :func:`ignore_updates_of` names (read from the
    table as it stands: a column added by a later migration is watched, since triggers are made again
    after every ``migrate``)."""
    unshown = _UNSHOWN.get(table)
    if not unshown:
        return "UPDATE"
    columns = [column.name for column in cursor.db.introspection.get_table_description(cursor, table)]
    watched = [column for column in columns if column not in unshown]
    if not all(_NAME.fullmatch(column) for column in watched):
        raise ValueError(f"not a plain column name in {table!r}: {watched!r}")
    return "UPDATE OF " + ", ".join(f'"{column}"' for column in watched)


def _trigger_sql(vendor: str, table: str, scope: str, update: str = "UPDATE") -> list[str]:
    # Names come from code, not from users; checked anyway, since they are written into the SQL.
    if not (_NAME.fullmatch(table) and _NAME.fullmatch(scope)):
        raise ValueError(f"not a plain name: {table!r} / {scope!r}")
    quoted_table = f'"{table}"'
    if vendor == "sqlite":
        bump = f"UPDATE core_dataversion SET token = lower(hex(randomblob(16))) WHERE scope = '{scope}'; END"  # noqa: S608 - names checked above
        # Dropped and made again, as on PostgreSQL: a table moved to another scope gets the new one.
        statements = []
        for event in ("INSERT", update, "DELETE"):
            name = f"{TRIGGER}_{table}_{event.split()[0].lower()}"
            statements.append(f"DROP TRIGGER IF EXISTS {name}")
            statements.append(f"CREATE TRIGGER {name} AFTER {event} ON {quoted_table} BEGIN {bump}")
        return statements
    return [
        f"DROP TRIGGER IF EXISTS {TRIGGER} ON {quoted_table}",
        f"DROP TRIGGER IF EXISTS {TRIGGER}_truncate ON {quoted_table}",
        f"CREATE CONSTRAINT TRIGGER {TRIGGER} AFTER INSERT OR {update} OR DELETE ON {quoted_table} "
        f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION iehub_bump_data_version('{scope}')",
        f"CREATE TRIGGER {TRIGGER}_truncate AFTER TRUNCATE ON {quoted_table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION iehub_bump_data_version('{scope}')",
    ]


def tables_with_triggers(connection: BaseDatabaseWrapper) -> set[str]:
    """The tables whose writes move a version (for the tests and the deploy check)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{TRIGGER}%"]
            )
        else:
            cursor.execute(
                "SELECT DISTINCT event_object_table FROM information_schema.triggers WHERE trigger_name = %s",
                [TRIGGER],
            )
        return {row[0] for row in cursor.fetchall()}
