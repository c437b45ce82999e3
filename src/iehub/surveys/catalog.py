"""The built-in questionnaires a college starts from, in both languages.

The enterprise cooperation survey asks what the source papers' survey of 175 enterprises asked
(ownership, scale, recognition, forms of cooperation, demanded competencies, evaluation of students), so
a college can reproduce its sample-structure table for its own partners. Question codes are stable:
analyses, exports and the indicators refer to them (``kpi`` ties a question to an indicator).
"""

from __future__ import annotations

from typing import Any

Choice = tuple[str, str, str]


def _choices(*rows: Choice) -> list[dict[str, str]]:
    return [{"value": value, "zh": zh, "en": en} for value, zh, en in rows]


def _question(code: str, kind: str, zh: str, en: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "kind": kind, "zh": zh, "en": en, **extra}


SATISFACTION = "1 = 非常不满意 … 5 = 非常满意"
COMPETENCIES = _choices(
    ("professional", "专业技能", "Professional skills"),
    ("digital", "数字化技能", "Digital skills"),
    ("teamwork", "团队协作", "Teamwork"),
    ("communication", "沟通表达", "Communication"),
    ("problem_solving", "分析与解决问题", "Problem solving"),
    ("learning", "学习能力", "Learning ability"),
    ("safety", "安全与规范意识", "Safety and standards"),
    ("innovation", "创新能力", "Innovation"),
)
STUDENT_QUALITIES = _choices(
    ("knowledge", "专业知识", "Professional knowledge"),
    ("practical", "动手能力", "Practical ability"),
    ("attitude", "职业态度", "Professional attitude"),
    ("adaptability", "岗位适应能力", "Adaptability to the job"),
    ("cooperation", "团队合作", "Working with others"),
)

ENTERPRISE_COOPERATION: dict[str, Any] = {
    "key": "enterprise_cooperation",
    "audience": "enterprises",
    "title": "校企合作企业调查问卷",
    "title_en": "Enterprise cooperation survey",
    "intro": "本问卷了解贵企业的基本情况、与学校的合作方式、对人才能力的需求以及对学生的评价，约需 5 分钟。",
    "intro_en": (
        "This questionnaire asks about your enterprise, how it cooperates with the college,"
        " which competencies it needs and how it rates the students. About five minutes."
    ),
    "sections": [
        {
            "title": "企业基本情况",
            "title_en": "About the enterprise",
            "questions": [
                _question(
                    "ownership",
                    "single",
                    "企业性质",
                    "Ownership",
                    required=True,
                    options=_choices(
                        ("private", "民营企业", "Private"),
                        ("state_owned", "国有企业", "State-owned"),
                        ("jv_foreign", "合资或外资企业", "Joint-venture or foreign"),
                        ("other", "其他", "Other"),
                    ),
                ),
                _question(
                    "scale",
                    "single",
                    "企业规模",
                    "Scale",
                    required=True,
                    options=_choices(
                        ("small", "小型企业", "Small"),
                        ("medium", "中型企业", "Medium"),
                        ("large", "大型企业", "Large"),
                    ),
                ),
                _question(
                    "recognition",
                    "single",
                    "企业获得的认定",
                    "Recognition",
                    required=True,
                    options=_choices(
                        ("specialised_sme", "专精特新中小企业", "Specialised-and-new SME"),
                        ("little_giant", "专精特新“小巨人”", "Little Giant"),
                        ("single_champion", "制造业单项冠军", "Manufacturing Single Champion"),
                        ("none", "无", "None"),
                    ),
                ),
                _question(
                    "employees", "numeric", "员工人数", "Number of employees", minimum=0, maximum=1000000
                ),
            ],
        },
        {
            "title": "与学校的合作",
            "title_en": "Cooperation with the college",
            "questions": [
                _question(
                    "forms",
                    "multiple",
                    "贵企业与学校开展了哪些合作？（可多选）",
                    "Which forms of cooperation do you run with the college? (several answers)",
                    required=True,
                    options=_choices(
                        ("internships", "实习与就业", "Internships and employment"),
                        ("curriculum", "课程开发", "Curriculum development"),
                        ("training_centre", "共建实训基地", "Co-built training centre"),
                        ("research", "联合技术研发", "Joint technology research"),
                        ("platform", "共享技术服务平台", "Shared technology service platform"),
                        ("apprenticeship", "订单班或现代学徒制", "Order classes or apprenticeships"),
                    ),
                ),
                _question(
                    "suggested_curriculum",
                    "single",
                    "过去一年贵企业是否向学校提出过课程建议？",
                    "Did you send the college a curriculum suggestion in the past year?",
                    required=True,
                    options=_choices(("yes", "是", "Yes"), ("no", "否", "No")),
                ),
                _question(
                    "suggestion_topic",
                    "text",
                    "建议的内容是什么？",
                    "What was it about?",
                    show_if={"question": "suggested_curriculum", "in": ["yes"]},
                ),
            ],
        },
        {
            "title": "人才能力需求",
            "title_en": "Competencies you need",
            "questions": [
                _question(
                    "importance",
                    "matrix",
                    "以下能力对贵企业岗位的重要程度（1 = 不重要 … 5 = 非常重要）",
                    "How important is each competency for your jobs?"
                    " (1 = not important … 5 = very important)",
                    required=True,
                    items=COMPETENCIES,
                ),
                _question(
                    "needed_skills",
                    "text",
                    "贵企业未来两年最需要的技能有哪些？",
                    "Which skills will you need most in the next two years?",
                    kpi="stated_skill_needs",
                ),
            ],
        },
        {
            "title": "对学生的评价",
            "title_en": "How you rate the students",
            "questions": [
                _question(
                    "student_rating",
                    "matrix",
                    "请评价来自本校的实习生或毕业生（" + SATISFACTION + "）",
                    "Rate the college's interns or graduates (1 = very dissatisfied … 5 = very satisfied)",
                    items=STUDENT_QUALITIES,
                ),
                _question(
                    "satisfaction",
                    "likert5",
                    "总体而言，您对与学校的合作是否满意？",
                    "Overall, how satisfied are you with the cooperation?",
                    required=True,
                    kpi="enterprise_satisfaction",
                ),
                _question(
                    "comments", "text", "对学校人才培养的意见和建议", "Comments on how the college trains"
                ),
            ],
        },
    ],
}

