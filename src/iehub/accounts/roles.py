"""Who is who: the kinds of organisation, the roles people hold in them, and which roles administer.

The one place role names are spelled: rules about what a role may do live in each app's
``permissions.py`` and use these constants; nothing else compares role strings.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    COLLEGE = "college", _("College")
    ENTERPRISE = "enterprise", _("Enterprise")
    GOVERNMENT = "government", _("Government body")
    ASSOCIATION = "association", _("Industry association")
    INSTITUTE = "institute", _("Research institute")
    CONSORTIUM = "consortium", _("Industry–education consortium")


class Role(models.TextChoices):
    COLLEGE_ADMIN = "college_admin", _("College administrator")
    PROGRAM_LEAD = "program_lead", _("Program lead")
    TEACHER = "teacher", _("Teacher")
    STUDENT = "student", _("Student")
    ENTERPRISE_ADMIN = "enterprise_admin", _("Enterprise administrator")
    ENTERPRISE_MENTOR = "enterprise_mentor", _("Enterprise mentor")
    GOVERNMENT_OFFICER = "government_officer", _("Government officer")
    CONSORTIUM_OFFICER = "consortium_officer", _("Consortium officer")
    STAFF = "staff", _("Staff member")


# Which roles make sense in which kind of organisation.
ROLES_BY_KIND: dict[str, tuple[str, ...]] = {
    OrgKind.COLLEGE: (Role.COLLEGE_ADMIN, Role.PROGRAM_LEAD, Role.TEACHER, Role.STUDENT),
    OrgKind.ENTERPRISE: (Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_MENTOR),
    OrgKind.GOVERNMENT: (Role.GOVERNMENT_OFFICER,),
    OrgKind.ASSOCIATION: (Role.STAFF,),
    OrgKind.INSTITUTE: (Role.STAFF,),
    OrgKind.CONSORTIUM: (Role.CONSORTIUM_OFFICER,),
}
# Roles that administer their organisation: edit it, manage its people, see their personal data.
ADMIN_ROLES: tuple[str, ...] = (
    Role.COLLEGE_ADMIN,
    Role.ENTERPRISE_ADMIN,
    Role.GOVERNMENT_OFFICER,
    Role.CONSORTIUM_OFFICER,
)
# Roles that work with the people of their own organisation (see its directory).
STAFF_ROLES: tuple[str, ...] = (
    *ADMIN_ROLES,
    Role.PROGRAM_LEAD,
    Role.TEACHER,
    Role.ENTERPRISE_MENTOR,
    Role.STAFF,
)
