"""Moving a model to another app keeps every row: partnerships (partnership → accounts) and alert
assignments (demand → curriculum), with the foreign keys that point at them and their content types.

The test migrates the database back to before the move, writes rows with the models as they were
then, migrates forward and reads them back through today's models."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from iehub.accounts.models import Partnership
from iehub.curriculum.models import AlertAssignment, MicroCourse

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("accounts", "0003_invitations_email_changes"),
    ("curriculum", "0003_competencies_versions_changes"),
    ("demand", "0007_import_heartbeat"),
    ("partnership", "0001_initial"),
]
AFTER = [
    ("accounts", "0004_partnership_moved_here"),
    ("curriculum", "0004_alert_assignments_moved_here"),
    ("demand", "0008_alert_assignments_moved_to_curriculum"),
    ("partnership", "0002_partnership_moved_to_accounts"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_moved_models_keep_their_rows_links_and_content_types():
    old = _migrate(BEFORE)
    organisation = old.get_model("accounts", "Organization")
    college = organisation.objects.create(kind="college", code="MC1", name="迁移学院")
    enterprise = organisation.objects.create(
        kind="enterprise", code="ME1", name="迁移企业", ownership="private", scale="small"
    )
    old.get_model("partnership", "Partnership").objects.create(
        college=college, enterprise=enterprise, status="active", started_on=dt.date(2024, 1, 1)
    )
    skill = old.get_model("taxonomy", "Skill").objects.create(
        uri="urn:test:move", label_en="moving", label_zh="迁移"
    )
    program = old.get_model("curriculum", "Program").objects.create(
        college=college, major_code="000001", name="迁移专业"
    )
    alert = old.get_model("demand", "SkillAlert").objects.create(
        skill=skill, period="2026Q1", direction="surge", growth=0.5, p_value=0.001
    )
    assignment = old.get_model("demand", "AlertAssignment").objects.create(
        alert=alert, program=program, college=college, due_on=dt.date(2026, 5, 1), state="planned"
    )
    user = old.get_model("accounts", "User").objects.create(username="mover", full_name="迁移者")
    old.get_model("curriculum", "MicroCourse").objects.create(
        program=program,
        title="微课",
        skill=skill,
        alert_assignment=assignment,
        owner=user,
        due_on=dt.date(2026, 5, 1),
        outline="提纲",
    )
    old_content_type = ContentType.objects.get_or_create(app_label="demand", model="alertassignment")[0]
    # As in a real upgrade, the new app has no content type for the model yet (the test database was
    # created with today's models, so drop the one it got).
    ContentType.objects.filter(app_label="curriculum", model="alertassignment").delete()

    _migrate(AFTER)
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()

    # Only the columns of the schema at AFTER (later migrations add others, e.g. the agreement's scope).
    moved = Partnership.objects.only("id", "college_id", "enterprise_id", "status").get(college__code="MC1")
    assert moved.enterprise.code == "ME1" and moved.status == "active"
    answer = AlertAssignment.objects.get(pk=assignment.pk)
    assert (answer.state, answer.program_id, answer.alert.skill.uri) == (
        "planned",
        program.pk,
        "urn:test:move",
    )
    assert MicroCourse.objects.get(title="微课").alert_assignment == answer
    assert ContentType.objects.get(pk=old_content_type.pk).app_label == "curriculum"
    _migrate(leaves)  # back to today's schema for the tests that follow
