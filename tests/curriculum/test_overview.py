"""The curriculum overview: course ages counted in the database (the page lists the 50 oldest, the
figures count them all), kept between requests while nothing it reads is written, every table it reads
versioned."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from iehub.curriculum import queries
from iehub.curriculum.models import ChangeRequest, Course, CurriculumVersion, Module, ModuleCompetency
from tests.curriculum.conftest import Curriculum
from tests.helpers import outside_every_scope, tables_read

# Read for the scope rules and the user's own row: the user row is not part of what is computed.
NOT_KEPT = {"accounts_user"}
URL = reverse("curriculum_overview")


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    cache.clear()


def _courses(curriculum: Curriculum, ages_in_days: list[int]) -> None:
    today = timezone.localdate()
    Course.objects.bulk_create(
        Course(
            version=curriculum.version,
            code=f"X{n:03d}",
            name=f"课程{n}",
            credits=2,
            term=1,
            revised_on=today - dt.timedelta(days=days),
        )
        for n, days in enumerate(ages_in_days)
    )


@pytest.mark.django_db
def test_the_page_lists_the_fifty_oldest_and_counts_them_all(curriculum: Curriculum) -> None:
    overdue = queries.COURSE_UPDATE_DAYS + 1
    _courses(curriculum, [overdue + n for n in range(30)] + [10 + n for n in range(40)])
    page = curriculum.world.client_for(curriculum.world.program_lead).get(URL).content.decode()
    assert page.count('data-testid="course-age"') == 50
    total = Course.objects.filter(version__state=CurriculumVersion.State.CURRENT).count()
    assert f'data-testid="overdue-courses">30 / {total}<' in page
    found = queries.course_ages(curriculum.world.program_lead, shown=5)
    assert [a.days for a in found.oldest] == [overdue + n for n in range(29, 24, -1)]
    assert (found.overdue, found.total) == (30, total)


@pytest.mark.django_db
def test_every_table_the_overview_reads_is_versioned(curriculum: Curriculum) -> None:
    _courses(curriculum, [900, 10])
    world = curriculum.world
    for user in (world.program_lead, world.gov_officer, world.platform_admin):
        read = tables_read(lambda user=user: queries.overview(user))
        assert {"curriculum_course", "curriculum_modulecompetency", "curriculum_changerequest"} <= read
        missing = outside_every_scope(read) - NOT_KEPT
        assert missing == set(), sorted(missing)


def _median_cycle(client) -> str:  # type: ignore[no-untyped-def]
    page = client.get(URL).content.decode()
    found = re.search(r'data-testid="median-cycle">([^<]*)<', page)
    assert found is not None
    return found.group(1)


@pytest.mark.django_db(transaction=True)
def test_the_overview_is_kept_until_a_change_is_decided(curriculum: Curriculum) -> None:
    world = curriculum.world
    client = world.client_for(world.program_lead)
    with CaptureQueriesContext(connection) as first:
        assert _median_cycle(client) == "—"
    with CaptureQueriesContext(connection) as again:
        assert _median_cycle(client) == "—"
    assert len(again) <= len(first) - 5

    submitted = timezone.now() - dt.timedelta(days=50)
    ChangeRequest.objects.create(
        proposed_version=CurriculumVersion.objects.create(
            program=world.program, number=7, created_by=world.program_lead
        ),
        program=world.program,
        title="变更",
        submitted_at=submitted,
        decided_at=submitted + dt.timedelta(days=42),
        proposed_by=world.program_lead,
        rationale="……",
        origin="teacher",
    )
    assert _median_cycle(client) == "42"


@pytest.mark.django_db
def test_every_table_the_gap_analysis_reads_is_versioned(curriculum: Curriculum) -> None:
    program = curriculum.world.program
    direction = program.directions.first()
    for version, towards in ((None, None), (curriculum.version, direction)):
        found = queries.gap_page(program, version, towards)
        assert found.analysis.result.demanded and found.history
        cache.clear()
        read = tables_read(
            lambda version=version, towards=towards: queries.gap_page(program, version, towards)
        )
        assert {"demand_skilldemand", "curriculum_taskcompetency", "curriculum_modulecompetency"} <= read
        missing = outside_every_scope(read) - NOT_KEPT
        assert missing == set(), sorted(missing)


@pytest.mark.django_db(transaction=True)
def test_the_gap_analysis_is_kept_until_a_module_teaches_the_missing_skill(curriculum: Curriculum) -> None:
    program = curriculum.world.program

    def status_of_new_skill() -> str:
        found = queries.gap_page(program, None, None)
        return next(row.status for row, skill in found.analysis.rows() if skill.pk == curriculum.new.pk)

    before = status_of_new_skill()
    with CaptureQueriesContext(connection) as captured:
        assert status_of_new_skill() == before
    assert len(captured) <= 3  # the due-version check and the data versions
    module = Module.objects.create(course=curriculum.course, code="M9", name="AI 视频", credits=1, hours=16)
    ModuleCompetency.objects.create(module=module, skill=curriculum.new, level=3)
    assert status_of_new_skill() != before
