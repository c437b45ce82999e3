"""No page links to a page that answers the same person 404 (or an error): every role crawls the site
from its dashboard, through programs, versions, change requests, organisations and people."""

from __future__ import annotations

import pytest

from iehub.accounts.models import ConsortiumMember
from iehub.curriculum.models import ChangeOrigin, ChangeRequest
from tests.curriculum.conftest import Curriculum, curriculum  # noqa: F401 - the fixture
from tests.curriculum.test_pages import objects  # noqa: F401 - the fixture
from tests.helpers import crawl
from tests.practice.conftest import bases, projects  # noqa: F401 - the fixtures

ROLES = (
    "platform_admin",
    "college_admin",
    "program_lead",
    "teacher",
    "student",
    "other_college_admin",
    "enterprise_admin",
    "mentor",
    "outsider_admin",
    "gov_officer",
    "consortium_officer",
)


def add_links_some_readers_cannot_follow(curriculum: Curriculum) -> None:  # noqa: F811
    """A consortium seat for an enterprise the consortium's officer cannot open; the version in force
    made by a change request, which only the college and its committee open."""
    w = curriculum.world
    ConsortiumMember.objects.create(consortium=w.consortium, member=w.outsider_enterprise, role="member")
    ChangeRequest.objects.create(
        program=w.program,
        title="调色模块",
        rationale="理由",
        origin=ChangeOrigin.TEACHER,
        proposed_version=curriculum.version,
        state=ChangeRequest.State.APPROVED,
        effective_term="2025-2026-1",
    )


@pytest.mark.parametrize("role", ROLES)
def test_no_page_links_to_a_page_its_reader_cannot_open(
    curriculum: Curriculum,  # noqa: F811
    objects,  # noqa: F811
    bases,  # noqa: F811
    projects,  # noqa: F811
    role,
) -> None:
    w = curriculum.world
    add_links_some_readers_cannot_follow(curriculum)
    seen = crawl(w.client_for(getattr(w, role)), "/", limit=250)
    broken = {path: status for path, status in seen.items() if status == 404 or status >= 500}
    assert not broken, broken
    assert len(seen) > 5  # the crawl went somewhere
