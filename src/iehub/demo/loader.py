"""Build the demo dataset: organisations, programs, classes, people, memberships, partnerships.

Deterministic for a seed, idempotent (natural keys + ``ignore_conflicts``: a second run adds nothing),
and fast enough for the ``large`` scale (100,000 students, 5,000 enterprises) because everything is
written with ``bulk_create`` and without audit entries (the demo is data, not anybody's change).

The ``small`` scale reproduces the enterprise survey of the papers exactly: 175 enterprises — 131
private, 15 state-owned, 10 joint-venture/foreign, 19 other; 76 small, 70 medium, 29 large; highest
recognition 7 Single Champions, 16 Little Giants, 73 specialised-and-new SMEs, 79 none.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from auditlog.context import disable_auditlog
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Field as DjangoField
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iehub.accounts.models import (
    ConsortiumMember,
    LittleGiant,
    Membership,
    Organization,
    OrgKind,
    Partnership,
    Role,
    User,
)
from iehub.accounts.validators import id_card_check_digit
from iehub.core import reference
from iehub.core.database import refresh_statistics
from iehub.curriculum.alerts import RESPONSE_DAYS
from iehub.curriculum.models import AlertAssignment, ChangeRequest, ClassGroup, CurriculumVersion, Program
from iehub.demand import series
from iehub.demand.alerts import raise_detected
from iehub.demand.models import JobPosting, PostingSkill, SkillAlert, SkillNeed
from iehub.demand.occupations import occupation_fields, title_normaliser
from iehub.demo import colleges as spec
from iehub.demo import postings as demo_postings
from iehub.demo.curricula import load_curricula
from iehub.demo.evaluation import load_evaluation
from iehub.demo.matching import load_matching
from iehub.demo.names import BRANDS, BUSINESS_WORDS, GIVEN_CHARS, MENTOR_TITLES, SURNAMES
from iehub.demo.partnership import load_partnership
from iehub.demo.placements import load_placements
from iehub.demo.practice import load_practice
from iehub.demo.projects import load_projects
from iehub.demo.qa import load_questions
from iehub.demo.surveys import load_surveys
from iehub.engines.extraction.dedupe import content_hash
from iehub.engines.extraction.lexicon import posting_mentions
from iehub.engines.periods import Period
from iehub.practice.models import Booking, TrainingBase
from iehub.taxonomy.actions import load_curated_occupations, load_curated_skills
from iehub.taxonomy.models import Occupation, Skill
from iehub.taxonomy.queries import build_lexicon

DEMO_PASSWORD = "iehub-demo-2026"  # noqa: S105 - printed on purpose: these are demo logins
BATCH = 2000

# (scale, ownership) and (scale, recognition) counts of the 175-enterprise survey.
SURVEY_OWNERSHIP = {
    "large": {"state_owned": 10, "jv_foreign": 5, "other": 2, "private": 12},
    "medium": {"state_owned": 4, "jv_foreign": 4, "other": 7, "private": 55},
    "small": {"state_owned": 1, "jv_foreign": 1, "other": 10, "private": 64},
}
SURVEY_RECOGNITION = {
    "large": {"single_champion": 7, "little_giant": 4, "specialised_sme": 6, "none": 12},
    "medium": {"little_giant": 10, "specialised_sme": 35, "none": 25},
    "small": {"little_giant": 2, "specialised_sme": 32, "none": 42},
}
NATIONAL_LITTLE_GIANTS = 6
INDUSTRY_WEIGHTS = {"C": 38, "I": 32, "R": 18, "M": 5, "L": 4, "G": 3}
CITY_WEIGHTS = {
    "440300": 25,
    "440100": 20,
    "441900": 15,
    "440600": 10,
    "440400": 5,
    "441300": 4,
    "442000": 4,
    "440700": 2,
    "310000": 4,
    "110000": 3,
    "330100": 3,
    "320500": 3,
    "510100": 1,
    "420100": 1,
}
PARTNERS_PER_COLLEGE = 35
LARGE_STUDENTS = 100_000
LARGE_ENTERPRISES = 5_000


@dataclass
class DemoSummary:
    counts: dict[str, int] = field(default_factory=dict)
    logins: list[tuple[str, Any, str]] = field(default_factory=list)  # (username, role label, organisation)


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def social_credit_code(rng: random.Random, prefix: str, region_code: str) -> str:
    """A well-formed 18-character unified social credit code (GB 32100 check character)."""
    body = prefix + region_code + "".join(rng.choice(_USCC_CHARS[:10]) for _ in range(9))
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(body, _USCC_WEIGHTS, strict=True))
    return body + _USCC_CHARS[(31 - total % 31) % 31]


class PersonFactory:
    """Chinese names with pinyin, phone and ID numbers, all from one seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def name(self) -> tuple[str, str]:
        surname, surname_py = self.rng.choice(SURNAMES)
        chars = [self.rng.choice(GIVEN_CHARS) for _ in range(self.rng.choice((1, 2, 2)))]
        given = "".join(c for c, _ in chars)
        given_py = "".join(p for _, p in chars)
        return surname + given, f"{surname_py} {given_py.capitalize()}"

    def phone(self) -> str:
        return f"1{self.rng.choice('3456789')}{self.rng.randrange(10**9):09d}"

    def id_card(self, birth_year: int, region: str = "440106") -> str:
        birthday = dt.date(birth_year, 1, 1) + dt.timedelta(days=self.rng.randrange(365))
        first17 = f"{region}{birthday:%Y%m%d}{self.rng.randrange(1000):03d}"
        return first17 + id_card_check_digit(first17)


