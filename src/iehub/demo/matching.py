"""Matching demo data, run through ``matching.actions`` by the demo people:

- the province's officer vets the enterprises that partner with the demo colleges;
- opportunities from those enterprises (internships, apprenticeship places, jobs) with required skills,
  and one from the film school's partner that the demo ``enterprise_admin`` posts;
- applications of film students to the partner's internship in every state (applied to withdrawn),
  the demo ``student``'s own among them, and a matching profile with consent for ``student``;
- a finished allocation round for the AI college's 2024 cohort: students rank 3–6 positions, one
  enterprise ranks its applicants, the allocation is checked for blocking pairs, two overrides with
  reasons, results published;
- stored top matches for the film school's students.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from iehub.accounts.models import Membership, Organization, Partnership, Role, User
from iehub.demo import colleges as spec
from iehub.matching import actions, permissions, queries
from iehub.matching.models import AllocationRound, Application, Opportunity, RoundPosition
from iehub.taxonomy.models import Skill

# (kind, title zh, title en, places, stipend, skill labels with (level, importance))
Opening = tuple[str, str, str, int, int, list[tuple[str, int, int]]]
AI_OPENINGS: list[Opening] = [
    (
        "internship",
        "数据标注质检实习生",
        "Data annotation QA intern",
        12,
        3200,
        [("data annotation", 2, 3), ("annotation quality control", 2, 2), ("Python programming", 1, 1)],
    ),
    (
        "internship",
        "AI 训练师实习生",
        "AI trainer intern",
        10,
        3500,
        [("machine learning", 2, 3), ("Python programming", 2, 2), ("data annotation", 2, 1)],
    ),
    (
        "apprenticeship",
        "智能客服运维学徒",
        "Intelligent customer-service operations apprentice",
        8,
        3800,
        [("natural language processing", 2, 3), ("Linux administration", 1, 2)],
    ),
    (
        "internship",
        "计算机视觉测试实习生",
        "Computer-vision testing intern",
        8,
        3400,
        [("computer vision", 2, 3), ("software testing", 2, 2)],
    ),
    (
        "internship",
        "AI 应用开发实习生",
        "AI application development intern",
        6,
        4000,
        [("Python programming", 3, 3), ("AI application development", 2, 3), ("SQL", 1, 1)],
    ),
    (
        "job",
        "数据分析助理",
        "Data analysis assistant",
        4,
        5500,
        [("data analysis", 2, 3), ("SQL", 2, 2), ("Excel data analysis", 2, 1)],
    ),
]
FILM_OPENING: Opening = (
    "internship",
    "后期调色剪辑实习生",
    "Post-production grading and editing intern",
    6,
    3000,
    [("colour grading", 2, 3), ("video editing", 2, 3), ("teamwork", 2, 1)],
)
STATES = [
    Application.Status.APPLIED,
    Application.Status.SHORTLISTED,
    Application.Status.INTERVIEW,
    Application.Status.OFFER,
    Application.Status.ACCEPTED,
    Application.Status.DECLINED,
    Application.Status.REJECTED,
    Application.Status.WITHDRAWN,
]
PATHS = {
    Application.Status.APPLIED: [],
    Application.Status.SHORTLISTED: [("employer", "shortlisted")],
    Application.Status.INTERVIEW: [("employer", "shortlisted"), ("employer", "interview")],
    Application.Status.OFFER: [("employer", "shortlisted"), ("employer", "offer")],
    Application.Status.ACCEPTED: [
        ("employer", "shortlisted"),
        ("employer", "offer"),
        ("student", "accepted"),
    ],
    Application.Status.DECLINED: [
        ("employer", "shortlisted"),
        ("employer", "offer"),
        ("student", "declined"),
    ],
    Application.Status.REJECTED: [("employer", "rejected")],
    Application.Status.WITHDRAWN: [("student", "withdrawn")],
}
MESSAGES = {
    "shortlisted": "您的作品集很扎实，我们想进一步了解。",
    "interview": "面试安排在下周二下午两点，地点在公司调色室。",
    "offer": "恭喜！我们为您提供实习岗位，请在一周内答复。",
    "accepted": "谢谢，我接受这个岗位。",
    "declined": "感谢机会，我已接受了另一家企业的岗位。",
    "rejected": "感谢投递，本次岗位已满。",
    "withdrawn": "抱歉，我决定继续参加学校的项目，撤回申请。",
}


def _skill(label: str) -> Skill | None:
    return Skill.objects.filter(label_en__iexact=label).first()


def _admin_of(enterprise: Organization) -> User | None:
    seat = Membership.objects.filter(
        organization=enterprise, role=Role.ENTERPRISE_ADMIN, is_active=True
    ).first()
    return seat.user if seat else None


def _post(admin: User, enterprise: Organization, opening: Opening, today: dt.date) -> Opportunity:
    kind, title, title_en, places, stipend, skills = opening
    lines = [
        actions.RequiredSkill(skill, level, importance)
        for label, level, importance in skills
        if (skill := _skill(label)) is not None
    ]
    starts = today + dt.timedelta(days=60)
    data = {
        "kind": kind,
        "title": title,
        "title_en": title_en,
        "description": f"{enterprise.name}招聘{title}，要求："
        + "、".join(line.skill.label_zh for line in lines)
        + "。",
        "region_code": enterprise.region_code,
        "places": places,
        "starts_on": starts,
        "ends_on": starts + dt.timedelta(days=150),
        "apply_by": today + dt.timedelta(days=30),
        "stipend_monthly": Decimal(stipend),
        "probation_wage": Decimal(stipend),
    }
    opportunity = actions.save_opportunity(admin, enterprise, data, lines)
    return actions.publish_opportunity(admin, opportunity)


def _vet(officer: User, enterprises: list[Organization]) -> None:
    """The province's officer vets its enterprises; the platform administrator those of other provinces."""
    platform = User.objects.get(username="admin")
    for enterprise in enterprises:
        actor = officer if permissions.may_vet(officer, enterprise) else platform
        actions.vet_organization(actor, enterprise, "营业执照与社保缴纳记录已核验")


