"""Practice: training bases and bookings, enterprise projects with their stages and process records."""

from iehub.practice.models.bases import Booking, Equipment, TrainingBase
from iehub.practice.models.placements import CheckIn, LogEntry, Placement, ProblemReport
from iehub.practice.models.projects import (
    Deliverable,
    Field,
    FieldTemplate,
    ProcessRecord,
    ProductionRole,
    Project,
    ProjectMember,
    RoleCompetency,
    Stage,
    StageTemplate,
    Task,
)
from iehub.practice.models.qa import Answer, Question

__all__ = [
    "Answer",
    "Booking",
    "CheckIn",
    "Deliverable",
    "Equipment",
    "Field",
    "FieldTemplate",
    "LogEntry",
    "Placement",
    "ProblemReport",
    "ProcessRecord",
    "ProductionRole",
    "Project",
    "ProjectMember",
    "Question",
    "RoleCompetency",
    "Stage",
    "StageTemplate",
    "Task",
    "TrainingBase",
]
