"""Reads of surveys, always scoped to the reader: lists, response rates, results and exports.

Analyses run on the submitted responses only (a partial answer is not data yet) and state the n they
used; the statistics themselves are the engines' (``engines.statistics``), checked against pingouin,
factor_analyzer and scipy in the parity tests.
"""

from __future__ import annotations

import math
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas
import pyreadstat
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language

from iehub.accounts.models import Membership, Organization, Partnership, User
from iehub.accounts.roles import Role
from iehub.core import data_versions
from iehub.core.models import VIEW
from iehub.core.scopes import SURVEY_FORMS
from iehub.core.tabular import write_csv, write_xlsx
from iehub.curriculum.models import ClassGroup, ModuleCompetency, Program
from iehub.engines import questionnaire as q
from iehub.engines import statistics
from iehub.surveys.models import (
    Audience,
    Code,
    CodedSegment,
    Invitation,
    Question,
    Response,
    Section,
    Survey,
    SurveyStatus,
)
from iehub.taxonomy.models import Skill

# Read by pages only (kept pages, core.kept_pages), so outside every scope.
data_versions.register({SURVEY_FORMS: ("surveys_section",)}, in_every_scope=False)

MAX_TEXT_ANSWERS_SHOWN = 50


def surveys_for(user: User) -> QuerySet[Survey]:
    """The surveys the user may read, with their link and response counts.

    Each count is its own subquery: joining both tables and counting distinct rows multiplies every
    survey's links by its responses before counting (45 ms for the platform administrator's list on
    the large demo)."""
    return (
        Survey.objects.restrict(user, VIEW)
        .select_related("college")
        .annotate(
            links=_count_of(Invitation.objects.all()),
            submitted=_count_of(Response.objects.filter(submitted_at__isnull=False)),
        )
    )


