"""Shared fixtures. ``world`` builds, like healthchecks' BaseTestCase, the people every permission
test needs: someone allowed, someone of another organisation, and (implicitly) the anonymous caller."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

import iehub.urls  # noqa: F401 - every module that registers data versions, before the test database is migrated
from iehub.accounts.models import ConsortiumMember, Membership, Organization, OrgKind, Partnership, Role, User
from iehub.curriculum.models import ClassGroup, Program

PASSWORD = "correct horse battery staple"


@dataclass
class World:
    college: Organization
    other_college: Organization
    enterprise: Organization
    outsider_enterprise: Organization
    government: Organization
    consortium: Organization
    program: Program
    class_group: ClassGroup
    platform_admin: User
    college_admin: User
    program_lead: User
    teacher: User
    student: User
    other_student: User
    other_college_admin: User
    enterprise_admin: User
    mentor: User
    outsider_admin: User
    gov_officer: User
    consortium_officer: User

    def client_for(self, user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client


def make_org(kind: str, code: str, name: str, region: str = "440300", **extra: object) -> Organization:
    if kind == OrgKind.ENTERPRISE:
        extra.setdefault("ownership", "private")
        extra.setdefault("scale", "small")
        extra.setdefault("industry", "I")
    org = Organization(kind=kind, code=code, name=name, name_en=f"{name} (en)", region_code=region, **extra)
    org.full_clean()
    org.save()
    return org


def make_user(
    username: str, org: Organization | None = None, role: str | None = None, **membership: object
) -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        full_name=f"用户{username}",
        name_en=username.title(),
        email=f"{username}@example.cn",
        phone="13800138000",
        id_card_number="440106199001010013",
    )
    if org is not None and role is not None:
        Membership.objects.create(user=user, organization=org, role=role, **membership)
    return user


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    """Each test starts and ends in the default language: a request with another Accept-Language leaves
    that language active in the thread (Django's LocaleMiddleware does not restore it)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def world(db: None) -> World:
    college = make_org(OrgKind.COLLEGE, "C1", "南粤影视职业学院", "440100")
    other_college = make_org(OrgKind.COLLEGE, "C2", "鹏城人工智能职业技术学院", "440300")
    enterprise = make_org(OrgKind.ENTERPRISE, "E1", "广州市光影数字影像有限公司", "440100", industry="R")
    outsider = make_org(OrgKind.ENTERPRISE, "E2", "上海市星河软件有限公司", "310000")
    government = make_org(OrgKind.GOVERNMENT, "G1", "广东省教育厅", "440000")
    consortium = make_org(OrgKind.CONSORTIUM, "K1", "大湾区产教联合体", "440300")
    ConsortiumMember.objects.create(consortium=consortium, member=other_college, role="lead")
    Partnership.objects.create(
        college=college,
        enterprise=enterprise,
        status="active",
        started_on=dt.date(2024, 1, 1),
        internships=True,
    )
    program = Program.objects.create(
        college=college, major_code="560206", name="影视摄影与制作", name_en="Cinematography"
    )
    class_group = ClassGroup.objects.create(program=program, cohort=2024, name="2024级影视摄影1班")
    other_program = Program.objects.create(
        college=other_college, major_code="510209", name="人工智能技术应用"
    )
    world = World(
        college=college,
        other_college=other_college,
        enterprise=enterprise,
        outsider_enterprise=outsider,
        government=government,
        consortium=consortium,
        program=program,
        class_group=class_group,
        platform_admin=User.objects.create_superuser(
            "root", "root@example.cn", PASSWORD, full_name="平台管理员"
        ),
        college_admin=make_user("cadmin", college, Role.COLLEGE_ADMIN),
        program_lead=make_user("lead", college, Role.PROGRAM_LEAD, program=program),
        teacher=make_user("teacher", college, Role.TEACHER, dual_qualified=True, enterprise_practice_days=30),
        student=make_user(
            "stu",
            college,
            Role.STUDENT,
            student_number="2024010101",
            program=program,
            cohort=2024,
            class_group=class_group,
        ),
        other_student=make_user(
            "stu2",
            other_college,
            Role.STUDENT,
            student_number="2024020101",
            program=other_program,
            cohort=2024,
        ),
        other_college_admin=make_user("c2admin", other_college, Role.COLLEGE_ADMIN),
        enterprise_admin=make_user("eadmin", enterprise, Role.ENTERPRISE_ADMIN),
        mentor=make_user("mentor", enterprise, Role.ENTERPRISE_MENTOR),
        outsider_admin=make_user("e2admin", outsider, Role.ENTERPRISE_ADMIN),
        gov_officer=make_user("gov", government, Role.GOVERNMENT_OFFICER),
        consortium_officer=make_user("kofficer", consortium, Role.CONSORTIUM_OFFICER),
    )
    return world
