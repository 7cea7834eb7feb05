"""The board's reasons in words, from the domain's own conflicts (check_placement), so that a
change in the domain's details shows up here rather than as a wrong sentence on screen."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from dispatch_console.domain.schedule import (
    Absence,
    AbsenceKind,
    AppointmentWindow,
    PlannedJob,
    Visit,
    WeeklyHours,
)
from dispatch_console.domain.schedule.conflicts import check_placement
from dispatch_console.domain.schedule.day import TechnicianDay
from dispatch_console.domain.schedule.travel import STRAIGHT_LINE
from dispatch_console.ui.schedule.words import conflicts_text

from .schedule_fleet import NEAR, NOW, SINCE, UNTIL, ZONE, at

FAR = (31.35, 121.60)  # across the city: most of an hour


def _day(kind: AbsenceKind | None = None) -> TechnicianDay:
    absences = [Absence(1, 1, kind, at(1, 0), at(2, 0))] if kind else []
    jobs = [PlannedJob(101, at(0, 9), 60, *NEAR), PlannedJob(102, at(0, 14), 60, *NEAR)]
    return TechnicianDay.build(
        1,
        ("printer",),
        WeeklyHours.office(),
        ZONE,
        SINCE,
        UNTIL,
        absences=absences,
        jobs=jobs,
        position=NEAR,
    )


def _words(
    start: float,
    *,
    where: tuple[float, float] = NEAR,
    skills: tuple[str, ...] = (),
    kind: AbsenceKind | None = None,
    due: float | None = None,
) -> str:
    visit = Visit(
        201,
        *where,
        60,
        AppointmentWindow(SINCE, UNTIL),
        skills,
        None if due is None else at(0, 0) + timedelta(hours=due),
    )
    found = check_placement(
        _day(kind), visit, at(0, 0) + timedelta(hours=start), NOW, STRAIGHT_LINE
    )
    return conflicts_text(found, ZONE, {101: "T-101", 102: "T-102"})


def test_overlap_names_the_other_ticket_and_its_time(qapp: object) -> None:
    assert _words(9.5) == "Overlaps T-101 (03-02 09:00–10:00)"


def test_break_hours_skill_and_past(qapp: object) -> None:
    assert _words(12.25) == "During their break (03-02 12:00–13:00)"
    # and when they do work, so the dispatcher knows where to put it instead
    assert _words(19) == "Outside their working hours (nearest shift 03-02 08:30–17:30)"
    assert _words(24 + 6) == (  # early next morning: that day's shift, not the evening before
        "Outside their working hours (nearest shift 03-03 08:30–17:30)"
    )
    assert _words(10.5, skills=("lift",)) == "Lacks the skill: lift"
    assert _words(7.5).startswith("That time has passed")


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        (AbsenceKind.LEAVE, "on leave"),
        (AbsenceKind.SICKNESS, "sick leave"),
        (AbsenceKind.TRAINING, "training"),
    ],
)
def test_absence_says_which(qapp: object, kind: AbsenceKind, said: str) -> None:
    assert _words(24 + 10, kind=kind) == f"They are {said} then (03-03 00:00–03-04 00:00)"


def test_the_same_absence_entered_twice_is_said_once(qapp: object) -> None:
    day = _day(AbsenceKind.LEAVE)
    twice = replace(day, absences=(*day.absences, *day.absences))
    visit = Visit(201, *NEAR, 60, AppointmentWindow(SINCE, UNTIL), (), None)
    found = check_placement(twice, visit, at(1, 10), NOW, STRAIGHT_LINE)
    assert len(found) == 2  # the domain finds both
    assert conflicts_text(found, ZONE, {}) == "They are on leave then (03-03 00:00–03-04 00:00)"


def test_travel_from_the_job_before_and_on_to_the_next(qapp: object) -> None:
    assert _words(10.1, where=FAR).startswith("No time to travel from T-101: ")
    assert "No time to travel on to T-102: " in _words(12.9, where=FAR)


def test_a_warning_reads_as_one(qapp: object) -> None:
    assert _words(10.5, due=10) == "Arrives after the SLA's arrival deadline (03-02 10:00)"
