"""``iehub demo load``: deterministic, idempotent, and faithful to the papers' figures."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from iehub.accounts.models import Membership, Organization, Partnership, Role, User
from iehub.accounts.queries import enterprise_distribution
from iehub.curriculum.models import ClassGroup, Program
from iehub.demo.loader import DEMO_PASSWORD, build
from iehub.engines.depth import Tier
from iehub.partnership import queries as ledger
from iehub.partnership.models import Activity

pytestmark = pytest.mark.django_db

MODELS = (Organization, Program, ClassGroup, User, Membership, Partnership, Activity)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_loading_twice_changes_nothing_and_prints_logins():
    out = StringIO()
    call_command("demo", "load", "--scale", "small", "--no-postings", stdout=out)
    first = counts()
    call_command("demo", "load", "--scale", "small", "--no-postings", stdout=StringIO())
    assert counts() == first
    assert (
        first["Organization"] == 182 and 1400 <= Membership.objects.filter(role=Role.STUDENT).count() <= 1600
    )
    for username in (
        "admin",
        "college_admin",
        "program_lead",
        "teacher",
        "student",
        "enterprise_admin",
        "mentor",
        "gov_officer",
        "consortium_officer",
    ):
        assert username in out.getvalue()
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD), username
    _the_ledger_has_every_tier_and_the_film_partner_is_cognitive()


def _the_ledger_has_every_tier_and_the_film_partner_is_cognitive() -> None:
    active = list(Partnership.objects.active().values_list("pk", flat=True))
    tiers = ledger.assessments(active)
    found = {t.tier for t in tiers.values()}
    assert {Tier.PHYSICAL, Tier.INSTITUTIONAL, Tier.COGNITIVE} <= found
    film = Partnership.objects.get(enterprise__memberships__user__username="enterprise_admin")
    assert tiers[film.pk].tier == Tier.COGNITIVE
    # The flags follow the ledger: every set flag has a standing activity of its kind.
    for p in Partnership.objects.filter(curriculum=True):
        assert Activity.objects.filter(partnership=p, kind="curriculum", voided_at__isnull=True).exists()


def test_enterprise_distribution_reproduces_the_survey():
    call_command("demo", "load", "--no-postings", stdout=StringIO())
    dist = enterprise_distribution(User.objects.get(username="admin"))
    assert dist.total == 175
    assert {s.key: s.count for s in dist.ownership} == {
        "private": 131,
        "state_owned": 15,
        "jv_foreign": 10,
        "other": 19,
    }
    assert {s.key: s.percent for s in dist.ownership}["private"] == 74.86
    assert {s.key: s.count for s in dist.scale} == {"small": 76, "medium": 70, "large": 29}
    assert {s.key: s.count for s in dist.recognition} == {
        "single_champion": 7,
        "little_giant": 16,
        "specialised_sme": 73,
        "none": 79,
    }


def test_teachers_are_72_percent_dual_qualified_and_names_are_bilingual():
    call_command("demo", "load", "--no-postings", stdout=StringIO())
    for college in Organization.objects.filter(kind="college"):
        teachers = Membership.objects.filter(organization=college, role=Role.TEACHER)
        assert teachers.filter(dual_qualified=True).count() / teachers.count() == 0.72
    for org in Organization.objects.all():
        assert org.name and org.name_en and "Enterprise 1" not in org.name_en
        assert org.full_clean() is None
    student = User.objects.get(username="student")
    assert student.full_name and student.name_en and student.full_clean(exclude=["password"]) is None


def test_the_seed_decides_the_data():
    names = lambda seed: [o.name for o in build("small", seed).orgs]  # noqa: E731
    assert names(7) == names(7)
    assert names(7) != names(8)
    call_command("demo", "load", "--seed", "7", "--no-postings", stdout=StringIO())
    assert sorted(Organization.objects.values_list("name", flat=True)) == sorted(names(7))


def test_demo_programs_have_key_skills_that_route_alerts():
    call_command("demo", "load", "--no-postings", stdout=StringIO())
    for program in Program.objects.all():
        assert program.key_skills.count() >= 6, program
    om = program.key_skills.model.objects.get(label_en="industrial internet operations and maintenance")
    assert [p.major_code for p in om.programs.all()] == ["510211"]


def test_demo_postings_carry_exactly_the_planted_changes():
    """The detector, run on the demo's extracted skills, finds the three planted changes and nothing else;
    their alerts reach the programs concerned and show the states of the response clock."""
    from iehub.curriculum.models import AlertAssignment
    from iehub.demand.models import JobPosting, SkillAlert

    call_command("demo", "load", stdout=StringIO())
    assert 28_000 <= JobPosting.objects.count() <= 32_000
    assert JobPosting.objects.filter(language="en").count() > 2000
    found = {(a.skill.label_en, a.period, a.direction) for a in SkillAlert.objects.select_related("skill")}
    assert found == {
        ("industrial internet operations and maintenance", "2026Q3", "surge"),
        ("model deployment", "2026Q2", "surge"),
        ("AI-generated video production", "2026Q1", "emerging"),
    }
    om = SkillAlert.objects.get(skill__label_en="industrial internet operations and maintenance")
    assert 0.3 <= om.growth <= 0.45
    states = {(a.program.major_code, a.state) for a in AlertAssignment.objects.select_related("program")}
    assert states == {
        ("510211", "new"),
        ("510209", "done"),
        ("560208", "acknowledged"),
        ("560206", "acknowledged"),
    }
    counts = {
        name: model.objects.count() for name, model in (("postings", JobPosting), ("alerts", SkillAlert))
    }
    call_command("demo", "load", stdout=StringIO())
    assert counts == {"postings": JobPosting.objects.count(), "alerts": SkillAlert.objects.count()}