def _applications(opportunity: Opportunity, students: list[User], employer: User) -> int:
    for student, state in zip(students, STATES, strict=False):
        application = actions.apply(student, opportunity, "附上我的课程作品和实训项目。", consent=True)
        for side, step in PATHS[state]:
            actor = employer if side == "employer" else student
            actions.move_application(actor, application, step, MESSAGES[step])
    return min(len(students), len(STATES))


def _round(
    college: Organization, runner: User, positions: list[Opportunity], rng: random.Random
) -> AllocationRound:
    program = college.programs.order_by("pk").first()
    allocation = actions.create_round(
        runner,
        college,
        {"name": "2024级顶岗实习双选会（第一轮）", "program": program, "cohort": 2024, "max_choices": 6},
    )
    created = [actions.add_position(runner, allocation, o, min(o.places, 8)) for o in positions]
    actions.set_round_status(runner, allocation, AllocationRound.Status.OPEN)
    students = list(User.objects.filter(pk__in=queries.round_student_ids(allocation)).order_by("pk"))
    weights = [1.0 / (i + 1) for i in range(len(created))]
    for n, student in enumerate(students):
        if n % 10 == 9:
            continue  # a few never rank: they stay out of the round
        if n % 3 != 2:
            actions.save_profile(student, {"share_with_enterprises": True, "regions": ["440000"]})
        chosen: list[RoundPosition] = []
        while len(chosen) < rng.randint(3, 6):
            pick = rng.choices(created, weights)[0]
            if pick not in chosen:
                chosen.append(pick)
        actions.set_choices(student, allocation, [p.pk for p in chosen])
    actions.set_round_status(runner, allocation, AllocationRound.Status.CLOSED)
    first = created[0]
    employer = _admin_of(first.opportunity.organization)
    if employer is not None:
        applicants = [row[0].pk for row in queries.round_applicants(first, queries.round_scores(allocation))]
        rng.shuffle(applicants)
        actions.rank_applicants(employer, first, applicants)
    actions.solve_round(runner, allocation, queries.round_scores(allocation))
    current = queries.current_assignments(allocation)
    placed = [a for a in current.values() if a.position is not None]
    if placed:
        leaving = placed[-1]
        freed = leaving.position
        assert freed is not None
        actions.override(
            runner,
            allocation,
            User.objects.get(pk=leaving.student_id),
            None,
            "学生因病休学一学期，本轮不安排岗位，复学后单独安排。",
        )
        waiting = [
            sid
            for sid, a in current.items()
            if a.position_id is None and freed.choices.filter(student_id=sid).exists()
        ]
        if waiting:
            actions.override(
                runner,
                allocation,
                User.objects.get(pk=waiting[0]),
                freed,
                "休学学生空出的名额，按学院实习工作小组决定调剂给填报了该岗位的候补学生。",
            )
    actions.publish_round(runner, allocation)
    return allocation


def load_matching() -> str:
    """Run the matching demo (once: a second load finds the round and adds nothing)."""
    if AllocationRound.objects.exists():
        return "already loaded"
    rng = random.Random(2026)
    today = timezone.localdate()
    officer = User.objects.get(username="gov_officer")
    film = Organization.objects.get(code=spec.COLLEGES[0].code)
    ai = Organization.objects.get(code=spec.COLLEGES[1].code)
    partners = list(
        Organization.objects.filter(
            id__in=Partnership.objects.active().filter(college__in=[film, ai]).values("enterprise_id")
        ).order_by("pk")
    )
    _vet(officer, partners)
    ai_partners = [
        e
        for e in partners
        if Partnership.objects.active().filter(college=ai, enterprise=e).exists() and _admin_of(e) is not None
    ]
    posted = []
    for n, opening in enumerate(AI_OPENINGS):
        enterprise = ai_partners[n % len(ai_partners)]
        posted.append(_post(_admin_of(enterprise), enterprise, opening, today))  # type: ignore[arg-type]
    employer = User.objects.get(username="enterprise_admin")
    film_partner = Organization.objects.filter(
        memberships__user=employer, memberships__role=Role.ENTERPRISE_ADMIN
    ).first()
    assert film_partner is not None
    film_opening = _post(employer, film_partner, FILM_OPENING, today)
    demo_student = User.objects.get(username="student")
    actions.save_profile(
        demo_student,
        {
            "share_with_enterprises": True,
            "regions": ["440000"],
            "industries": ["R", "I"],
            "enterprise_types": ["private"],
        },
    )
    classmates = list(
        User.objects.filter(memberships__organization=film, memberships__role=Role.STUDENT)
        .exclude(pk=demo_student.pk)
        .order_by("pk")[: len(STATES) - 1]
    )
    applications = _applications(film_opening, [*classmates[:4], demo_student, *classmates[4:]], employer)
    allocation = _round(
        ai, User.objects.get(username="ai_admin"), [o for o in posted if o.kind != "job"], rng
    )
    film_students = list(
        Membership.objects.filter(organization=film, role=Role.STUDENT).values_list("user_id", flat=True)[
            :200
        ]
    )
    stored = queries.recompute_scores(film_students)
    placed = sum(1 for a in queries.current_assignments(allocation).values() if a.position_id)
    return f"{len(posted) + 1} opportunities, {applications} applications, {placed} placed, {stored} scores"