def _bulk(model: type[Model], objects: list[Any]) -> None:
    for start in range(0, len(objects), BATCH):
        model._default_manager.bulk_create(objects[start : start + BATCH], ignore_conflicts=True)


def _org(kind: str, code: str, name: str, name_en: str, region: str, **extra: Any) -> Organization:
    org = Organization(kind=kind, code=code, name=name, name_en=name_en, region_code=region, **extra)
    org.province_code = reference.province_code(region)
    return org


@dataclass
class EnterpriseProfile:
    scale: str
    ownership: str
    recognition: str


def survey_profiles(rng: random.Random) -> list[EnterpriseProfile]:
    """The 175 survey enterprises' (scale, ownership, recognition), joint by scale, in seeded order."""
    profiles: list[EnterpriseProfile] = []
    for scale, ownership_counts in SURVEY_OWNERSHIP.items():
        ownerships = [o for o, n in ownership_counts.items() for _ in range(n)]
        recognitions = [r for r, n in SURVEY_RECOGNITION[scale].items() for _ in range(n)]
        rng.shuffle(ownerships)
        rng.shuffle(recognitions)
        profiles += [EnterpriseProfile(scale, o, r) for o, r in zip(ownerships, recognitions, strict=True)]
    rng.shuffle(profiles)
    return profiles


def extra_profiles(rng: random.Random, n: int) -> list[EnterpriseProfile]:
    """More enterprises drawn with the survey's proportions (for the large scale)."""
    survey = survey_profiles(random.Random(rng.random()))
    return [EnterpriseProfile(**vars(rng.choice(survey))) for _ in range(n)]