ENTERPRISE_SATISFACTION: dict[str, Any] = {
    "key": "enterprise_satisfaction",
    "audience": "enterprises",
    "title": "合作企业年度满意度调查",
    "title_en": "Annual enterprise satisfaction survey",
    "intro": "请对本年度与学校的合作作出评价。",
    "intro_en": "Please rate this year's cooperation with the college.",
    "sections": [
        {
            "title": "满意度",
            "title_en": "Satisfaction",
            "questions": [
                _question(
                    "aspects",
                    "matrix",
                    "请对以下方面打分（" + SATISFACTION + "）",
                    "Rate each aspect (1 = very dissatisfied … 5 = very satisfied)",
                    required=True,
                    items=_choices(
                        ("graduates", "毕业生质量", "Quality of the graduates"),
                        ("communication", "沟通与响应", "Communication and response"),
                        ("curriculum", "课程与岗位的契合", "Fit of the curriculum to the jobs"),
                        ("projects", "真实项目合作", "Real projects together"),
                        ("services", "技术服务", "Technical services"),
                    ),
                ),
                _question(
                    "satisfaction",
                    "likert5",
                    "总体满意度",
                    "Overall satisfaction",
                    required=True,
                    kpi="enterprise_satisfaction",
                ),
                _question(
                    "recommend",
                    "numeric",
                    "您向同行推荐与本校合作的可能性（0–10）",
                    "How likely are you to recommend cooperating with the college (0–10)?",
                    minimum=0,
                    maximum=10,
                ),
                _question(
                    "next_year",
                    "single",
                    "明年贵企业打算",
                    "Next year you mean to",
                    required=True,
                    options=_choices(
                        ("deepen", "深化合作", "Deepen the cooperation"),
                        ("continue", "保持现状", "Continue as now"),
                        ("reduce", "减少合作", "Reduce it"),
                    ),
                ),
                _question("comments", "text", "其他意见", "Other comments"),
            ],
        }
    ],
}

