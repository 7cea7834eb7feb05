"""Appointments and the technician's day (预约上门): holidays, working hours, absences, the jobs
in order with travel between them, conflicts as values, and the earliest slot per technician.

Pure rules, no I/O. The services build `TechnicianDay`s from storage, keep a `ScheduleBoard`
like ranking keeps its Fleet, and ask it for slots; `check_placement` judges one placement
(a drag on the board), `window_problems` a window a customer asks for."""

from .calendar import DEFAULT_REGION, HolidayCalendar, check_region
from .conflicts import (
    WARNINGS,
    Conflict,
    ConflictKind,
    ScheduleConflict,
    check_placement,
    window_problems,
)
from .day import Leg, Piece, TechnicianDay, pieces
from .hours import DayHours, TimeSpan, WeeklyHours, WorkingTime, hours_for, working_time
from .records import (
    Absence,
    AbsenceKind,
    AppointmentWindow,
    DepartmentHours,
    PlannedJob,
    TechnicianHours,
    Visit,
)
from .slots import Miss, ScheduleBoard, Slot, Slots, naive_earliest_slots
from .spans import Span
from .travel import STRAIGHT_LINE, StraightLine, TravelTimes

__all__ = [
    "DEFAULT_REGION",
    "STRAIGHT_LINE",
    "WARNINGS",
    "Absence",
    "AbsenceKind",
    "AppointmentWindow",
    "Conflict",
    "ConflictKind",
    "DayHours",
    "DepartmentHours",
    "HolidayCalendar",
    "Leg",
    "Miss",
    "Piece",
    "PlannedJob",
    "ScheduleBoard",
    "ScheduleConflict",
    "Slot",
    "Slots",
    "Span",
    "StraightLine",
    "TechnicianDay",
    "TechnicianHours",
    "TimeSpan",
    "TravelTimes",
    "Visit",
    "WeeklyHours",
    "WorkingTime",
    "check_placement",
    "check_region",
    "hours_for",
    "naive_earliest_slots",
    "pieces",
    "window_problems",
    "working_time",
]
