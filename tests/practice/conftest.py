"""Two bases of the world's college: a lab on campus with a camera, and a stage at the partner
enterprise. Times are fixed in the future of a fixed ``NOW``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from iehub.practice import actions
from iehub.practice.models import Equipment, TrainingBase
from tests.conftest import World

NOW = timezone.make_aware(dt.datetime(2026, 12, 1, 8, 0))


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment in December 2026, in the platform's time zone."""
    return timezone.make_aware(dt.datetime(2026, 12, day, hour, minute))


@dataclass
class Bases:
    world: World
    lab: TrainingBase
    stage: TrainingBase
    camera: Equipment


@pytest.fixture
def bases(world: World) -> Bases:
    lab = actions.save_base(
        world.college_admin,
        world.college,
        {"name": "影视后期实训室", "name_en": "Post-production lab", "location": "on_campus", "capacity": 40},
    )
    stage = actions.save_base(
        world.college_admin,
        world.college,
        {
            "name": "虚拟制作基地",
            "location": "off_campus",
            "capacity": 20,
            "real_production": True,
            "partner": world.enterprise.pk,
        },
    )
    camera = actions.add_equipment(world.college_admin, lab, "CAM-01", "摄影机套件", "Camera kit")
    return Bases(world, lab, stage, camera)