GRADUATE_TRACKING: dict[str, Any] = {
    "key": "graduate_tracking",
    "audience": "graduates",
    "title": "毕业生跟踪调查",
    "title_en": "Graduate tracking survey",
    "intro": "学校希望了解你毕业后的去向和工作情况，以改进专业教学。",
    "intro_en": (
        "The college asks where you went after graduating and how your work goes, to improve its teaching."
    ),
    "sections": [
        {
            "title": "毕业去向",
            "title_en": "After graduating",
            "questions": [
                _question(
                    "status",
                    "single",
                    "你目前的状态",
                    "What do you do now?",
                    required=True,
                    options=_choices(
                        ("employed", "受雇工作", "Employed"),
                        ("self_employed", "自主创业", "Self-employed"),
                        ("further_study", "升学", "Further study"),
                        ("seeking", "待业", "Looking for work"),
                        ("other", "其他", "Other"),
                    ),
                ),
                _question(
                    "relevance",
                    "likert5",
                    "工作与所学专业的相关程度（1 = 很不相关 … 5 = 非常相关）",
                    "How related is your work to your major? (1 = not at all … 5 = very)",
                    required=True,
                    show_if={"question": "status", "in": ["employed", "self_employed"]},
                    kpi="graduate_relevance",
                ),
                _question(
                    "salary",
                    "single",
                    "月收入（元）",
                    "Monthly income (yuan)",
                    show_if={"question": "status", "in": ["employed", "self_employed"]},
                    options=_choices(
                        ("lt4000", "4000 以下", "Under 4,000"),
                        ("4000_6000", "4000–6000", "4,000–6,000"),
                        ("6000_8000", "6000–8000", "6,000–8,000"),
                        ("gt8000", "8000 以上", "Over 8,000"),
                    ),
                ),
                _question(
                    "months_to_job",
                    "numeric",
                    "毕业后多少个月找到第一份工作？",
                    "How many months after graduating did you find your first job?",
                    show_if={"question": "status", "in": ["employed", "self_employed"]},
                    minimum=0,
                    maximum=60,
                ),
                _question(
                    "job_satisfaction",
                    "likert5",
                    "对目前工作的满意度",
                    "How satisfied are you with your work?",
                    show_if={"question": "status", "in": ["employed", "self_employed"]},
                ),
            ],
        },
        {
            "title": "所学与所用",
            "title_en": "Taught and used",
            "questions": [
                _question(
                    "used",
                    "matrix",
                    "工作中用到以下能力的程度（1 = 从不 … 5 = 经常）",
                    "How much does your work use each competency? (1 = never … 5 = all the time)",
                    items=COMPETENCIES,
                ),
                _question(
                    "teaching_satisfaction",
                    "likert5",
                    "对母校专业教学的满意度",
                    "How satisfied are you with the teaching of your major?",
                    required=True,
                ),
                _question(
                    "comments", "text", "对专业教学的建议", "Suggestions for the teaching of your major"
                ),
            ],
        },
    ],
}

STUDENT_EXPERIENCE: dict[str, Any] = {
    "key": "student_experience",
    "audience": "students",
    "title": "在校生学习体验调查",
    "title_en": "Student experience survey",
    "intro": "匿名填写，结果用于改进教学与实践安排。",
    "intro_en": "Anonymous; the results are used to improve teaching and practice.",
    "anonymous": True,
    "sections": [
        {
            "title": "学习体验",
            "title_en": "Your experience",
            "questions": [
                _question(
                    "year",
                    "single",
                    "年级",
                    "Year of study",
                    required=True,
                    options=_choices(
                        ("1", "一年级", "First"), ("2", "二年级", "Second"), ("3", "三年级", "Third")
                    ),
                ),
                _question(
                    "experience",
                    "matrix",
                    "请评价（" + SATISFACTION + "）",
                    "Rate (1 = very dissatisfied … 5 = very satisfied)",
                    required=True,
                    items=_choices(
                        ("teaching", "课堂教学", "Teaching in class"),
                        ("training", "实训条件", "Practical training facilities"),
                        ("projects", "企业真实项目", "Real enterprise projects"),
                        ("mentors", "企业导师指导", "Enterprise mentors"),
                        ("career", "就业指导", "Career guidance"),
                    ),
                ),
                _question(
                    "helped",
                    "ranking",
                    "以下哪些对你的成长帮助最大？请按重要性排序",
                    "What helped you most? Rank by importance",
                    options=_choices(
                        ("projects", "企业项目", "Enterprise projects"),
                        ("internship", "实习", "Internships"),
                        ("courses", "专业课程", "Courses of the major"),
                        ("competitions", "技能竞赛", "Skills competitions"),
                        ("certificates", "职业技能证书", "Vocational certificates"),
                    ),
                ),
                _question(
                    "satisfaction",
                    "likert7",
                    "总体满意度（1 = 非常不满意 … 7 = 非常满意）",
                    "Overall satisfaction (1 = very dissatisfied … 7 = very satisfied)",
                    required=True,
                ),
                _question("comments", "text", "你的建议", "Your suggestions"),
            ],
        }
    ],
}

TEMPLATES: dict[str, dict[str, Any]] = {
    template["key"]: template
    for template in (ENTERPRISE_COOPERATION, ENTERPRISE_SATISFACTION, GRADUATE_TRACKING, STUDENT_EXPERIENCE)
}
