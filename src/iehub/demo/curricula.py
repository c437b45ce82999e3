"""Demo curricula, committees, change requests in every state, micro-courses, certificates, suggestions.

Built through the real actions (with back-dated clocks) so that the demo shows what the product would
have recorded: cycle times, version diffs, an alert answered by a micro-course, a transcript entry.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Case, When
from django.test.utils import override_settings

from iehub.accounts.models import Organization, Partnership, Role, User
from iehub.curriculum import actions
from iehub.curriculum.models import (
    AlertAssignment,
    CareerDirection,
    Certificate,
    CertificateSkill,
    ChangeOrigin,
    ChangeVote,
    CommitteeMember,
    Course,
    Module,
    ModuleCompetency,
    Program,
    TaskCompetency,
    WorkTask,
)
from iehub.demand.actions import submit_need
from iehub.demo import colleges as spec
from iehub.demo import curricula_data as data
from iehub.taxonomy.models import Skill

V1_IN_FORCE = dt.datetime(2024, 8, 20, 9, tzinfo=dt.UTC)


def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def load_curricula() -> int:
    """Curricula for the programs of the three paper colleges; programs that have one are left alone.
    Returns the number of programs given a curriculum."""
    skills = {s.label_en: s for s in Skill.objects.all()}
    _certificates(skills)
    programs = list(
        Program.objects.filter(college__code__in=[c.code for c in spec.COLLEGES]).select_related("college")
    )
    fresh = [p for p in programs if not p.versions.exists()]
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        for program in fresh:
            _program(program, skills)
        by_code = {p.major_code: p for p in fresh}
        if by_code:
            _changes(by_code, skills)
            _micro_courses(by_code, skills)
            _recognition(by_code)
            _suggestions(by_code, skills)
            _skill_needs(by_code, skills)
    return len(fresh)


def split_bilingual(text: str) -> tuple[str, str]:
    """ "AI 训练师 AI trainer" → ("AI 训练师", "AI trainer"): Chinese up to its last CJK character."""
    last = max((i for i, ch in enumerate(text) if "\u4e00" <= ch <= "\u9fff"), default=-1)
    return text[: last + 1].strip(), text[last + 1 :].strip()


def lead_of(program: Program) -> User:
    return User.objects.get(memberships__role=Role.PROGRAM_LEAD, memberships__program=program)


def _partner(program: Program) -> Organization:
    partnership = (
        Partnership.objects.filter(college=program.college, status="active")
        .select_related("enterprise")
        .order_by("id")
    )
    with_mentors = [
        p.enterprise
        for p in partnership
        if p.enterprise.memberships.filter(role=Role.ENTERPRISE_MENTOR).exists()
    ]
    return with_mentors[0] if with_mentors else partnership[0].enterprise


def _enterprise_person(enterprise: Organization, role: str) -> User:
    return User.objects.filter(memberships__organization=enterprise, memberships__role=role).order_by("id")[0]


def _program(program: Program, skills: dict[str, Skill]) -> None:
    code = program.major_code
    program.field = data.FIELDS[code]
    program.save(update_fields=["field", "updated_at"])
    lead = lead_of(program)
    for position, (direction_text, tasks) in enumerate(
        zip(program.career_directions.splitlines(), data.TASKS[code], strict=True), 1
    ):
        zh, en = split_bilingual(direction_text)
        direction = CareerDirection.objects.create(program=program, name=zh, name_en=en, position=position)
        for name, name_en, needs in tasks:
            task = WorkTask.objects.create(direction=direction, name=name, name_en=name_en)
            TaskCompetency.objects.bulk_create(
                [TaskCompetency(task=task, skill=skills[label], level=level) for label, level in needs]
            )
    version = actions.copy_version(lead, None, program, note="2024 人才培养方案")
    revised = {}
    for course_code, name, name_en, credits, term, revised_on, modules in data.COURSES[code]:
        hours = sum(m[3] for m in modules)
        course = Course.objects.create(
            version=version,
            code=course_code,
            name=name,
            name_en=name_en,
            credits=credits,
            theory_hours=hours // 2,
            practice_hours=hours - hours // 2,
            term=term,
        )
        revised[course_code] = dt.date.fromisoformat(revised_on)
        for module_code, m_name, m_name_en, m_hours, covers in modules:
            module = Module.objects.create(
                course=course,
                code=module_code,
                name=m_name,
                name_en=m_name_en,
                hours=m_hours,
                credits=Decimal(m_hours) / 16,
                outcomes=f"能够完成{m_name}相关典型工作任务",
            )
            levels = dict(covers)
            if (course_code, module_code) == (data.COURSES[code][-1][0], modules[-1][0]):
                for label, level in data.PROJECT_SKILLS:
                    levels[label] = max(levels.get(label, 0), level)
            ModuleCompetency.objects.bulk_create(
                [
                    ModuleCompetency(module=module, skill=skills[label], level=level)
                    for label, level in levels.items()
                ]
            )
    actions.put_in_force(lead, version, "2024-2025-1", now=V1_IN_FORCE)
    for course_code, day in revised.items():
        version.courses.filter(code=course_code).update(revised_on=day)
    CommitteeMember.objects.create(program=program, user=lead, seat=CommitteeMember.Seat.CHAIR)
    # The printed demo logins sit on the committee first, so the loop can be finished with them.
    teachers = (
        User.objects.filter(memberships__organization=program.college, memberships__role=Role.TEACHER)
        .exclude(pk=lead.pk)
        .order_by(Case(When(username__in=COMMITTEE_LOGINS, then=0), default=1), "username")[:2]
    )
    for teacher in teachers:
        CommitteeMember.objects.create(program=program, user=teacher)
    CommitteeMember.objects.create(
        program=program, user=_enterprise_person(_partner(program), Role.ENTERPRISE_MENTOR)
    )


# Teachers with printed logins who sit on the demo program's committee (with program_lead and mentor).
COMMITTEE_LOGINS = ("teacher", "film_t003")


def _add_module(
    actor: User,
    request_version_course: Course,
    code: str,
    name: str,
    name_en: str,
    hours: int,
    covers: list[tuple[Skill, int]],
) -> None:
    module = actions.save_module(
        actor,
        request_version_course,
        {"code": code, "name": name, "name_en": name_en, "hours": hours, "credits": Decimal(hours) / 16},
    )
    for skill, level in covers:
        actions.set_module_competency(actor, module, skill, level)


def _vote_all(program: Program, request, choices: list[str]) -> None:  # type: ignore[no-untyped-def]
    members = list(program.committee.select_related("user").order_by("id"))
    for member, choice in zip(members, choices, strict=False):
        actions.vote(member.user, request, choice, "")


def _assignment(program: Program, skill_label: str) -> AlertAssignment | None:
    return AlertAssignment.objects.filter(program=program, alert__skill__label_en=skill_label).first()


def _changes(programs: dict[str, Program], skills: dict[str, Skill]) -> None:
    approve, reject = ChangeVote.Choice.APPROVE, ChangeVote.Choice.REJECT
    if (program := programs.get("510209")) is not None:
        lead = lead_of(program)
        done = _assignment(program, "model deployment")
        request = actions.open_change_request(
            lead,
            program,
            "《AI 应用开发》新增“模型部署实战”模块",
            "模型部署岗位需求在 2026Q2 增长 50%，企业反馈毕业生不会把模型部署上线。",
            ChangeOrigin.ALERT if done else ChangeOrigin.TEACHER,
            "2026-2027-1",
            alert_assignment=done,
            now=_at("2026-04-02T09:00"),
        )
        course = request.proposed_version.courses.get(code="51020903")
        _add_module(
            lead,
            course,
            "M07",
            "模型部署实战",
            "Model deployment in practice",
            32,
            [(skills["model deployment"], 2), (skills["Docker"], 1)],
        )
        actions.submit_change_request(lead, request, now=_at("2026-04-10T09:00"))
        _vote_all(program, request, [approve, approve, approve, approve])
        actions.decide_change_request(
            lead, request, "委员会一致同意，自 2026-2027 学年第一学期执行。", now=_at("2026-05-20T15:00")
        )
    if (program := programs.get("460301")) is not None:
        lead = lead_of(program)
        request = actions.open_change_request(
            lead,
            program,
            "压缩《液压与气动》课时，增加 PLC 实训",
            "2024 级学生 PLC 编程考核薄弱（班级平均 58 分）。",
            ChangeOrigin.COHORT_WEAKNESS,
            "2026-2027-1",
            now=_at("2025-10-15T09:00"),
        )
        module = Module.objects.get(course__version=request.proposed_version, code="M03")
        actions.save_module(lead, module.course, {"hours": 16}, module=module)
        actions.submit_change_request(lead, request, now=_at("2025-11-20T09:00"))
        _vote_all(program, request, [reject, reject, approve, reject])
        actions.decide_change_request(
            lead,
            request,
            "企业委员认为液压维修仍是设备维修岗核心能力，不宜压缩。",
            now=_at("2026-03-30T15:00"),
        )
    if (program := programs.get("560208")) is not None:
        lead = lead_of(program)
        request = actions.open_change_request(
            lead,
            program,
            "新增 AIGC 视频生成与虚拟制作模块",
            "AIGC 在 2026Q1 新兴，虚拟制作岗位需求上升。",
            ChangeOrigin.TEACHER,
            "2026-2027-2",
        )
        course = request.proposed_version.courses.get(code="56020804")
        _add_module(
            lead,
            course,
            "M08",
            "AIGC 视频生成",
            "AI-generated video",
            16,
            [(skills["AI-generated video production"], 2)],
        )
    if (program := programs.get("510205")) is not None:
        lead = lead_of(program)
        request = actions.open_change_request(
            lead,
            program,
            "新增《Flink 实时计算》课程",
            "部分企业提出实时数仓需求。",
            ChangeOrigin.TEACHER,
            "2026-2027-1",
            now=_at("2026-01-08T09:00"),
        )
        actions.save_course(
            lead,
            request.proposed_version,
            {
                "code": "51020504",
                "name": "Flink 实时计算",
                "name_en": "Real-time Computing with Flink",
                "credits": 3,
                "term": 5,
            },
        )
        actions.withdraw_change_request(lead, request)


def _micro_courses(programs: dict[str, Program], skills: dict[str, Skill]) -> None:
    if (program := programs.get("510209")) is not None:
        lead = lead_of(program)
        course = actions.create_micro_course(
            lead,
            program,
            "大模型推理服务部署实战",
            skills["model deployment"],
            "1. 推理服务框架选型\n2. 容器化部署\n3. 压测与监控",
            alert_assignment=_assignment(program, "model deployment"),
            materials="https://example.cn/mooc/llm-serving",
            module_code="M06",
            now=_at("2026-04-03T09:00"),
        )
        actions.publish_micro_course(lead, course, now=_at("2026-04-28T09:00"))
    if (program := programs.get("560206")) is not None:
        teacher = (
            User.objects.get(username="teacher")
            if User.objects.filter(username="teacher").exists()
            else lead_of(program)
        )
        actions.create_micro_course(
            teacher,
            program,
            "AIGC 视频生成工作流入门",
            skills["AI-generated video production"],
            "1. 文生视频工具对比\n2. 分镜到镜头的生成流程\n3. 版权与伦理",
            module_code="M08",
        )
    if (program := programs.get("510211")) is not None:
        lead = lead_of(program)
        course = actions.create_micro_course(
            lead,
            program,
            "工业互联网平台日常巡检",
            skills["industrial internet operations and maintenance"],
            "1. 巡检清单\n2. 告警处置\n3. 边缘网关维护",
            module_code="M05",
            now=_at("2026-10-12T09:00"),
        )
        actions.publish_micro_course(lead, course, now=_at("2026-11-02T09:00"))


def _certificates(skills: dict[str, Skill]) -> None:
    for code, name, name_en, issuer, kind, level, covers in data.CERTIFICATES:
        certificate, created = Certificate.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "issuer": issuer,
                "issuer_en": data.ISSUERS_EN.get(issuer, ""),
                "kind": kind,
                "level": level,
                "level_en": data.LEVELS_EN.get(level, ""),
            },
        )
        if created:
            CertificateSkill.objects.bulk_create(
                [
                    CertificateSkill(certificate=certificate, skill=skills[label], level=lv)
                    for label, lv in covers
                ]
            )


def _recognition(programs: dict[str, Program]) -> None:
    certificates = {c.code: c for c in Certificate.objects.all()}
    rules = {}
    for major, cert, module, credits in data.RULES:
        if (program := programs.get(major)) is not None:
            rules[(major, cert)] = actions.save_rule(
                lead_of(program), program, certificates[cert], module, Decimal(credits)
            )
    if (rule := rules.get(("560206", "1X-FILM-POST-M"))) is None:
        return
    students = list(
        User.objects.filter(memberships__role=Role.STUDENT, memberships__program=rule.program).order_by(
            "username"
        )[:2]
    )
    student = User.objects.filter(username="student").first() or students[0]
    request = actions.request_recognition(student, rule, "1X-YS-2026-004518", dt.date(2026, 6, 28))
    actions.approve_recognition(lead_of(rule.program), request)
    other = next(s for s in students if s.pk != student.pk)
    actions.request_recognition(
        other, rules[("560206", "SL-CAMERA-4")], "SL-4-440100-2026-0733", dt.date(2026, 9, 12)
    )


# (program whose partner states it, skill, kind, headcount, timeframe, description)
DEMO_NEEDS = [
    (
        "560206",
        "virtual production",
        "technology_update",
        6,
        "12m",
        "2027 年起 LED 虚拟制作棚扩建为两个，需要能操作虚拟制片流程的摄影助理。",
    ),
    (
        "560206",
        "colour grading",
        "skill_need",
        3,
        "6m",
        "招聘调色助理 3 名，熟悉 DaVinci Resolve 与 ACES 流程。",
    ),
    (
        "510209",
        "prompt engineering",
        "skill_need",
        8,
        "now",
        "大模型应用项目扩张，需要提示词工程与评测人员。",
    ),
    (
        "510209",
        "large language model fine-tuning",
        "technology_update",
        2,
        "12m",
        "客服系统将改为私有化部署的微调模型。",
    ),
    (
        "460301",
        "industrial robot commissioning",
        "skill_need",
        12,
        "6m",
        "新产线投产，需要工业机器人调试人员 12 名。",
    ),
    (
        "460301",
        "digital twin",
        "technology_update",
        4,
        "later",
        "车间将建设数字孪生系统，需要懂建模与数据接入的人员。",
    ),
]


def _skill_needs(programs: dict[str, Program], skills: dict[str, Skill]) -> None:
    """Enterprise-stated needs from the partners of three programs (they enter the demand series)."""
    for code, label, kind, headcount, timeframe, description in DEMO_NEEDS:
        program, skill = programs.get(code), skills.get(label)
        if program is None or skill is None:
            continue
        enterprise = _partner(program)
        author = _enterprise_person(enterprise, Role.ENTERPRISE_ADMIN)
        submit_need(author, enterprise, skill, kind, headcount, timeframe, description)


def _suggestions(programs: dict[str, Program], skills: dict[str, Skill]) -> None:
    if (program := programs.get("560206")) is not None:
        author = User.objects.filter(username="enterprise_admin").first() or _enterprise_person(
            _partner(program), Role.ENTERPRISE_ADMIN
        )
        actions.suggest(
            author,
            program,
            "增加 LED 虚拟制作拍摄实训",
            "我司 2026 年起虚拟制作项目占比超过三成，建议增加 LED 墙拍摄实训。",
            skills["virtual production"],
        )
    if (program := programs.get("510205")) is not None:
        author = _enterprise_person(_partner(program), Role.ENTERPRISE_ADMIN)
        suggestion = actions.suggest(
            author, program, "增加 Scala 语言课程", "我司数据平台部分代码使用 Scala。"
        )
        actions.decline_suggestion(
            lead_of(program), suggestion, "Scala 需求在招聘数据中占比很低，已在 Spark 模块中介绍其基本语法。"
        )
    if (program := programs.get("510211")) is not None:
        author = _enterprise_person(_partner(program), Role.ENTERPRISE_ADMIN)
        suggestion = actions.suggest(
            author,
            program,
            "强化工业互联网平台运维实操",
            "毕业生能讲原理，但不会处理平台告警和边缘网关故障。",
            skills["industrial internet operations and maintenance"],
        )
        lead = lead_of(program)
        request = actions.accept_suggestion(
            lead, suggestion, "采纳，已提交专业建设委员会审议。", "2026-2027-2"
        )
        course = request.proposed_version.courses.get(code="51021103")
        _add_module(
            lead,
            course,
            "M07",
            "工业互联网运维实战",
            "Industrial-internet O&M in practice",
            32,
            [
                (skills["industrial internet operations and maintenance"], 3),
                (skills["predictive maintenance"], 2),
            ],
        )
        actions.submit_change_request(lead, request)
        _vote_all(program, request, [ChangeVote.Choice.APPROVE])
