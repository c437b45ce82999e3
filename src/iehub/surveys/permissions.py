"""Who may design, distribute and read surveys.

- A survey is designed, sent, reminded, closed and coded by its college's administrators and program
  leads (the people who adjust teaching from the results).
- Its results are read by the college's staff (administrators, program leads, teachers) and by the
  government officers of the college's province; never by students, never by the respondents' side.
- Respondents answer only through their link (no login); a link opens one response and nothing else.
- An anonymous survey's results and exports never name who answered, whoever reads them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from iehub.accounts import permissions as accounts
from iehub.accounts.roles import Role
from iehub.core.models import CHANGE, scope_rule
from iehub.surveys.models import Code, CodedSegment, Invitation, Question, Response, Section, Survey

DESIGNERS = (Role.COLLEGE_ADMIN, Role.PROGRAM_LEAD)
READERS = (Role.COLLEGE_ADMIN, Role.PROGRAM_LEAD, Role.TEACHER)


def _college_ids(user: Any, roles: tuple[str, ...]) -> Any:
    return accounts.role_org_ids(user, roles)


def survey_q(user: Any, action: str, prefix: str = "") -> Q:
    """Surveys the user may read (``view``) or design and distribute (``change``)."""
    if action == CHANGE:
        return Q(**{f"{prefix}college_id__in": _college_ids(user, DESIGNERS)})
    return Q(**{f"{prefix}college_id__in": _college_ids(user, READERS)}) | Q(
        **{f"{prefix}college_id__in": accounts.governed_org_ids(user)}
    )


@scope_rule(Survey)
def survey_scope(user: Any, action: str) -> Q:
    return survey_q(user, action)


@scope_rule(Section, Question, Invitation, Response, Code)
def survey_part_scope(user: Any, action: str) -> Q:
    return survey_q(user, action, "survey__")


@scope_rule(CodedSegment)
def segment_scope(user: Any, action: str) -> Q:
    return survey_q(user, action, "response__survey__")


def may_design(user: Any, survey: Survey) -> bool:
    return Survey.objects.restrict(user, CHANGE).filter(pk=survey.pk).exists()


def may_create_for(user: Any, college_id: int) -> bool:
    return (
        bool(user.is_superuser) or _college_ids(user, DESIGNERS).filter(organization_id=college_id).exists()
    )


def designer_colleges(user: Any) -> Any:
    """The colleges where the user may create surveys."""
    return _college_ids(user, DESIGNERS)


def reads_answers(user: Any, survey: Survey) -> bool:
    """Whether the reader sees single answers (open texts, coded passages): the college's staff; the
    officers above it read aggregates only."""
    staff = _college_ids(user, READERS).filter(organization_id=survey.college_id)
    return bool(user.is_superuser) or staff.exists()


def sees_respondents(user: Any, survey: Survey) -> bool:
    """Whether results and exports may name who answered: never for an anonymous survey."""
    return not survey.anonymous and reads_answers(user, survey)


def may_see_surveys(user: Any) -> bool:
    """The surveys page is for the colleges' staff and the government officers above them."""
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser) or _college_ids(user, (*READERS, Role.GOVERNMENT_OFFICER)).exists()
