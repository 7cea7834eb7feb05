"""A small desk for the dispatch board's tests: three technicians over three days from Monday
2 March 2026 in Shanghai, office hours with lunch, two jobs booked, a day of leave and one job
waiting to be scheduled."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dispatch_console.domain.schedule import (
    Absence,
    AbsenceKind,
    AppointmentWindow,
    PlannedJob,
    WeeklyHours,
)
from dispatch_console.domain.schedule.day import TechnicianDay
from dispatch_console.ui.schedule.board import DispatchBoard, TechnicianInfo
from dispatch_console.ui.schedule.cards import JobCard

ZONE = ZoneInfo("Asia/Shanghai")
SINCE = datetime(2026, 3, 2, tzinfo=ZONE)  # a Monday
UNTIL = SINCE + timedelta(days=3)
NOW = SINCE + timedelta(hours=8)
HOME = (31.2304, 121.4737)
NEAR = (31.2350, 121.4800)  # a kilometre or so away: minutes of travel


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return SINCE + timedelta(days=day, hours=hour, minutes=minute)


TECHNICIANS = [
    TechnicianInfo(1, "Ann", 10),
    TechnicianInfo(2, "Bob", 10),
    TechnicianInfo(3, "Cai", 20),
]
CARDS = {
    101: JobCard(101, "T-101", "Bund Tower", *NEAR, 60),
    102: JobCard(102, "T-102", "Jing'an Mall", *NEAR, 90),
    201: JobCard(
        201,
        "T-201",
        "Xuhui School",
        *NEAR,
        60,
        AppointmentWindow(at(0, 9), at(0, 17)),
        required_skills=("printer",),
    ),
}


def day(technician_id: int, jobs: list[PlannedJob] | None = None) -> TechnicianDay:
    absences = []
    if technician_id == 2:
        absences.append(Absence(1, 2, AbsenceKind.LEAVE, at(1, 0), at(2, 0)))
    if jobs is None:
        jobs = (
            [PlannedJob(101, at(0, 9), 60, *NEAR), PlannedJob(102, at(0, 14), 90, *NEAR)]
            if technician_id == 1
            else []
        )
    skills = ("printer",) if technician_id != 3 else ("lift",)
    return TechnicianDay.build(
        technician_id,
        skills,
        WeeklyHours.office(),
        ZONE,
        SINCE,
        UNTIL,
        absences=absences,
        jobs=jobs,
        position=HOME,
    )


def loaded_board(department_id: int | None = 10) -> DispatchBoard:
    board = DispatchBoard(
        SINCE,
        days=3,
        zone=ZONE,
        departments=[(10, "Huangpu"), (20, "Xuhui")],
        department_id=department_id,
        now=lambda: NOW,
    )
    board.load(
        TECHNICIANS, [day(t.id) for t in TECHNICIANS], [CARDS[101], CARDS[102]], [CARDS[201]]
    )
    board.resize(1200, 500)
    return board
