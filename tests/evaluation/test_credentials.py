"""Open Badges 3.0 credentials: issued jointly, verified by openbadgeslib against the public endpoints,
refused after revocation."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from openbadgeslib.ob3 import OB3VerificationError, OB3Verifier, verify_endorsement_jwt

from iehub.core.models import CHANGE
from iehub.evaluation import actions
from iehub.evaluation.models import Credential
from tests.evaluation.conftest import Evaluated

pytestmark = pytest.mark.django_db
BASE = "http://127.0.0.1:8000"  # IEHUB_BASE_URL in the tests


def _mastered(e: Evaluated) -> None:
    w = e.world
    actions.record_evaluation(w.teacher, e.scheme, w.student, "teacher", {e.grading.pk: 4, e.teamwork.pk: 1})
    actions.record_evaluation(w.mentor, e.scheme, w.student, "mentor", {e.grading.pk: 4, e.teamwork.pk: 1})


def _through(client: Client):  # type: ignore[no-untyped-def]
    """openbadgeslib's downloader, answered by our own public endpoints through Django's test client."""

    def download(url: str) -> bytes:
        assert url.startswith(BASE), url
        response = client.get(url.removeprefix(BASE))
        assert response.status_code == 200, (url, response.status_code)
        return response.content

    return download


def test_issued_credential_verifies_until_revoked(evaluated: Evaluated, settings) -> None:  # type: ignore[no-untyped-def]
    settings.IEHUB_BASE_URL = BASE
    _mastered(evaluated)
    w = evaluated.world
    teacher = w.client_for(w.teacher)
    response = teacher.post(
        f"/evaluation/portfolio/{w.student.pk}/credentials/", {"skill": evaluated.grading.skill_id}
    )
    assert response.status_code == 302
    credential = Credential.objects.get()
    assert (
        credential.enterprise == w.enterprise and credential.college == w.college
    )  # joint: the mentor evaluated

    public = Client()
    token = public.get(f"/credentials/{credential.uid}/credential.jwt").content.decode()
    college = json.loads(public.get(f"/credentials/issuers/{w.college.pk}/").content)
    enterprise = json.loads(public.get(f"/credentials/issuers/{w.enterprise.pk}/").content)
    verifier = OB3Verifier(college["publicKeyPem"])
    verified = verifier.verify(
        token, expected_recipient=w.student.email, check_status=True, download=_through(public)
    )
    assert verified.achievement.achievement_type == "Competency"
    assert verified.issuer.id == college["id"]
    (endorsement,) = verified.all_endorsement_jwts()
    assert (
        verify_endorsement_jwt(endorsement, endorser_pubkey_pem=enterprise["publicKeyPem"])["endorses"]
        == verified.id
    )
    # the wrong key does not verify it
    with pytest.raises(OB3VerificationError):
        OB3Verifier(enterprise["publicKeyPem"]).verify(token)
    page = public.get(f"/credentials/{credential.uid}/")
    assert page.status_code == 200 and 'data-testid="credential-valid"' in page.content.decode()

    teacher.post(f"/credentials/{credential.uid}/revoke/", {"reason": "成绩更正"})
    with pytest.raises(OB3VerificationError, match="revocation"):
        verifier.verify(token, check_status=True, download=_through(public))
    assert json.loads(public.get(f"/credentials/{credential.uid}/verify.json").content)["valid"] is False
    assert (
        'data-testid="credential-invalid"' in public.get(f"/credentials/{credential.uid}/").content.decode()
    )
    # revoked, a new one may be issued; it takes the next bit of the status list
    renewed = actions.issue_credential(w.teacher, w.student, evaluated.grading.skill)
    assert renewed.status_index == credential.status_index + 1
    assert verifier.verify(renewed.token, check_status=True, download=_through(public)).id != verified.id


def test_only_mastered_and_only_once(evaluated: Evaluated) -> None:
    _mastered(evaluated)
    w = evaluated.world
    with pytest.raises(actions.ValidationError):
        actions.issue_credential(w.teacher, w.student, evaluated.teamwork.skill)  # score 1: not mastered
    actions.issue_credential(w.teacher, w.student, evaluated.grading.skill)
    with pytest.raises(actions.ValidationError):
        actions.issue_credential(w.teacher, w.student, evaluated.grading.skill)


def test_who_may_issue_and_revoke(evaluated: Evaluated) -> None:
    _mastered(evaluated)
    w = evaluated.world
    for outsider in (w.student, w.mentor, w.enterprise_admin, w.other_college_admin):
        with pytest.raises(actions.PermissionDenied):
            actions.issue_credential(outsider, w.student, evaluated.grading.skill)
    credential = actions.issue_credential(w.teacher, w.student, evaluated.grading.skill)
    for outsider in (w.student, w.mentor, w.other_college_admin):
        assert (
            w.client_for(outsider).post(f"/credentials/{credential.uid}/revoke/", {"reason": "x"}).status_code
            == 404
        )
    assert (
        w.client_for(None).post(f"/credentials/{credential.uid}/revoke/", {"reason": "x"}).status_code == 302
    )
    assert w.client_for(None).post(f"/evaluation/portfolio/{w.student.pk}/credentials/").status_code == 302
    assert list(Credential.objects.restrict(w.student)) == [credential]
    assert not Credential.objects.restrict(w.student, CHANGE).exists()
    with pytest.raises(actions.ValidationError):
        actions.revoke_credential(w.teacher, credential, "  ")
    credential.refresh_from_db()
    assert credential.revoked_at is None


def test_the_portfolio_as_a_signed_clr(evaluated: Evaluated, settings) -> None:  # type: ignore[no-untyped-def]
    from openbadgeslib.ob3.clr import bundled_clr_contexts
    from openbadgeslib.ob3.ldp import OB3LdpVerifier, verify_data_integrity_proof

    settings.IEHUB_BASE_URL = BASE
    w, e = evaluated.world, evaluated
    actions.record_evaluation(w.teacher, e.scheme, w.student, "teacher", {e.grading.pk: 4, e.teamwork.pk: 4})
    grading = actions.issue_credential(w.teacher, w.student, e.grading.skill)
    teamwork = actions.issue_credential(w.teacher, w.student, e.teamwork.skill)
    actions.revoke_credential(w.teacher, teamwork, "重复颁发")
    response = w.client_for(w.student).get("/evaluation/portfolio/clr.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/ld+json"
    document = json.loads(response.content)
    assert document["type"] == ["VerifiableCredential", "ClrCredential"]
    members = document["credentialSubject"]["verifiableCredential"]
    assert [m["id"] for m in members] == [f"{BASE}/credentials/{grading.uid}/"]  # the revoked one is left out
    key = json.loads(Client().get(f"/credentials/issuers/{w.college.pk}/").content)["ldpPublicKeyPem"]
    verify_data_integrity_proof(document, key, extra_contexts=bundled_clr_contexts())
    OB3LdpVerifier(key).verify(members[0])
    members[0]["name"] = "篡改"
    with pytest.raises(OB3VerificationError):
        verify_data_integrity_proof(document, key, extra_contexts=bundled_clr_contexts())
    assert w.client_for(w.teacher).get(f"/evaluation/portfolio/{w.student.pk}/clr.json").status_code == 200
    for outsider in (w.mentor, w.other_college_admin, e.peer):
        assert w.client_for(outsider).get(f"/evaluation/portfolio/{w.student.pk}/clr.json").status_code == 404
    assert w.client_for(e.peer).get("/evaluation/portfolio/clr.json").status_code == 404  # holds none
