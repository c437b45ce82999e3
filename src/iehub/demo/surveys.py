"""Demo surveys of the film college: the enterprise cooperation survey answered by the 175 surveyed
enterprises (their ownership, scale and recognition as the papers report, so the results page shows the
papers' sample table), a graduate tracking survey in progress through handed-out links, and a draft
student experience survey. Answers follow the papers' shares (forms of cooperation, 18.99 % sending
curriculum suggestions) with seeded noise; open comments carry a small coding frame."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from iehub.accounts.models import Membership, Organization, OrgKind, Role, User
from iehub.surveys import actions, queries
from iehub.surveys.models import Code, CodedSegment, Invitation, Response, Survey, SurveyStatus

SEED = 1919
FORM_SHARES = {
    "internships": 0.8343,
    "curriculum": 0.5029,
    "training_centre": 0.25,
    "research": 0.15,
    "platform": 0.0743,
    "apprenticeship": 0.2,
}
COMPETENCIES = (
    "professional",
    "digital",
    "teamwork",
    "communication",
    "problem_solving",
    "learning",
    "safety",
    "innovation",
)
QUALITIES = ("knowledge", "practical", "attitude", "adaptability", "cooperation")
ENTERPRISE_COMMENTS = (
    ("希望增加真实项目的实训课时", "实训"),
    ("学生的调色和后期软件操作需要加强", "软件技能"),
    ("实习期太短，建议延长到六个月", "实习安排"),
    ("沟通及时，希望继续合作开发课程", "课程共建"),
    ("希望学校提前告知实习生名单，便于安排导师", "实习安排"),
    ("学生职业素养较好，但现场安全意识不足", "安全规范"),
)
NEEDED_SKILLS = (
    "调色和虚拟制片",
    "短视频运营",
    "三维动画、剪辑",
    "Python 和机器学习",
    "PLC 编程、工业机器人运维",
)
VALUED = (
    "对“{}”能力的重视程度（1 = 不重要 … 5 = 非常重要）",
    "How much you value {} (1 = not … 5 = very much)",
)
USED = (
    "工作中用到“{}”的程度（1 = 从不 … 5 = 经常）",
    "How much your work uses {} (1 = never … 5 = all the time)",
)
GRADUATE_COMMENTS = ("多安排企业项目", "希望增加 AI 工具的课程", "实习帮助很大", "课程内容更新太慢")


def _rating(rng: random.Random, centre: float) -> int:
    return max(1, min(5, round(rng.gauss(centre, 0.8))))


def _enterprise_answers(rng: random.Random, enterprise: Organization) -> dict[str, object]:
    level = rng.uniform(2.8, 4.6)  # how much the enterprise values the college: drives its ratings
    forms = [form for form, share in FORM_SHARES.items() if rng.random() < share] or ["internships"]
    suggested = rng.random() < 0.1899
    answers: dict[str, object] = {
        "ownership": enterprise.ownership or "other",
        "scale": enterprise.scale or "small",
        "recognition": enterprise.recognition or "none",
        "employees": {
            "small": rng.randint(12, 99),
            "medium": rng.randint(100, 999),
            "large": rng.randint(1000, 9000),
        }[enterprise.scale or "small"],
        "forms": forms,
        "suggested_curriculum": "yes" if suggested else "no",
        "importance": {item: _rating(rng, level + 0.3) for item in COMPETENCIES},
        "student_rating": {item: _rating(rng, level) for item in QUALITIES},
        "satisfaction": _rating(rng, level),
    }
    if suggested:
        answers["suggestion_topic"] = rng.choice(("增加调色实训", "引入虚拟制片流程", "开设短视频运营课程"))
    if rng.random() < 0.35:
        answers["comments"] = rng.choice(ENTERPRISE_COMMENTS)[0]
    if rng.random() < 0.3:
        answers["needed_skills"] = rng.choice(NEEDED_SKILLS)
    return answers


def _graduate_answers(rng: random.Random) -> dict[str, object]:
    status = rng.choices(
        ("employed", "self_employed", "further_study", "seeking", "other"), (70, 6, 14, 7, 3)
    )[0]
    answers: dict[str, object] = {"status": status, "teaching_satisfaction": _rating(rng, 3.9)}
    if status in ("employed", "self_employed"):
        answers |= {
            "relevance": _rating(rng, 3.6),
            "salary": rng.choices(("lt4000", "4000_6000", "6000_8000", "gt8000"), (15, 45, 28, 12))[0],
            "months_to_job": rng.choice((0, 1, 1, 2, 3, 4, 6)),
            "job_satisfaction": _rating(rng, 3.7),
            "used": {item: _rating(rng, 3.5) for item in COMPETENCIES},
        }
    if rng.random() < 0.3:
        answers["comments"] = rng.choice(GRADUATE_COMMENTS)
    return answers


def load_surveys() -> int:
    """Write the demo surveys once (a second run adds nothing); returns the number of responses."""
    admin_membership = (
        Membership.objects.filter(user__username="college_admin", role=Role.COLLEGE_ADMIN)
        .select_related("user", "organization")
        .first()
    )
    if admin_membership is None or Survey.objects.exists():
        return 0
    admin, college = admin_membership.user, admin_membership.organization
    rng = random.Random(SEED)
    now = timezone.now()
    enterprises = list(Organization.objects.filter(kind=OrgKind.ENTERPRISE).order_by("pk")[:175])

    cooperation = actions.create_from_template(admin, college, "enterprise_cooperation")
    tied = _competency_questions(admin, cooperation, "importance_of", VALUED)
    Survey.objects.filter(pk=cooperation.pk).update(
        status=SurveyStatus.CLOSED, closes_on=timezone.localdate() - dt.timedelta(days=30)
    )
    links = Invitation.objects.bulk_create(
        Invitation(survey=cooperation, organization=enterprise, created_by=admin)
        for enterprise in enterprises
    )
    responses = Response.objects.bulk_create(
        Response(
            survey=cooperation,
            invitation=link,
            answers=_enterprise_answers(rng, enterprise) | {code: _rating(rng, 4.1) for code in tied},
            submitted_at=now - dt.timedelta(days=rng.randint(31, 60)),
        )
        for link, enterprise in zip(links, enterprises, strict=True)
    )
    _coding_frame(cooperation, responses, admin)
    actions.send_stated_needs(admin, cooperation)  # the skills they named join the demand database

    graduates = actions.create_from_template(admin, college, "graduate_tracking")
    used = _competency_questions(admin, graduates, "use_of", USED)
    Survey.objects.filter(pk=graduates.pk).update(
        status=SurveyStatus.OPEN, closes_on=timezone.localdate() + dt.timedelta(days=30)
    )
    alumni = list(
        Membership.objects.filter(organization=college, role=Role.STUDENT)
        .order_by("cohort", "pk")
        .values_list("user_id", flat=True)[:60]
    )
    handed_out = Invitation.objects.bulk_create(
        [Invitation(survey=graduates, person_id=person, created_by=admin) for person in alumni]
        + [
            Invitation(survey=graduates, label="2025届毕业生", created_by=admin)
            for _ in range(120 - len(alumni))
        ]
    )
    written = Response.objects.bulk_create(
        [
            Response(
                survey=graduates,
                invitation=link,
                answers=_graduate_answers(rng) | {code: _rating(rng, 3.2) for code in used},
                submitted_at=now,
            )
            for link in handed_out[:78]
        ]
        + [
            Response(survey=graduates, invitation=link, answers={"status": "employed"})
            for link in handed_out[78:88]
        ]
    )
    actions.create_from_template(admin, college, "student_experience")
    return len(responses) + len(written)


def _competency_questions(admin: User, survey: Survey, prefix: str, texts: tuple[str, str]) -> list[str]:
    """Three rating questions tied to competencies of the college's curricula (taught, valued, used)."""
    zh, en = texts
    codes = []
    for index, skill in enumerate(queries.curriculum_competencies(survey)[:3], start=1):
        code = f"{prefix}_{index}"
        fields = {"code": code, "kind": "likert5", "skill": skill.pk, "text": zh.format(skill.label_zh)}
        fields["text_en"] = en.format(skill.label_en)
        actions.add_question(admin, survey, None, "关键能力", fields)
        codes.append(code)
    return codes


def _coding_frame(survey: Survey, responses: list[Response], admin: object) -> None:
    """The college's coding of the enterprises' comments (one code per kind of remark)."""
    codes = {
        label: Code.objects.create(survey=survey, label=label)
        for label in {c for _, c in ENTERPRISE_COMMENTS}
    }
    question = survey.questions.get(code="comments")
    by_text = dict(ENTERPRISE_COMMENTS)
    CodedSegment.objects.bulk_create(
        CodedSegment(
            response=response,
            question=question,
            code=codes[by_text[str(response.answers["comments"])]],
            excerpt=str(response.answers["comments"]),
            created_by_id=getattr(admin, "pk", None),
        )
        for response in responses
        if response.answers.get("comments")
    )
