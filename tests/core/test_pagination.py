"""Pages page by offset only so deep (the API's MAX_OFFSET rows): past it a page says to narrow the
filters instead of reading and discarding every row before it."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from iehub.accounts.models import User
from iehub.core.limits import MAX_OFFSET
from iehub.core.views_helpers import BoundedPaginator


def test_a_page_past_the_bound_is_the_last_page_within_it() -> None:
    paginator = BoundedPaginator(list(range(250)), 10, max_rows=100)
    assert paginator.last_reachable == 10 and paginator.reachable_rows == 100
    inside = paginator.get_page(5)
    assert inside.number == 5 and not getattr(inside, "beyond_bound", False)
    beyond = paginator.get_page(20)
    assert beyond.number == 10 and beyond.beyond_bound
    assert list(beyond.object_list) == list(range(90, 100))
    assert paginator.count == 250  # the count stays the whole list's
    assert BoundedPaginator([], 50).last_reachable == MAX_OFFSET // 50


@pytest.mark.django_db
def test_the_sql_never_offsets_past_the_bound() -> None:
    for i in range(6):
        User.objects.create(username=f"paged{i}", full_name=f"翻页{i}")
    paginator = BoundedPaginator(User.objects.order_by("username"), 1, max_rows=2)
    page = paginator.get_page(10**6)
    with CaptureQueriesContext(connection) as queries:
        rows = list(page.object_list)
    offsets = [int(n) for n in re.findall(r"OFFSET (\d+)", queries.captured_queries[-1]["sql"])]
    assert len(rows) == 1 and offsets and max(offsets) <= 1


@pytest.mark.parametrize(("number", "has_next_link", "says_bound"), [(5, True, False), (10, False, True)])
def test_the_page_links_stop_at_the_bound_and_say_why(number: int, has_next_link: bool, says_bound: bool):
    page = BoundedPaginator(list(range(250)), 10, max_rows=100).get_page(number)
    with translation.override("zh-hans"):
        html = render_to_string("includes/pagination.html", {"page": page, "query_string": "role=student"})
    assert ("page=" + str(number + 1) in html) is has_next_link
    assert ('data-testid="page-bound"' in html) is says_bound
    if says_bound:
        assert "翻页只到前 100 行" in html
    with translation.override("en"):
        html = render_to_string("includes/pagination.html", {"page": page, "query_string": ""})
    assert ("Pages reach the first 100 rows" in html) is says_bound
