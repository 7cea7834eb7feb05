"""The dispatch board: technicians' days as a Gantt beside the jobs still to schedule. Fed
domain values (TechnicianDay per technician, a JobCard per ticket); every drop or keyboard
choice is judged with the domain's `check_placement` and either refused with the reason in
words or passed on as a request for the controller to book.

Signals:
    placement_requested(int, int, object): ticket id, technician id, start (aware datetime):
        an accepted drop or choice (warnings, if any, were shown).
    open_ticket(int): the dispatcher asked to open a ticket.
    horizon_changed(object, object): the days shown changed (since, until): load them.
    chooser_opened(int, object): the keyboard's chooser opened for a ticket (the dialog): its
        slots are the board's own; the window may offer the backend's when they arrive.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...domain.schedule.conflicts import check_placement
from ...domain.schedule.day import TechnicianDay
from ...domain.schedule.slots import ScheduleBoard
from ...domain.schedule.spans import moment, seconds
from ...domain.schedule.travel import STRAIGHT_LINE, TravelTimes
from ...ports import KnownTravelTimes
from ..widgets import named
from .canvas import BoardCanvas
from .cards import BarState, JobCard
from .chooser import Option, SlotChooser
from .geometry import Geometry, Row, build_row
from .unscheduled import UnscheduledList
from .words import (
    ABSENCE,
    ACCEPTED,
    BAR_COLOURS,
    BREAK,
    TRAVEL,
    conflicts_text,
    span,
    state_label,
    when,
)

log = logging.getLogger(__name__)
MAX_DAYS = 7
SLOTS_LISTED = 8


@dataclass(frozen=True, slots=True)
class TechnicianInfo:
    id: int
    name: str
    department_id: int | None


class DispatchBoard(QWidget):
    placement_requested = Signal(int, int, object)
    open_ticket = Signal(int)
    horizon_changed = Signal(object, object)
    chooser_opened = Signal(int, object)

    def __init__(
        self,
        since: datetime,
        *,
        days: int = 3,
        zone: ZoneInfo,
        departments: Iterable[tuple[int, str]] = (),
        department_id: int | None = None,
        now: Callable[[], datetime],
        travel: TravelTimes = STRAIGHT_LINE,
        gaps: KnownTravelTimes | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`travel` judges placements and finds slots, as the booking use case does (the
        straight-line estimate: the two agree); `gaps`, when a route service is configured,
        draws the legs between jobs: road times fetched so far, the estimate for the rest
        (it never waits), and which of the two each leg is."""
        super().__init__(parent)
        self.setObjectName("dispatch_board")
        self.since, self.zone, self.now, self.travel = since, zone, now, travel
        self.gaps = gaps
        self.technicians: dict[int, TechnicianInfo] = {}
        self.cards: dict[int, JobCard] = {}
        self.rows: dict[int, Row] = {}
        self.schedule = ScheduleBoard((), since, since + timedelta(days=days))
        self.canvas = BoardCanvas(Geometry.starting(since, days), zone)
        self.canvas.now = lambda: seconds(self.now())
        self.canvas.judge = self.judge
        self.canvas.describe = self.describe
        self.unscheduled = UnscheduledList(zone)
        self.unscheduled.names = self.technician_name
        self.department = named(QComboBox(), "schedule_department")
        self.department.addItem(self.tr("All departments"), None)
        for did, name in departments:
            self.department.addItem(name, did)
        self.department.setCurrentIndex(max(0, self.department.findData(department_id)))
        self.days = named(QSpinBox(), "schedule_days")
        self.days.setRange(1, MAX_DAYS)
        self.days.setValue(max(1, min(MAX_DAYS, days)))
        self.days.setSuffix(self.tr(" days"))
        self.detail = named(QLabel(), "schedule_detail")
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.message = named(QLabel(), "schedule_message")
        self.message.setWordWrap(True)
        self._lay_out()
        self._wire()

    def set_departments(self, departments: Iterable[tuple[int, str]]) -> None:
        """The filter's choices (the row shown stays chosen when it is still offered)."""
        chosen = self.department.currentData()
        self.department.blockSignals(True)
        try:
            self.department.clear()
            self.department.addItem(self.tr("All departments"), None)
            for did, name in departments:
                self.department.addItem(name, did)
            self.department.setCurrentIndex(max(0, self.department.findData(chosen)))
        finally:
            self.department.blockSignals(False)
        self._refilter()

    # --- layout and wiring (every signal here) -----------------------------------------------
    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Department")))
        bar.addWidget(self.department)
        bar.addWidget(QLabel(self.tr("Show")))
        bar.addWidget(self.days)
        bar.addStretch(1)
        for text, colour in (
            (state_label(BarState.ON_TIME), BAR_COLOURS[BarState.ON_TIME]),
            (state_label(BarState.AT_RISK), BAR_COLOURS[BarState.AT_RISK]),
            (state_label(BarState.LATE), BAR_COLOURS[BarState.LATE]),
            (
                self.tr("Travel")
                if self.gaps is None
                else self.tr("Travel (solid: by road, dashed: straight-line estimate)"),
                TRAVEL,
            ),
            (self.tr("Break"), BREAK),
            (self.tr("Leave / absence"), ABSENCE),
        ):
            swatch = QLabel()
            swatch.setFixedSize(14, 14)
            swatch.setStyleSheet(f"background: {colour.name()}; border: 1px solid #90a4ae;")
            bar.addWidget(swatch)
            bar.addWidget(QLabel(text))
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(QLabel(self.tr("Not yet scheduled")))
        side_layout.addWidget(self.unscheduled)
        split = QSplitter()
        split.addWidget(self.canvas)
        split.addWidget(side)
        split.setStretchFactor(0, 1)
        split.setSizes([900, 260])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.message)

    def _wire(self) -> None:
        self.canvas.drop_requested.connect(self._dropped)
        self.canvas.open_requested.connect(self.open_ticket)
        self.canvas.place_requested.connect(self.choose_place)
        self.canvas.selection_changed.connect(self._selected)
        self.canvas.preview.connect(self._previewed)
        self.unscheduled.place_requested.connect(self.choose_place)
        self.unscheduled.open_requested.connect(self.open_ticket)
        self.department.currentIndexChanged.connect(self._refilter)
        self.days.valueChanged.connect(self._days_changed)

    # --- the API the feed calls --------------------------------------------------------------
    def load(
        self,
        technicians: Iterable[TechnicianInfo],
        days: Iterable[TechnicianDay],
        cards: Iterable[JobCard],
        unscheduled: Iterable[JobCard] = (),
    ) -> None:
        """Everything at once (opening the board, or after the days shown changed)."""
        self.technicians = {t.id: t for t in technicians}
        self.cards = {c.ticket_id: c for c in cards}
        waiting = list(unscheduled)
        self.cards.update({c.ticket_id: c for c in waiting})
        listed = [d for d in days if d.technician_id in self.technicians]
        self.schedule = ScheduleBoard(listed, self.since, self._until())
        self.rows = {d.technician_id: self._row(d) for d in listed}
        self.canvas.tiles.clear()
        self.unscheduled.set_cards(waiting)
        self._refilter()

    def replace_day(self, day: TechnicianDay, cards: Iterable[JobCard] = ()) -> None:
        """One technician's day changed (a booking, an absence): their row alone is rebuilt,
        and the slot finder's columns spliced."""
        for card in cards:
            self.cards[card.ticket_id] = card
        if day.technician_id not in self.technicians:
            log.info("day of technician %s not on the board: left out", day.technician_id)
            return
        self.schedule.replace(day)
        self.rows[day.technician_id] = row = self._row(day)
        self.canvas.tiles.forget(day.technician_id)
        for job in day.jobs:
            self.unscheduled.remove(job.ticket_id)
            self._drop_elsewhere(job.ticket_id, day.technician_id)
        i = self.canvas.row_of_technician(day.technician_id)
        if i is not None:
            self.canvas.rows[i] = row
            if (
                self.canvas.selected is not None
                and self.canvas.row_of_ticket(self.canvas.selected) is None
            ):
                self.canvas.select(None)
            self.canvas.update_row(i)
        if self.canvas.selected is not None:  # it may have moved: the line under the board too
            self._selected(self.canvas.selected)

    def remove_job(self, ticket_id: int) -> None:
        """A ticket left the board (closed, cancelled, unassigned elsewhere)."""
        self.unscheduled.remove(ticket_id)
        self._drop_elsewhere(ticket_id, None)

    def add_unscheduled(self, card: JobCard) -> None:
        self.cards[card.ticket_id] = card
        self.remove_job(card.ticket_id)
        self.unscheduled.add(card)

    def retravel(self, technician_ids: Iterable[int]) -> None:
        """Road times arrived for these technicians' days: their legs (and the colours that
        follow from them) are worked out again and their rows repainted."""
        changed = {tid for tid in technician_ids if tid in self.rows}
        for tid in changed:
            self.rows[tid] = self._row(self.rows[tid].day)
        for i, row in enumerate(self.canvas.rows):
            if row.technician_id in changed:
                self.canvas.rows[i] = self.rows[row.technician_id]
                self.canvas.update_row(i)
        if self.canvas.selected is not None:
            self._selected(self.canvas.selected)  # the line under the board reads it again

    def _drop_elsewhere(self, ticket_id: int, keep: int | None) -> None:
        for tid, row in list(self.rows.items()):
            if tid != keep and row.index_of(ticket_id) is not None:
                self.replace_day(row.day.without(ticket_id))

    def _row(self, day: TechnicianDay) -> Row:
        t = self.technicians[day.technician_id]
        if self.gaps is None:
            return build_row(t.id, t.name, t.department_id, day, self.cards, self.travel)
        gaps = self.gaps
        return build_row(t.id, t.name, t.department_id, day, self.cards, gaps, gaps.by_road)

    def _until(self) -> datetime:
        return self.since + timedelta(days=self.days.value())

    def _refilter(self) -> None:
        wanted = self.department.currentData()
        shown = [r for r in self.rows.values() if wanted is None or r.department_id == wanted]
        shown.sort(key=lambda r: (r.name, r.technician_id))
        self.canvas.cards = self.cards
        self.canvas.set_rows(shown)

    def _days_changed(self, days: int) -> None:
        self.canvas.geometry_.days = days
        self.canvas.tiles.clear()
        self.canvas.set_rows(self.canvas.rows)
        self.horizon_changed.emit(self.since, self._until())

    # --- judging a placement -----------------------------------------------------------------
    def judge(self, ticket_id: int, technician_id: int, start: float) -> tuple[bool, str]:
        """May the job go there? (allowed, the conflicts in words: blocking or warnings)."""
        card = self.cards.get(ticket_id)
        row = self.rows.get(technician_id)
        if card is None or row is None:
            return False, self.tr("Unknown job or technician")
        visit = card.visit(self.since, self._until())
        found = check_placement(
            row.day.without(ticket_id), visit, moment(start), self.now(), self.travel
        )
        numbers = {c.ticket_id: c.number for c in self.cards.values()}
        blocking = [c for c in found if c.blocking]
        return not blocking, conflicts_text(blocking or found, self.zone, numbers)

    def _dropped(self, ticket_id: int, technician_id: int, start: float) -> None:
        self.request(ticket_id, technician_id, start)

    def request(self, ticket_id: int, technician_id: int, start: float) -> bool:
        """Judge, then refuse with the reason or pass the placement on."""
        allowed, text = self.judge(ticket_id, technician_id, start)
        card, tech = self.cards.get(ticket_id), self.technicians.get(technician_id)
        number = card.number if card else f"#{ticket_id}"
        if not allowed:
            self.say(self.tr("Refused: %1").replace("%1", text), BAR_COLOURS[BarState.LATE])
            return False
        at = moment(start)
        moving = any(row.index_of(ticket_id) is not None for row in self.rows.values())
        said = self.tr("%1 rescheduled: %2 at %3") if moving else self.tr("%1 to %2 at %3")
        said = said.replace("%1", number)
        said = said.replace("%2", tech.name if tech else "?").replace("%3", when(at, self.zone))
        if text:
            self.say(
                said + " · " + self.tr("Warning: %1").replace("%1", text),
                BAR_COLOURS[BarState.AT_RISK],
            )
        else:
            self.say(said, ACCEPTED)
        self.placement_requested.emit(ticket_id, technician_id, at)
        return True

    def technician_name(self, technician_id: int) -> str:
        tech = self.technicians.get(technician_id)
        return tech.name if tech else self.tr("technician #%1").replace("%1", str(technician_id))

    def say(self, text: str, colour: object) -> None:
        """The line under the board: what became of the last request, in its colour."""
        self.message.setStyleSheet(f"color: {getattr(colour, 'name', lambda: '')()};")
        self.message.setText(text)

    def _previewed(self, text: str, allowed: bool) -> None:
        colour = (
            ACCEPTED
            if allowed and not text
            else BAR_COLOURS[BarState.AT_RISK if allowed else BarState.LATE]
        )
        self.say(text or self.tr("Free: no conflict"), colour)

    # --- the keyboard's chooser --------------------------------------------------------------
    def options(self, ticket_id: int) -> list[Option]:
        card = self.cards[ticket_id]
        visit = card.visit(self.since, self._until())
        shown = {r.technician_id for r in self.canvas.rows}
        try:
            slots = self.schedule.earliest_slots(visit, self.now(), self.travel)
        except ValueError:  # its window is off the days shown: nothing to offer from them
            log.info("ticket %s: window off the board's days, no slots listed", ticket_id)
            return []
        out = []
        for slot in slots.earliest(len(self.technicians)):
            if slot.technician_id in shown:
                name = self.technicians[slot.technician_id].name
                out.append(
                    Option(slot.technician_id, name, seconds(slot.arrives_at), slot.late_minutes)
                )
            if len(out) == SLOTS_LISTED:
                break
        return out

    def choose_place(self, ticket_id: int) -> SlotChooser | None:
        """Open the chooser for a job; its OK requests the placement. Returns the dialog (shown,
        not run: tests and the window drive it)."""
        card = self.cards.get(ticket_id)
        if card is None:
            return None
        people = [(r.technician_id, r.name) for r in self.canvas.rows]
        start = seconds(max(self.now(), self.since))
        dialog = SlotChooser(
            f"{card.number} {card.title}",
            self.options(ticket_id),
            people,
            lambda tid, at: self.judge(ticket_id, tid, at),
            self.zone,
            math.ceil(start / 300) * 300,
            self,
        )
        dialog.accepted.connect(lambda: self._chosen(ticket_id, dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.chooser_opened.emit(ticket_id, dialog)
        return dialog

    def _chosen(self, ticket_id: int, dialog: SlotChooser) -> None:
        choice = dialog.choice()
        if choice is not None:
            self.request(ticket_id, *choice)

    # --- what a bar is -----------------------------------------------------------------------
    def _selected(self, ticket_id: int) -> None:
        self.detail.setText("" if ticket_id < 0 else self.describe(ticket_id).replace("\n", " · "))

    def describe(self, ticket_id: int) -> str:
        card = self.cards.get(ticket_id)
        lines = [f"{card.number} {card.title}" if card else f"#{ticket_id}"]
        for row in self.rows.values():
            k = row.index_of(ticket_id)
            if k is None:
                continue
            bar = row.bars[k]
            planned = span(moment(bar.start), moment(bar.end), self.zone)
            lines.append(
                self.tr("Planned %1 (%2)")
                .replace("%1", planned)
                .replace("%2", state_label(bar.state))
            )
            if not math.isnan(bar.travel):
                trip = (
                    self.tr("Travel %1 min before it, by road")
                    if bar.by_road
                    else self.tr("Travel %1 min before it (straight-line estimate)")
                )
                lines.append(trip.replace("%1", f"{bar.travel / 60:.0f}"))
        if card and card.window:
            window = span(card.window.starts_at, card.window.ends_at, self.zone)
            lines.append(self.tr("Appointment %1").replace("%1", window))
        if card and card.arrival_due_at:
            due = when(card.arrival_due_at, self.zone)
            lines.append(self.tr("SLA arrival by %1").replace("%1", due))
        return "\n".join(lines)
