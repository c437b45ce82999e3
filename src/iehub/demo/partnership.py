"""Partnership demo data: two years of cooperation ledger for the three demo colleges' partners.

The forms each partnership takes follow the enterprise survey (seed 001): the loader rolls the five
surveyed forms at its shares (internships 83.43 %, curriculum 50.29 %, training bases, joint R&D,
shared platforms 7.43 %); here each becomes dated activities with their quantities, and the forms the
survey did not ask about (order classes, apprenticeships, teachers' practice, enterprise staff teaching,
guest lectures, equipment) are added at plausible rates. Some partnerships deepen during the two years
(their R&D or curriculum work starts late), some go quiet, so the depth tiers and their quarterly history
have real distributions. The film school's partner reaches the cognitive tier.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from iehub.accounts.models import Membership, Partnership, User
from iehub.accounts.roles import Role
from iehub.curriculum.models import Program
from iehub.partnership import teachers
from iehub.partnership.actions import sync_flags
from iehub.partnership.models import FLAG_KINDS, Activity, ActivityKind

SEED = 2026
# Rates of the forms the survey did not ask about, per partnership.
EXTRA_RATES = {
    ActivityKind.ORDER_CLASS: 0.10,
    ActivityKind.APPRENTICESHIP: 0.08,
    ActivityKind.TEACHER_PRACTICE: 0.20,
    ActivityKind.PART_TIME_TEACHING: 0.30,
    ActivityKind.GUEST_LECTURE: 0.55,
    ActivityKind.EQUIPMENT_FUNDING: 0.20,
}
TITLES: dict[str, str] = {
    ActivityKind.INTERNSHIP_HOSTING: "{term}顶岗实习接收",
    ActivityKind.CURRICULUM: "共建课程：{program}核心课模块",
    ActivityKind.TRAINING_BASE: "校企共建实训基地",
    ActivityKind.JOINT_RESEARCH: "横向课题：生产工艺联合攻关",
    ActivityKind.SHARED_PLATFORM: "共享技术服务平台接入",
    ActivityKind.ORDER_CLASS: "{year}级订单班",
    ActivityKind.APPRENTICESHIP: "现代学徒制试点班",
    ActivityKind.TEACHER_PRACTICE: "专业教师企业实践",
    ActivityKind.PART_TIME_TEACHING: "企业兼职教师授课（{term}）",
    ActivityKind.GUEST_LECTURE: "企业专家进课堂讲座",
    ActivityKind.EQUIPMENT_FUNDING: "捐赠实训设备",
}


def _term_starts(today: dt.date) -> list[dt.date]:
    """The starts of the terms of the last two years (1 March and 1 September)."""
    starts = [dt.date(y, m, 1) for y in (today.year - 2, today.year - 1, today.year) for m in (3, 9)]
    return [s for s in starts if today - dt.timedelta(days=730) <= s <= today]


def _activity(partnership: Partnership, kind: str, starts: dt.date, **values: object) -> Activity:
    term = f"{starts.year}年{'春' if starts.month < 7 else '秋'}季"
    title = TITLES[kind].format(term=term, year=starts.year, program=values.pop("program_name", ""))
    return Activity(partnership=partnership, kind=kind, title=title, starts_on=starts, **values)


def _activities_of(
    rng: random.Random, p: Partnership, kinds: set[str], program: Program | None, today: dt.date, deep: bool
) -> list[Activity]:
    """Dated activities with quantities for one partnership's forms."""
    terms = _term_starts(today)
    rows: list[Activity] = []
    late = terms[len(terms) // 2 :]  # forms that start in the second year: the partnership deepened
    for kind in sorted(kinds):
        if kind == ActivityKind.INTERNSHIP_HOSTING:
            for start in rng.sample(terms, k=min(len(terms), rng.randint(1, 3))):
                ends = start + dt.timedelta(days=150)
                rows.append(_activity(p, kind, start, ends_on=ends, students=rng.randint(2, 30)))
        elif kind == ActivityKind.CURRICULUM:
            start = rng.choice(late if deep or rng.random() < 0.5 else terms)
            rows.append(
                _activity(
                    p,
                    kind,
                    start,
                    ends_on=start + dt.timedelta(days=120),
                    hours=Decimal(rng.choice((24, 32, 48, 64))),
                    program=program,
                    program_name=program.name if program else "专业",
                )
            )
        elif kind == ActivityKind.TRAINING_BASE:
            start = today - dt.timedelta(days=rng.randint(200, 1400))
            rows.append(
                _activity(
                    p,
                    kind,
                    start,
                    equipment_value=Decimal(rng.randint(20, 500) * 10_000),
                    students=rng.randint(40, 200),
                )
            )
        elif kind == ActivityKind.JOINT_RESEARCH:
            start = rng.choice(late if deep else terms)
            rows.append(
                _activity(
                    p,
                    kind,
                    start,
                    ends_on=start + dt.timedelta(days=rng.randint(180, 540)),
                    amount=Decimal(rng.randint(10, 200) * 10_000),
                )
            )
        elif kind == ActivityKind.SHARED_PLATFORM:
            rows.append(_activity(p, kind, rng.choice(terms), amount=Decimal(rng.randint(5, 80) * 10_000)))
        elif kind in (ActivityKind.ORDER_CLASS, ActivityKind.APPRENTICESHIP):
            start = dt.date(today.year - rng.randint(1, 2), 9, 1)
            rows.append(
                _activity(
                    p, kind, start, ends_on=start + dt.timedelta(days=3 * 365), students=rng.randint(20, 45)
                )
            )
        elif kind == ActivityKind.TEACHER_PRACTICE:
            start = rng.choice(terms) + dt.timedelta(days=120)
            days = rng.choice((10, 15, 20, 30))
            rows.append(
                _activity(p, kind, start, ends_on=start + dt.timedelta(days=days), hours=Decimal(days * 8))
            )
        elif kind == ActivityKind.PART_TIME_TEACHING:
            start = rng.choice(terms)
            rows.append(
                _activity(
                    p,
                    kind,
                    start,
                    ends_on=start + dt.timedelta(days=120),
                    hours=Decimal(rng.choice((8, 12, 16, 32, 48, 64))),
                    students=rng.randint(20, 50),
                )
            )
        elif kind == ActivityKind.GUEST_LECTURE:
            for start in rng.sample(terms, k=min(len(terms), rng.randint(1, 2))):
                day = start + dt.timedelta(days=rng.randint(10, 100))
                rows.append(
                    _activity(p, kind, day, ends_on=day, hours=Decimal(2), students=rng.randint(30, 200))
                )
        elif kind == ActivityKind.EQUIPMENT_FUNDING:
            day = rng.choice(terms) + dt.timedelta(days=rng.randint(0, 150))
            rows.append(
                _activity(p, kind, day, ends_on=day, equipment_value=Decimal(rng.randint(5, 120) * 10_000))
            )
    return [a for a in rows if a.starts_on <= today]


def load_partnership() -> int:
    """Write the ledger once (a second run adds nothing); returns the number of activities written."""
    if Activity.objects.filter(origin=Activity.Origin.LEDGER).exists():
        return 0
    rng = random.Random(SEED)
    today = timezone.localdate()
    partnerships = list(
        Partnership.objects.exclude(status=Partnership.Status.PROPOSED)
        .select_related("college", "enterprise")
        .order_by("college__code", "enterprise__code")
    )
    admins = {
        m.organization_id: m.user_id
        for m in Membership.objects.filter(role=Role.COLLEGE_ADMIN, is_active=True).order_by("-pk")
    }
    programs: dict[int, list[Program]] = {}
    for program in Program.objects.order_by("major_code", "pk"):
        programs.setdefault(program.college_id, []).append(program)
    film_partner = (
        Membership.objects.filter(user__username="enterprise_admin")
        .values_list("organization_id", flat=True)
        .first()
    )
    written: list[Activity] = []
    for p in partnerships:
        kinds = {kind for flag, kind in FLAG_KINDS.items() if getattr(p, flag)}
        kinds |= {kind for kind, rate in EXTRA_RATES.items() if rng.random() < rate}
        deep = p.enterprise_id == film_partner
        if deep:
            kinds |= {ActivityKind.CURRICULUM, ActivityKind.JOINT_RESEARCH, ActivityKind.ORDER_CLASS}
        program = rng.choice(programs[p.college_id]) if programs.get(p.college_id) else None
        rows = _activities_of(rng, p, kinds, program, today, deep)
        if p.status == Partnership.Status.ENDED and p.ends_on:
            rows = [a for a in rows if a.starts_on <= p.ends_on]
            for a in rows:  # nothing runs past the end of the agreement
                a.ends_on = min(a.ends_on or p.ends_on, p.ends_on)
        for a in rows:
            a.recorded_by_id = admins.get(p.college_id)
            a.recorded_for_id = p.college_id
        written.extend(rows)
    Activity.objects.bulk_create(written, batch_size=2000)
    for p in Partnership.objects.all():  # proposed ones too: nothing done yet, no flag
        sync_flags(p)
    _teachers_practice(today)
    return len(written)


def _teachers_practice(today: dt.date) -> None:
    """The film school's teachers: one practice approved, one waiting; ``teacher``'s status decided."""
    users = {
        u.username: u for u in User.objects.filter(username__in=["teacher", "film_t003", "college_admin"])
    }
    if len(users) < 3:
        return
    admin = users["college_admin"]
    college = Membership.objects.get(user=admin, role=Role.COLLEGE_ADMIN).organization
    enterprise = (
        teachers.partner_enterprises(college).filter(memberships__user__username="enterprise_admin").first()
    )
    if enterprise is None:
        return
    end = today - dt.timedelta(days=40)
    done = teachers.submit(
        users["film_t003"],
        college,
        enterprise,
        end - dt.timedelta(days=27),
        end,
        20,
        "在企业调色部参与院线电影的调色流程与质检，整理了三个教学案例。",
    )
    teachers.decide(admin, done, True, "与企业考勤记录一致")
    end = today - dt.timedelta(days=7)
    teachers.submit(
        users["teacher"],
        college,
        enterprise,
        end - dt.timedelta(days=13),
        end,
        10,
        "跟岗虚拟拍摄项目，学习 LED 虚拟制片的灯光与摄影机跟踪。",
    )
    membership = Membership.objects.get(user=users["teacher"], organization=college, role=Role.TEACHER)
    teachers.set_dual_qualified(
        admin, membership, True, "高级技师证书（影视后期制作）；企业一线经历五年", None
    )
