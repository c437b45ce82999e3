"""The quality indicators kept between requests (``kpis.measures``, ``programs.kept_program_rows``):
every table they read is versioned, so a write of any record behind a number measures afresh; the
next day measures afresh too (the twelve-month windows move with the clock); and different sets of
colleges never share a value."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth.models import update_last_login
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from iehub.accounts.models import Organization, User
from iehub.accounts.roles import OrgKind
from iehub.core import data_versions
from iehub.core.models import DataVersion, Notification
from iehub.partnership import kpis, programs, pulses
from iehub.practice.models import TrainingBase
from tests.conftest import World
from tests.helpers import outside_every_scope, tables_read

# Joined through on the way from a placement to its student's program; none of its columns decides.
JOINED_THROUGH = {"accounts_user"}


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    cache.clear()


@pytest.mark.django_db
def test_every_table_the_indicators_read_is_versioned() -> None:
    """On the demo's records, where every indicator has something to count."""
    call_command("demo", "load", "--scale", "small", "--no-postings", stdout=StringIO())
    colleges = list(Organization.objects.filter(kind=OrgKind.COLLEGE).values_list("pk", flat=True))
    read = tables_read(
        lambda: (
            kpis.measures(colleges),
            programs.kept_program_rows(colleges),
            pulses.kept_feedback_rows(colleges),
        )
    )
    measured = {kpi.key: m for kpi, m in kpis.measures(colleges)}
    assert all(measured[key].denominator for key in ("round_match_rate", "enterprise_satisfaction"))
    # Rounds, surveys, placements and pulses were read: the check below covers them.
    assert {
        "matching_roundassignment",
        "surveys_response",
        "practice_placement",
        "partnership_pulserequest",
    } <= read
    missing = outside_every_scope(read) - JOINED_THROUGH
    assert missing == set(), sorted(missing)
    assert set(kpis.COOPERATION_TABLES) <= data_versions.tables_with_triggers(connection)


def _real_production(colleges: list[int]) -> kpis.Measure:
    return {kpi.key: m for kpi, m in kpis.measures(colleges)}["real_production_bases"]


def _bases(world: World) -> None:
    for real in (True, False):
        TrainingBase.objects.create(
            college=world.college, name=f"基地{real}", location="on_campus", capacity=30, real_production=real
        )


@pytest.mark.django_db(transaction=True)
def test_the_indicators_are_kept_until_a_record_behind_them_is_written(world: World) -> None:
    _bases(world)
    colleges = [world.college.pk]
    assert _real_production(colleges).numerator == 1
    with CaptureQueriesContext(connection) as captured:
        assert _real_production(colleges) == kpis.Measure(50.0, 1, 2)
    assert len(captured.captured_queries) == 1  # the data versions

    TrainingBase.objects.filter(college=world.college).update(real_production=True)
    assert _real_production(colleges) == kpis.Measure(100.0, 2, 2)


@pytest.mark.django_db(transaction=True)
def test_each_set_of_colleges_has_its_own_values(world: World) -> None:
    _bases(world)
    assert _real_production([world.college.pk]).denominator == 2
    assert _real_production([world.other_college.pk]).denominator == 0
    # Order and repeats do not make another set.
    both = [world.other_college.pk, world.college.pk]
    assert _real_production(both).denominator == 2
    with CaptureQueriesContext(connection) as captured:
        _real_production([*both, world.college.pk])
    assert len(captured.captured_queries) == 1


@pytest.mark.django_db(transaction=True)
def test_the_next_day_measures_afresh(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    colleges = [world.college.pk]
    kpis.measures(colleges)
    programs.kept_program_rows(colleges)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(kpis.timezone, "localdate", lambda: tomorrow)
    with CaptureQueriesContext(connection) as captured:
        kpis.measures(colleges)
        programs.kept_program_rows(colleges)
    assert len(captured.captured_queries) > 10


@pytest.mark.django_db
def test_inside_a_transaction_the_indicators_are_measured_live(world: World) -> None:
    """A test case (or a view in ``atomic``) may hold writes the tokens do not show yet."""
    _bases(world)
    assert _real_production([world.college.pk]).denominator == 2
    TrainingBase.objects.filter(college=world.college).delete()
    assert _real_production([world.college.pk]).denominator == 0


@pytest.mark.django_db(transaction=True)
def test_a_login_or_a_notification_does_not_measure_afresh(world: World) -> None:
    """A login writes the user row (its time, which leaves even the people token alone), a notification
    its row (which moves the unread count): neither measures the analytics afresh."""
    colleges = [world.college.pk]
    kpis.measures(colleges)
    people = DataVersion.objects.get(scope="people").token
    notifications = DataVersion.objects.get(scope="notifications").token
    update_last_login(None, world.teacher)  # what every login does (django.contrib.auth)
    Notification.objects.create(recipient=world.teacher, kind="test", title_zh="通知", title_en="Note")
    assert DataVersion.objects.get(scope="people").token == people  # last_login is shown nowhere kept
    assert DataVersion.objects.get(scope="notifications").token != notifications
    assert User.objects.get(pk=world.teacher.pk).last_login is not None
    with CaptureQueriesContext(connection) as captured:
        kpis.measures(colleges)
    assert len(captured.captured_queries) == 1  # the data versions
