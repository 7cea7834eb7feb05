"""The slot finder's answers as plain values (no numpy): what the ports and the REST layer
carry for one technician's earliest slot, or why they have none."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Miss(StrEnum):
    """Why a technician has no slot for the visit, in the order they are judged."""

    NO_SKILL = "no_skill"
    NO_HOURS = "no_hours"  # no working time in the window long enough for the job
    NO_POSITION = "no_position"  # no job before, no position: travel unknown
    NO_ROOM = "no_room"  # working time, but jobs and travel leave no room


@dataclass(frozen=True, slots=True)
class Slot:
    technician_id: int
    arrives_at: datetime
    late_minutes: float  # after the SLA's arrival deadline; 0 when on time or none
