"""The account-takeover path found by the hardening probe, replayed as attacks.

An enterprise admin with an active partnership used to attach a college teacher to the enterprise,
then — as "their" admin — read the teacher's identifiers, move the e-mail address, reset the password
and log in as them. Each step is now refused: a person from elsewhere is invited and decides; an
invitation gives no power over the account; e-mail changes wait for the old address; and people who
never had a password can set their first one by the reset e-mail.
"""

from __future__ import annotations

import io
import re

import pytest
from django.core import mail
from django.test import Client

from iehub.accounts.models import EmailChange, Invitation, Membership, Role, User
from tests.conftest import PASSWORD
from tests.helpers import api

pytestmark = pytest.mark.django_db


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response.json()["error"]["code"] == code
    return response.json()["error"]


@pytest.mark.parametrize("role", [Role.ENTERPRISE_MENTOR, Role.ENTERPRISE_ADMIN])
@pytest.mark.parametrize("victim", ["teacher", "program_lead", "student"])
def test_partner_admin_cannot_attach_a_college_person_to_the_enterprise(world, role, victim):
    person = getattr(world, victim)
    attempt = api(
        world.client_for(world.enterprise_admin),
        "post",
        "/api/v1/memberships",
        {"user_id": person.pk, "organization_id": world.enterprise.pk, "role": role},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "invite" in _error(attempt, 403, "forbidden")["message"]
    assert not Membership.objects.filter(user=person, organization=world.enterprise).exists()


def test_partner_admin_cannot_change_a_college_persons_contact_data(world):
    client = world.client_for(world.enterprise_admin)
    for field, value in (("email", "attacker@evil.example"), ("phone", "13900139000")):
        attempt = api(client, "patch", f"/api/v1/people/{world.teacher.pk}", {field: value})
        _error(attempt, 403, "forbidden")
    world.teacher.refresh_from_db()
    assert world.teacher.email == "teacher@example.cn"
    assert not EmailChange.objects.exists()


def test_the_whole_attack_fails_even_after_the_victim_accepts_a_role(
    world, django_capture_on_commit_callbacks
):
    """Worst case: the teacher accepts a mentor role. The enterprise still gets no identifiers, no
    account control, and a reset to an attacker's address sends nothing."""
    admin = world.client_for(world.enterprise_admin)
    invited = api(
        admin,
        "post",
        "/api/v1/invitations",
        {
            "person_id": world.teacher.pk,
            "organization_id": world.enterprise.pk,
            "role": "enterprise_mentor",
        },
    )
    assert invited.status_code == 201, invited.content
    accepted = api(
        world.client_for(world.teacher), "post", f"/api/v1/invitations/{invited.json()['id']}/accept"
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    membership = Membership.objects.get(user=world.teacher, organization=world.enterprise)
    assert membership.invited and membership.role == Role.ENTERPRISE_MENTOR

    seen = api(admin, "get", f"/api/v1/people/{world.teacher.pk}").json()
    assert seen["phone"] == "138****8000"
    assert seen["id_card_number"] == "4401**********0013"
    _error(
        api(admin, "patch", f"/api/v1/people/{world.teacher.pk}", {"email": "x@evil.example"}),
        403,
        "forbidden",
    )
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/accounts/password/reset/", {"email": "x@evil.example"})
    assert mail.outbox == []


def test_invitation_lifecycle_and_who_may_answer(world, django_capture_on_commit_callbacks):
    admin = world.client_for(world.enterprise_admin)
    with django_capture_on_commit_callbacks(execute=True):
        created = api(
            admin,
            "post",
            "/api/v1/invitations",
            {
                "person_id": world.teacher.pk,
                "organization_id": world.enterprise.pk,
                "role": "enterprise_mentor",
                "message": "共建课程",
            },
        )
    assert created.status_code == 201, created.content
    invitation_id = created.json()["id"]
    assert [m.to for m in mail.outbox] == [[world.teacher.email]]
    assert "/invitations/" in mail.outbox[0].body
    # The same invitation twice is refused, naming the field.
    again = api(
        admin,
        "post",
        "/api/v1/invitations",
        {"person_id": world.teacher.pk, "organization_id": world.enterprise.pk, "role": "enterprise_mentor"},
    )
    assert "role" in _error(again, 422, "invalid")["fields"]
    # Nobody but the invited person answers: not the inviter, not a colleague, not an outsider.
    _error(api(admin, "post", f"/api/v1/invitations/{invitation_id}/accept"), 403, "forbidden")
    _error(
        api(world.client_for(world.college_admin), "post", f"/api/v1/invitations/{invitation_id}/accept"),
        404,
        "not_found",
    )
    _error(
        api(world.client_for(world.outsider_admin), "post", f"/api/v1/invitations/{invitation_id}/accept"),
        404,
        "not_found",
    )
    _error(api(Client(), "post", f"/api/v1/invitations/{invitation_id}/accept"), 401, "unauthenticated")
    _error(api(Client(), "get", "/api/v1/invitations"), 401, "unauthenticated")
    assert api(world.client_for(world.outsider_admin), "get", "/api/v1/invitations").json()["count"] == 0
    # The teacher sees it on the page and in the API, then declines it; it cannot be accepted after.
    teacher = world.client_for(world.teacher)
    page = teacher.get("/invitations/")
    assert page.status_code == 200 and "共建课程" in page.content.decode()
    assert api(teacher, "get", "/api/v1/invitations").json()["count"] == 1
    assert api(teacher, "post", f"/api/v1/invitations/{invitation_id}/decline").json()["status"] == "declined"
    _error(api(teacher, "post", f"/api/v1/invitations/{invitation_id}/accept"), 422, "invalid")
    assert not Membership.objects.filter(user=world.teacher, organization=world.enterprise).exists()


def test_invitations_refuse_strangers_students_and_outsiders(world):
    admin = world.client_for(world.enterprise_admin)
    stranger = api(
        admin,
        "post",
        "/api/v1/invitations",
        {
            "person_id": world.other_student.pk,
            "organization_id": world.enterprise.pk,
            "role": "enterprise_mentor",
        },
    )
    assert "person_id" in _error(stranger, 422, "invalid")["fields"]
    wrong_role = api(
        admin,
        "post",
        "/api/v1/invitations",
        {"person_id": world.teacher.pk, "organization_id": world.enterprise.pk, "role": "teacher"},
    )
    assert "role" in _error(wrong_role, 422, "invalid")["fields"]
    not_theirs = api(
        world.client_for(world.outsider_admin),
        "post",
        "/api/v1/invitations",
        {"person_id": world.teacher.pk, "organization_id": world.enterprise.pk, "role": "enterprise_mentor"},
    )
    _error(not_theirs, 403, "forbidden")
    by_student = api(
        world.client_for(world.student),
        "post",
        "/api/v1/invitations",
        {"person_id": world.teacher.pk, "organization_id": world.college.pk, "role": "teacher"},
    )
    _error(by_student, 403, "forbidden")


def test_invitation_withdrawn_by_the_inviting_organisation(world):
    invitation = api(
        world.client_for(world.enterprise_admin),
        "post",
        "/api/v1/invitations",
        {"person_id": world.teacher.pk, "organization_id": world.enterprise.pk, "role": "enterprise_mentor"},
    ).json()
    _error(
        api(world.client_for(world.mentor), "post", f"/api/v1/invitations/{invitation['id']}/revoke"),
        404,
        "not_found",
    )
    revoked = api(
        world.client_for(world.enterprise_admin), "post", f"/api/v1/invitations/{invitation['id']}/revoke"
    )
    assert revoked.json()["status"] == "revoked"
    _error(
        api(world.client_for(world.teacher), "post", f"/api/v1/invitations/{invitation['id']}/accept"),
        422,
        "invalid",
    )


def test_invitation_pages_invite_accept_and_show_the_role(world):
    admin = world.client_for(world.enterprise_admin)
    detail = admin.get(f"/people/{world.teacher.pk}/")
    assert 'data-testid="invite"' in detail.content.decode()
    sent = admin.post(
        f"/people/{world.teacher.pk}/invite/",
        {"organization": world.enterprise.pk, "role": "enterprise_mentor"},
    )
    assert sent.status_code == 302
    invitation = Invitation.objects.get(person=world.teacher)
    teacher = world.client_for(world.teacher)
    assert 'data-testid="open-invitations"' in teacher.get("/").content.decode()
    assert teacher.post(f"/invitations/{invitation.pk}/accept/").status_code == 302
    assert Membership.objects.get(user=world.teacher, organization=world.enterprise).invited
    assert (
        world.client_for(world.outsider_admin).post(f"/invitations/{invitation.pk}/revoke/").status_code
        == 404
    )
    assert Client().get("/invitations/").status_code == 302


def test_home_admin_still_adds_roles_directly(world):
    created = api(
        world.client_for(world.college_admin),
        "post",
        "/api/v1/memberships",
        {"user_id": world.teacher.pk, "organization_id": world.college.pk, "role": "college_admin"},
    )
    assert created.status_code == 201, created.content
    assert not Membership.objects.get(pk=created.json()["id"]).invited


def test_email_change_waits_for_the_old_address(world, django_capture_on_commit_callbacks):
    admin = world.client_for(world.college_admin)
    with django_capture_on_commit_callbacks(execute=True):
        changed = api(admin, "patch", f"/api/v1/people/{world.teacher.pk}", {"email": "new@example.cn"})
    assert changed.status_code == 200, changed.content
    assert changed.json()["email"] == "teacher@example.cn"
    assert changed.json()["pending_email"] == "new@example.cn"
    assert [m.to for m in mail.outbox] == [["teacher@example.cn"]]
    link = re.search(r"http://127\.0\.0\.1:8000(/accounts/email/confirm/\S+/)", mail.outbox[0].body).group(1)
    # Until confirmed, a reset to the new address sends nothing.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/accounts/password/reset/", {"email": "new@example.cn"})
    assert mail.outbox == []
    # The link only shows a confirmation page on GET (mail scanners follow links); POST applies it.
    anonymous = Client()
    assert 'data-testid="confirm-email"' in anonymous.get(link).content.decode()
    world.teacher.refresh_from_db()
    assert world.teacher.email == "teacher@example.cn"
    with django_capture_on_commit_callbacks(execute=True):
        assert anonymous.post(link).status_code == 200
    world.teacher.refresh_from_db()
    assert world.teacher.email == "new@example.cn"
    assert sorted(m.to[0] for m in mail.outbox) == ["new@example.cn", "teacher@example.cn"]
    # A used link is dead.
    assert 'data-testid="invalid-link"' in anonymous.post(link).content.decode()


def test_a_new_request_cancels_the_older_link(world, django_capture_on_commit_callbacks):
    client = world.client_for(world.teacher)
    with django_capture_on_commit_callbacks(execute=True):
        api(client, "patch", f"/api/v1/people/{world.teacher.pk}", {"email": "first@example.cn"})
        api(client, "patch", f"/api/v1/people/{world.teacher.pk}", {"email": "second@example.cn"})
    first = re.search(r"(/accounts/email/confirm/\S+/)", mail.outbox[0].body).group(1)
    assert 'data-testid="invalid-link"' in Client().post(first).content.decode()
    assert (
        EmailChange.objects.filter(person=world.teacher, cancelled_at=None).get().new_email
        == "second@example.cn"
    )


def test_an_invalid_new_address_names_the_field(world):
    response = api(
        world.client_for(world.teacher),
        "patch",
        f"/api/v1/people/{world.teacher.pk}",
        {"email": "not-an-address"},
    )
    assert "email" in _error(response, 422, "invalid")["fields"]


def _logs_in(username: str, password: str) -> bool:
    response = Client().post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302


def _set_first_password(email: str, django_capture_on_commit_callbacks) -> Client:
    mail.outbox.clear()
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": email})
    assert len(mail.outbox) == 1, "no reset e-mail for a person without a password"
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    done = client.post(
        form_url, {"new_password1": "a fresh secret 2026", "new_password2": "a fresh secret 2026"}
    )
    assert done.status_code == 302, done.content
    return client


def test_a_person_created_over_the_api_sets_a_first_password(world, django_capture_on_commit_callbacks):
    created = api(
        world.client_for(world.college_admin),
        "post",
        "/api/v1/people",
        {
            "username": "newteacher",
            "full_name": "新老师",
            "email": "newteacher@example.cn",
            "membership": {"organization_id": world.college.pk, "role": "teacher"},
        },
    )
    assert created.status_code == 201, created.content
    assert not User.objects.get(username="newteacher").has_usable_password()
    _set_first_password("newteacher@example.cn", django_capture_on_commit_callbacks)
    assert _logs_in("newteacher", "a fresh secret 2026")


def test_an_imported_person_sets_a_first_password(world, django_capture_on_commit_callbacks):
    csv_file = io.BytesIO(
        "username,full_name,email,organization_code,role\nimported1,导入老师,imported1@example.cn,C1,teacher\n".encode()
    )
    csv_file.name = "people.csv"
    response = world.client_for(world.college_admin).post("/api/v1/imports/people", {"file": csv_file})
    assert response.status_code == 200, response.content
    _set_first_password("imported1@example.cn", django_capture_on_commit_callbacks)
    assert _logs_in("imported1", "a fresh secret 2026")


def test_a_deactivated_person_gets_no_reset_mail(world, django_capture_on_commit_callbacks):
    world.teacher.is_active = False
    world.teacher.save()
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/accounts/password/reset/", {"email": world.teacher.email})
    assert mail.outbox == []
    assert not _logs_in("teacher", PASSWORD)
