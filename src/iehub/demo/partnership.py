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
from iehub.curriculum.terms import term_start
from iehub.partnership import kpis, pulses, queries, teachers, trends
from iehub.partnership.actions import sync_flags
from iehub.partnership.models import (
    FLAG_KINDS,
    Activity,
    ActivityKind,
    FeedbackPulse,
    KpiSnapshot,
    Outlook,
    PulseRequest,
)

SEED = 2026
# Share of partner enterprises answering a term's pulse: the survey's 54.86 % that give feedback at all,
# a little more once asked each term; the current pulse is still open, so fewer have answered yet.
PULSE_ANSWER_RATE = {"previous": 0.62, "current": 0.35}
LACKING = (
    "调色与后期软件的实际操作",
    "现场安全规范与设备保养",
    "与客户沟通、按时交付",
    "虚拟制片与实时渲染",
    "数据标注质量意识",
    "PLC 调试与故障排查",
    "",
    "",
)
OUTLOOK_WEIGHTS = {Outlook.DEEPEN: 3, Outlook.CONTINUE: 6, Outlook.REDUCE: 1, Outlook.END: 0.3}
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
    _feedback_pulses(rng, today, admins)
    _indicator_history(rng, today)
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
        queries.partner_enterprises([college.pk])
        .filter(memberships__user__username="enterprise_admin")
        .first()
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


def _answer_some(rng: random.Random, requests: list[PulseRequest], rate: float, start: dt.datetime) -> None:
    """Fill in answers for about ``rate`` of the requests, answered within three weeks of ``start``."""
    staff = {
        m.organization_id: m.user_id
        for m in Membership.objects.filter(
            organization_id__in=[r.enterprise_id for r in requests],
            role=Role.ENTERPRISE_ADMIN,
            is_active=True,
        )
    }
    film_partner = Membership.objects.filter(user__username="enterprise_admin").values_list(
        "organization_id", flat=True
    )
    waiting = set(film_partner) if rate < 0.5 else set()  # the demo login still has one to answer
    for request in requests:
        if request.enterprise_id in waiting or rng.random() >= rate:
            if rng.random() < 0.5:
                request.reminders, request.reminded_at = 1, start + dt.timedelta(days=7)
            continue
        hours = (min(timezone.now(), start + dt.timedelta(days=20)) - start) / dt.timedelta(hours=1)
        request.answered_at = start + dt.timedelta(hours=rng.uniform(1, max(hours, 1.5)))
        request.answered_by_id = staff.get(request.enterprise_id)
        request.cooperation_rating = rng.choices((2, 3, 4, 5), weights=(1, 3, 6, 3))[0]
        request.students_rating = rng.choices((None, 2, 3, 4, 5), weights=(2, 1, 4, 5, 2))[0]
        request.outlook = rng.choices(list(OUTLOOK_WEIGHTS), weights=list(OUTLOOK_WEIGHTS.values()))[0]
        request.skills_lacking = rng.choice(LACKING)
    PulseRequest.objects.bulk_update(
        requests,
        [
            "answered_at",
            "answered_by",
            "cooperation_rating",
            "students_rating",
            "outlook",
            "skills_lacking",
            "reminders",
            "reminded_at",
        ],
        batch_size=2000,
    )


def _feedback_pulses(rng: random.Random, today: dt.date, admins: dict[int, int]) -> None:
    """Each college's pulse of the previous term (closed, about 62 % answered) and of this term (open,
    asked ten days ago, about a third answered so far)."""
    current = pulses.term_of(today)
    previous = pulses.term_of(term_start(current) - dt.timedelta(days=1))
    opened = term_start(previous) + dt.timedelta(days=100)
    for college_id, admin_id in sorted(admins.items()):
        enterprises = [e.pk for e in pulses.partner_enterprises(college_id)]
        if not enterprises or FeedbackPulse.objects.filter(college_id=college_id).exists():
            continue
        for term, opens_on, closes_on, rate in (
            (previous, opened, opened + dt.timedelta(days=21), PULSE_ANSWER_RATE["previous"]),
            (
                current,
                today - dt.timedelta(days=10),
                today + dt.timedelta(days=11),
                PULSE_ANSWER_RATE["current"],
            ),
        ):
            pulse = FeedbackPulse.objects.create(
                college_id=college_id,
                term=term,
                opens_on=opens_on,
                closes_on=closes_on,
                message="请用一分钟告诉我们本学期合作的情况，您的意见将直接用于专业课程调整。",
                created_by_id=admin_id,
            )
            start = timezone.make_aware(dt.datetime.combine(opens_on, dt.time(9)))
            requests = PulseRequest.objects.bulk_create(
                [PulseRequest(pulse=pulse, enterprise_id=e) for e in enterprises], batch_size=2000
            )
            PulseRequest.objects.filter(pulse=pulse).update(created_at=start)
            _answer_some(rng, requests, rate, start)


def _indicator_history(rng: random.Random, today: dt.date) -> None:
    """This quarter's indicator values as the daily job records them, and four earlier quarters: the
    demo has no past measurements, so they are drawn as a plausible path to today's values (shares a
    few points lower each quarter back, the change cycle longer), which the trends chart then shows."""
    trends.record(today)
    ends = trends.quarter_ends(today, 5)
    units = {kpi.key: kpi.unit for kpi in kpis.KPIS}
    earlier: list[KpiSnapshot] = []
    for now in KpiSnapshot.objects.filter(quarter_end=ends[-1]):
        for back, end in enumerate(reversed(ends[:-1]), start=1):
            factor = max(0.0, 1 - 0.07 * back + rng.uniform(-0.03, 0.03))
            numerator = min(now.denominator, round(now.numerator * factor)) if now.denominator else 0
            value: float | None
            if units[now.key] == kpis.PERCENT:
                value = 100 * numerator / now.denominator if now.denominator else None
            elif units[now.key] == kpis.COUNT:
                numerator = round(now.numerator * factor)
                value = float(numerator)
            else:  # days: decisions took longer before
                numerator = now.numerator
                value = None if now.value is None else round(now.value * (1 + 0.15 * back), 1)
            denominator = numerator if units[now.key] != kpis.PERCENT else now.denominator
            earlier.append(
                KpiSnapshot(
                    college_id=now.college_id,
                    key=now.key,
                    quarter_end=end,
                    value=value,
                    numerator=numerator,
                    denominator=denominator,
                    taken_at=timezone.make_aware(dt.datetime.combine(end, dt.time(23))),
                )
            )
    KpiSnapshot.objects.bulk_create(earlier, batch_size=2000)
