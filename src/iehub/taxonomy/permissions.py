"""Who may see and change the taxonomy: reference data every signed-in person reads and platform
administrators curate (through imports and the admin)."""

from __future__ import annotations

from iehub.core.models import reference_data, scope_rule
from iehub.taxonomy.models import Occupation, Skill

scope_rule(Skill, Occupation)(reference_data)
