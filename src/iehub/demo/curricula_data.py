"""Demo curricula of the three paper colleges: typical work tasks → competencies → courses → modules.

Written to leave realistic gaps against the demo demand data (AIGC and virtual production untaught in
film, model deployment missing until the approved change, industrial-internet O&M only introduced) and
the papers' finding that international-collaboration skills are covered by few courses (< 15 %).
Skills are named by their English label in the curated taxonomy.
"""

from __future__ import annotations

# (name zh, name en, ((skill, required level), ...))
Task = tuple[str, str, tuple[tuple[str, int], ...]]
# (code, name zh, name en, hours, ((skill, level), ...))
ModuleSpec = tuple[str, str, str, int, tuple[tuple[str, int], ...]]
# (code, name zh, name en, credits, term, revised on, modules)
CourseSpec = tuple[str, str, str, int, int, str, tuple[ModuleSpec, ...]]

FIELDS = {
    "560206": "film_tv",
    "560208": "film_tv",
    "560202": "film_tv",
    "510209": "ai_ict",
    "510205": "ai_ict",
    "510206": "ai_ict",
    "460305": "smart_manufacturing",
    "460301": "smart_manufacturing",
    "510211": "smart_manufacturing",
}

# Tasks per career direction, in the order of the program's directions.
TASKS: dict[str, tuple[tuple[Task, ...], ...]] = {
    "560206": (
        (
            (
                "现场拍摄与布光",
                "Shoot and light on set",
                (("cinematography", 3), ("camera operation", 3), ("film lighting", 2)),
            ),
            (
                "虚拟制作拍摄",
                "Shoot in virtual production",
                (("virtual production", 2), ("Unreal Engine", 1)),
            ),
        ),
        (
            (
                "现场素材管理",
                "Manage on-set media",
                (("digital imaging technician work", 3), ("colour management", 2)),
            ),
        ),
        (
            ("成片调色", "Grade the final film", (("colour grading", 3), ("DaVinci Resolve", 3))),
            ("AI 辅助视频生产", "Produce AI-assisted video", (("AI-generated video production", 2),)),
        ),
    ),
    "560208": (
        (
            (
                "场景数字绘景",
                "Paint digital environments",
                (("digital matte painting", 3), ("compositing", 2)),
            ),
        ),
        (
            (
                "角色动画制作",
                "Animate characters",
                (("3D animation", 3), ("Autodesk Maya", 2), ("motion capture", 2)),
            ),
        ),
        (
            ("LED 虚拟拍摄", "Run LED-wall shoots", (("virtual production", 2), ("Unreal Engine", 2))),
            ("AI 辅助素材生成", "Generate assets with AI", (("AI-generated video production", 2),)),
        ),
    ),
    "560202": (
        (
            (
                "节目剪辑",
                "Edit programmes",
                (("video editing", 3), ("Adobe Premiere Pro", 3), ("film post-production", 2)),
            ),
        ),
        (
            (
                "拍摄统筹",
                "Coordinate shoots",
                (("film production management", 2), ("schedule control", 2), ("communication", 2)),
            ),
        ),
        (
            (
                "短视频与直播",
                "Short video and live streaming",
                (
                    ("short video operations", 3),
                    ("live streaming operations", 2),
                    ("AI-generated video production", 1),
                ),
            ),
        ),
    ),
    "510209": (
        (
            (
                "模型部署上线",
                "Deploy models to production",
                (("model deployment", 3), ("Docker", 2), ("Linux administration", 2)),
            ),
        ),
        (("数据标注与质检", "Annotate and check data", (("data annotation", 3), ("data cleansing", 2))),),
        (
            (
                "大模型应用开发",
                "Build LLM applications",
                (
                    ("AI application development", 3),
                    ("prompt engineering", 2),
                    ("large language model fine-tuning", 2),
                    ("Python programming", 3),
                ),
            ),
        ),
    ),
    "510205": (
        (("数据管道建设", "Build data pipelines", (("Apache Spark", 3), ("Hadoop", 2), ("SQL", 3))),),
        (
            (
                "数据分析报告",
                "Analyse and report",
                (("data analysis", 3), ("data visualisation", 3), ("technical writing", 2)),
            ),
        ),
    ),
    "510206": (
        (
            (
                "云平台运维",
                "Operate cloud platforms",
                (("cloud computing", 3), ("Linux administration", 3), ("cybersecurity", 2)),
            ),
        ),
        (("容器集群管理", "Manage container clusters", (("Kubernetes", 3), ("Docker", 3), ("MLOps", 1))),),
    ),
    "460305": (
        (
            (
                "机器人工作站调试",
                "Commission robot cells",
                (("industrial robot commissioning", 3), ("PLC programming", 2), ("machine vision", 2)),
            ),
        ),
        (
            (
                "机器人预防性维护",
                "Maintain robots",
                (("industrial robot maintenance", 3), ("predictive maintenance", 2)),
            ),
        ),
    ),
    "460301": (
        (
            (
                "设备故障诊断与维修",
                "Diagnose and repair equipment",
                (
                    ("mechatronic equipment maintenance", 3),
                    ("hydraulics and pneumatics", 2),
                    ("predictive maintenance", 2),
                ),
            ),
        ),
        (
            (
                "自动化产线集成",
                "Integrate automated lines",
                (
                    ("smart production line integration", 2),
                    ("PLC programming", 3),
                    ("industrial sensor application", 2),
                ),
            ),
        ),
    ),
    "510211": (
        (
            (
                "工业互联网平台运维",
                "Operate the industrial-internet platform",
                (
                    ("industrial internet operations and maintenance", 3),
                    ("edge computing", 2),
                    ("predictive maintenance", 2),
                ),
            ),
        ),
        (
            (
                "设备联网接入",
                "Connect devices",
                (
                    ("industrial network communication", 3),
                    ("Internet of Things", 3),
                    ("industrial sensor application", 2),
                ),
            ),
        ),
    ),
}