class DemoBuilder:
    def __init__(self, scale: str, seed: int) -> None:
        self.scale = scale
        self.rng = random.Random(seed)
        self.people = PersonFactory(random.Random(seed + 1))
        self.orgs: list[Organization] = []
        self.users: dict[str, User] = {}
        self.memberships: list[dict[str, Any]] = []
        self.logins: list[tuple[str, Any, str]] = []
        self.used_names: set[str] = set()
        self.college_orgs: list[tuple[spec.CollegeSpec, Organization, int]] = []
        self.teachers_by_college: dict[str, list[str]] = {}
        self.film_partner: Organization | None = None

    # --- people -------------------------------------------------------------------------------
    def person(
        self, username: str, domain: str, birth_year: int, name: tuple[str, str] | None = None
    ) -> User:
        full_name, name_en = name or self.people.name()
        user = User(
            username=username,
            full_name=full_name,
            name_en=name_en,
            email=f"{username}@{domain}",
            phone=self.people.phone(),
            id_card_number=self.people.id_card(birth_year),
            password=make_password(None),
            preferred_language="",
        )
        self.users[username] = user
        return user

    def member(self, username: str, org_code: str, role: str, **attrs: Any) -> None:
        self.memberships.append({"username": username, "org_code": org_code, "role": role, **attrs})

    def login(self, username: str, role: Any, org_name: str) -> None:
        self.logins.append((username, role, org_name))

    # --- organisations ------------------------------------------------------------------------
    def enterprise_name(self, industry: str, city: str, ownership: str, scale: str) -> tuple[str, str]:
        city_zh, city_en = reference.REGIONS[city]
        for _attempt in range(200):
            brand_zh, brand_en = self.rng.choice(BRANDS)
            word_zh, word_en = self.rng.choice(BUSINESS_WORDS[industry])
            if ownership == "state_owned":
                suffix = ("集团有限公司", "Group Co., Ltd.")
            elif ownership == "jv_foreign":
                suffix = ("（中国）有限公司", "(China) Co., Ltd.")
            elif scale == "large":
                suffix = ("股份有限公司", "Holdings Co., Ltd.")
            else:
                suffix = ("有限公司", "Co., Ltd.")
            name = f"{city_zh}{brand_zh}{word_zh}{suffix[0]}"
            if name not in self.used_names:
                self.used_names.add(name)
                return name, f"{city_en} {brand_en} {word_en} {suffix[1]}"
        # Exhausted combinations (large scale): add a branch number, as registries do.
        n = len(self.used_names)
        name = f"{city_zh}{brand_zh}{word_zh}第{n}分公司"
        self.used_names.add(name)
        return name, f"{city_en} {brand_en} {word_en} Branch {n}"

    def enterprises(self, profiles: Iterable[EnterpriseProfile]) -> list[Organization]:
        created = []
        national_left = NATIONAL_LITTLE_GIANTS
        used_codes = {o.code for o in self.orgs}
        for profile in profiles:
            industry = (
                "C" if profile.recognition == "single_champion" else _weighted(self.rng, INDUSTRY_WEIGHTS)
            )
            city = _weighted(self.rng, CITY_WEIGHTS)
            name, name_en = self.enterprise_name(industry, city, profile.ownership, profile.scale)
            little_giant = LittleGiant.NONE
            if profile.recognition == "little_giant":
                little_giant = LittleGiant.NATIONAL if national_left > 0 else LittleGiant.PROVINCIAL
                national_left -= 1
            code = social_credit_code(self.rng, "91", city)
            while code in used_codes:
                code = social_credit_code(self.rng, "91", city)
            used_codes.add(code)
            org = _org(
                OrgKind.ENTERPRISE,
                code,
                name,
                name_en,
                city,
                industry=industry,
                ownership=profile.ownership,
                scale=profile.scale,
                specialised_sme=profile.recognition in ("specialised_sme", "little_giant"),
                little_giant=little_giant,
                single_champion=profile.recognition == "single_champion",
                certified_iei=self.rng.random() < (0.35 if profile.scale == "large" else 0.08),
            )
            created.append(org)
        self.orgs += created
        return created

    def public_bodies(self) -> dict[str, Organization]:
        bodies = {
            "gov": _org(
                OrgKind.GOVERNMENT,
                "11440000MB2C00001K",
                "广东省教育厅",
                "Department of Education of Guangdong Province",
                "440000",
            ),
            "association": _org(
                OrgKind.ASSOCIATION,
                "51440000MJL000002R",
                "广东省数字创意产业协会",
                "Guangdong Digital Creative Industry Association",
                "440100",
            ),
            "institute": _org(
                OrgKind.INSTITUTE,
                "12440000MB0000003T",
                "广东省智能制造研究院",
                "Guangdong Institute of Intelligent Manufacturing",
                "440600",
            ),
            "consortium": _org(
                OrgKind.CONSORTIUM,
                "IEC-GBA-2024-001",
                "粤港澳大湾区数字创意与智能制造产教联合体",
                "Greater Bay Area Digital Creative and Intelligent Manufacturing "
                "Industry–Education Consortium",
                "440300",
            ),
        }
        self.orgs += bodies.values()
        return bodies