def _count_of(rows: QuerySet[Any]) -> Coalesce:
    """How many of ``rows`` belong to the outer survey (0 when none), as a correlated subquery."""
    counted = (
        rows.filter(survey=OuterRef("pk")).order_by().values("survey").annotate(n=Count("*")).values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@dataclass(frozen=True)
class Progress:
    links: int
    opened: int  # started (saved at least once) or submitted
    submitted: int
    imported: int

    @property
    def rate(self) -> float | None:
        """Submitted through links, of the links sent (the response rate)."""
        return None if not self.links else 100 * (self.submitted - self.imported) / self.links


def progress(survey: Survey) -> Progress:
    counts = Response.objects.filter(survey=survey).aggregate(
        opened=Count("pk", filter=Q(invitation__isnull=False)),
        submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
        imported=Count("pk", filter=Q(source="import")),
    )
    links = Invitation.objects.filter(survey=survey, revoked_at__isnull=True).count()
    return Progress(links, counts["opened"], counts["submitted"], counts["imported"])


def links_for(user: User) -> list[Invitation]:
    """The survey links waiting for the user: addressed to them, or to an organisation where they are an
    administrator or mentor; open surveys, not withdrawn, not yet submitted."""
    if not user.is_authenticated:
        return []
    organizations = Membership.objects.filter(
        user_id=user.pk,
        is_active=True,
        role__in=(Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_MENTOR, Role.COLLEGE_ADMIN, Role.GOVERNMENT_OFFICER),
    ).values("organization_id")
    today = timezone.localdate()
    waiting = (
        Invitation.objects.filter(
            Q(person_id=user.pk) | Q(person__isnull=True, organization_id__in=organizations)
        )
        .filter(revoked_at__isnull=True, survey__status=SurveyStatus.OPEN)
        .filter(Q(survey__closes_on__isnull=True) | Q(survey__closes_on__gte=today))
        .exclude(response__submitted_at__isnull=False)
        .select_related("survey__college", "organization")
        .order_by("survey__closes_on", "pk")
    )
    return list(waiting[:100])


def invitations_of(survey: Survey) -> QuerySet[Invitation]:
    return survey.invitations.select_related("organization", "person", "response").order_by("pk")


def partner_enterprises(survey: Survey) -> list[Organization]:
    """The enterprises the survey's college is actively partnered with (whom it usually asks)."""
    partners = Partnership.objects.filter(college_id=survey.college_id, status=Partnership.Status.ACTIVE)
    return list(
        Organization.objects.filter(pk__in=partners.values("enterprise_id"), is_active=True).order_by("name")
    )


def curriculum_competencies(survey: Survey) -> QuerySet[Skill]:
    """The competencies of the college's curricula (module competencies and programs' key skills): the
    skills a question can be tied to, so answers read beside what is taught. Bounded by the college's
    curricula, not by the taxonomy's size (an ESCO import has 14,000 skills)."""
    taught = ModuleCompetency.objects.filter(module__course__version__program__college_id=survey.college_id)
    keys = Program.key_skills.through.objects.filter(program__college_id=survey.college_id)
    return Skill.objects.filter(
        Q(pk__in=taught.values("skill_id")) | Q(pk__in=keys.values("skill_id")), is_active=True
    ).order_by("field", "label_en")


def class_groups(survey: Survey) -> list[ClassGroup]:
    """The college's classes, newest cohort first, to send a survey to their students or graduates."""
    return list(
        ClassGroup.objects.filter(program__college_id=survey.college_id)
        .select_related("program")
        .order_by("-cohort", "program__major_code", "name")
    )


def students_of(survey: Survey, class_group_ids: Sequence[int]) -> QuerySet[User]:
    """The active students of the chosen classes of the survey's college."""
    members = Membership.objects.filter(
        organization_id=survey.college_id,
        role=Role.STUDENT,
        is_active=True,
        class_group_id__in=list(class_group_ids),
    )
    return User.objects.filter(pk__in=members.values("user_id"), is_active=True)


def questions_of(survey: Survey) -> list[Question]:
    return list(survey.questions.select_related("section", "skill").order_by("position"))


@dataclass(frozen=True)
class Subset:
    """The respondents who gave one answer to a choice question ("only the large enterprises")."""

    question: Question
    value: str

    def keeps(self, answers: dict[str, Any]) -> bool:
        given = answers.get(self.question.code)
        return self.value in given if isinstance(given, list) else given == self.value

    @property
    def label(self) -> str:
        option = dict(self.question.display_options()).get(self.value, self.value)
        return f"{self.question.display_text}: {option}"


def subset_choices(survey: Survey) -> list[tuple[str, str]]:
    """Every option of the choice questions, as ``question-id:value`` and its label, for the filter."""
    return [
        (f"{question.pk}:{value}", f"{question.code} = {label}")
        for question in questions_of(survey)
        if question.kind in (q.SINGLE, q.MULTIPLE)
        for value, label in question.display_options()
    ]


def subset_of(survey: Survey, chosen: str | None) -> Subset | None:
    """The subset named by ``question-id:value`` (None when it names nothing of this survey)."""
    question_id, _colon, value = (chosen or "").partition(":")
    if not question_id.isdigit() or len(question_id) > 12:
        return None
    question = Question.objects.filter(
        survey=survey, pk=int(question_id), kind__in=(q.SINGLE, q.MULTIPLE)
    ).first()
    if question is None or value not in dict(question.display_options()):
        return None
    return Subset(question, value)


def by_section(questions: Sequence[Question]) -> list[tuple[Section, list[Question]]]:
    """Questions (in position order) grouped under their sections, for the survey and answer pages."""
    sections: list[tuple[Section, list[Question]]] = []
    for question in questions:
        if not sections or sections[-1][0].pk != question.section_id:
            sections.append((question.section, []))
        sections[-1][1].append(question)
    return sections


def submitted_answers(survey: Survey, subset: Subset | None = None) -> list[dict[str, Any]]:
    """The answers of the submitted responses (of a subset of respondents when given)."""
    answers = list(
        Response.objects.filter(survey=survey, submitted_at__isnull=False)
        .order_by("pk")
        .values_list("answers", flat=True)
    )
    return [a for a in answers if subset.keeps(a)] if subset else answers


@dataclass(frozen=True)
class IndicatorAnswer:
    """One submitted answer to a question tied to an indicator (``Question.kpi``)."""

    college: Organization
    survey: Survey
    response_id: int
    submitted_at: Any
    value: float


def indicator_answers(colleges: Sequence[int], key: str, since: Any) -> list[IndicatorAnswer]:
    """The numeric answers, submitted since ``since`` to the colleges' surveys, of the questions tied to
    the indicator ``key`` — how survey results feed the quality indicators (three queries)."""
    questions = Question.objects.filter(survey__college_id__in=colleges, kpi=key).values_list(
        "survey_id", "code"
    )
    codes: dict[int, list[str]] = {}
    for survey_id, code in questions.values_list("survey_id", "code"):
        codes.setdefault(survey_id, []).append(code)
    surveys = Survey.objects.select_related("college").in_bulk(list(codes))
    found = []
    responses = Response.objects.filter(
        survey_id__in=list(codes), submitted_at__isnull=False, submitted_at__gte=since
    ).order_by("submitted_at", "pk")
    for response_id, survey_id, submitted_at, answers in responses.values_list(
        "pk", "survey_id", "submitted_at", "answers"
    ):
        survey = surveys[survey_id]
        for code in codes[survey_id]:
            value = answers.get(code)
            if isinstance(value, int | float) and not isinstance(value, bool):
                found.append(IndicatorAnswer(survey.college, survey, response_id, submitted_at, float(value)))
    return found


# --- results -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    percent: float  # of the respondents who answered the question


@dataclass
class QuestionResult:
    question: Question
    answered: int
    total: int
    rows: list[Row] = field(default_factory=list)  # choices: each option's count and %
    mean: float | None = None
    sd: float | None = None
    median: float | None = None
    items: list[tuple[str, int, float | None, float | None]] = field(default_factory=list)  # matrix rows
    alpha: statistics.Alpha | None = None
    texts: list[tuple[str, int]] = field(default_factory=list)  # distinct open answers, most given first

    @property
    def chart(self) -> dict[str, Any]:
        """ECharts options of the question's bar chart: % per option, or the mean of each matrix row."""
        values: list[float | None]
        if self.rows and self.question.kind != q.RANKING:
            labels, values, axis = [r.label for r in self.rows], [round(r.percent, 1) for r in self.rows], 100
        elif self.items:
            labels, values, axis = (
                [i[0] for i in self.items],
                [_round(i[2]) for i in self.items],
                self.question.scale,
            )
        else:
            return {}
        return {
            "grid": {"left": 8, "right": 24, "top": 8, "bottom": 8, "containLabel": True},
            "tooltip": {"trigger": "axis"},
            "xAxis": {"type": "value", "min": 0, "max": axis},
            "yAxis": {"type": "category", "inverse": True, "data": labels},
            "series": [{"type": "bar", "data": values, "label": {"show": True, "position": "right"}}],
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _describe(values: Sequence[float]) -> tuple[float | None, float | None, float | None]:
    if not values:
        return None, None, None
    array = np.asarray(values, dtype=float)
    sd = float(array.std(ddof=1)) if len(array) > 1 else None
    return float(array.mean()), sd, float(np.median(array))


def _matrix(question: Question, answers: Sequence[dict[str, Any]]) -> np.ndarray:
    """Respondents × rows of a matrix question (NaN where a row was not rated)."""
    codes = [item["value"] for item in question.items]
    rows = [[float((a.get(question.code) or {}).get(code, math.nan)) for code in codes] for a in answers]
    return np.asarray(rows, dtype=float).reshape(len(rows), len(codes))  # 0 × k when nobody answered


def _question_result(
    question: Question, answers: Sequence[dict[str, Any]], show_texts: bool
) -> QuestionResult:
    engine = question.engine()
    values = [a.get(question.code) for a in answers]
    given: list[Any] = [v for v in values if v not in (None, "", [], {})]
    result = QuestionResult(question, len(given), len(answers))
    if question.kind in (q.SINGLE, q.MULTIPLE):
        counts, answered = q.choice_counts(engine, values)
        labels = dict(question.display_options())
        result.rows = [
            Row(labels[value], count, 100 * count / answered if answered else 0.0)
            for value, count in counts.items()
        ]
    elif question.kind == q.RANKING:
        labels = dict(question.display_options())
        for value, label in labels.items():
            ranks = [order.index(value) + 1 for order in given if value in order]
            mean, _, _ = _describe(ranks)
            result.rows.append(Row(label, len(ranks), mean or 0.0))
    elif question.kind in (q.LIKERT5, q.LIKERT7, q.NUMERIC):
        result.mean, result.sd, result.median = _describe([float(v) for v in given])
        if question.kind != q.NUMERIC:  # a rating's distribution, point by point
            result.rows = [
                Row(str(point), count, 100 * count / len(given) if given else 0.0)
                for point in range(1, engine.points + 1)
                for count in [sum(1 for v in given if v == point)]
            ]
    elif question.kind == q.MATRIX:
        matrix = _matrix(question, answers)
        for column, (_, label) in enumerate(question.display_items()):
            rated = matrix[:, column][~np.isnan(matrix[:, column])]
            mean, sd, _ = _describe(list(rated))
            result.items.append((label, len(rated), mean, sd))
        try:
            result.alpha = statistics.cronbach_alpha(matrix, missing="listwise")
        except (ValueError, ZeroDivisionError, FloatingPointError):
            result.alpha = None
    elif show_texts:
        result.texts = Counter(str(v) for v in given).most_common(MAX_TEXT_ANSWERS_SHOWN)
    return result


def results(survey: Survey, show_texts: bool = True, subset: Subset | None = None) -> list[QuestionResult]:
    """Each question's result over the submitted responses (open answers listed only when allowed)."""
    answers = submitted_answers(survey, subset)
    with np.errstate(all="ignore"):
        return [_question_result(question, answers, show_texts) for question in questions_of(survey)]


def sample_structure(survey: Survey, codes: Sequence[str]) -> list[QuestionResult]:
    """The papers' sample-structure table: n and % of each answer of the profile questions."""
    wanted = set(codes)
    return [result for result in results(survey, show_texts=False) if result.question.code in wanted]


def single_choice_questions(survey: Survey) -> list[Question]:
    return [question for question in questions_of(survey) if question.kind == q.SINGLE]


def rated_questions(survey: Survey) -> list[Question]:
    return [
        question for question in questions_of(survey) if question.kind in (q.LIKERT5, q.LIKERT7, q.NUMERIC)
    ]


@dataclass(frozen=True)
class Crosstab:
    rows: list[str]
    columns: list[str]
    counts: list[list[int]]
    test: statistics.Crosstab | None

    @property
    def table(self) -> list[tuple[str, list[int]]]:
        return list(zip(self.rows, self.counts, strict=True))


def crosstab(survey: Survey, row: Question, column: Question, subset: Subset | None = None) -> Crosstab:
    """Counts of two single-choice questions against each other, with Pearson's χ² and Cramér's V."""
    answers = [
        a
        for a in submitted_answers(survey, subset)
        if a.get(row.code) is not None and a.get(column.code) is not None
    ]
    row_options, column_options = row.display_options(), column.display_options()
    counts = [
        [sum(1 for a in answers if a[row.code] == r and a[column.code] == c) for c, _ in column_options]
        for r, _ in row_options
    ]
    try:
        test = statistics.crosstab([a[row.code] for a in answers], [a[column.code] for a in answers])
    except (ValueError, ZeroDivisionError):
        test = None
    return Crosstab([label for _, label in row_options], [label for _, label in column_options], counts, test)


@dataclass(frozen=True)
class GroupComparison:
    groups: list[tuple[str, int, float | None, float | None]]  # label, n, mean, sd
    test_name: str
    statistic: float | None
    p: float | None
    df: tuple[float, ...]
    tukey: list[tuple[str, str, float, float]]  # the two groups' labels, mean difference, p
    kruskal: statistics.Kruskal | None = None  # the rank-based check (ratings are ordinal)


def compare_groups(
    survey: Survey, value: Question, group: Question, subset: Subset | None = None, welch: bool = True
) -> GroupComparison:
    """A rated question across the groups of a single choice: Welch's t-test for two groups, Welch's
    ANOVA (with Tukey's pairs) for more — Welch by default, as group sizes rarely match in surveys."""
    answers = [
        a
        for a in submitted_answers(survey, subset)
        if a.get(value.code) is not None and a.get(group.code) is not None
    ]
    labels = dict(group.display_options())
    present = [code for code in labels if any(a[group.code] == code for a in answers)]
    rows = []
    for code in present:
        mean, sd, _ = _describe([float(a[value.code]) for a in answers if a[group.code] == code])
        rows.append((labels[code], sum(1 for a in answers if a[group.code] == code), mean, sd))
    values = [float(a[value.code]) for a in answers]
    groups = [a[group.code] for a in answers]
    try:
        if len(present) == 2:
            t = statistics.ttest(values, groups, welch=welch)
            return GroupComparison(
                rows, "t", t.t, t.p, (t.df,), [], statistics.kruskal_wallis(values, groups)
            )
        if len(present) > 2:
            f = statistics.anova(values, groups, welch=welch)
            pairs = _tukey_pairs(values, groups, labels)
            return GroupComparison(
                rows, "F", f.f, f.p, (f.df1, f.df2), pairs, statistics.kruskal_wallis(values, groups)
            )
    except (ValueError, ZeroDivisionError):
        pass
    return GroupComparison(rows, "", None, None, (), [])


def _tukey_pairs(
    values: list[float], groups: list[Any], labels: dict[str, str]
) -> list[tuple[str, str, float, float]]:
    """Tukey's pairs with the groups' labels; none when a group is too small for the test."""
    try:
        return [(labels[t.a], labels[t.b], t.difference, t.p) for t in statistics.tukey(values, groups)]
    except ValueError:
        return []


EFA_METHODS = ("minres", "principal", "ml")
ROTATIONS = ("varimax", "promax", "none")


@dataclass(frozen=True)
class ScaleAnalysis:
    """Reliability and structure of one matrix question's rows (a scale): alpha with each row left out,
    KMO and Bartlett, and an exploratory factor analysis — all on the complete rows."""

    items: list[str]
    alpha: statistics.Alpha | None
    kmo: statistics.Kmo | None
    efa: statistics.Efa | None
    factors: int
    problem: str  # why a statistic could not be computed ("" when all were)

    @property
    def item_rows(self) -> list[tuple[str, float | None, float | None, list[float], float | None]]:
        """Per row: label, alpha if deleted, KMO, loadings, communality."""
        rows = []
        for index, label in enumerate(self.items):
            rows.append(
                (
                    label,
                    self.alpha.alpha_if_deleted[index] if self.alpha else None,
                    self.kmo.per_item[index] if self.kmo else None,
                    [float(v) for v in self.efa.loadings[index]] if self.efa else [],
                    self.efa.communalities[index] if self.efa else None,
                )
            )
        return rows


def scale_analysis(
    survey: Survey,
    question: Question,
    factors: int | None,
    method: str,
    rotation: str,
    subset: Subset | None = None,
) -> ScaleAnalysis:
    """Alpha, KMO/Bartlett and EFA of a matrix question; ``factors`` None: Kaiser's criterion (initial
    eigenvalues above 1), as SPSS proposes by default."""
    matrix = _matrix(question, submitted_answers(survey, subset))
    labels = [label for _, label in question.display_items()]
    alpha = kmo = efa = None
    problems = []
    with np.errstate(all="ignore"):
        try:
            alpha = statistics.cronbach_alpha(matrix, missing="listwise")
        except (ValueError, ZeroDivisionError) as error:
            problems.append(str(error))
        try:
            kmo = statistics.kmo_bartlett(matrix)
        except (ValueError, np.linalg.LinAlgError) as error:
            problems.append(str(error))
        chosen = factors or 1
        try:
            if factors is None:
                rows = statistics.complete_rows(matrix)
                above_one = 0
                if len(rows) > 2:
                    above_one = int((np.linalg.eigvalsh(np.corrcoef(rows, rowvar=False)) > 1).sum())
                chosen = max(1, above_one)
            efa = statistics.efa(matrix, chosen, method, rotation)
        except (ValueError, np.linalg.LinAlgError) as error:
            problems.append(str(error))
    return ScaleAnalysis(labels, alpha, kmo, efa, chosen, "; ".join(problems))


def matrix_questions(survey: Survey) -> list[Question]:
    return [question for question in questions_of(survey) if question.kind == q.MATRIX]


# --- taught, valued, used ------------------------------------------------------------------------------


@dataclass
class CompetencyView:
    """One competency seen three ways: taught (modules of the curricula in force), valued (enterprises'
    ratings), used (graduates' ratings, overall and by cohort where the graduate is known)."""

    skill: Skill
    modules: int = 0
    top_level: int | None = None
    ratings: dict[str, list[float]] = field(default_factory=dict)  # audience → ratings on 0–1
    used_by_cohort: dict[int, list[float]] = field(default_factory=dict)

    def mean(self, audience: str) -> float | None:
        """The audience's mean rating on the 1–5 scale (7-point answers rescaled), or None."""
        values = self.ratings.get(audience, [])
        return 1 + 4 * sum(values) / len(values) if values else None

    def count(self, audience: str) -> int:
        return len(self.ratings.get(audience, []))

    @property
    def cohorts(self) -> list[tuple[int, float, int]]:
        return [
            (cohort, 1 + 4 * sum(values) / len(values), len(values))
            for cohort, values in sorted(self.used_by_cohort.items())
        ]


def _taught(college_id: int) -> dict[int, tuple[int, int]]:
    """Per skill: modules of the curricula in force covering it, and the highest level."""
    rows = ModuleCompetency.objects.filter(
        module__course__version__program__college_id=college_id, module__course__version__state="current"
    ).values_list("skill_id", "level")
    taught: dict[int, tuple[int, int]] = {}
    for skill_id, level in rows:
        modules, top = taught.get(skill_id, (0, 0))
        taught[skill_id] = (modules + 1, max(top, level))
    return taught


def _cohorts(college_id: int, person_ids: set[int]) -> dict[int, int]:
    members = Membership.objects.filter(
        organization_id=college_id, role=Role.STUDENT, user_id__in=person_ids, cohort__isnull=False
    )
    return dict(members.values_list("user_id", "cohort"))


def competency_views(college_id: int) -> list[CompetencyView]:
    """Every competency that a survey question of the college is tied to, with what is taught (a fixed
    number of queries whatever the number of responses)."""
    questions = list(
        Question.objects.filter(
            survey__college_id=college_id, skill__isnull=False, kind__in=(q.LIKERT5, q.LIKERT7)
        ).select_related("skill", "survey")
    )
    views = {question.skill_id: CompetencyView(question.skill) for question in questions if question.skill}
    by_survey: dict[int, list[Question]] = {}
    for question in questions:
        by_survey.setdefault(question.survey_id, []).append(question)
    responses = list(
        Response.objects.filter(survey_id__in=list(by_survey), submitted_at__isnull=False).values_list(
            "survey_id", "answers", "invitation__person_id"
        )
    )
    cohorts = _cohorts(college_id, {person for _s, _a, person in responses if person})
    points = {question.pk: question.engine().points for question in questions}
    for survey_id, answers, person in responses:
        for question in by_survey[survey_id]:
            value = answers.get(question.code)
            if not isinstance(value, int) or isinstance(value, bool):
                continue
            view = views[question.skill_id]
            share = (value - 1) / (points[question.pk] - 1)
            view.ratings.setdefault(question.survey.audience, []).append(share)
            if question.survey.audience == Audience.GRADUATES and person in cohorts:
                view.used_by_cohort.setdefault(cohorts[person], []).append(share)
    for skill_id, (modules, top) in _taught(college_id).items():
        if skill_id in views:
            views[skill_id].modules, views[skill_id].top_level = modules, top
    return sorted(views.values(), key=lambda view: view.skill.label_en)


# --- open-text coding ----------------------------------------------------------------------------------


def text_answers(survey: Survey, question: Question) -> list[tuple[Response, str, list[CodedSegment]]]:
    """The submitted open answers to a question, with their response (to code them) and the passages
    already coded in them."""
    coded: dict[int, list[CodedSegment]] = {}
    for segment in CodedSegment.objects.filter(question=question).select_related("code").order_by("pk"):
        coded.setdefault(segment.response_id, []).append(segment)
    return [
        (response, str(response.answers.get(question.code)), coded.get(response.pk, []))
        for response in Response.objects.filter(survey=survey, submitted_at__isnull=False).order_by("pk")
        if response.answers.get(question.code)
    ]


def code_frequencies(survey: Survey, group: Question | None = None) -> list[tuple[Code, int, dict[str, int]]]:
    """How many responses carry each code, overall and by the answer to a single-choice question."""
    labels = dict(group.display_options()) if group else {}
    segments = CodedSegment.objects.filter(code__survey=survey).select_related("response")
    by_code: dict[int, dict[int, Any]] = {}
    for segment in segments:
        by_code.setdefault(segment.code_id, {})[segment.response_id] = segment.response.answers
    table = []
    for code in Code.objects.filter(survey=survey).order_by("label"):
        responses = by_code.get(code.pk, {})
        split = dict.fromkeys(labels.values(), 0)
        if group:
            for answers in responses.values():
                label = labels.get(answers.get(group.code))
                if label is not None:
                    split[label] += 1
        table.append((code, len(responses), split))
    return table


# --- exports -------------------------------------------------------------------------------------------


def _language() -> str:
    return "en" if (get_language() or "").startswith("en") else "zh"


def statistics_table(survey: Survey, with_respondents: bool) -> tuple[list[q.Variable], list[list[Any]]]:
    """The survey as a statistics file: one row per submitted response, SPSS-style coded variables
    (``engines.questionnaire.variables``); the respondent's organisation or name only when allowed."""
    language = _language()
    questions = questions_of(survey)
    labels = {
        question.code: (question.text_en if language == "en" and question.text_en else question.text)
        for question in questions
    }
    engines = [question.engine() for question in questions]
    variables = q.variables(engines, labels, language)
    head = [q.Variable("response_id", "", "Response", True)]
    if with_respondents:
        head.append(q.Variable("respondent", "", "Respondent", False))
    rows = []
    responses = Response.objects.filter(survey=survey, submitted_at__isnull=False).select_related(
        "invitation__organization", "invitation__person"
    )
    for response in responses.order_by("pk"):
        coded = q.coded_row(engines, response.answers)
        row: list[Any] = [response.pk]
        if with_respondents:
            row.append(response.invitation.addressee if response.invitation else "")
        rows.append(row + [coded[v.name] for v in variables])
    return head + variables, rows


def export_csv(survey: Survey, with_respondents: bool) -> bytes:
    variables, rows = statistics_table(survey, with_respondents)
    return write_csv([v.name for v in variables], rows)


def export_xlsx(survey: Survey, with_respondents: bool) -> bytes:
    variables, rows = statistics_table(survey, with_respondents)
    return write_xlsx([v.name for v in variables], rows, title=survey.display_title[:31] or "survey")


def export_sav(survey: Survey, with_respondents: bool) -> bytes:
    """An SPSS data file: the coded variables with their labels and value labels, missing as system
    missing. Written by pyreadstat (through a temporary file: its writer takes a path)."""
    variables, rows = statistics_table(survey, with_respondents)
    frame = pandas.DataFrame(
        {
            v.name: pandas.Series([row[i] for row in rows], dtype="float64" if v.numeric else "object")
            for i, v in enumerate(variables)
        }
    )
    for v in variables:
        if not v.numeric:
            frame[v.name] = frame[v.name].fillna("")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "survey.sav"
        pyreadstat.write_sav(
            frame,
            str(path),
            column_labels={v.name: v.label[:250] for v in variables},
            variable_value_labels={v.name: dict(v.value_labels) for v in variables if v.value_labels},
        )
        return path.read_bytes()
