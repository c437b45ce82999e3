"""The three field templates every installation starts with (platform administrators edit them in the
admin): the stages of a film & TV production, a software delivery and a manufacturing order, and the
production roles students take in each. Created by a data migration and, idempotently, by the demo
loader and the tests (a test that flushes the database removes migration data)."""

from __future__ import annotations

from typing import Any

from iehub.practice.models import FieldTemplate, ProductionRole, StageTemplate

TEMPLATES: list[tuple[str, str, str, list[tuple[str, str, bool, int]], list[tuple[str, str]]]] = [
    (
        "film",
        "影视项目制作流程",
        "Film & TV production",
        [
            ("客户沟通", "Client communication", False, 5),
            ("预算", "Budget", False, 5),
            ("策划", "Planning", True, 15),
            ("拍摄", "Shooting", False, 30),
            ("后期制作", "Post-production", False, 30),
            ("交付", "Delivery", True, 10),
            ("复盘", "Debrief", False, 5),
        ],
        [
            ("导演", "Director"),
            ("摄影", "Cinematographer"),
            ("剪辑", "Editor"),
            ("调色", "Colourist"),
            ("数字影像工程师", "DIT"),
            ("制片", "Producer"),
        ],
    ),
    (
        "software",
        "软件项目交付流程",
        "Software delivery",
        [
            ("需求分析", "Requirements", True, 15),
            ("设计", "Design", False, 15),
            ("开发", "Development", False, 40),
            ("测试", "Testing", False, 15),
            ("上线验收", "Release and acceptance", True, 10),
            ("复盘", "Retrospective", False, 5),
        ],
        [
            ("产品经理", "Product manager"),
            ("前端开发", "Front-end developer"),
            ("后端开发", "Back-end developer"),
            ("测试工程师", "Test engineer"),
            ("运维工程师", "Operations engineer"),
        ],
    ),
    (
        "manufacturing",
        "生产订单流程",
        "Manufacturing order",
        [
            ("工艺准备", "Process preparation", False, 20),
            ("首件试制", "First article", True, 20),
            ("批量生产", "Series production", False, 40),
            ("质量检验", "Quality inspection", False, 15),
            ("交付", "Delivery", True, 5),
        ],
        [
            ("工艺员", "Process planner"),
            ("数控操作员", "CNC operator"),
            ("质检员", "Quality inspector"),
            ("设备维护员", "Maintenance technician"),
        ],
    ),
]


def ensure_field_templates(field_template: Any = None, stage_template: Any = None, role: Any = None) -> int:
    """Create the templates that are missing (by field and name); returns how many were created. The
    migration passes its historical models; everyone else gets the current ones."""
    if field_template is None:
        field_template, stage_template, role = FieldTemplate, StageTemplate, ProductionRole
    created = 0
    for field, name, name_en, stages, roles in TEMPLATES:
        if field_template.objects.filter(field=field, name=name).exists():
            continue
        template = field_template.objects.create(field=field, name=name, name_en=name_en)
        for position, (stage, stage_en, gate, share) in enumerate(stages, start=1):
            stage_template.objects.create(
                template=template,
                position=position,
                name=stage,
                name_en=stage_en,
                client_gate=gate,
                share=share,
            )
        for role_name, role_en in roles:
            role.objects.create(template=template, name=role_name, name_en=role_en)
        created += 1
    return created
