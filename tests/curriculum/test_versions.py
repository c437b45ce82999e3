"""Version diffs and curriculum import / export."""

from __future__ import annotations

import io

from iehub.curriculum import actions, importing, queries
from iehub.curriculum.models import ChangeRequest, CurriculumVersion, Level, Module
from tests.curriculum.conftest import Curriculum


def test_diff_shows_added_removed_and_changed(curriculum: Curriculum) -> None:
    lead = curriculum.world.program_lead
    draft = actions.copy_version(lead, curriculum.version, curriculum.world.program)
    course = draft.courses.get(code="C101")
    actions.save_course(lead, draft, {"credits": 5, "name": "数字调色与影像管理"}, course=course)
    m1 = Module.objects.get(course=course, code="M1")
    m2 = Module.objects.get(course=course, code="M2")
    actions.save_module(lead, course, {"hours": 40}, module=m1)
    actions.delete_module(lead, m2)
    m3 = actions.save_module(lead, course, {"code": "M3", "name": "AIGC", "hours": 16})
    actions.set_module_competency(lead, m3, curriculum.new, Level.PRACTISED)
    actions.set_module_competency(lead, m1, curriculum.grading, Level.PRACTISED)
    diff = queries.version_diff(curriculum.version, draft)
    assert [(c.kind, c.key) for c in diff.courses] == [("changed", "C101")]
    assert {f for f, _, _ in diff.courses[0].fields} == {"name", "credits"}
    assert [(c.kind, c.key) for c in diff.modules] == [("changed", "M1"), ("removed", "M2"), ("added", "M3")]
    assert diff.modules[0].fields == (("hours", 32, 40),)
    comp = {(c.kind, c.key): c.fields for c in diff.competencies}
    assert comp[("changed", f"M1 · {curriculum.grading.uri}")] == (("level", 3, 2),)
    assert ("removed", f"M2 · {curriculum.ops.uri}") in comp
    assert ("added", f"M3 · {curriculum.new.uri}") in comp
    assert "AI 视频生成" in next(c.label for c in diff.competencies if c.kind == "added")


def _csv(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode("utf-8"))


GOOD = """record,course_code,code,name,credits,term,hours,module_code,skill,level
course,,C201,影视调色,4,3,,,,
module,C201,M21,一级调色,,,32,,,
competency,,,,,,,M21,colour grading,mastered
competency,,,,,,,M21,AI 视频生成,2
"""


def test_import_becomes_a_change_request_when_a_curriculum_is_in_force(curriculum: Curriculum) -> None:
    result = importing.import_curriculum(
        curriculum.world.program_lead, curriculum.world.program, _csv(GOOD), "c.csv"
    )
    assert result.report.ok, result.report.errors
    assert result.counts == {"courses": 1, "modules": 1, "competencies": 2}
    assert isinstance(result.change_request, ChangeRequest)
    assert result.version is not None and result.version.state == CurriculumVersion.State.DRAFT
    assert queries.current_version(curriculum.world.program) == curriculum.version
    diff = queries.version_diff(curriculum.version, result.version)
    assert {(c.kind, c.key) for c in diff.courses} == {("removed", "C101"), ("added", "C201")}


def test_import_with_unknown_skill_or_missing_course_is_refused_as_a_whole(curriculum: Curriculum) -> None:
    bad = GOOD + "module,C999,M22,孤立模块,,,8,,,\ncompetency,,,,,,,M21,underwater basket weaving,1\n"
    before = CurriculumVersion.objects.count()
    result = importing.import_curriculum(
        curriculum.world.program_lead, curriculum.world.program, _csv(bad), "c.csv"
    )
    errors = [(e.row, e.field) for e in result.report.errors]
    assert errors == [(6, "course_code"), (7, "skill")]
    assert "C999" in result.report.errors[0].message
    assert "underwater basket weaving" in result.report.errors[1].message
    assert result.version is None and CurriculumVersion.objects.count() == before


def test_export_round_trips(curriculum: Curriculum) -> None:
    """An exported version imports into another program as the same curriculum; into its own program
    it is refused, since it would open a change request that changes nothing."""
    other = curriculum.world.other_college.programs.get()
    for fmt in ("csv", "xlsx"):
        payload, name, _type = importing.export_file(curriculum.version, fmt)
        again = importing.import_curriculum(
            curriculum.world.program_lead, curriculum.world.program, io.BytesIO(payload), name
        )
        assert not again.report.ok and again.change_request is None
        assert (
            "nothing to change" in again.report.errors[0].message or "没有" in again.report.errors[0].message
        )
        result = importing.import_curriculum(
            curriculum.world.other_college_admin,
            other,
            io.BytesIO(payload),
            name,
            effective_term="2025-2026-1",
        )
        assert result.report.ok, result.report.errors
        assert result.version is not None
        assert queries.version_diff(curriculum.version, result.version).empty
        result.version.delete()


def test_first_import_is_put_in_force(curriculum: Curriculum) -> None:
    program = curriculum.world.other_college.programs.get()
    admin = curriculum.world.other_college_admin
    result = importing.import_curriculum(admin, program, _csv(GOOD), "c.csv", effective_term="2026-2027-1")
    assert result.report.ok and result.change_request is None
    assert queries.current_version(program) == result.version
