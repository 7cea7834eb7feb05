"""The schedule's reasons in the dispatcher's words: a technician's earliest slot and what it
follows ("Earliest 14:20 (after GD-… 13:00–14:00, 20 min travel)"), why someone has none
("On leave until Thu 09:00", "Off shift", "No free time in the window"), and the window
searched. Times are the console's local time; another day gets its weekday."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ...domain.candidates import Ranking, SlotKind, SlotNote, SlotWindow
from ...domain.tickets import Ticket

# The context is spelt out in every call: lupdate reads only literal contexts and texts. The
# tables are marked for it and translated when shown, in the language the console runs in.
MISSES = {
    SlotKind.OFF_SHIFT: QT_TRANSLATE_NOOP("dispatch", "Off shift in the window"),
    SlotKind.NO_FREE_TIME: QT_TRANSLATE_NOOP("dispatch", "No free time in the window"),
    SlotKind.NO_POSITION: QT_TRANSLATE_NOOP(
        "dispatch", "No position and no visit before: travel unknown"
    ),
    SlotKind.NO_SKILL: QT_TRANSLATE_NOOP("dispatch", "Without the skill"),
    SlotKind.EARLIEST: QT_TRANSLATE_NOOP("dispatch", "Has a slot"),
}
LEAVE_UNTIL = {
    "off_duty": QT_TRANSLATE_NOOP("dispatch", "Off duty until %1"),
    "sickness": QT_TRANSLATE_NOOP("dispatch", "Off sick until %1"),
    "training": QT_TRANSLATE_NOOP("dispatch", "In training until %1"),
}
ON_LEAVE_UNTIL = QT_TRANSLATE_NOOP("dispatch", "On leave until %1")  # any other absence
KIND_COUNTED = {  # "%1 %2": how many technicians, then this
    SlotKind.ON_LEAVE: QT_TRANSLATE_NOOP("dispatch", "away"),
    SlotKind.OFF_SHIFT: QT_TRANSLATE_NOOP("dispatch", "off shift"),
    SlotKind.NO_FREE_TIME: QT_TRANSLATE_NOOP("dispatch", "with no free time in the window"),
    SlotKind.NO_POSITION: QT_TRANSLATE_NOOP("dispatch", "with travel unknown"),
    SlotKind.NO_SKILL: QT_TRANSLATE_NOOP("dispatch", "without the skill"),
}


def _marked(text: object) -> str:
    """A word from the tables above (lupdate finds it at its QT_TRANSLATE_NOOP, which hands the
    text back unchanged but typed `object`)."""
    return QCoreApplication.translate("dispatch", str(text))


def when(at: datetime, now: datetime) -> str:
    """14:20 today, else "Thu 14:20" (within the week) or "03-12 14:20"."""
    local, today = at.astimezone(), now.astimezone()
    if local.date() == today.date():
        return f"{local:%H:%M}"
    if 0 < (local.date() - today.date()).days < 7:
        from ..schedule.paint import weekday  # one set of day names for the board and here

        return f"{weekday(local.weekday())} {local:%H:%M}"
    return f"{local:%m-%d %H:%M}"


def slot_text(note: SlotNote, now: datetime) -> str:
    """A candidate's slot, with what it follows and the travel from there."""
    if not note.found or note.at is None:
        return miss_text(note, now)
    trip = "?" if note.travel_minutes is None else f"{note.travel_minutes:.0f}"
    if note.after_ticket_id is not None and note.after_starts_at and note.after_ends_at:
        start = note.after_starts_at.astimezone()
        detail = (
            QCoreApplication.translate("dispatch", "after %1 at %2–%3, %4 min travel")
            .replace("%1", Ticket.number_of(note.after_ticket_id))
            .replace("%2", when(start, now))
            .replace("%3", f"{note.after_ends_at.astimezone():%H:%M}")
            .replace("%4", trip)
        )
    else:
        detail = QCoreApplication.translate(
            "dispatch", "from where they are, %1 min travel"
        ).replace("%1", trip)
    return (
        QCoreApplication.translate("dispatch", "Earliest %1 (%2)")
        .replace("%1", when(note.at, now))
        .replace("%2", detail)
    )


def miss_text(note: SlotNote, now: datetime) -> str:
    """Why a technician has no slot in the window."""
    if note.kind is SlotKind.ON_LEAVE:
        text = _marked(LEAVE_UNTIL.get(note.absence, ON_LEAVE_UNTIL))
        return text.replace("%1", "?" if note.until is None else when(note.until, now))
    return _marked(MISSES[note.kind])


def _kind_label(kind: SlotKind) -> str:
    return _marked(KIND_COUNTED[kind]) if kind in KIND_COUNTED else ""


def no_slot_counts(ranking: Ranking) -> list[str]:
    """The schedule's exclusions counted by reason: "2 away", "5 off shift" ..."""
    counts = Counter(note.kind for note in ranking.no_slot.values())
    return [
        QCoreApplication.translate("dispatch", "%1 %2")
        .replace("%1", str(n))
        .replace("%2", _kind_label(kind))
        for kind, n in counts.most_common()
    ]


def window_text(window: SlotWindow, now: datetime) -> str:
    """The window searched: the customer's booking, or from now. A window within one day
    names its day once ("Wed 14:00 – 16:00")."""
    end = when(window.ends_at, now)
    if window.starts_at.astimezone().date() == window.ends_at.astimezone().date():
        end = f"{window.ends_at.astimezone():%H:%M}"
    if window.booked:
        return (
            QCoreApplication.translate("dispatch", "booked window %1 – %2")
            .replace("%1", when(window.starts_at, now))
            .replace("%2", end)
        )
    return QCoreApplication.translate("dispatch", "no booking: from now to %1").replace("%1", end)
