"""The curriculum's data, one module per topic (programs, the competency matrix, versions, change
requests, alert responses, micro-courses, certificate recognition, enterprise suggestions).

Everything is importable from ``iehub.curriculum.models`` as before."""

from iehub.curriculum.models.alerts import AlertAssignment
from iehub.curriculum.models.changes import (
    ChangeComment,
    ChangeOrigin,
    ChangeRequest,
    ChangeVote,
    CommitteeMember,
)
from iehub.curriculum.models.matrix import CareerDirection, Level, TaskCompetency, WorkTask
from iehub.curriculum.models.micro import MicroCourse
from iehub.curriculum.models.programs import ClassGroup, Program
from iehub.curriculum.models.recognition import (
    Certificate,
    CertificateSkill,
    RecognitionRequest,
    RecognitionRule,
    TranscriptEntry,
)
from iehub.curriculum.models.suggestions import EnterpriseSuggestion
from iehub.curriculum.models.versions import Course, CurriculumVersion, Module, ModuleCompetency

__all__ = [
    "AlertAssignment",
    "CareerDirection",
    "Certificate",
    "CertificateSkill",
    "ChangeComment",
    "ChangeOrigin",
    "ChangeRequest",
    "ChangeVote",
    "ClassGroup",
    "CommitteeMember",
    "Course",
    "CurriculumVersion",
    "EnterpriseSuggestion",
    "Level",
    "MicroCourse",
    "Module",
    "ModuleCompetency",
    "Program",
    "RecognitionRequest",
    "RecognitionRule",
    "TaskCompetency",
    "TranscriptEntry",
    "WorkTask",
]
