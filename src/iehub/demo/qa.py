"""Q&A demo data through ``practice.actions.qa``: the demo student's questions on the film school's
grading suite, LED stage and brand film, answered by ``teacher`` and ``mentor``, two accepted and one in
the FAQ; an English question in the AI college."""

from __future__ import annotations

from iehub.accounts.models import Membership, Organization, Role, User
from iehub.demo import colleges as spec
from iehub.practice import permissions
from iehub.practice.actions import qa as actions
from iehub.practice.models import Equipment, Project, TrainingBase

FILM = [
    (
        "达芬奇调色台导出 4K 时显存不足怎么办？",
        "渲染到一半报 GPU 内存不足，时间线是 4K ProRes 素材。",
        "equipment",
        "teacher",
        "在项目设置里把渲染缓存改为用户模式，只缓存调色节点；素材多时先生成优化媒体再导出。",
        True,
    ),
    (
        "LED 虚拟制作墙开机顺序是什么？",
        "",
        "base",
        "mentor",
        "先开配电柜和处理器，再开 LED 箱体，最后启动追踪系统和渲染服务器；关机顺序相反。",
        True,
    ),
    (
        "宣传片的调色参考片由谁提供？",
        "客户只给了品牌色号。",
        "project",
        "mentor",
        "参考片由导演组和客户在策划阶段确认，写进交付物规格；没有参考片时先按品牌色做两版样片给客户选。",
        False,
    ),
]


def _user(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def _first(college: Organization, role: str) -> User | None:
    membership = (
        Membership.objects.filter(organization=college, role=role, is_active=True).order_by("id").first()
    )
    return membership.user if membership else None


def load_questions() -> int:
    """The demo questions; colleges with questions are left alone. Returns questions asked."""
    asked = 0
    colleges = [Organization.objects.filter(code=c.code).first() for c in spec.COLLEGES]
    film, ai = ([*colleges, None, None])[:2]
    if film is not None and not film.questions.exists():
        student, teacher = (
            _user("student") or _first(film, Role.STUDENT),
            _user("teacher") or _first(film, Role.TEACHER),
        )
        lab = TrainingBase.objects.filter(college=film, location=TrainingBase.Location.ON_CAMPUS).first()
        stage = TrainingBase.objects.filter(college=film, location=TrainingBase.Location.OFF_CAMPUS).first()
        grading = Equipment.objects.filter(base=lab, code="PG-01").first() if lab else None
        project = Project.objects.filter(college=film, confidential=False).order_by("id").first()
        mentor = _user("mentor")
        for title, body, tag, who, reply_text, accept in FILM:
            if student is None or teacher is None:
                break
            tags = {
                "equipment": {"equipment": grading, "base": lab},
                "base": {"base": stage},
                "project": {"project": project},
            }[tag]
            question = actions.ask(student, film, title, body, **tags)
            replier = (
                mentor if who == "mentor" and mentor and permissions.may_answer(mentor, question) else teacher
            )
            reply = actions.answer(replier, question, reply_text)
            if accept:
                actions.accept_answer(student, question, reply)
                actions.set_faq(teacher, question, True)
            asked += 1
    if ai is not None and not ai.questions.exists():
        student, teacher = _first(ai, Role.STUDENT), _first(ai, Role.TEACHER)
        if student is not None and teacher is not None:
            question = actions.ask(
                student, ai, "Why does rendering the training curves in the notebook freeze the kernel?"
            )
            reply = actions.answer(
                teacher, question, "Plot every 100th step, or write the metrics to TensorBoard."
            )
            actions.accept_answer(student, question, reply)
            asked += 1
    return asked
