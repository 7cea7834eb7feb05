"""The board's words and colours: conflicts as the dispatcher reads them (the domain gives
values; the sentence is ours, translated), bar states with the queue's risk colours."""

from __future__ import annotations

import math
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

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


def _tr(text: str) -> str:
    return QCoreApplication.translate("ScheduleWords", text)


def state_label(state: BarState) -> str:
    return {
        BarState.ON_TIME: _tr("On time"),
        BarState.AT_RISK: _tr("SLA at risk"),
        BarState.LATE: _tr("Late"),
    }[state]


def absence_label(kind: AbsenceKind) -> str:
    return {
        AbsenceKind.LEAVE: _tr("on leave"),
        AbsenceKind.SICKNESS: _tr("sick leave"),
        AbsenceKind.TRAINING: _tr("training"),
        AbsenceKind.OTHER: _tr("away"),
    }[kind]


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
    text = {
        ConflictKind.OVERLAP: _tr("Overlaps %1 (%2)"),
        ConflictKind.OUTSIDE_HOURS: _tr("Outside their working hours (nearest shift %2)")
        if c.starts_at is not None
        else _tr("Outside their working hours"),
        ConflictKind.DURING_BREAK: _tr("During their break (%2)"),
        ConflictKind.ABSENCE: _tr("They are away then (%2)"),
        ConflictKind.MISSING_SKILL: _tr("Lacks the skill: %3"),
        ConflictKind.UNKNOWN_POSITION: _tr("Travel time unknown: no job before it and no position"),
        ConflictKind.OUTSIDE_WINDOW: _tr("Outside the appointment window (%2)"),
        ConflictKind.IN_PAST: _tr("That time has passed"),
        ConflictKind.PUBLIC_HOLIDAY: _tr("A public holiday (%2)"),
        ConflictKind.MISSES_SLA: _tr("Arrives after the SLA's arrival deadline (%2)"),
    }.get(c.kind)
    if c.kind is ConflictKind.NO_TIME_TO_TRAVEL:
        text = (
            _tr("No time to travel from %1: %4 min needed, %5 min left")
            if c.ticket_id is not None and "from" in c.detail
            else _tr("No time to travel on to %1: %4 min needed, %5 min left")
            if c.ticket_id is not None
            else _tr("No time to travel from their position: %4 min needed, %5 min left")
        )
    if c.kind is ConflictKind.ABSENCE:
        for kind in AbsenceKind:
            if f"({kind.value})" in c.detail:
                text = _tr("They are %6 then (%2)").replace("%6", absence_label(kind))
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
        text = _tr("%1; %2").replace("%1", text).replace("%2", more)
    return text
