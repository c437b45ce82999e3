from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Callable
from typing import Any
from urllib.parse import urldefrag

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from iehub.core import data_versions

SQL_TABLE = re.compile(r'(?:FROM|JOIN)\s+"([a-z_]+)"', re.IGNORECASE)


def tables_in(queries: list[dict[str, Any]], reader_pk: int | None = None) -> set[str]:
    """The tables the captured ``queries`` read (FROM and JOIN). ``reader_pk``: the user whose own row
    authentication reads on every request, left out (its flags are in every kept key)."""
    own_row = f'WHERE "accounts_user"."id" = {reader_pk} LIMIT 21'
    return {
        table
        for query in queries
        if reader_pk is None or own_row not in query["sql"]
        for table in SQL_TABLE.findall(query["sql"])
    }


def tables_read(run: Callable[[], Any]) -> set[str]:
    """The tables whose rows ``run()`` reads (FROM and JOIN of every query it sends)."""
    with CaptureQueriesContext(connection) as captured:
        run()
    return tables_in(captured.captured_queries)


def outside_every_scope(read: set[str]) -> set[str]:
    """The tables of ``read`` whose writes would not move a value kept under every data version."""
    return read - (data_versions.tables_of() & data_versions.tables_with_triggers(connection))


def rows_on_two_pages(client: Client, url: str, row_marker: str, **params: str) -> tuple[int, int]:
    """How many rows (counted by ``row_marker``) a paged list shows on its first and second page, after
    checking that the first links to the second with the same filters."""
    first = client.get(url, params).content.decode()
    second = client.get(url, {**params, "page": "2"}).content.decode()
    link = "&amp;".join([*(f"{name}={value}" for name, value in params.items()), "page=2"])
    assert link in first, f"no link to page 2 ({link}) on {url}"
    return first.count(row_marker), second.count(row_marker)


def api(client: Client, method: str, path: str, data: Any = None, **extra: str) -> Any:
    """Call the JSON API and return the response (with ``.json()``); ``extra`` are WSGI headers."""
    if method.lower() == "get":
        return client.get(path, **extra)
    body = json.dumps(data if data is not None else {})
    return getattr(client, method.lower())(path, data=body, content_type="application/json", **extra)


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def require_extra(extra: str, *modules: str) -> None:
    """Skip the calling test module when an optional extra is missing — or fail, where
    ``IEHUB_REQUIRE_EXTRAS=1`` (``.ci/run``) says the extra must be tested."""
    import importlib.util
    import os

    import pytest

    if all(importlib.util.find_spec(name) is not None for name in modules):
        return
    if os.environ.get("IEHUB_REQUIRE_EXTRAS") == "1":
        raise RuntimeError(f"the [{extra}] extra is required here: pip install -e '.[{extra}]'")
    pytest.skip(f"the [{extra}] extra is not installed", allow_module_level=True)


LINK = re.compile(r'href="(/[^"#]*)"')
# Not pages: logout and language switching are forms; downloads and the API's docs are not HTML pages.
NOT_PAGES = re.compile(
    r"^/(accounts/logout|i18n/|admin/|static/|media/|api/docs|practice/deliverables/|partnerships/evidence/)|export|\.pdf$|\.xlsx$|\.csv$|format="
)


def crawl(client: Client, start: str = "/", limit: int = 400, language: str = "zh-hans") -> dict[str, int]:
    """Follow every same-site page link breadth-first from ``start`` (GET only; pages past the second
    of a list skipped) and return each path with its status: a page must never link to a page that
    answers the same person 404 or an error."""
    seen: dict[str, int] = {}
    queue = deque([start])
    while queue and len(seen) < limit:
        path = queue.popleft()
        if path in seen:
            continue
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
        seen[path] = response.status_code
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in LINK.findall(response.content.decode()):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            if NOT_PAGES.search(href) or re.search(r"page=([3-9]|\d{2,})", href):
                continue
            if href not in seen:
                queue.append(href)
    return seen
