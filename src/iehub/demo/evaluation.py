"""Evaluation demo data, run through ``evaluation.actions`` by the people of the demo projects:

- the film school's policy (enterprise-side evaluators at least 30 %) and an industry rubric for film
  projects (grading, editing, teamwork, problem solving, professional ethics, budget control);
- the accepted city-tourism film: self, peer, teacher and mentor evaluations of each student, and the
  client's director through a single-use outside assessor's link; one teacher correction; a joint
  credential (college and client) for the demo student's best mastered competency;
- the EV brand film: a panel (teacher and mentor) that disagrees, flagged for moderation.
"""

from __future__ import annotations

from iehub.accounts.models import Organization, User
from iehub.demo import colleges as spec
from iehub.evaluation import actions
from iehub.evaluation.models import Criterion, Rubric, Scheme
from iehub.evaluation.portfolio import portfolio_of
from iehub.practice.models import Project, ProjectMember
from iehub.taxonomy.models import Skill

Kind = ProjectMember.Kind
WEIGHTS = {"self": 10, "peer": 10, "teacher": 40, "mentor": 20, "client": 20}
# (skill label, component, name zh, name en, roles that mark it, level descriptors zh, en)
CRITERIA = [
    (
        "colour grading",
        "product",
        "调色质量",
        "Grading quality",
        [],
        ["色彩失衡", "基本一致", "风格统一", "达到播出标准"],
        ["Unbalanced", "Mostly consistent", "Consistent look", "Broadcast ready"],
    ),
    (
        "video editing",
        "product",
        "剪辑节奏",
        "Editing rhythm",
        [],
        ["节奏拖沓", "基本流畅", "节奏鲜明", "节奏服务叙事"],
        ["Drags", "Mostly fluent", "Clear rhythm", "Rhythm serves the story"],
    ),
    (
        "teamwork",
        "teamwork",
        "团队协作",
        "Teamwork",
        ["self", "peer", "teacher", "mentor"],
        ["被动参与", "完成分工", "主动配合", "带动团队"],
        ["Passive", "Does their part", "Supports others", "Lifts the team"],
    ),
    (
        "problem solving",
        "problem_solving",
        "现场问题解决",
        "Solving problems on set",
        ["teacher", "mentor"],
        [],
        [],
    ),
    (
        "professional ethics",
        "ethics",
        "职业道德与保密",
        "Professional ethics and confidentiality",
        ["teacher", "mentor", "client"],
        [],
        [],
    ),
    (
        "film budgeting",
        "cost_schedule",
        "预算与进度控制",
        "Budget and schedule control",
        ["teacher", "mentor"],
        [],
        [],
    ),
]


def _skill(label: str) -> Skill | None:
    return Skill.objects.filter(label_en__iexact=label).order_by("id").first()


def _member(project: Project, kind: str) -> list[User]:
    return [m.user for m in project.members.filter(kind=kind).select_related("user").order_by("id")]


def _rubric(college: Organization, teacher: User) -> Rubric:
    rubric = actions.create_rubric(
        teacher,
        college,
        {
            "name": "影视项目行业评价量表",
            "name_en": "Film project industry rubric",
            "field": "film_tv",
            "levels": 4,
        },
    )
    for label, component, name, name_en, roles, texts, texts_en in CRITERIA:
        skill = _skill(label)
        if skill is not None:
            data = {"component": component, "name": name, "name_en": name_en, "roles": roles}
            actions.add_criterion(
                teacher, rubric, skill, {**data, "descriptors": texts, "descriptors_en": texts_en}
            )
    return rubric


def _marks(criteria: list[Criterion], student: int, role: int) -> dict[int, int]:
    """Levels (1–4) a panel that broadly agrees would give: the student's level, varied by criterion,
    and now and then one level apart between evaluators."""
    base = 3 if student % 2 == 0 else 2
    return {
        c.pk: max(1, min(4, base + (1 if i % 3 == 0 else 0) - (1 if (i + role) % 5 == 4 else 0)))
        for i, c in enumerate(criteria)
    }


def _criteria(scheme: Scheme, role: str) -> list[Criterion]:
    return [c for c in scheme.rubric.criteria.order_by("order", "id") if c.marked_by(role)]


