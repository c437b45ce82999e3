"""Practice: training bases and bookings, enterprise projects with their stages and process records."""

from iehub.practice.models.bases import Booking, Equipment, TrainingBase
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

__all__ = [
    "Booking",
    "Deliverable",
    "Equipment",
    "Field",
    "FieldTemplate",
    "ProcessRecord",
    "ProductionRole",
    "Project",
    "ProjectMember",
    "RoleCompetency",
    "Stage",
    "StageTemplate",
    "Task",
    "TrainingBase",
]