COURSES: dict[str, tuple[CourseSpec, ...]] = {
    "560206": (
        (
            "56020601",
            "影视摄影基础",
            "Cinematography Fundamentals",
            4,
            1,
            "2023-06-30",
            (
                (
                    "M01",
                    "摄影机操作",
                    "Camera operation",
                    32,
                    (("camera operation", 2), ("cinematography", 1), ("workplace safety", 1)),
                ),
                ("M02", "影视照明", "Film lighting", 32, (("film lighting", 2), ("teamwork", 1))),
            ),
        ),
        (
            "56020602",
            "数字影像工程",
            "DIT Workflow",
            3,
            3,
            "2024-07-15",
            (
                (
                    "M03",
                    "现场数据管理",
                    "On-set data management",
                    32,
                    (("digital imaging technician work", 3), ("colour management", 1)),
                ),
                (
                    "M04",
                    "后期流程衔接",
                    "Post-production pipeline",
                    16,
                    (("film post-production", 2), ("communication", 1)),
                ),
            ),
        ),
        (
            "56020603",
            "数字调色",
            "Digital Colour Grading",
            4,
            4,
            "2024-07-15",
            (
                (
                    "M05",
                    "达芬奇调色",
                    "Grading in DaVinci Resolve",
                    48,
                    (("DaVinci Resolve", 3), ("colour grading", 3)),
                ),
                ("M06", "色彩管理", "Colour management", 16, (("colour management", 2),)),
            ),
        ),
        (
            "56020604",
            "影视项目实训",
            "Film Production Project",
            6,
            5,
            "2023-01-10",
            (
                (
                    "M07",
                    "项目制作",
                    "Production project",
                    64,
                    (
                        ("film production management", 2),
                        ("teamwork", 2),
                        ("project management", 1),
                        ("professional ethics", 1),
                        ("cost control", 1),
                    ),
                ),
                (
                    "M08",
                    "航拍与新媒体",
                    "Drones and new media",
                    32,
                    (("drone aerial photography", 2), ("short video operations", 1)),
                ),
            ),
        ),
    ),
    "560208": (
        (
            "56020801",
            "三维建模",
            "3D Modelling",
            4,
            2,
            "2025-06-30",
            (
                ("M01", "Maya 建模", "Modelling in Maya", 48, (("3D modelling", 3), ("Autodesk Maya", 2))),
                ("M02", "Blender 建模", "Modelling in Blender", 16, (("Blender", 2),)),
            ),
        ),
        (
            "56020802",
            "三维动画",
            "3D Animation",
            4,
            3,
            "2025-06-30",
            (
                ("M03", "角色动画", "Character animation", 48, (("3D animation", 3),)),
                ("M04", "动作捕捉", "Motion capture", 16, (("motion capture", 2),)),
            ),
        ),
        (
            "56020803",
            "数字绘景与合成",
            "Matte Painting and Compositing",
            4,
            4,
            "2023-03-01",
            (
                (
                    "M05",
                    "数字绘景",
                    "Digital matte painting",
                    32,
                    (("digital matte painting", 3), ("photo retouching", 2)),
                ),
                (
                    "M06",
                    "合成",
                    "Compositing",
                    32,
                    (("compositing", 2), ("Nuke compositing software", 2), ("visual effects", 1)),
                ),
            ),
        ),
        (
            "56020804",
            "动画项目实训",
            "Animation Project",
            5,
            5,
            "2025-06-30",
            (
                (
                    "M07",
                    "项目实训",
                    "Studio project",
                    64,
                    (
                        ("teamwork", 2),
                        ("project management", 1),
                        ("schedule control", 1),
                        ("innovative thinking", 1),
                    ),
                ),
            ),
        ),
    ),
    "560202": (
        (
            "56020201",
            "影视剪辑",
            "Film Editing",
            4,
            2,
            "2025-06-30",
            (
                (
                    "M01",
                    "Premiere 剪辑",
                    "Editing in Premiere Pro",
                    48,
                    (("video editing", 3), ("Adobe Premiere Pro", 3)),
                ),
                ("M02", "包装与特效", "Motion graphics", 16, (("Adobe After Effects", 2),)),
            ),
        ),
        (
            "56020202",
            "声音制作",
            "Sound Production",
            3,
            3,
            "2022-07-01",
            (
                ("M03", "同期录音", "Production sound", 32, (("production sound recording", 2),)),
                ("M04", "混音", "Mixing", 16, (("sound mixing", 2),)),
            ),
        ),
        (
            "56020203",
            "节目策划与编导",
            "Programme Planning and Directing",
            3,
            3,
            "2025-06-30",
            (
                (
                    "M05",
                    "剧本与分镜",
                    "Script and storyboard",
                    32,
                    (("screenwriting", 2), ("storyboarding", 2)),
                ),
                ("M06", "导演基础", "Directing basics", 16, (("film directing", 1), ("communication", 2))),
            ),
        ),
        (
            "56020204",
            "新媒体运营",
            "New-media Operations",
            3,
            4,
            "2025-07-01",
            (
                (
                    "M07",
                    "短视频与直播",
                    "Short video and live streaming",
                    32,
                    (("short video operations", 3), ("live streaming operations", 2)),
                ),
                (
                    "M08",
                    "国际传播与创业",
                    "International media and start-ups",
                    16,
                    (
                        ("entrepreneurship", 1),
                        ("innovative thinking", 1),
                        ("international collaboration", 1),
                        ("English communication", 1),
                    ),
                ),
            ),
        ),
    ),
    "510209": (
        (
            "51020901",
            "Python 程序设计",
            "Python Programming",
            4,
            1,
            "2025-06-30",
            (
                (
                    "M01",
                    "Python 基础",
                    "Python basics",
                    48,
                    (("Python programming", 2), ("Git version control", 1)),
                ),
                ("M02", "数据处理", "Data handling", 16, (("data cleansing", 2), ("data analysis", 1))),
            ),
        ),
        (
            "51020902",
            "机器学习",
            "Machine Learning",
            4,
            3,
            "2025-06-30",
            (
                ("M03", "机器学习算法", "Machine-learning algorithms", 32, (("machine learning", 3),)),
                (
                    "M04",
                    "深度学习框架",
                    "Deep-learning frameworks",
                    32,
                    (("deep learning", 2), ("PyTorch", 2), ("TensorFlow", 1)),
                ),
            ),
        ),
        (
            "51020903",
            "AI 应用开发",
            "AI Application Development",
            4,
            4,
            "2025-06-30",
            (
                ("M05", "计算机视觉应用", "Computer-vision applications", 32, (("computer vision", 2),)),
                (
                    "M06",
                    "大模型应用",
                    "LLM applications",
                    32,
                    (
                        ("prompt engineering", 2),
                        ("natural language processing", 1),
                        ("AI application development", 2),
                    ),
                ),
            ),
        ),
        (
            "51020904",
            "数据标注与训练",
            "Data Annotation and Training",
            3,
            2,
            "2023-07-01",
            (
                (
                    "M08",
                    "数据标注",
                    "Data annotation",
                    32,
                    (("data annotation", 3), ("professional ethics", 1)),
                ),
            ),
        ),
    ),
    "510205": (
        (
            "51020501",
            "数据库与 SQL",
            "Databases and SQL",
            4,
            1,
            "2025-06-30",
            (
                ("M01", "SQL 查询", "SQL queries", 48, (("SQL", 3), ("database administration", 1))),
                (
                    "M02",
                    "Python 数据分析",
                    "Data analysis in Python",
                    32,
                    (("Python programming", 2), ("data analysis", 2)),
                ),
            ),
        ),
        (
            "51020502",
            "大数据平台",
            "Big-data Platforms",
            4,
            3,
            "2025-06-30",
            (
                (
                    "M03",
                    "Hadoop 生态",
                    "The Hadoop ecosystem",
                    32,
                    (("Hadoop", 2), ("big data platform operations", 2)),
                ),
                ("M04", "Spark 计算", "Computing with Spark", 32, (("Apache Spark", 2),)),
            ),
        ),
        (
            "51020503",
            "数据可视化",
            "Data Visualisation",
            3,
            4,
            "2025-06-30",
            (
                (
                    "M05",
                    "可视化设计",
                    "Visualisation design",
                    32,
                    (("data visualisation", 3), ("communication", 1)),
                ),
                ("M06", "数据清洗", "Data cleansing", 16, (("data cleansing", 3),)),
            ),
        ),
    ),
    "510206": (
        (
            "51020601",
            "Linux 系统运维",
            "Linux Administration",
            4,
            2,
            "2025-06-30",
            (
                ("M01", "Linux 管理", "Linux administration", 48, (("Linux administration", 3),)),
                ("M02", "网络基础", "Networking", 32, (("network configuration", 2), ("cybersecurity", 1))),
            ),
        ),
        (
            "51020602",
            "容器技术",
            "Containers",
            4,
            3,
            "2025-06-30",
            (
                ("M03", "Docker", "Docker", 32, (("Docker", 3),)),
                ("M04", "Kubernetes", "Kubernetes", 32, (("Kubernetes", 2),)),
            ),
        ),
        (
            "51020603",
            "云平台运维",
            "Cloud Platform Operations",
            4,
            4,
            "2025-06-30",
            (
                (
                    "M05",
                    "云平台运维",
                    "Operating a cloud platform",
                    48,
                    (("cloud computing", 3), ("Huawei ICT certification", 2)),
                ),
                ("M06", "云安全", "Cloud security", 16, (("cybersecurity", 2), ("workplace safety", 1))),
            ),
        ),
    ),
    "460305": (
        (
            "46030501",
            "机器人编程",
            "Robot Programming",
            4,
            2,
            "2025-06-30",
            (
                ("M01", "示教编程", "Teach-pendant programming", 48, (("industrial robot programming", 3),)),
                ("M02", "PLC 控制", "PLC control", 32, (("PLC programming", 2), ("electrical wiring", 2))),
            ),
        ),
        (
            "46030502",
            "机器人调试",
            "Robot Commissioning",
            4,
            3,
            "2025-06-30",
            (
                (
                    "M03",
                    "现场调试",
                    "On-site commissioning",
                    48,
                    (("industrial robot commissioning", 3), ("servo system tuning", 2)),
                ),
                ("M04", "机器视觉", "Machine vision", 16, (("machine vision", 1),)),
            ),
        ),
        (
            "46030503",
            "机器人维护",
            "Robot Maintenance",
            3,
            4,
            "2022-09-01",
            (
                (
                    "M05",
                    "维护保养",
                    "Maintenance",
                    32,
                    (
                        ("industrial robot maintenance", 3),
                        ("equipment inspection", 2),
                        ("workplace safety", 2),
                    ),
                ),
                (
                    "M06",
                    "精益与 5S",
                    "Lean and 5S",
                    16,
                    (("lean manufacturing", 1), ("5S workplace organisation", 2), ("energy saving", 1)),
                ),
            ),
        ),
    ),
    "460301": (
        (
            "46030101",
            "电工电子技术",
            "Electrical Engineering",
            4,
            1,
            "2025-06-30",
            (
                (
                    "M01",
                    "电气接线",
                    "Electrical wiring",
                    48,
                    (("electrical wiring", 3), ("workplace safety", 2)),
                ),
                ("M02", "工程识图", "Technical drawing", 16, (("AutoCAD", 2),)),
            ),
        ),
        (
            "46030102",
            "液压与气动",
            "Hydraulics and Pneumatics",
            3,
            2,
            "2025-06-30",
            (
                ("M03", "液压系统", "Hydraulic systems", 32, (("hydraulics and pneumatics", 3),)),
                ("M04", "PLC 基础", "PLC basics", 32, (("PLC programming", 2),)),
            ),
        ),
        (
            "46030103",
            "设备维修",
            "Equipment Maintenance",
            4,
            4,
            "2023-02-01",
            (
                (
                    "M05",
                    "机电设备维修",
                    "Mechatronic maintenance",
                    48,
                    (("mechatronic equipment maintenance", 3), ("equipment inspection", 2)),
                ),
                ("M06", "三维设计", "3D design", 16, (("SolidWorks", 2),)),
            ),
        ),
    ),
    "510211": (
        (
            "51021101",
            "工业网络",
            "Industrial Networks",
            4,
            2,
            "2025-06-30",
            (
                (
                    "M01",
                    "工业通信协议",
                    "Industrial protocols",
                    48,
                    (("industrial network communication", 3),),
                ),
                (
                    "M02",
                    "物联网感知",
                    "IoT sensing",
                    32,
                    (("Internet of Things", 2), ("industrial sensor application", 2)),
                ),
            ),
        ),
        (
            "51021102",
            "工业互联网平台",
            "Industrial Internet Platforms",
            4,
            3,
            "2025-06-30",
            (
                ("M03", "SCADA 系统", "SCADA systems", 32, (("SCADA", 2),)),
                (
                    "M04",
                    "制造执行系统",
                    "Manufacturing execution systems",
                    32,
                    (("manufacturing execution system", 2), ("energy management", 1)),
                ),
            ),
        ),
        (
            "51021103",
            "运维实训",
            "Operations Practice",
            4,
            4,
            "2023-05-01",
            (
                (
                    "M05",
                    "平台运维",
                    "Platform operations",
                    32,
                    (("industrial internet operations and maintenance", 1), ("edge computing", 1)),
                ),
                ("M06", "数字孪生", "Digital twins", 16, (("digital twin", 1),)),
            ),
        ),
    ),
}