def _evaluate_accepted(scheme: Scheme, project: Project) -> int:
    teachers, mentors, students = (_member(project, k) for k in (Kind.TEACHER, Kind.MENTOR, Kind.STUDENT))
    count = 0
    for n, student in enumerate(students):
        actions.record_evaluation(student, scheme, student, "self", _marks(_criteria(scheme, "self"), n, 0))
        for peer in students:
            if peer != student:
                actions.record_evaluation(
                    peer, scheme, student, "peer", _marks(_criteria(scheme, "peer"), n, 1)
                )
                count += 1
        if teachers:
            first = actions.record_evaluation(
                teachers[0],
                scheme,
                student,
                "teacher",
                _marks(_criteria(scheme, "teacher"), n + 1, 2),
                "中期评价",
            )
            actions.record_evaluation(
                teachers[0],
                scheme,
                student,
                "teacher",
                _marks(_criteria(scheme, "teacher"), n, 3),
                "终期评价：交付版本明显进步",
                corrects=first if n == 0 else None,
            )
            count += 2
        if mentors:
            actions.record_evaluation(
                mentors[0],
                scheme,
                student,
                "mentor",
                _marks(_criteria(scheme, "mentor"), n, 4),
                "现场表现稳定",
            )
            count += 1
        if teachers:
            _link, token = actions.issue_link(teachers[0], scheme, student, "client", "客户方导演 李明")
            actions.evaluate_by_link(token, _marks(_criteria(scheme, "client"), n, 2), "成片达到投放标准")
            count += 2
    return count


def _evaluate_disagreeing(scheme: Scheme, project: Project) -> int:
    teachers, mentors, students = (_member(project, k) for k in (Kind.TEACHER, Kind.MENTOR, Kind.STUDENT))
    if not teachers or not mentors:
        return 0
    for n, student in enumerate(students):
        high, low = (4, 1) if n % 2 == 0 else (1, 4)
        actions.record_evaluation(
            teachers[0],
            scheme,
            student,
            "teacher",
            dict.fromkeys((c.pk for c in _criteria(scheme, "teacher")), high),
        )
        actions.record_evaluation(
            mentors[0],
            scheme,
            student,
            "mentor",
            dict.fromkeys((c.pk for c in _criteria(scheme, "mentor")), low),
        )
    return 2 * len(students)


def _credential(teacher: User) -> None:
    """A joint credential (college + client enterprise) for the demo student's best mastered competency."""
    student = User.objects.filter(username="student").first()
    if student is None:
        return
    mastered = [c for c in portfolio_of(student).competencies if c.mastered]
    if mastered:
        actions.issue_credential(teacher, student, mastered[0].skill)


def load_evaluation() -> int:
    """The film school's evaluation demo; left alone where it already has rubrics. Returns evaluations."""
    film = Organization.objects.filter(code=spec.COLLEGES[0].code).first()
    if film is None or film.rubrics.exists():
        return 0
    accepted = Project.objects.filter(college=film, title="城市文旅宣传片").first()
    running = Project.objects.filter(college=film, title="新能源汽车品牌短片").first()
    teacher = next(iter(_member(accepted, Kind.TEACHER)), None) if accepted else None
    admin = User.objects.filter(username="college_admin").first()
    if accepted is None or teacher is None:
        return 0
    if admin is not None:
        actions.set_policy(admin, film, 30)
    rubric = _rubric(film, teacher)
    count = 0
    scheme = actions.save_scheme(
        teacher, film, {"name": "城市文旅宣传片 · 多方评价", "rubric": rubric, "project": accepted}, WEIGHTS
    )
    count += _evaluate_accepted(scheme, accepted)
    _credential(teacher)
    if running is not None and _member(running, Kind.TEACHER):
        lead = _member(running, Kind.TEACHER)[0]
        panel = actions.save_scheme(
            lead,
            film,
            {"name": "新能源汽车品牌短片 · 阶段评价", "rubric": rubric, "project": running},
            {"teacher": 60, "mentor": 40},
        )
        count += _evaluate_disagreeing(panel, running)
    return count
