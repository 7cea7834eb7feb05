"""Appointments and the technician's day (预约上门): holidays, working hours, absences, the jobs
in order with travel between them, conflicts as values, and the earliest slot per technician.

Pure rules, no I/O. This package's top level holds the records storage maps and stays free of
numpy (storage is imported on every console start); the rules that compute live in modules:
- `day`: `TechnicianDay` (a technician's days over a horizon: shifts, breaks, absences, jobs,
  travel legs, free pieces);
- `conflicts`: `check_placement` (one placement: a drag on the board), `window_problems`
  (a window a customer asks for), `Conflict`, `ScheduleConflict`;
- `slots`: `ScheduleBoard.earliest_slots` (every technician at once, what ranking calls) and
  `naive_earliest_slots`, its reference;
- `travel`: `TravelTimes`, `StraightLine` (ranking's estimate; road times behind the same calls).
"""

from .calendar import DEFAULT_REGION, HolidayCalendar, check_region
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
from .spans import Span

__all__ = [
    "DEFAULT_REGION",
    "Absence",
    "AbsenceKind",
    "AppointmentWindow",
    "DayHours",
    "DepartmentHours",
    "HolidayCalendar",
    "PlannedJob",
    "Span",
    "TechnicianHours",
    "TimeSpan",
    "Visit",
    "WeeklyHours",
    "WorkingTime",
    "check_region",
    "hours_for",
    "working_time",
]