def _college_specs(scale: str) -> list[tuple[spec.CollegeSpec, int]]:
    """The three paper colleges, plus generated ones for the large scale: (spec, classes per cohort)."""
    colleges = [(c, spec.CLASSES_PER_COHORT) for c in spec.COLLEGES]
    if scale != "large":
        return colleges
    fields = [
        ("信息", "Information Technology", spec.COLLEGES[1]),
        ("科技", "Science and Technology", spec.COLLEGES[2]),
        ("工贸", "Industry and Trade", spec.COLLEGES[2]),
        ("艺术", "Arts", spec.COLLEGES[0]),
        ("轻工", "Light Industry", spec.COLLEGES[2]),
        ("电子信息", "Electronic Information", spec.COLLEGES[1]),
    ]
    cities = [c for c in reference.CITIES if c.startswith("44")]
    per_college = spec.STUDENTS_PER_CLASS * 9
    extra_needed = LARGE_STUDENTS - sum(per_college * k for _, k in colleges)
    n_extra = 37
    classes_per_cohort = -(-extra_needed // (n_extra * per_college))
    for i in range(n_extra):
        field_zh, field_en, template = fields[i % len(fields)]
        city = cities[i % len(cities)]
        city_zh, city_en = reference.CITIES[city]
        suffix = "" if i < len(cities) else f"第{i // len(cities) + 1}"
        suffix_en = "" if i < len(cities) else f" No. {i // len(cities) + 1}"
        colleges.append(
            (
                spec.CollegeSpec(
                    key=f"c{i + 4:03d}",
                    code=f"41{city}{i + 4:02d}",
                    name=f"{city_zh[:-1]}{field_zh}职业技术学院{suffix}",
                    name_en=f"{city_en} Polytechnic of {field_en}{suffix_en}",
                    region_code=city,
                    industries=template.industries,
                    programs=template.programs,
                ),
                classes_per_cohort,
            )
        )
    return colleges


def _domain(college: spec.CollegeSpec) -> str:
    return f"{college.key}.demo-college.edu.cn"


def build(scale: str, seed: int) -> DemoBuilder:
    """Everything in memory first, so that writing is a handful of bulk inserts."""
    b = DemoBuilder(scale, seed)
    bodies = b.public_bodies()
    survey = b.enterprises(survey_profiles(b.rng))
    if scale == "large":
        b.enterprises(extra_profiles(b.rng, LARGE_ENTERPRISES - len(survey)))

    b.person("admin", "iehub.local", 1985, ("平台管理员", "Platform Administrator"))
    b.login("admin", _("Platform administrator"), "iehub")
    gov = bodies["gov"]
    b.person("gov_officer", "gdedu.gov.cn", 1978)
    b.member("gov_officer", gov.code, Role.GOVERNMENT_OFFICER, title="职业教育与成人教育处 处长")
    b.login("gov_officer", Role.GOVERNMENT_OFFICER.label, gov.name)
    consortium = bodies["consortium"]
    b.person("consortium_officer", "gba-iec.org.cn", 1982)
    b.member("consortium_officer", consortium.code, Role.CONSORTIUM_OFFICER, title="秘书处主任")
    b.login("consortium_officer", Role.CONSORTIUM_OFFICER.label, consortium.name)
    for key in ("association", "institute"):
        org = bodies[key]
        b.person(f"{key}_staff", f"{key}.demo.org.cn", 1980)
        b.member(f"{key}_staff", org.code, Role.STAFF, title="秘书长" if key == "association" else "研究员")

    college_orgs: list[tuple[spec.CollegeSpec, Organization, int]] = []
    for college, classes_per_cohort in _college_specs(scale):
        org = _org(
            OrgKind.COLLEGE,
            college.code,
            college.name,
            college.name_en,
            college.region_code,
            website=f"https://www.{_domain(college)}",
        )
        b.orgs.append(org)
        college_orgs.append((college, org, classes_per_cohort))
    b.college_orgs = college_orgs
    return b


def _partner_choices(
    b: DemoBuilder, college: spec.CollegeSpec, enterprises: list[Organization]
) -> list[Organization]:
    fitting = [e for e in enterprises if e.industry in college.industries]
    return b.rng.sample(fitting, min(PARTNERS_PER_COLLEGE, len(fitting)))


@transaction.atomic
def load(
    scale: str = "small",
    seed: int = 2026,
    progress: Callable[[str], None] | None = None,
    postings: bool = True,
) -> DemoSummary:
    """Create the demo dataset (or complete it); a second run with the same arguments adds nothing."""
    say = progress or (lambda _msg: None)
    with disable_auditlog():
        b = build(scale, seed)
        say(f"organisations: {len(b.orgs)}")
        _bulk(Organization, b.orgs)
        orgs = {o.code: o for o in Organization.objects.filter(code__in=[o.code for o in b.orgs])}
        survey_enterprises = [orgs[o.code] for o in b.orgs if o.kind == OrgKind.ENTERPRISE][:175]

        # Programs and classes.
        programs: list[Program] = []
        for college, org, _k in b.college_orgs:
            for p in college.programs:
                programs.append(
                    Program(
                        college=orgs[org.code],
                        major_code=p.major_code,
                        name=p.name,
                        name_en=p.name_en,
                        career_directions="\n".join(p.directions),
                    )
                )
        _bulk(Program, programs)
        program_map = {
            (p.college_id, p.major_code): p for p in Program.objects.filter(college__kind=OrgKind.COLLEGE)
        }
        classes: list[ClassGroup] = []
        for college, org, k in b.college_orgs:
            for p in college.programs:
                program = program_map[(orgs[org.code].pk, p.major_code)]
                for cohort in spec.COHORTS:
                    for n in range(1, k + 1):
                        classes.append(
                            ClassGroup(
                                program=program,
                                cohort=cohort,
                                name=f"{cohort}级{p.short}{n}班",
                                name_en=f"{cohort} Class {n}",
                            )
                        )
        _bulk(ClassGroup, classes)
        class_map = {
            (c.program_id, c.name): c
            for c in ClassGroup.objects.filter(program__in=program_map.values()).select_related(
                "program__college"
            )
        }
        say(f"programs: {len(programs)}, classes: {len(classes)}")

        _people(b, orgs, program_map, class_map, survey_enterprises)
        say(f"people: {len(b.users)}")
        _bulk(User, list(b.users.values()))
        users = dict(User.objects.filter(username__in=list(b.users)).values_list("username", "id"))
        memberships = [
            Membership(user_id=users[m.pop("username")], organization_id=orgs[m.pop("org_code")].pk, **m)
            for m in b.memberships
        ]
        _bulk(Membership, memberships)
        say(f"memberships: {len(memberships)}")
        _head_teachers(b, class_map, users)
        _partnerships_and_consortium(b, orgs, survey_enterprises)
        _demo_passwords(b)
        load_curated_skills()
        load_curated_occupations()
        _key_skills()
        if postings:
            load_postings(seed, say, [e.code for e in survey_enterprises])
        say(f"curricula: {load_curricula()}")
        say(f"training bases: {load_practice()}")
        say(f"projects: {load_projects()}")
        say(f"placements: {load_placements()}")
        say(f"questions: {load_questions()}")
        say(f"evaluations: {load_evaluation()}")
        say(f"matching: {load_matching()}")
        say(f"cooperation activities: {load_partnership()}")
        say(f"survey responses: {load_surveys()}")
        if postings:  # enterprise-stated needs of the curricula step join the demand series
            series.refresh()
    refresh_statistics()  # the planner's row estimates for everything just loaded
    counts = {
        "organisations": Organization.objects.count(),
        "enterprises": Organization.objects.filter(kind=OrgKind.ENTERPRISE).count(),
        "programs": Program.objects.count(),
        "classes": ClassGroup.objects.count(),
        "people": User.objects.count(),
        "students": Membership.objects.filter(role=Role.STUDENT).count(),
        "teachers": Membership.objects.filter(role=Role.TEACHER).count(),
        "memberships": Membership.objects.count(),
        "partnerships": Partnership.objects.count(),
        "skills": Skill.objects.count(),
        "occupations": Occupation.objects.count(),
        "enterprise skill needs": SkillNeed.objects.count(),
        "postings": JobPosting.objects.count(),
        "skill alerts": SkillAlert.objects.count(),
        "curriculum versions": CurriculumVersion.objects.count(),
        "change requests": ChangeRequest.objects.count(),
        "training bases": TrainingBase.objects.count(),
        "bookings": Booking.objects.count(),
    }
    return DemoSummary(counts=counts, logins=b.logins)


def _people(
    b: DemoBuilder,
    orgs: dict[str, Organization],
    program_map: dict[tuple[int, str], Program],
    class_map: dict[tuple[int, str], ClassGroup],
    survey_enterprises: list[Organization],
) -> None:
    film_partner = _film_partner(b, survey_enterprises)
    for index, (college, org, k) in enumerate(b.college_orgs, start=1):
        college_org = orgs[org.code]
        domain = _domain(college)
        is_paper_college = index <= len(spec.COLLEGES)
        admin_name = {"film": "college_admin", "ai": "ai_admin", "mfg": "mfg_admin"}.get(
            college.key, f"{college.key}_admin"
        )
        b.person(admin_name, domain, 1976)
        b.member(admin_name, org.code, Role.COLLEGE_ADMIN, title="教务处处长")
        if is_paper_college:
            b.login(admin_name, Role.COLLEGE_ADMIN.label, org.name)
        # Teachers: 72 % dual-qualified, in every college.
        n_teachers = spec.TEACHERS_PER_COLLEGE
        flags = [True] * (spec.DUAL_QUALIFIED_PER_COLLEGE - 2) + [False] * (
            n_teachers - spec.DUAL_QUALIFIED_PER_COLLEGE
        )
        b.rng.shuffle(flags)
        flags = [True, True, *flags]
        teacher_names = []
        for t in range(n_teachers):
            username = f"{college.key}_t{t + 1:03d}"
            if college.key == "film" and t == 0:
                username = "program_lead"
            elif college.key == "film" and t == 1:
                username = "teacher"
            b.person(username, domain, 1970 + b.rng.randrange(25))
            teacher_names.append(username)
            b.member(
                username,
                org.code,
                Role.TEACHER,
                program=program_map[(college_org.pk, college.programs[t % len(college.programs)].major_code)],
                dual_qualified=flags[t],
                enterprise_practice_days=b.rng.randrange(20, 120) if flags[t] else b.rng.randrange(0, 15),
            )
            if t < len(college.programs):
                program = program_map[(college_org.pk, college.programs[t].major_code)]
                b.member(username, org.code, Role.PROGRAM_LEAD, program=program, title="专业带头人")
        if college.key == "film":
            b.login("program_lead", Role.PROGRAM_LEAD.label, org.name)
            b.login("teacher", Role.TEACHER.label, org.name)
            b.login("film_t003", Role.TEACHER.label, org.name)
        b.teachers_by_college[college.key] = teacher_names
        # Students.
        for pi, p in enumerate(college.programs, start=1):
            program = program_map[(college_org.pk, p.major_code)]
            for cohort in spec.COHORTS:
                for n in range(1, k + 1):
                    class_group = class_map[(program.pk, f"{cohort}级{p.short}{n}班")]
                    for seq in range(1, spec.STUDENTS_PER_CLASS + 1):
                        number = f"{cohort}{index:03d}{pi}{n:02d}{seq:02d}"
                        username = (
                            "student"
                            if (college.key == "film" and pi == 1 and cohort == 2024 and n == 1 and seq == 1)
                            else f"s{number}"
                        )
                        b.person(username, f"stu.{domain}", cohort - 18)
                        b.member(
                            username,
                            org.code,
                            Role.STUDENT,
                            student_number=number,
                            program=program,
                            cohort=cohort,
                            class_group=class_group,
                        )
        if college.key == "film":
            b.login("student", Role.STUDENT.label, org.name)
    # Enterprise people: an HR administrator for every enterprise, mentors for the partners.
    for e in (o for o in b.orgs if o.kind == OrgKind.ENTERPRISE):
        username = "enterprise_admin" if e.code == film_partner.code else f"e{e.code[-8:].lower()}_hr"
        b.person(username, "corp.example.cn", 1975 + b.rng.randrange(20))
        b.member(username, e.code, Role.ENTERPRISE_ADMIN, title="人力资源经理")
    b.login("enterprise_admin", Role.ENTERPRISE_ADMIN.label, film_partner.name)
    b.film_partner = film_partner


def _film_partner(b: DemoBuilder, survey_enterprises: list[Organization]) -> Organization:
    """The enterprise whose demo logins work with the film college: a media company."""
    return next(e for e in survey_enterprises if e.industry == "R")


def _head_teachers(
    b: DemoBuilder, class_map: dict[tuple[int, str], ClassGroup], users: dict[str, int]
) -> None:
    teacher_ids = {key: [users[u] for u in names] for key, names in b.teachers_by_college.items()}
    college_key = {org.code: college.key for college, org, _k in b.college_orgs}
    updates = []
    for i, class_group in enumerate(sorted(class_map.values(), key=lambda c: c.pk)):
        if class_group.head_teacher_id:
            continue
        key = college_key[class_group.program.college.code]
        pool = teacher_ids[key]
        class_group.head_teacher_id = pool[1] if key == "film" and i == 0 else pool[1 + i % (len(pool) - 1)]
        updates.append(class_group)
    ClassGroup.objects.bulk_update(updates, ["head_teacher"], batch_size=BATCH)


def _partnerships_and_consortium(
    b: DemoBuilder, orgs: dict[str, Organization], survey: list[Organization]
) -> None:
    film_partner = b.film_partner
    assert film_partner is not None
    partnerships: list[Partnership] = []
    mentor_enterprises: dict[str, Organization] = {}
    base = dt.date(2021, 9, 1)
    for college, org, _k in b.college_orgs[:3]:
        partners = _partner_choices(b, college, survey)
        if college.key == "film" and film_partner not in partners:
            partners[0] = film_partner
        for e in partners:
            roll = b.rng.random()
            status = (
                Partnership.Status.ACTIVE
                if roll < 0.9 or e is film_partner
                else (Partnership.Status.PROPOSED if roll < 0.95 else Partnership.Status.ENDED)
            )
            started = base + dt.timedelta(days=b.rng.randrange(900))
            partnerships.append(
                Partnership(
                    college=orgs[org.code],
                    enterprise=orgs[e.code],
                    status=status,
                    started_on=started,
                    ends_on=started + dt.timedelta(days=365) if status == Partnership.Status.ENDED else None,
                    internships=b.rng.random() < 0.8343,
                    curriculum=b.rng.random() < 0.5029,
                    training_base=b.rng.random() < (0.625 if e.little_giant else 0.25),
                    joint_research=b.rng.random() < (0.4286 if e.single_champion else 0.15),
                    service_platform=b.rng.random() < 0.0743,
                )
            )
            if status == Partnership.Status.ACTIVE:
                mentor_enterprises[e.code] = e
    _bulk(Partnership, partnerships)
    # Mentors (two per active partner enterprise), written after the partnerships that justify them.
    mentors = DemoBuilder(b.scale, b.rng.randrange(10**6))
    for e in sorted(mentor_enterprises.values(), key=lambda o: o.code):
        for n in (1, 2):
            username = (
                "mentor" if (e.code == film_partner.code and n == 1) else f"e{e.code[-8:].lower()}_m{n}"
            )
            title_zh, _title_en = b.rng.choice(MENTOR_TITLES[e.industry])
            mentors.person(username, "corp.example.cn", 1975 + b.rng.randrange(20))
            mentors.member(username, e.code, Role.ENTERPRISE_MENTOR, title=title_zh)
    b.login("mentor", Role.ENTERPRISE_MENTOR.label, film_partner.name)
    _bulk(User, list(mentors.users.values()))
    users = dict(User.objects.filter(username__in=list(mentors.users)).values_list("username", "id"))
    _bulk(
        Membership,
        [
            Membership(user_id=users[m.pop("username")], organization_id=orgs[m.pop("org_code")].pk, **m)
            for m in mentors.memberships
        ],
    )
    b.users.update(mentors.users)
    # Consortium: the three colleges (the AI college leads), association, institute and fifteen enterprises.
    consortium = next(o for o in orgs.values() if o.kind == OrgKind.CONSORTIUM)
    seats = [
        ConsortiumMember(
            consortium=consortium,
            member=orgs[org.code],
            role=ConsortiumMember.MemberRole.LEAD
            if college.key == "ai"
            else ConsortiumMember.MemberRole.MEMBER,
            joined_on=dt.date(2024, 3, 1),
        )
        for college, org, _k in b.college_orgs[:3]
    ]
    for o in orgs.values():
        if o.kind in (OrgKind.ASSOCIATION, OrgKind.INSTITUTE):
            seats.append(ConsortiumMember(consortium=consortium, member=o, joined_on=dt.date(2024, 3, 1)))
    for e in sorted(mentor_enterprises.values(), key=lambda o: o.code)[:15]:
        seats.append(
            ConsortiumMember(consortium=consortium, member=orgs[e.code], joined_on=dt.date(2024, 6, 1))
        )
    _bulk(ConsortiumMember, seats)


def _key_skills() -> None:
    """Link every demo program to its key skills (all colleges teaching the same major code)."""
    skills = dict(
        Skill.objects.filter(
            label_en__in={x for labels in spec.KEY_SKILLS.values() for x in labels}
        ).values_list("label_en", "id")
    )
    through = Program.key_skills.through
    links = [
        through(program_id=program_id, skill_id=skills[label])
        for code, labels in spec.KEY_SKILLS.items()
        for program_id in Program.objects.filter(major_code=code).values_list("id", flat=True)
        for label in labels
    ]
    _bulk(through, links)


def _demo_passwords(b: DemoBuilder) -> None:
    """Give the printed demo logins their password (once: a changed password is kept)."""
    for username, _role, _org in b.logins:
        user = User.objects.get(username=username)
        if not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
            if username == "admin":
                user.is_superuser = user.is_staff = True
            user.save(update_fields=["password", "is_superuser", "is_staff"])


def _fast_insert(model: type[Model], fields: list[str], rows: list[tuple[Any, ...]]) -> None:
    """``INSERT … ON CONFLICT DO NOTHING`` with ``executemany``: ten times faster than ``bulk_create`` for
    the 150,000 rows of demo postings and their skills (SQLite ≥ 3.24 and PostgreSQL both accept it)."""
    from django.db import connection

    quote = connection.ops.quote_name
    columns = ", ".join(quote(cast(DjangoField[Any, Any], model._meta.get_field(f)).column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks}) ON CONFLICT DO NOTHING"  # noqa: S608 - names from the model, values bound
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 10_000):
            cursor.executemany(sql, rows[start : start + 10_000])


