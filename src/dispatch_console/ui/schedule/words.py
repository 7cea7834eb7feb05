"""The board's words and colours: conflicts as the dispatcher reads them (the domain gives
values; the sentence is ours, translated), bar states with the queue's risk colours."""

from __future__ import annotations

import math
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QColor

from ...domain.enums import TicketStatus
from ...domain.schedule import AbsenceKind
from ...domain.schedule.problems import Conflict, ConflictKind
from ...domain.sla import Risk
from ..tickets.labels import RISK_COLOURS
from .cards import BarState

BAR_COLOURS = {
    BarState.ON_TIME: QColor("#1e88e5"),
    BarState.AT_RISK: RISK_COLOURS[Risk.AT_RISK],
    BarState.LATE: RISK_COLOURS[Risk.BREACHED],
}
WORKING = QColor("#ffffff")
OFF_HOURS = QColor("#eceff1")
BREAK = QColor("#cfd8dc")
ABSENCE = QColor("#f8bbd0")
TRAVEL = QColor("#78909c")
TRAVEL_SHORT = RISK_COLOURS[Risk.BREACHED]
ACCEPTED = RISK_COLOURS[Risk.OK]


# The tables mark their words for lupdate (which reads only literal text) and are translated
# when shown, so the language the console runs in applies.
STATE_WORDS = {
    BarState.ON_TIME: QT_TRANSLATE_NOOP("ScheduleWords", "On time"),
    BarState.AT_RISK: QT_TRANSLATE_NOOP("ScheduleWords", "SLA at risk"),
    BarState.LATE: QT_TRANSLATE_NOOP("ScheduleWords", "Late"),
}
ABSENCE_WORDS = {
    AbsenceKind.LEAVE: QT_TRANSLATE_NOOP("ScheduleWords", "on leave"),
    AbsenceKind.SICKNESS: QT_TRANSLATE_NOOP("ScheduleWords", "sick leave"),
    AbsenceKind.TRAINING: QT_TRANSLATE_NOOP("ScheduleWords", "training"),
    AbsenceKind.OTHER: QT_TRANSLATE_NOOP("ScheduleWords", "away"),
}
# who has a job in hand, in the list and in the take-over question (%1: the technician)
IN_HAND_WORDS = {
    TicketStatus.ACCEPTED: QT_TRANSLATE_NOOP("ScheduleWords", "%1 has accepted this job"),
    TicketStatus.EN_ROUTE: QT_TRANSLATE_NOOP("ScheduleWords", "%1 is on the way to this job"),
}
CONFLICT_WORDS = {
    ConflictKind.OVERLAP: QT_TRANSLATE_NOOP("ScheduleWords", "Overlaps %1 (%2)"),
    ConflictKind.OUTSIDE_HOURS: QT_TRANSLATE_NOOP("ScheduleWords", "Outside their working hours"),
    ConflictKind.DURING_BREAK: QT_TRANSLATE_NOOP("ScheduleWords", "During their break (%2)"),
    ConflictKind.ABSENCE: QT_TRANSLATE_NOOP("ScheduleWords", "They are away then (%2)"),
    ConflictKind.MISSING_SKILL: QT_TRANSLATE_NOOP("ScheduleWords", "Lacks the skill: %3"),
    ConflictKind.UNKNOWN_POSITION: QT_TRANSLATE_NOOP(
        "ScheduleWords", "Travel time unknown: no job before it and no position"
    ),
    ConflictKind.OUTSIDE_WINDOW: QT_TRANSLATE_NOOP(
        "ScheduleWords", "Outside the appointment window (%2)"
    ),
    ConflictKind.IN_PAST: QT_TRANSLATE_NOOP("ScheduleWords", "That time has passed"),
    ConflictKind.PUBLIC_HOLIDAY: QT_TRANSLATE_NOOP("ScheduleWords", "A public holiday (%2)"),
    ConflictKind.MISSES_SLA: QT_TRANSLATE_NOOP(
        "ScheduleWords", "Arrives after the SLA's arrival deadline (%2)"
    ),
}


