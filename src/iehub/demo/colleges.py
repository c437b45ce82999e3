"""The three demo colleges modelled on the papers' cases, with programs and career directions."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProgramSpec:
    major_code: str
    name: str
    name_en: str
    directions: tuple[str, ...]
    short: str  # used in class names, e.g. 影视摄影


@dataclass(frozen=True)
class CollegeSpec:
    key: str
    code: str
    name: str
    name_en: str
    region_code: str
    industries: tuple[str, ...]  # GB/T 4754 sections of the enterprises it partners with
    programs: tuple[ProgramSpec, ...]


COLLEGES: tuple[CollegeSpec, ...] = (
    CollegeSpec(
        key="film",
        code="4144010101",
        name="南粤影视职业学院",
        name_en="Nanyue Film and Television Vocational College",
        region_code="440100",
        industries=("R", "I"),
        programs=(
            ProgramSpec(
                "560206",
                "影视摄影与制作",
                "Film and Television Cinematography and Production",
                ("摄影师 Cinematographer", "数字影像工程师 DIT", "调色师 Colourist"),
                "影视摄影",
            ),
            ProgramSpec(
                "560208",
                "影视动画",
                "Film and Television Animation",
                (
                    "数字绘景师 Digital matte painter",
                    "三维动画师 3D animator",
                    "虚拟制作技术员 Virtual production technician",
                ),
                "影视动画",
            ),
            ProgramSpec(
                "560202",
                "广播影视节目制作",
                "Radio, Film and Television Program Production",
                ("剪辑师 Editor", "导演助理 Assistant director", "新媒体制作 New-media producer"),
                "节目制作",
            ),
        ),
    ),
    CollegeSpec(
        key="ai",
        code="4144030202",
        name="鹏城人工智能职业技术学院",
        name_en="Pengcheng Vocational and Technical College of Artificial Intelligence",
        region_code="440300",
        industries=("I",),
        programs=(
            ProgramSpec(
                "510209",
                "人工智能技术应用",
                "Artificial Intelligence Technology Application",
                (
                    "模型部署工程师 Model deployment engineer",
                    "AI 训练师 AI trainer",
                    "AI 应用开发 AI application developer",
                ),
                "人工智能",
            ),
            ProgramSpec(
                "510205",
                "大数据技术",
                "Big Data Technology",
                ("数据工程师 Data engineer", "数据分析师 Data analyst"),
                "大数据",
            ),
            ProgramSpec(
                "510206",
                "云计算技术应用",
                "Cloud Computing Technology Application",
                ("云运维工程师 Cloud operations engineer", "容器平台工程师 Container platform engineer"),
                "云计算",
            ),
        ),
    ),
    CollegeSpec(
        key="mfg",
        code="4144190303",
        name="莞城智能制造职业技术学院",
        name_en="Guancheng Vocational and Technical College of Intelligent Manufacturing",
        region_code="441900",
        industries=("C",),
        programs=(
            ProgramSpec(
                "460305",
                "工业机器人技术",
                "Industrial Robot Technology",
                ("机器人调试 Robot commissioning", "机器人运维 Robot maintenance"),
                "工业机器人",
            ),
            ProgramSpec(
                "460301",
                "机电一体化技术",
                "Mechatronics Technology",
                ("设备维修 Equipment maintenance", "自动化产线 Automated line technician"),
                "机电一体化",
            ),
            ProgramSpec(
                "510211",
                "工业互联网技术",
                "Industrial Internet Technology",
                ("工业互联网运维 Industrial-internet O&M", "设备联网 Device networking"),
                "工业互联网",
            ),
        ),
    ),
)

COHORTS = (2023, 2024, 2025)
CLASSES_PER_COHORT = 2
STUDENTS_PER_CLASS = 28
TEACHERS_PER_COLLEGE = 50
DUAL_QUALIFIED_PER_COLLEGE = 36  # 72 %, the papers' figure

# Key skills of each program (English labels of curated skills): what its career directions need, and
# therefore which skill alerts reach its program lead.
KEY_SKILLS: dict[str, tuple[str, ...]] = {
    "560206": (
        "colour grading",
        "cinematography",
        "digital imaging technician work",
        "film lighting",
        "camera operation",
        "virtual production",
        "DaVinci Resolve",
        "colour management",
        "drone aerial photography",
        "AI-generated video production",
    ),
    "560208": (
        "3D animation",
        "3D modelling",
        "digital matte painting",
        "motion capture",
        "Autodesk Maya",
        "Blender",
        "Houdini",
        "Unreal Engine",
        "AI-generated video production",
        "visual effects",
        "compositing",
    ),
    "560202": (
        "video editing",
        "sound mixing",
        "production sound recording",
        "Adobe Premiere Pro",
        "Adobe After Effects",
        "short video operations",
        "live streaming operations",
        "film post-production",
        "storyboarding",
        "screenwriting",
    ),
    "510209": (
        "Python programming",
        "machine learning",
        "deep learning",
        "model deployment",
        "data annotation",
        "prompt engineering",
        "large language model fine-tuning",
        "computer vision",
        "natural language processing",
        "PyTorch",
        "TensorFlow",
        "AI application development",
    ),
    "510205": (
        "SQL",
        "data analysis",
        "data visualisation",
        "Hadoop",
        "Apache Spark",
        "data cleansing",
        "big data platform operations",
        "Python programming",
    ),
    "510206": (
        "cloud computing",
        "Docker",
        "Kubernetes",
        "Linux administration",
        "network configuration",
        "cybersecurity",
        "Huawei ICT certification",
        "MLOps",
    ),
    "460305": (
        "industrial robot programming",
        "industrial robot commissioning",
        "industrial robot maintenance",
        "PLC programming",
        "machine vision",
        "servo system tuning",
    ),
    "460301": (
        "mechatronic equipment maintenance",
        "PLC programming",
        "hydraulics and pneumatics",
        "electrical wiring",
        "AutoCAD",
        "SolidWorks",
        "equipment inspection",
    ),
    "510211": (
        "industrial internet operations and maintenance",
        "Internet of Things",
        "industrial network communication",
        "SCADA",
        "manufacturing execution system",
        "digital twin",
        "edge computing",
        "predictive maintenance",
    ),
}