def load_postings(seed: int, progress: Callable[[str], None], enterprise_codes: list[str]) -> None:
    """Demo postings through the real pipeline: extraction, series, detector, alerts with their clocks."""
    enterprises: dict[str, list[tuple[str, str]]] = {}
    survey = Organization.objects.filter(kind=OrgKind.ENTERPRISE, code__in=enterprise_codes)
    for code, industry, region in survey.order_by("code").values_list("code", "industry", "region_code"):
        enterprises.setdefault(industry, []).append((code, region))
    ids = dict(survey.values_list("code", "id"))
    labels_zh = dict(Skill.objects.values_list("label_en", "label_zh"))
    generated = demo_postings.generate(enterprises, labels_zh, seed)
    now = timezone.now()
    hashes = [content_hash(p.title, p.enterprise_code, p.description) for p in generated]
    normaliser, occupation_ids = title_normaliser()
    occupations = [occupation_fields(normaliser.normalise(p.title), occupation_ids) for p in generated]
    _fast_insert(
        JobPosting,
        [
            "title",
            "description",
            "enterprise_name",
            "enterprise",
            "region_code",
            "posted_on",
            "salary_min",
            "salary_max",
            "source",
            "language",
            "content_hash",
            "occupation",
            "occupation_method",
            "occupation_score",
            "created_at",
            "updated_at",
        ],
        [
            (
                p.title,
                p.description,
                "",
                ids[p.enterprise_code],
                p.region_code,
                p.posted_on,
                p.salary_min,
                p.salary_max,
                p.source,
                p.language,
                h,
                o["occupation_id"],
                o["occupation_method"],
                o["occupation_score"],
                now,
                now,
            )
            for p, h, o in zip(generated, hashes, occupations, strict=True)
        ],
    )
    stored = dict(JobPosting.objects.filter(content_hash__in=hashes).values_list("content_hash", "id"))
    lexicon = build_lexicon()
    skill_ids = dict(Skill.objects.values_list("uri", "id"))
    links = [
        (stored[h], skill_ids[m.uri], m.surface[:255], m.start, m.end, m.score, m.method)
        for p, h in zip(generated, hashes, strict=True)
        for m in posting_mentions(lexicon, p.title, p.description)
        if m.uri in skill_ids
    ]
    _fast_insert(PostingSkill, ["posting", "skill", "surface", "start", "end", "score", "method"], links)
    progress(f"postings: {len(generated)}, skill mentions: {len(links)}")
    series.refresh()
    data, detected = series.detect_alerts()
    for found in detected:
        raised_on = dt.datetime.combine(
            Period.parse(found.period).end + dt.timedelta(days=10), dt.time(9), tzinfo=dt.UTC
        )
        raise_detected(data, [found], now=raised_on, notify=False)
    _demo_alert_states()