def _marked(text: object) -> str:
    """A word from the tables above (lupdate finds it at its QT_TRANSLATE_NOOP, which hands the
    text back unchanged but typed `object`)."""
    return QCoreApplication.translate("ScheduleWords", str(text))


def state_label(state: BarState) -> str:
    return _marked(STATE_WORDS[state])


def absence_label(kind: AbsenceKind) -> str:
    return _marked(ABSENCE_WORDS[kind])


def when(at: datetime | None, zone: ZoneInfo) -> str:
    return "" if at is None else f"{at.astimezone(zone):%m-%d %H:%M}"


def span(start: datetime | None, end: datetime | None, zone: ZoneInfo) -> str:
    if start is None or end is None:
        return when(start or end, zone)
    same_day = start.astimezone(zone).date() == end.astimezone(zone).date()
    return (
        f"{when(start, zone)}–{end.astimezone(zone):%H:%M}"
        if same_day
        else (f"{when(start, zone)}–{when(end, zone)}")
    )


def _minutes(value: float | None) -> str:
    return "?" if value is None or math.isnan(value) else str(max(0, round(value)))


def conflict_text(conflict: Conflict, zone: ZoneInfo, numbers: dict[int, str]) -> str:
    """One conflict in a sentence; `numbers` names tickets by their number."""
    c = conflict
    other = numbers.get(c.ticket_id, f"#{c.ticket_id}") if c.ticket_id is not None else ""
    times = span(c.starts_at, c.ends_at, zone)
    marked = CONFLICT_WORDS.get(c.kind)
    text = None if marked is None else _marked(marked)
    if c.kind is ConflictKind.OUTSIDE_HOURS and c.starts_at is not None:
        text = QCoreApplication.translate(
            "ScheduleWords", "Outside their working hours (nearest shift %2)"
        )
    if c.kind is ConflictKind.NO_TIME_TO_TRAVEL:
        text = (
            QCoreApplication.translate(
                "ScheduleWords", "No time to travel from %1: %4 min needed, %5 min left"
            )
            if c.ticket_id is not None and "from" in c.detail
            else QCoreApplication.translate(
                "ScheduleWords", "No time to travel on to %1: %4 min needed, %5 min left"
            )
            if c.ticket_id is not None
            else QCoreApplication.translate(
                "ScheduleWords", "No time to travel from their position: %4 min needed, %5 min left"
            )
        )
    if c.kind is ConflictKind.ABSENCE:
        for kind in AbsenceKind:
            if f"({kind.value})" in c.detail:
                text = QCoreApplication.translate("ScheduleWords", "They are %6 then (%2)").replace(
                    "%6", absence_label(kind)
                )
    if text is None:
        return c.detail
    skill = c.detail.removeprefix("lacks ")
    return (
        text.replace("%1", other)
        .replace("%2", times)
        .replace("%3", skill)
        .replace("%4", _minutes(c.minutes_needed))
        .replace("%5", _minutes(c.minutes_available))
    )


def conflicts_text(conflicts: list[Conflict], zone: ZoneInfo, numbers: dict[int, str]) -> str:
    """The conflicts in sentences, each said once: two absences entered for the same hours
    are one reason to the dispatcher, not two."""
    said = list(dict.fromkeys(conflict_text(c, zone, numbers) for c in conflicts))
    text = said[0] if said else ""
    for more in said[1:]:  # Chinese joins with a full-width "；"
        joined = QCoreApplication.translate("ScheduleWords", "%1; %2")
        text = joined.replace("%1", text).replace("%2", more)
    return text


def in_hand_text(status: TicketStatus, name: str) -> str:
    """ "薛斌 is on the way to this job"; empty for a state nobody holds a job in."""
    words = IN_HAND_WORDS.get(status)
    if words is None:
        return ""
    return _marked(words).replace("%1", name)
