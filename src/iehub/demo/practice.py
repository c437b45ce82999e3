"""Practice demo data: training bases of the three paper colleges with their equipment and a fortnight of
bookings. Two of the five bases train on real production — the papers' 40 %.

Bookings are made through ``practice.actions.book`` by the printed logins where they exist (``teacher``,
``program_lead``, ``mentor``), so the schedule is what those people would have produced.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from iehub.accounts.models import Membership, Organization, Partnership, Role, User
from iehub.demo import colleges as spec
from iehub.practice import actions
from iehub.practice.models import TrainingBase

# college index → [(name, name_en, location, capacity, real production, [(code, name, name_en)])]
BASES: dict[int, list[tuple[str, str, str, int, bool, list[tuple[str, str, str]]]]] = {
    0: [
        (
            "影视后期与调色实训室",
            "Post-production and colour grading lab",
            TrainingBase.Location.ON_CAMPUS,
            40,
            False,
            [
                ("PG-01", "达芬奇调色台（Advanced Panel）", "DaVinci Resolve Advanced Panel"),
                ("PG-02", "HDR 参考监视器", "HDR reference monitor"),
                ("CAM-01", "ARRI ALEXA Mini LF 摄影机套件", "ARRI ALEXA Mini LF camera kit"),
                ("DRN-01", "航拍无人机套件", "Aerial drone kit"),
            ],
        ),
        (
            "校企共建虚拟制作基地",
            "Co-built virtual production stage",
            TrainingBase.Location.OFF_CAMPUS,
            25,
            True,
            [("LED-01", "LED 虚拟制作墙", "LED volume"), ("MOC-01", "动作捕捉系统", "Motion capture system")],
        ),
    ],
    1: [
        (
            "人工智能训练平台实训室",
            "AI training platform lab",
            TrainingBase.Location.ON_CAMPUS,
            60,
            False,
            [("GPU-01", "GPU 训练服务器（8 卡）", "GPU training server (8 GPUs)")],
        ),
        (
            "智能客服数据标注中心",
            "Customer-service data annotation centre",
            TrainingBase.Location.OFF_CAMPUS,
            30,
            True,
            [],
        ),
    ],
    2: [
        (
            "工业机器人实训中心",
            "Industrial robot training centre",
            TrainingBase.Location.ON_CAMPUS,
            48,
            False,
            [
                ("ROB-01", "六轴工业机器人工作站", "Six-axis robot cell"),
                ("PLC-01", "PLC 实训台", "PLC trainer"),
            ],
        ),
    ],
}


def _admin(college: Organization) -> User:
    return User.objects.filter(
        memberships__organization=college, memberships__role=Role.COLLEGE_ADMIN
    ).order_by("id")[0]


def _partner(college: Organization) -> Organization:
    partnerships = Partnership.objects.active().filter(college=college).select_related("enterprise")
    mentored = partnerships.filter(enterprise__memberships__role=Role.ENTERPRISE_MENTOR).order_by("id")
    return (mentored.first() or partnerships.order_by("id")[0]).enterprise


def _person(college: Organization, preferred: str, role: str) -> User:
    printed = User.objects.filter(username=preferred, memberships__organization=college).first()
    if printed is not None:
        return printed
    membership = Membership.objects.filter(organization=college, role=role).order_by("id").first()
    return membership.user if membership else _admin(college)


def _next_monday(now: dt.datetime) -> dt.date:
    today = timezone.localdate(now)
    return today + dt.timedelta(days=7 - today.weekday())


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def load_practice(now: dt.datetime | None = None) -> int:
    """Bases, equipment and bookings; colleges that have bases are left alone. Returns bases created."""
    now = now or timezone.now()
    created = 0
    for index, college_spec in enumerate(spec.COLLEGES):
        college = Organization.objects.filter(code=college_spec.code).first()
        if college is None or college.training_bases.exists():
            continue
        admin = _admin(college)
        for name, name_en, location, capacity, real, items in BASES.get(index, []):
            partner = _partner(college) if location == TrainingBase.Location.OFF_CAMPUS else None
            data = {
                "name": name,
                "name_en": name_en,
                "location": location,
                "capacity": capacity,
                "real_production": real,
                "partner": partner.pk if partner else None,
                "description": "",
            }
            base = actions.save_base(admin, college, data)
            for code, item, item_en in items:
                actions.add_equipment(admin, base, code, item, item_en)
            created += 1
            _bookings(college, base, now)
    return created


def _bookings(college: Organization, base: TrainingBase, now: dt.datetime) -> None:
    """A fortnight's use: a class in the base twice a week, the lead's equipment session, the mentor's
    shoot at the enterprise's own base."""
    monday = _next_monday(now)
    teacher = _person(college, "teacher", Role.TEACHER)
    lead = _person(college, "program_lead", Role.PROGRAM_LEAD)
    equipment = list(base.equipment.order_by("code"))
    if base.location == TrainingBase.Location.ON_CAMPUS:
        for week in (0, 7):
            for weekday, purpose in ((0, "实训课：项目制作"), (3, "实训课：技能训练")):
                day = monday + dt.timedelta(days=week + weekday)
                actions.book(
                    teacher, base, _at(day, 9), _at(day, 12), purpose, min(40, base.capacity), now=now
                )
        if equipment:
            day = monday + dt.timedelta(days=1)
            actions.book(lead, base, _at(day, 14), _at(day, 17), "毕业作品调试", 3, equipment[0], now=now)
    elif base.partner is not None:
        mentor = (
            User.objects.filter(
                memberships__organization=base.partner, memberships__role=Role.ENTERPRISE_MENTOR
            )
            .order_by("id")
            .first()
        )
        if mentor is not None:
            day = monday + dt.timedelta(days=2)
            actions.book(
                mentor,
                base,
                _at(day, 9),
                _at(day + dt.timedelta(days=1), 18),
                "真实项目拍摄：企业宣传片",
                12,
                now=now,
            )