def _demo_alert_states() -> None:
    """Show every state of the response clock: one answered in time and done, one acknowledged, one new."""

    for assignment in AlertAssignment.objects.select_related("alert__skill", "program").filter(state="new"):
        lead = User.objects.filter(
            memberships__role=Role.PROGRAM_LEAD, memberships__program=assignment.program
        ).first()
        raised = dt.datetime.combine(assignment.due_on - dt.timedelta(days=30), dt.time(9), tzinfo=dt.UTC)
        label = assignment.alert.skill.label_en
        if label == "model deployment":
            assignment.state, assignment.response = (
                AlertAssignment.State.DONE,
                AlertAssignment.Response.MICRO_COURSE,
            )
            assignment.note = "微课《大模型推理服务部署实战》已上线，纳入《AI应用开发》课程第6模块。"
            assignment.acknowledged_at = raised + dt.timedelta(days=2)
            assignment.planned_at = raised + dt.timedelta(days=12)
            assignment.done_at = raised + dt.timedelta(days=26)
        elif label == "AI-generated video production":
            # The demo program lead's alert is the one to answer now: raised 20 days ago, due in 10.
            raised = timezone.now() - dt.timedelta(days=20)
            assignment.due_on = timezone.localdate(raised) + dt.timedelta(days=RESPONSE_DAYS)
            assignment.state = AlertAssignment.State.ACKNOWLEDGED
            assignment.acknowledged_at = raised + dt.timedelta(days=4)
            AlertAssignment.objects.filter(pk=assignment.pk).update(created_at=raised)
        else:
            continue
        assignment.handled_by = lead
        assignment.save()


def printed_logins() -> list[str]:
    """The demo people who have a password: exactly the logins the demo prints (no one else has one)."""
    unusable = User.objects.filter(password__startswith="!")  # noqa: S106 - Django's "no password" mark
    return sorted(
        User.objects.exclude(password="").exclude(pk__in=unusable).values_list("username", flat=True)
    )
