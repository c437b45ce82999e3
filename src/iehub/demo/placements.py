"""Internship demo data, arranged through ``practice.actions.placements`` so the national rules are checked:

- the film school: the demo ``student``'s post internship at the demo enterprise with ``teacher`` and
  ``mentor``, a term of daily logs (most co-signed), and a classmate whose logs copy some of the
  student's — flagged on the placement page;
- the AI college: a modern apprenticeship with off-the-job training hours;
- the manufacturing college: a cognitive internship (a visit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone

from iehub.accounts.models import Membership, Organization, Partnership, Role, User
from iehub.demo import colleges as spec
from iehub.practice.actions import placements as actions
from iehub.practice.models import Placement

MORNINGS = [
    "上午参加项目例会，了解本周拍摄计划和分工",
    "上午跟随摄影组出外景，负责场记和数据卡交接",
    "上午在调色室校准监视器并核对色彩管理设置",
    "上午整理客户反馈意见，逐条标注到剪辑时间线上",
    "上午在 LED 虚拟棚协助灯光组调整色温和亮度",
    "上午清点镜头、电池和存储卡，填写设备借还记录",
    "上午观摩导师与客户的视频会议，记录修改要求",
    "上午学习公司的素材命名规范和双备份流程",
]
AFTERNOONS = [
    "下午把第 {n} 号机位的素材按时间码同步并粗剪",
    "下午用校验工具核对素材拷贝，发现并补拷了一张卡",
    "下午完成第 {n} 场的一级校色和肤色匹配",
    "下午把片头缩短了 {n} 秒并重新导出审看版本",
    "下午记录摄影机追踪系统的 {n} 组测试数据",
    "下午复盘上周拍摄中的穿帮镜头，整理成检查清单",
    "下午协助制片核对场地和器材费用",
]
LESSONS = [
    "体会到前期记录越细，后期越省时间。",
    "学会了先看波形图再调画面，不凭感觉。",
    "明白了客户意见要先归类再动手修改。",
    "知道了虚拟棚里灯光和背景屏要一起调。",
    "认识到设备管理出错会直接耽误整组进度。",
    "导师提醒我交付前一定要在参考监视器上复看。",
]
APPRENTICE = [
    "在企业数据平台完成一批客服工单的标注质检",
    "参加模型上线前的回归测试，记录了误判样例",
    "学习意图分类标准的修订说明，并更新标注手册",
    "协助运维工程师排查一次推理服务延迟告警",
    "整理本周标注一致性统计，和导师讨论分歧样例",
]


def day_text(n: int) -> str:
    """A day's log composed so that no two days of a term read alike (the parts rotate at different
    speeds); a copy is then a real copy, not the generator repeating itself."""
    return (
        MORNINGS[n % len(MORNINGS)]
        + "；"
        + AFTERNOONS[(n * 3 + 1) % len(AFTERNOONS)].format(n=n + 1)
        + "。"
        + LESSONS[(n * 5 + 2) % len(LESSONS)]
    )


CAMERA = [
    "跟着摄影指导练习斯坦尼康的平衡调整",
    "给摄影机更换镜头并记录每个镜头的焦段和光圈",
    "在棚内布置三点布光，测量主光和辅光的比例",
    "学习跟焦器的标记方法，配合演员走位练了十几遍",
    "为夜景拍摄准备灯具和发电车的安全检查表",
]


def camera_text(n: int) -> str:
    return f"摄影助理第 {n + 1} 天：" + CAMERA[n % len(CAMERA)] + "；" + LESSONS[(n * 5 + 4) % len(LESSONS)]


def borrowed(n: int) -> str:
    """The classmate's logs: every third is the demo student's log of that day with a word changed."""
    return day_text(n).replace("上午", "早上") if n % 3 == 0 else camera_text(n)


def apprentice_text(n: int) -> str:
    return f"第 {n + 1} 天：" + APPRENTICE[n % len(APPRENTICE)] + "；" + LESSONS[(n * 5 + 3) % len(LESSONS)]


def _user(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def _member(organization: Organization, role: str, skip: tuple[int, ...] = ()) -> User | None:
    membership = (
        Membership.objects.filter(organization=organization, role=role, is_active=True)
        .exclude(user_id__in=skip)
        .order_by("id")
        .first()
    )
    return membership.user if membership else None


def _partner_with_mentor(college: Organization, mentor: User | None) -> tuple[Organization, User] | None:
    partners = Partnership.objects.active().filter(college=college).values("enterprise_id")
    if mentor is not None:
        mine = Organization.objects.filter(id__in=partners, memberships__user=mentor).first()
        if mine is not None:
            return mine, mentor
    for enterprise in Organization.objects.filter(id__in=partners).order_by("id"):
        found = _member(enterprise, Role.ENTERPRISE_MENTOR)
        if found is not None:
            return enterprise, found
    return None


def _terms(kind: str, today: dt.date, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": kind,
        "starts_on": today - dt.timedelta(days=56),
        "ends_on": today + dt.timedelta(days=100),
        "birth_date": dt.date(today.year - 20, 3, 15),
        "study_year": 3,
        "agreement_signed_on": today - dt.timedelta(days=63),
        "agreement_number": f"SX-{today.year}-{kind[:3].upper()}",
        "insurance_policy": f"PICC-SX-{today.year}",
        "insurer": "中国人民财产保险",
        "stipend_monthly": Decimal("3600"),
        "probation_wage": Decimal("4200"),
    }
    data.update(changes)
    return data


def _logs(placement: Placement, text: Callable[[int], str], days: int, sign_every: int = 1) -> None:
    today = timezone.localdate()
    for n in range(days):
        day = today - dt.timedelta(days=days - n)
        if day.weekday() >= 5 or day < placement.starts_on:
            continue
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
        actions.check_in(placement.student, placement, "in", now=moment)
        actions.check_in(placement.student, placement, "out", now=moment)
        entry = actions.write_log(placement.student, placement, day, text(n))
        if n % sign_every == 0:
            actions.co_sign(placement.mentor, entry)


def load_placements() -> int:
    """The demo placements; colleges with placements are left alone. Returns placements created."""
    today = timezone.localdate()
    created = 0
    film, ai, mfg = ([Organization.objects.filter(code=c.code).first() for c in spec.COLLEGES] + [None] * 3)[
        :3
    ]
    if film is not None and not film.placements.exists():
        found = _partner_with_mentor(film, _user("mentor"))
        teacher = _user("teacher") or _member(film, Role.TEACHER)
        student = _user("student") or _member(film, Role.STUDENT)
        if found and teacher and student:
            enterprise, mentor = found
            post = actions.create_placement(
                teacher,
                film,
                student,
                enterprise,
                teacher,
                mentor,
                _terms("post", today, post="影视后期助理"),
            )
            _logs(post, day_text, 40, sign_every=1)
            answered = actions.report_problem(student, post, "上周有两天拍摄到晚上十点以后，这算加班吗？")
            actions.answer_problem(mentor, answered, "不应该安排。已调整排班，夜景拍摄改由正式员工完成。")
            actions.report_problem(student, post, "实习报酬本月晚发了一周，想确认发放日期。")
            classmate = _member(film, Role.STUDENT, skip=(student.pk,))
            if classmate is not None:
                copy = actions.create_placement(
                    teacher,
                    film,
                    classmate,
                    enterprise,
                    teacher,
                    mentor,
                    _terms("post", today, post="摄影助理"),
                )
                _logs(copy, borrowed, 12, sign_every=3)
            created += 2
    if ai is not None and not ai.placements.exists():
        found = _partner_with_mentor(ai, None)
        teacher, student = _member(ai, Role.TEACHER), _member(ai, Role.STUDENT)
        if found and teacher and student:
            enterprise, mentor = found
            terms = _terms(
                "apprenticeship",
                today,
                post="数据标注与模型运维学徒",
                ends_on=today + dt.timedelta(days=300),
                work_study_schedule="每学期前 8 周在校学习，后 10 周在企业岗位学习；每周五下午脱产培训。",
                off_job_hours_target=240,
            )
            apprentice = actions.create_placement(teacher, ai, student, enterprise, teacher, mentor, terms)
            _logs(apprentice, apprentice_text, 20, 2)
            created += 1
    if mfg is not None and not mfg.placements.exists():
        found = _partner_with_mentor(mfg, None)
        teacher, student = _member(mfg, Role.TEACHER), _member(mfg, Role.STUDENT)
        if found and teacher and student:
            enterprise, mentor = found
            terms = _terms(
                "cognitive",
                today,
                post="智能产线参观",
                starts_on=today - dt.timedelta(days=3),
                ends_on=today - dt.timedelta(days=1),
                study_year=1,
                stipend_monthly=None,
                probation_wage=None,
            )
            actions.create_placement(teacher, mfg, student, enterprise, teacher, mentor, terms)
            created += 1
    return created
