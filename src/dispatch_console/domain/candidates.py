"""What ranking takes and gives: the job, the fleet's members, the candidates, the pins on the map.

Plain data, apart from the numpy arithmetic in `ranking`: the ports, the services and the
window's first screen use these types without loading numpy (it costs a noticeable part of a
cold start, and nothing on that screen ranks)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from .enums import TechnicianStatus
from .tickets import Ticket

EARTH_RADIUS_KM = 6371.0088


class Mode(StrEnum):
    NOW = "now"  # only technicians free at this moment
    # the earliest slot each technician can reach the site within the ticket's window (from now
    # when it has none), given their hours, breaks, absences, planned visits and travel
    SLOT = "slot"

    @classmethod
    def _missing_(cls, value: object) -> Mode | None:
        # consoles before the schedule asked for "after their current job": the slot answers it
        return cls.SLOT if value == "after_current" else None


class Exclusion(StrEnum):
    """Why a technician is not on the list, in the order the filters apply."""

    OTHER_DEPARTMENT = "other_department"
    OUT_OF_TERRITORY = "out_of_territory"
    OFF_DUTY = "off_duty"
    NO_SKILL = "no_skill"
    FULL = "full"
    BUSY = "busy"
    NO_POSITION = "no_position"
    NO_SLOT = "no_slot"  # no feasible slot in the window: the SlotNote says why


class SlotKind(StrEnum):
    """What the schedule says of one technician for one visit: a slot, or why there is none."""

    EARLIEST = "earliest"  # a slot at `at`
    NO_SKILL = "no_skill"
    ON_LEAVE = "on_leave"  # an absence takes the working time of the window (until `until`)
    OFF_SHIFT = "off_shift"  # no working time in the window long enough for the job
    NO_POSITION = "no_position"  # no job before it and no position: travel unknown
    NO_FREE_TIME = "no_free_time"  # working time, but visits and travel leave no room


@dataclass(frozen=True, slots=True)
class SlotNote:
    """The reason shown beside a technician in slot mode: their earliest arrival and what it
    follows (the visit before, its times, the travel from it), or why they have none."""

    kind: SlotKind
    at: datetime | None = None  # the arrival
    travel_minutes: float | None = None  # from the visit before, or from their position
    after_ticket_id: int | None = None  # None: they set off from where they are
    after_starts_at: datetime | None = None
    after_ends_at: datetime | None = None
    until: datetime | None = None  # on leave until
    absence: str = ""  # the absence's kind (leave, sickness ...)

    @property
    def found(self) -> bool:
        return self.kind is SlotKind.EARLIEST


@dataclass(frozen=True, slots=True)
class RankingPolicy:
    road_factor: float = 1.35  # roads are longer than the straight line (urban average)
    speed_kmh: float = 25.0  # door to door in city traffic
    current_job_minutes: float = 60.0  # what is left of a job in hand, on average
    minutes_per_open_job: float = 20.0
    parts_bonus_minutes: float = 15.0
    previous_bonus_minutes: float = 10.0
    late_weight: float = 2.0  # each minute past the arrival deadline counts this much more
    same_department: bool = True


@dataclass(frozen=True, slots=True)
class Job:
    """The ticket as ranking sees it (its site in WGS-84, what it needs)."""

    ticket_id: int
    lat: float
    lon: float
    required_skills: tuple[str, ...] = ()  # every one of them, e.g. ("lift", "high-voltage")
    department_id: int | None = None
    district: str = ""  # the site's district, for technicians' territories
    arrival_due_at: datetime | None = None
    fitting_parts: frozenset[int] = frozenset()
    previous_technicians: tuple[int, ...] = ()
    assignee_id: int | None = None  # who has the ticket now: it is not extra load for them


@dataclass(slots=True)
class FleetMember:
    id: int
    name: str
    department_id: int | None
    skills: tuple[str, ...]
    status: TechnicianStatus
    max_open_jobs: int
    open_jobs: int = 0
    lat: float | None = None
    lon: float | None = None
    position_at: datetime | None = None
    parts: frozenset[int] = frozenset()  # parts in the van (quantity > 0)
    districts: tuple[str, ...] = ()  # territory; empty: anywhere
    job_lat: float | None = None  # the site of the job in hand, where they will finish
    job_lon: float | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    technician_id: int
    name: str
    distance_km: float
    eta_minutes: float
    starts_after_minutes: float  # 0 when free now; the rest of the current job otherwise
    slack_minutes: float | None  # arrival deadline minus arrival; negative = late
    open_jobs: int
    max_open_jobs: int
    skill: str | None
    parts_in_van: int  # how many of the fitting parts the van carries
    served_before: bool
    fix_age_minutes: float | None
    status: TechnicianStatus
    score: float
    eta_by_road: bool = False  # True once a route service gave the ETA; else an estimate
    slot: SlotNote | None = None  # slot mode: the earliest arrival and what it follows


@dataclass(slots=True)
class Ranking:
    candidates: list[Candidate]
    excluded: dict[Exclusion, int] = field(default_factory=dict)
    considered: int = 0
    mode: Mode = Mode.NOW
    window: SlotWindow | None = None  # slot mode: the window searched
    # slot mode: why each technician without a slot has none (those the other filters kept)
    no_slot: dict[int, SlotNote] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SlotWindow:
    """The window a slot was searched in: the customer's booking, or from now."""

    starts_at: datetime
    ends_at: datetime
    booked: bool  # the ticket's appointment window; False: from now, no booking
    minutes: float  # the visit's length on site


@dataclass(frozen=True, slots=True)
class TicketPin:
    """An open ticket on the map: where, how urgent, how its SLA stands."""

    ticket_id: int
    category: str
    lat: float
    lon: float
    priority: str
    risk: str
    assignee_id: int | None = None
    stage: int = 0  # how far the assignee's work on it has gone (pins.JOB_STAGES); 0: not begun

    @property
    def number(self) -> str:
        return Ticket.number_of(self.ticket_id)
