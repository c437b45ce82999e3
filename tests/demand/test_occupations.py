"""Job titles normalised to occupations: the pure engine, assignment on import and by command, demand by
occupation (hand-counted), its pages and API with their permissions, and flat query counts."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iehub.core import data_versions
from iehub.demand import occupations
from iehub.demand.ingest import import_postings
from iehub.demand.models import JobPosting, PostingSkill
from iehub.engines.extraction.titles import OccupationForm, TitleNormaliser, clean_title
from iehub.taxonomy.actions import load_curated_occupations, load_curated_skills
from iehub.taxonomy.curated import curated_occupation_forms
from iehub.taxonomy.models import Occupation, Skill
from tests.demand.test_ingest import ROWS, as_csv
from tests.helpers import count_queries

AI = "urn:iehub:occupation:2-02-10-09"
BIG_DATA = "urn:iehub:occupation:2-02-10-11"
SOFTWARE = "urn:iehub:occupation:2-02-10-03"


@pytest.mark.parametrize(
    ("title", "cleaned"),
    [
        ("资深Java开发工程师（北京）", "java开发工程师"),
        ("急聘高级算法工程师", "算法工程师"),
        ("Senior Data Engineer - Remote", "data engineer"),
        ("Sr. Python Developer II", "python developer"),
        ("Ｐｙｔｈｏｎ开发工程师【双休】", "python开发工程师"),
        ("影视技术员3级", "影视技术员"),
        ("摄影助理", "摄影助理"),
    ],
)
def test_clean_title_keeps_only_what_names_the_occupation(title, cleaned):
    assert clean_title(title) == cleaned


@pytest.fixture(scope="module")
def normaliser() -> TitleNormaliser:
    return TitleNormaliser(curated_occupation_forms())


def test_exact_contained_and_similar_matches(normaliser):
    exact = normaliser.normalise("急聘高级算法工程师（深圳）")
    assert (exact.uri, exact.method, exact.score) == (AI, "exact", 0.95)
    label = normaliser.normalise("人工智能工程技术人员")
    assert (label.uri, label.method, label.score) == (AI, "exact", 1.0)
    contained = normaliser.normalise("嵌入式软件工程师")
    assert (contained.uri, contained.method, contained.surface) == (SOFTWARE, "contained", "软件工程师")
    similar = normaliser.normalise("数据开发工程师")  # close to the alias 大数据开发工程师
    assert (similar.uri, similar.method) == (BIG_DATA, "similar")
    assert normaliser.normalise("Data Engineer").uri == BIG_DATA
    assert normaliser.normalise("会计") is None
    assert normaliser.normalise("") is None
    assert normaliser.normalise(None) is None


def test_latin_forms_need_word_boundaries(normaliser):
    # "ai engineer" must not be found inside "thai engineering"
    assert normaliser.normalise("Thai engineering teacher") is None


def test_curated_occupation_wins_over_esco_for_a_shared_form():
    forms = [
        OccupationForm(
            "http://data.europa.eu/esco/occupation/x", "data engineer", "data engineer", True, False
        ),
        OccupationForm(BIG_DATA, "big data engineering technician", "data engineer", False, True),
    ]
    assert TitleNormaliser(forms).normalise("Senior Data Engineer").uri == BIG_DATA


def test_every_demo_title_has_an_occupation(normaliser):
    from iehub.demo.postings import FIELDS

    titles = [t for _share, _industries, zh, en in FIELDS.values() for t in (*zh, *en)]
    assert [t for t in titles if normaliser.normalise(t) is None] == []


# ------------------------------------------------------------------------------------ with a database


@pytest.mark.django_db
def test_import_assigns_occupations(world):
    report = import_postings(world.platform_admin, as_csv(ROWS), "p.csv")
    assert report.ok and report.created == 3
    by_title = {p.title: p for p in JobPosting.objects.select_related("occupation")}
    assert by_title["调色师"].occupation.uri == "urn:iehub:occupation:colourist"
    assert by_title["调色师"].occupation_method == "exact"
    assert by_title["Machine Learning Engineer"].occupation.uri == AI
    assert by_title["工业互联网运维工程师"].occupation.code_cn == ""
    assert by_title["工业互联网运维工程师"].occupation.label_zh == "工业互联网工程技术人员"


@pytest.mark.django_db
def test_normalise_titles_command_follows_alias_changes(world):
    import_postings(world.platform_admin, as_csv(ROWS), "p.csv")
    colourist = Occupation.objects.get(uri="urn:iehub:occupation:colourist")
    colourist.aliases_zh, colourist.label_zh = "", "影视调色技术员"
    colourist.save()
    out = StringIO()
    call_command("postings", "normalise-titles", stdout=out, stderr=StringIO())
    assert "3 postings: 2 with an occupation" in out.getvalue()
    assert "1 changed" in out.getvalue()
    assert JobPosting.objects.get(title="调色师").occupation is None
    colourist.aliases_zh = "调色师"
    colourist.save()
    result = occupations.normalise_titles()
    assert (result.postings, result.matched, result.changed) == (3, 3, 1)
    assert occupations.normalise_titles().changed == 0  # nothing left to change


def _post(title: str, day: dt.date, count: int, skills: list[Skill], tag: str) -> None:
    normaliser, ids = occupations.title_normaliser()
    fields = occupations.occupation_fields(normaliser.normalise(title), ids)
    for i in range(count):
        posting = JobPosting.objects.create(
            title=title,
            description="…",
            posted_on=day,
            language="zh",
            content_hash=f"{tag}-{i}",
            **fields,
        )
        PostingSkill.objects.bulk_create(
            [PostingSkill(posting=posting, skill=s, surface="x", start=0, end=1, score=1.0) for s in skills]
        )


@pytest.fixture
def market(world):
    load_curated_skills()
    load_curated_occupations()
    python = Skill.objects.get(label_en="Python programming")
    sql = Skill.objects.get(label_en="SQL")
    grading = Skill.objects.get(label_en="colour grading")
    q1, q2 = dt.date(2025, 2, 1), dt.date(2025, 5, 1)
    _post("算法工程师", q1, 30, [python], "a1")
    _post("数据工程师", q1, 20, [sql], "d1")
    _post("会计", q1, 10, [], "x1")
    _post("高级算法工程师", q2, 60, [python], "a2")
    _post("数据工程师", q2, 20, [sql, python], "d2")
    _post("调色师", q2, 5, [grading], "c2")
    _post("前台", q2, 15, [], "x2")
    return world, python, sql


@pytest.mark.django_db
def test_ranking_matches_hand_counts(market):
    _world, python, sql = market
    result = occupations.ranking()
    assert (result.period, result.total, result.unmatched) == ("2025Q2", 100, 15)
    assert [(r.occupation.uri, r.count) for r in result.rows] == [
        (AI, 60),
        (BIG_DATA, 20),
        ("urn:iehub:occupation:colourist", 5),
    ]
    ai, data, colourist = result.rows
    assert ai.share == pytest.approx(0.60)
    assert ai.growth == pytest.approx(0.60 / (30 / 60) - 1)  # +20 %
    assert data.growth == pytest.approx(0.20 / (20 / 60) - 1)  # −40 %
    assert colourist.growth is None  # too few postings to call a trend
    assert ai.top_skills == [python]
    assert data.top_skills[0] in (python, sql) and set(data.top_skills) == {python, sql}
    assert result.unmatched_titles == [("前台", 15)]
    assert result.matched_percent == "85.0%"
    earlier = occupations.ranking("2025Q1")
    assert [(r.occupation.uri, r.count, r.growth) for r in earlier.rows] == [
        (AI, 30, None),
        (BIG_DATA, 20, None),
    ]


@pytest.mark.django_db
def test_profile_series_skills_and_titles(market):
    _world, python, sql = market
    found = occupations.profile(Occupation.objects.get(uri=BIG_DATA))
    assert found.series == [
        {"period": "2025Q1", "count": 20, "total": 60},
        {"period": "2025Q2", "count": 20, "total": 100},
    ]
    assert found.skills[0] == (sql, 40, 1.0)
    assert found.skills[1] == (python, 20, 0.5)
    assert found.titles == [("数据工程师", 40)]
    assert len(found.postings) == 10


@pytest.mark.django_db
def test_pages_show_the_ranking_and_the_profile(market):
    world, _python, _sql = market
    client = world.client_for(world.student)
    page = client.get("/demand/occupations/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "人工智能工程技术人员" in html and "2-02-10-09" in html and "前台" in html
    ai = Occupation.objects.get(uri=AI)
    detail = client.get(f"/demand/occupations/{ai.pk}/")
    assert detail.status_code == 200
    assert "高级算法工程师" in detail.content.decode()
    assert client.get("/demand/occupations/999999/").status_code == 404


@pytest.mark.django_db
def test_api_ranking_and_profile(market):
    world, _python, _sql = market
    client = world.client_for(world.enterprise_admin)
    body = client.get("/api/v1/demand/occupations?period=2025Q2").json()
    assert body["period"] == "2025Q2" and body["periods"] == ["2025Q1", "2025Q2"]
    assert (body["postings"], body["without_occupation"]) == (100, 15)
    assert body["results"][0]["uri"] == AI and body["results"][0]["code_cn"] == "2-02-10-09"
    assert body["results"][0]["growth"] == pytest.approx(0.2)
    ai = Occupation.objects.get(uri=AI)
    profile = client.get(f"/api/v1/demand/occupations/{ai.pk}").json()
    assert profile["titles"] == [
        {"title": "高级算法工程师", "postings": 60},
        {"title": "算法工程师", "postings": 30},
    ]
    assert client.get("/api/v1/demand/occupations/999999").status_code == 404


@pytest.mark.django_db
def test_anonymous_and_inactive_callers_are_refused(market):
    world, _python, _sql = market
    ai = Occupation.objects.get(uri=AI)
    anonymous = world.client_for(None)
    for url in ("/demand/occupations/", f"/demand/occupations/{ai.pk}/"):
        assert anonymous.get(url).status_code == 302
    for url in ("/api/v1/demand/occupations", f"/api/v1/demand/occupations/{ai.pk}"):
        assert anonymous.get(url).status_code == 401
    world.outsider_admin.is_active = False
    world.outsider_admin.save()
    inactive = world.client_for(world.outsider_admin)
    assert inactive.get(f"/api/v1/demand/occupations/{ai.pk}").status_code in (401, 404)


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_postings(market):
    world, python, _sql = market
    client = world.client_for(world.gov_officer)
    ai = Occupation.objects.get(uri=AI)
    urls = ["/demand/occupations/", f"/demand/occupations/{ai.pk}/", "/api/v1/demand/occupations"]
    before = [count_queries(client, url) for url in urls]
    _post("云计算工程师", dt.date(2025, 5, 2), 40, [python], "more")
    _post("视频编导", dt.date(2025, 5, 3), 40, [python], "more2")
    after = [count_queries(client, url) for url in urls]
    assert before == after


def _tables_read(run) -> set[str]:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        run()
    return {
        t for q in captured.captured_queries for t in re.findall(r'(?:FROM|JOIN)\s+"([a-z_]+)"', q["sql"])
    }


@pytest.mark.django_db
def test_the_kept_figures_read_only_versioned_tables(market):
    """Ranking and profile are kept between requests under the postings' data version: every table
    their figures come from moves it (the ten latest postings, with their enterprises, are read live)."""
    occupation = Occupation.objects.get(uri=BIG_DATA)
    read = _tables_read(
        lambda: (occupations._ranking("", 50), occupations._profile_figures(occupation, 4, 15))
    )
    assert read and read <= set(occupations.POSTING_TABLES), sorted(read - set(occupations.POSTING_TABLES))
    assert set(occupations.POSTING_TABLES) <= data_versions.tables_with_triggers(connection)


@pytest.mark.django_db(transaction=True)
def test_the_ranking_is_kept_until_a_posting_is_written(market):
    cache.clear()
    first = occupations.ranking()
    with CaptureQueriesContext(connection) as captured:
        again = occupations.ranking()
    assert len(captured.captured_queries) == 1  # the data version
    assert [(r.occupation.uri, r.count) for r in again.rows] == [
        (r.occupation.uri, r.count) for r in first.rows
    ]
    _post("数据工程师", dt.date(2025, 5, 2), 50, [], "d3")
    top = occupations.ranking().rows[0]
    assert (top.occupation.uri, top.count) == (BIG_DATA, 70)
    found = occupations.profile(Occupation.objects.get(uri=BIG_DATA))
    assert found.series[-1] == {"period": "2025Q2", "count": 70, "total": 150}


@pytest.mark.django_db(transaction=True)
def test_junk_periods_share_the_latest_quarters_entry(market):
    """A fuzzer's periods must not each take a cache entry: an unknown period is the latest quarter's."""
    cache.clear()
    occupations.ranking()
    before = len(cache._cache)  # type: ignore[attr-defined]
    for junk in ("2099Q9", "x" * 200, "'; DROP TABLE x; --", "2025Q2\x00"):
        assert occupations.ranking(junk).period == "2025Q2"
    assert len(cache._cache) == before  # type: ignore[attr-defined]
