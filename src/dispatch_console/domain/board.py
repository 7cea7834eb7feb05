"""The supervisor's live board: what a wall screen shows of the desk right now."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .calls import Call
from .candidates import FleetMember
from .tickets import TicketRow

RINGING_FOR_AT_MOST_S = 15 * 60  # a "ringing" call older than this lost its hang-up event
AT_RISK_WITHIN_S = 60 * 60  # an open ticket whose next deadline is within the hour


@dataclass(slots=True)
class Board:
    at: datetime
    ringing: list[Call] = field(default_factory=list)  # offered, not answered or ended yet
    missed_waiting: int = 0  # missed calls whose callback is not done
    oldest_missed_at: datetime | None = None
    by_status: dict[str, int] = field(default_factory=dict)  # open tickets per status
    breached: int = 0  # open, not on hold, past their next deadline
    at_risk: int = 0  # open, not on hold, the next deadline within the hour
    unassigned: int = 0
    urgent: list[TicketRow] = field(default_factory=list)  # the nearest deadlines, not on hold
    technicians: list[FleetMember] = field(default_factory=list)
    resolved_today: int = 0
    first_time_fix_rate: float | None = None  # today, in the desk's time zone
    satisfaction: float | None = None  # today's callbacks, 1-5
    callbacks_done_today: int = 0
