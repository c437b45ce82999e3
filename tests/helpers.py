from __future__ import annotations

import json
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


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
