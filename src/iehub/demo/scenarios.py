"""What to try with the printed demo logins: each scenario names who does what, so a newcomer can walk
the whole loop with the logins ``make demo`` prints (no Django admin needed)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

# (scenario, [(login, what this person does in it)])
SCENARIOS: list[tuple[Any, list[tuple[str, Any]]]] = [
    (
        _("A skill alert becomes a curriculum change (the loop)"),
        [
            ("program_lead", _("answers the skill alert, opens the change request, chairs the committee")),
            ("teacher", _("committee member: votes on the change request")),
            ("film_t003", _("committee member: votes on the change request")),
            ("mentor", _("enterprise committee member: votes (3 of the 4 votes decide)")),
            ("college_admin", _("sees the college's alerts, change cycle times and partners")),
        ],
    ),
    (
        _("An enterprise tells the college what it needs"),
        [
            ("enterprise_admin", _("states skill needs, sends curriculum suggestions, invites mentors")),
            ("mentor", _("mentors students, sits on the program committee")),
        ],
    ),
    (
        _("A student learns and gets credit"),
        [("student", _("takes micro-courses, asks for certificate recognition, reads the transcript"))],
    ),
    (
        _("Government and consortium"),
        [
            ("gov_officer", _("reads regional skill demand, imports job postings")),
            ("consortium_officer", _("sees the consortium's members")),
        ],
    ),
    (_("The platform"), [("admin", _("every organisation and person, the audit log, the administration"))]),
]
