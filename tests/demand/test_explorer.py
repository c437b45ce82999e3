"""The demand explorer and the skill page: numbers from the materialised series, scoped programs,
and a fixed number of queries whatever the volume."""

from __future__ import annotations

import datetime as dt

import pytest

from iehub.demand import queries, series
from iehub.demand.models import JobPosting, PostingSkill
from iehub.taxonomy.actions import load_curated_skills
from iehub.taxonomy.models import Skill
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def post(n: int, day: dt.date, skills: list[Skill], region: str = "440300", start: int = 0) -> None:
    for i in range(start, start + n):
        posting = JobPosting.objects.create(
            title=f"岗位{i}",
            description="…",
            posted_on=day,
            region_code=region,
            language="zh",
            content_hash=f"{day}-{region}-{i}",
        )
        PostingSkill.objects.bulk_create(
            [
                PostingSkill(posting=posting, skill=s, surface=s.label_zh, start=0, end=1, score=1.0)
                for s in skills
            ]
        )


@pytest.fixture
def demand(world):
    load_curated_skills()
    python = Skill.objects.get(label_en="Python programming")
    grading = Skill.objects.get(label_en="colour grading")
    post(100, dt.date(2025, 2, 1), [python])
    post(20, dt.date(2025, 2, 1), [grading], start=100)
    post(100, dt.date(2025, 5, 1), [python], start=200)
    post(40, dt.date(2025, 5, 1), [grading], region="440100", start=300)
    series.refresh()
    world.program.key_skills.add(grading)
    return world, python, grading


def test_ranking_matches_hand_counts(demand):
    _world, python, grading = demand
    period, ranked = queries.ranking(queries.DemandFilter())
    assert period == "2025Q2"
    assert [(r.skill, r.count) for r in ranked] == [(python, 100), (grading, 40)]
    by_skill = {r.skill: r for r in ranked}
    assert by_skill[grading].share == pytest.approx(40 / 140)
    assert by_skill[grading].growth == pytest.approx((40 / 140) / (20 / 120) - 1)
    assert by_skill[python].growth == pytest.approx((100 / 140) / (100 / 120) - 1)
    _p, rising = queries.ranking(queries.DemandFilter(sort="rising"))
    assert [r.skill for r in rising] == [grading, python]
    _p, guangzhou = queries.ranking(queries.DemandFilter(cut="province", value="440000"))
    assert [(r.skill, r.count) for r in guangzhou] == [(python, 100), (grading, 40)]
    _p, digital = queries.ranking(queries.DemandFilter(field="film_tv"))
    assert [r.skill for r in digital] == [grading]


def test_pages_for_signed_in_people_only(demand):
    world, _python, grading = demand
    page = (
        world.client_for(world.enterprise_admin).get("/demand/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    assert "Python programming" in page and "28.6%" in page
    assert world.client_for(None).get("/demand/").status_code == 302
    assert world.client_for(None).get(f"/skills/{grading.pk}/").status_code == 302
    lead = world.client_for(world.program_lead).get(f"/skills/{grading.pk}/").content.decode()
    assert world.program.name in lead and 'id="share-chart"' in lead
    outsider = world.client_for(world.outsider_admin).get(f"/skills/{grading.pk}/").content.decode()
    assert world.program.name not in outsider  # programs of colleges it cannot see stay hidden


def test_queries_do_not_grow_with_volume(demand):
    world, python, grading = demand
    client = world.client_for(world.college_admin)
    small = (count_queries(client, "/demand/"), count_queries(client, f"/skills/{grading.pk}/"))
    others = list(Skill.objects.exclude(pk__in=[python.pk, grading.pk])[:60])
    post(300, dt.date(2025, 5, 2), others, start=1000)
    post(300, dt.date(2025, 8, 2), [*others, grading], start=2000)
    series.refresh()
    large = (count_queries(client, "/demand/"), count_queries(client, f"/skills/{grading.pk}/"))
    assert small == large
