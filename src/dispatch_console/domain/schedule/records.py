"""The schedule's stored records: who works when, who is away, the window agreed for a visit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from ..desk_zone import DEFAULT_TIMEZONE, check_zone
from ..errors import ValidationError
from .calendar import DEFAULT_REGION, check_region
from .hours import WeeklyHours

MAX_WINDOW = timedelta(days=31)  # longer is a typo, not an appointment
MAX_ABSENCE = timedelta(days=366)
MAX_NOTE = 400


class AbsenceKind(StrEnum):
    LEAVE = "leave"  # 请假 / annual leave
    SICKNESS = "sickness"  # 病假
    TRAINING = "training"
    OTHER = "other"


def _aware(field: str, value: datetime) -> None:
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise ValidationError(field, f"{value!r} is not a date and time with a time zone")


@dataclass(frozen=True, slots=True)
class AppointmentWindow:
    """When the customer agreed the technician may arrive (预约上门时间): [starts_at, ends_at]."""

    starts_at: datetime
    ends_at: datetime

    def __post_init__(self) -> None:
        _aware("appointment.starts_at", self.starts_at)
        _aware("appointment.ends_at", self.ends_at)
        if self.ends_at <= self.starts_at:
            raise ValidationError(
                "appointment.ends_at",
                f"the window must end after it starts ({self.starts_at:%Y-%m-%d %H:%M} - "
                f"{self.ends_at:%Y-%m-%d %H:%M})",
            )
        if self.ends_at - self.starts_at > MAX_WINDOW:
            raise ValidationError("appointment.ends_at", "a window may last at most 31 days")


@dataclass(slots=True)
class Absence:
    """Time a technician is away (leave, sickness ...), entered by a supervisor."""

    id: int
    technician_id: int
    kind: AbsenceKind
    starts_at: datetime
    ends_at: datetime
    note: str = ""
    created_by: str = ""
    created_at: datetime | None = None
    version: int = 1

    def __post_init__(self) -> None:
        _aware("absence.starts_at", self.starts_at)
        _aware("absence.ends_at", self.ends_at)
        if self.ends_at <= self.starts_at:
            raise ValidationError("absence.ends_at", "an absence must end after it starts")
        if self.ends_at - self.starts_at > MAX_ABSENCE:
            raise ValidationError("absence.ends_at", "an absence may last at most a year")
        if len(self.note) > MAX_NOTE:
            raise ValidationError("absence.note", f"at most {MAX_NOTE} characters")


@dataclass(slots=True)
class DepartmentHours:
    """A department's default week, its time zone, and whose public holidays it keeps."""

    id: int
    department_id: int
    week: WeeklyHours
    timezone: str = DEFAULT_TIMEZONE
    holiday_region: str = DEFAULT_REGION
    version: int = 1

    def __post_init__(self) -> None:
        self.timezone = check_zone(self.timezone)
        self.holiday_region = check_region(self.holiday_region)


@dataclass(slots=True)
class TechnicianHours:
    """A technician's own week, replacing their department's default."""

    id: int
    technician_id: int
    week: WeeklyHours
    version: int = 1


@dataclass(frozen=True, slots=True)
class PlannedJob:
    """A job on a technician's day: where, from when, for how long."""

    ticket_id: int
    starts_at: datetime
    minutes: float
    lat: float
    lon: float

    def __post_init__(self) -> None:
        _aware("planned_start_at", self.starts_at)
        if not self.minutes > 0:
            raise ValidationError("planned_minutes", "a job lasts more than 0 minutes")

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)


@dataclass(frozen=True, slots=True)
class BookedVisit:
    """A ticket's booked window on no one's day yet: demand the customers' windows must leave
    room for (the QR page's capacity). `minutes`: its planned length, if it has one."""

    ticket_id: int
    starts_at: datetime
    ends_at: datetime
    minutes: int | None
    required_skills: tuple[str, ...]
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Visit:
    """The job to place: the ticket's site, the window, how long it takes, what it needs."""

    ticket_id: int
    lat: float
    lon: float
    minutes: float
    window: AppointmentWindow
    required_skills: tuple[str, ...] = ()
    arrival_due_at: datetime | None = None  # the SLA's arrival deadline

    def __post_init__(self) -> None:
        if not self.minutes > 0:
            raise ValidationError("minutes", "a visit lasts more than 0 minutes")
