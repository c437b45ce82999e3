"""Curriculum–certificate integration: a recognised certificate reaches the transcript exactly once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from iehub.curriculum import actions
from iehub.curriculum.models import Certificate, RecognitionRequest, TranscriptEntry
from tests.curriculum.conftest import Curriculum


@pytest.fixture
def rule(curriculum: Curriculum):  # type: ignore[no-untyped-def]
    certificate = Certificate.objects.create(
        code="1X-POST-M",
        name="影视后期制作",
        issuer="1+X 评价组织",
        kind=Certificate.Kind.ONE_PLUS_X,
        level="中级",
    )
    return actions.save_rule(
        curriculum.world.program_lead, curriculum.world.program, certificate, "M1", Decimal(2)
    )


def test_approved_once_shows_on_the_transcript(curriculum: Curriculum, rule) -> None:  # type: ignore[no-untyped-def]
    w = curriculum.world
    request = actions.request_recognition(w.student, rule, "1X2026-0001", dt.date(2026, 6, 30))
    entry = actions.approve_recognition(w.program_lead, request)
    assert (entry.student, entry.module_code, entry.credits) == (w.student, "M1", Decimal(2))
    assert request.state == RecognitionRequest.State.APPROVED
    with pytest.raises(ValidationError) as twice:
        actions.approve_recognition(w.program_lead, request)
    assert "state" in twice.value.message_dict
    with pytest.raises(ValidationError):
        actions.reject_recognition(w.program_lead, request, "重复")
    assert TranscriptEntry.objects.filter(student=w.student).count() == 1
    with pytest.raises(ValidationError):  # the same module cannot be asked for again
        actions.request_recognition(w.student, rule, "1X2026-0002", dt.date(2026, 6, 30))


def test_who_may_ask_and_decide(curriculum: Curriculum, rule) -> None:  # type: ignore[no-untyped-def]
    w = curriculum.world
    with pytest.raises(PermissionDenied):  # a student of another program
        actions.request_recognition(w.other_student, rule, "x", dt.date(2026, 1, 1))
    with pytest.raises(ValidationError) as caught:
        actions.request_recognition(w.student, rule, " ", dt.date(2099, 1, 1))
    assert set(caught.value.message_dict) == {"certificate_number", "obtained_on"}
    request = actions.request_recognition(w.student, rule, "N1", dt.date(2026, 1, 1))
    for outsider in (w.student, w.other_college_admin, w.mentor):
        with pytest.raises(PermissionDenied):
            actions.approve_recognition(outsider, request)
    with pytest.raises(ValidationError):
        actions.reject_recognition(w.program_lead, request, "")
    actions.reject_recognition(w.program_lead, request, "证书编号无法核验")
    assert not TranscriptEntry.objects.exists()


def test_rule_needs_a_module_in_force_and_sane_credits(curriculum: Curriculum) -> None:
    w = curriculum.world
    certificate = Certificate.objects.create(
        code="HCIA", name="HCIA", issuer="华为", kind=Certificate.Kind.VENDOR
    )
    with pytest.raises(ValidationError, match="module"):
        actions.save_rule(w.program_lead, w.program, certificate, "M9", Decimal(1))
    with pytest.raises(ValidationError):
        actions.save_rule(w.program_lead, w.program, certificate, "M1", Decimal(5))
