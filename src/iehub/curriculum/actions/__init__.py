"""Everything a person does to a curriculum: one function per use case, the only place that writes.

Each action checks permission, validates, writes inside ``acting_as`` (one transaction, audited) and
notifies. Versions in force are never edited: changes are made on a draft copy that a change request
carries through the committee; approval puts the copy in force and records the cycle time. One module
per topic; everything is importable from ``iehub.curriculum.actions``.
"""

from iehub.curriculum.actions.changes import (
    active_committee,
    change_request_step,
    comment,
    decide_change_request,
    open_change_request,
    quorum,
    submit_change_request,
    tally,
    tell_enterprise,
    vote,
    withdraw_change_request,
)
from iehub.curriculum.actions.common import (
    MICRO_COURSE_DAYS,
    TERM_FORMAT_HELP,
    UnknownStep,
    deny,
    require_draft,
    require_program_change,
    require_version_edit,
    set_level,
    valid_term,
)
from iehub.curriculum.actions.matrix import add_direction, add_task, set_task_competency
from iehub.curriculum.actions.micro import create_micro_course, publish_micro_course
from iehub.curriculum.actions.recognition import (
    approve_recognition,
    recognition_step,
    reject_recognition,
    request_recognition,
    save_rule,
)
from iehub.curriculum.actions.suggestions import (
    accept_suggestion,
    decline_suggestion,
    suggest,
    suggestion_step,
)
from iehub.curriculum.actions.versions import (
    COURSE_FIELDS,
    MODULE_FIELDS,
    copy_version,
    delete_course,
    delete_module,
    put_in_force,
    save_course,
    save_module,
    set_module_competency,
)

__all__ = [
    "COURSE_FIELDS",
    "MICRO_COURSE_DAYS",
    "MODULE_FIELDS",
    "TERM_FORMAT_HELP",
    "UnknownStep",
    "accept_suggestion",
    "active_committee",
    "add_direction",
    "add_task",
    "approve_recognition",
    "change_request_step",
    "comment",
    "copy_version",
    "create_micro_course",
    "decide_change_request",
    "decline_suggestion",
    "delete_course",
    "delete_module",
    "deny",
    "open_change_request",
    "publish_micro_course",
    "put_in_force",
    "quorum",
    "recognition_step",
    "reject_recognition",
    "request_recognition",
    "require_draft",
    "require_program_change",
    "require_version_edit",
    "save_course",
    "save_module",
    "save_rule",
    "set_level",
    "set_module_competency",
    "set_task_competency",
    "submit_change_request",
    "suggest",
    "suggestion_step",
    "tally",
    "tell_enterprise",
    "valid_term",
    "vote",
    "withdraw_change_request",
]