# Every program's last course is a project course: its last module also trains these (at least).
PROJECT_SKILLS = (("teamwork", 2), ("communication", 2), ("problem solving", 2), ("workplace safety", 1))

# (code, name zh, name en, issuer, kind, level, ((skill, level), ...))
# English forms of the certificate catalogue's issuers and levels.
ISSUERS_EN = {
    "华为技术有限公司": "Huawei Technologies Co., Ltd.",
    "1+X 培训评价组织": "1+X training and assessment organisation",
    "人力资源和社会保障部": "Ministry of Human Resources and Social Security",
}
LEVELS_EN = {"HCIA": "HCIA", "中级": "Intermediate", "四级/中级工": "Level 4 (intermediate worker)"}

CERTIFICATES: tuple[tuple[str, str, str, str, str, str, tuple[tuple[str, int], ...]], ...] = (
    (
        "HCIA-CLOUD",
        "华为认证云计算工程师",
        "Huawei Certified ICT Associate – Cloud Computing",
        "华为技术有限公司",
        "vendor",
        "HCIA",
        (("cloud computing", 2), ("Linux administration", 2)),
    ),
    (
        "HCIA-AI",
        "华为认证 AI 工程师",
        "Huawei Certified ICT Associate – AI",
        "华为技术有限公司",
        "vendor",
        "HCIA",
        (("machine learning", 2), ("deep learning", 1)),
    ),
    (
        "HCIA-DATACOM",
        "华为认证数据通信工程师",
        "Huawei Certified ICT Associate – Datacom",
        "华为技术有限公司",
        "vendor",
        "HCIA",
        (("network configuration", 2),),
    ),
    (
        "1X-FILM-POST-M",
        "影视后期制作职业技能等级证书",
        "Film and TV Post-production (1+X)",
        "1+X 培训评价组织",
        "1+x",
        "中级",
        (("colour grading", 2), ("video editing", 2), ("DaVinci Resolve", 2)),
    ),
    (
        "1X-ROBOT-OM-M",
        "工业机器人操作与运维职业技能等级证书",
        "Industrial Robot Operation and Maintenance (1+X)",
        "1+X 培训评价组织",
        "1+x",
        "中级",
        (("industrial robot programming", 2), ("industrial robot maintenance", 2)),
    ),
    (
        "1X-BIGDATA-OM-M",
        "大数据平台运维职业技能等级证书",
        "Big-data Platform Operations (1+X)",
        "1+X 培训评价组织",
        "1+x",
        "中级",
        (("big data platform operations", 2), ("Hadoop", 2)),
    ),
    (
        "SL-AI-TRAINER-4",
        "人工智能训练师",
        "Artificial Intelligence Trainer",
        "人力资源和社会保障部",
        "skill_level",
        "四级/中级工",
        (("data annotation", 3),),
    ),
    (
        "SL-CAMERA-4",
        "摄影摄像师",
        "Photographer and Videographer",
        "人力资源和社会保障部",
        "skill_level",
        "四级/中级工",
        (("camera operation", 2), ("cinematography", 2)),
    ),
)

# (major code, certificate code, module code, credits)
RULES = (
    ("510206", "HCIA-CLOUD", "M05", 2),
    ("560206", "1X-FILM-POST-M", "M05", 2),
    ("560206", "SL-CAMERA-4", "M01", 1),
    ("460305", "1X-ROBOT-OM-M", "M01", 2),
    ("510209", "SL-AI-TRAINER-4", "M08", 2),
)
