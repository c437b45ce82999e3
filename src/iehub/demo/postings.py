"""Demo job postings: about 30,000 over eight quarters (2024Q4–2026Q3), mostly Chinese, some English,
written from templates around the curated skills (titles name no skill, so that every mention comes
from the requirements), with planted changes the detector must find:

- industrial-internet O&M (工业互联网运维): +35 % share from 2026Q3 (the papers' "+30 % O&M" alert);
- model deployment (模型部署): +50 % from 2026Q2;
- AI-generated video production (AIGC视频生成): absent, then emerging from 2026Q1.

Every other skill is flat apart from counting noise and a small (3 %) quarter-to-quarter swing. Skills
are then *extracted* from the text by the real engine, not copied from the plan, so the demo exercises
the whole pipeline: postings → skills → series → detector → alerts.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from iehub.engines.periods import Period

QUARTERS = [str(Period(Period.parse("2024Q4").index + i, 4)) for i in range(8)]
POSTINGS_PER_QUARTER = 3600
GROWTH_PER_QUARTER = 0.02

# field → (share of postings, enterprise industries, Chinese titles, English titles)
FIELDS: dict[str, tuple[float, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "film_tv": (
        0.25,
        ("R", "I"),
        ("影视技术员", "视频制作专员", "影像工程师", "片场技术员", "概念设计师", "视频编导", "摄影助理"),
        ("Film Technician", "Video Producer", "Studio Technician", "Concept Artist"),
    ),
    "ai_ict": (
        0.35,
        ("I",),
        ("算法工程师", "AI工程师", "数据工程师", "AI平台工程师", "基础架构工程师", "数据开发工程师"),
        ("AI Engineer", "Data Engineer", "Platform Engineer", "Cloud Engineer"),
    ),
    "smart_manufacturing": (
        0.40,
        ("C",),
        ("自动化工程师", "电气工程师", "设备联网工程师", "设备技术员", "智能产线技术员", "生产技术员"),
        ("Automation Engineer", "Electrical Engineer", "Field Service Technician"),
    ),
}

# field → {skill English label: probability a posting of the field asks for it}
FIELD_SKILLS: dict[str, dict[str, float]] = {
    "film_tv": {
        "colour grading": 0.30,
        "video editing": 0.35,
        "compositing": 0.18,
        "visual effects": 0.15,
        "virtual production": 0.12,
        "digital matte painting": 0.06,
        "3D animation": 0.10,
        "DaVinci Resolve": 0.20,
        "Adobe Premiere Pro": 0.25,
        "Adobe After Effects": 0.22,
        "short video operations": 0.15,
        "cinematography": 0.12,
        "AI-generated video production": 0.0,
    },
    "ai_ict": {
        "Python programming": 0.55,
        "machine learning": 0.35,
        "deep learning": 0.25,
        "model deployment": 0.14,
        "data annotation": 0.10,
        "SQL": 0.25,
        "data analysis": 0.22,
        "Docker": 0.18,
        "Kubernetes": 0.12,
        "Linux administration": 0.20,
        "cloud computing": 0.15,
        "PyTorch": 0.12,
        "computer vision": 0.10,
    },
    "smart_manufacturing": {
        "industrial robot programming": 0.25,
        "PLC programming": 0.35,
        "industrial internet operations and maintenance": 0.22,
        "CNC machining": 0.15,
        "machine vision": 0.12,
        "manufacturing execution system": 0.10,
        "mechatronic equipment maintenance": 0.20,
        "quality inspection": 0.15,
        "hydraulics and pneumatics": 0.10,
        "AutoCAD": 0.12,
        "workplace safety": 0.18,
    },
}
CROSS_CUTTING = {
    "teamwork": 0.35,
    "communication": 0.25,
    "problem solving": 0.15,
    "English communication": 0.08,
    "innovative thinking": 0.06,
    "energy saving": 0.03,
    "project management": 0.08,
}

# (skill, first quarter of the change, factor; None = emerging from nothing)
PLANTED: list[tuple[str, str, float | None]] = [
    ("industrial internet operations and maintenance", "2026Q3", 1.35),
    ("model deployment", "2026Q2", 1.5),
    ("AI-generated video production", "2026Q1", None),
]
EMERGING_RATE = 0.08

# How a skill is asked for: {zh} / {en} are the skill's label in that language.
ZH_PHRASES = [
    "熟练掌握{zh}",
    "有{zh}相关经验",
    "能够独立完成{zh}工作",
    "了解{zh}",
    "具备{zh}能力",
    "负责{zh}",
]
EN_PHRASES = ["experience with {en}", "strong {en} skills", "hands-on {en}", "familiarity with {en}"]


@dataclass(frozen=True)
class DemoPosting:
    title: str
    description: str
    enterprise_code: str
    region_code: str
    posted_on: dt.date
    salary_min: int
    salary_max: int
    source: str
    language: str


def _rate(skill: str, base: float, quarter: str) -> float:
    for planted, start, factor in PLANTED:
        if planted == skill and Period.parse(quarter) >= Period.parse(start):
            return EMERGING_RATE if factor is None else base * factor
    return base


def _quarter_days(quarter: str) -> tuple[dt.date, int]:
    period = Period.parse(quarter)
    year, q = divmod(period.index, 4)
    start = dt.date(year, 3 * q + 1, 1)
    end = dt.date(year + (q == 3), (3 * q + 3) % 12 + 1, 1)
    return start, (end - start).days


def _allocate(rng: random.Random, n: int, rates: dict[str, float]) -> list[list[str]]:
    """Skills for ``n`` postings where each skill appears in exactly round(n × rate) of them (a demo needs
    a controlled signal: the quarter-to-quarter swing is in the rates, not in sampling luck)."""
    wanted: list[list[str]] = [[] for _ in range(n)]
    for skill, rate in rates.items():
        for index in rng.sample(range(n), min(n, round(n * rate))):
            wanted[index].append(skill)
    for skills in wanted:
        rng.shuffle(skills)
    return wanted


def _text(
    rng: random.Random,
    field: str,
    skills: list[str],
    english: bool,
    labels_zh: dict[str, str],
    reference: str,
) -> tuple[str, str]:
    _share, _industries, titles_zh, titles_en = FIELDS[field]
    if english:
        title = rng.choice(titles_en)
        phrases = [rng.choice(EN_PHRASES).format(en=s) for s in skills] or ["a willingness to learn"]
        return title, (
            f"We are hiring a {title.lower()}. Requirements: "
            + "; ".join(phrases)
            + f". Team of {rng.randint(3, 30)}, reference {reference}."
        )
    title = rng.choice(titles_zh)
    phrases = [rng.choice(ZH_PHRASES).format(zh=labels_zh.get(s, s)) for s in skills] or [
        "踏实肯干，愿意学习"
    ]
    return title, "岗位职责与要求：" + "；".join(
        phrases
    ) + f"。团队规模{rng.randint(3, 30)}人，编号{reference}。"


def generate(
    enterprises: dict[str, list[tuple[str, str]]], labels_zh: dict[str, str], seed: int
) -> list[DemoPosting]:
    """Postings for every quarter. ``enterprises`` maps an industry section to (code, region) pairs;
    ``labels_zh`` gives each skill's Chinese label."""
    rng = random.Random(seed)
    postings: list[DemoPosting] = []
    for qi, quarter in enumerate(QUARTERS):
        start, days = _quarter_days(quarter)
        total = round(POSTINGS_PER_QUARTER * (1 + GROWTH_PER_QUARTER) ** qi)
        for field, (share, industries, _zh, _en) in FIELDS.items():
            n = round(total * share)
            rates = {
                s: min(0.95, _rate(s, base, quarter) * rng.lognormvariate(0, 0.03))
                for s, base in (FIELD_SKILLS[field] | CROSS_CUTTING).items()
            }
            pool = [e for industry in industries for e in enterprises.get(industry, [])]
            for i, skills in enumerate(_allocate(rng, n, rates)):
                code, region = rng.choice(pool)
                title, description = _text(
                    rng, field, skills, rng.random() < 0.1, labels_zh, f"{quarter}-{field[:2]}{i:05d}"
                )
                low = rng.choice((5, 6, 7, 8, 9, 10, 12)) * 1000
                postings.append(
                    DemoPosting(
                        title=title,
                        description=description,
                        enterprise_code=code,
                        region_code=region,
                        posted_on=start + dt.timedelta(days=rng.randrange(days)),
                        salary_min=low,
                        salary_max=low + rng.choice((2, 3, 4, 5)) * 1000,
                        source=rng.choice(("boss", "zhaopin", "51job", "liepin", "company site")),
                        language="en" if description.startswith("We are hiring") else "zh",
                    )
                )
    return postings
