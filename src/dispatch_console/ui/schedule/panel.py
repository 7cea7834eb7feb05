"""The dispatch board in the window (派工看板): it reads its days in one backend call on a pool
thread (the answer reaches this panel only while it exists), books what the dispatcher asks
for through the place-visit use case, and keeps current from the change feed by reading again
only the days of the technicians whose bookings, absences or hours changed. With a route
service configured, the legs between jobs are redrawn by road once the times arrive (asked for
on a pool thread after each read; the board never waits for them).

Signals:
    open_ticket(int): show this ticket in the window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QSettings, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...domain.errors import ConflictError, ValidationError
from ...domain.events import Event
from ...domain.model import Department
from ...domain.schedule.booking import Booking, SlotOffer
from ...domain.schedule.day import TechnicianDay
from ...domain.schedule.problems import ScheduleConflict
from ...domain.schedule.spans import seconds
from ...domain.tickets import Ticket, TicketRow
from ...ports import Backend, RoadTravel
from ..errors import error_text
from ..tasks import Latest, TaskRunner
from .board import SLOTS_LISTED, DispatchBoard
from .cards import BarState, JobCard
from .chooser import Option, SlotChooser
from .loading import PLANNABLE, STARTED, BoardValues, board_values, card, waiting
from .take_over import said_yes, take_over_question
from .words import ACCEPTED, BAR_COLOURS, conflicts_text, when

log = logging.getLogger(__name__)
DAYS = 3
DEPARTMENT_KEY = "schedule/department"  # QSettings: the filter this dispatcher chose last
ALL_DEPARTMENTS = "all"  # kept for "All departments": a choice, unlike no key at all
LOOK_BACK = timedelta(hours=1)
BATCH_MS = 150  # events that come together refresh each day once
MOST_DAYS_ONE_BY_ONE = 8  # more technicians changed at once: one read of the whole board
VISIT_KINDS = ("visit_planned", "visit_unplanned")
TECHNICIAN_KINDS = ("absence_added", "absence_removed", "hours_set")


def _utc_now() -> datetime:
    return datetime.now(UTC)


def days_changed(events: Iterable[Event], on_board: Callable[[int], int | None]) -> set[int] | None:
    """The technicians whose days these events change; None: every day (a department's
    hours). `on_board(ticket_id)`: whose day a ticket is on now, if anyone's."""
    out: set[int] = set()
    for e in events:
        if e.entity == "department" and e.kind == "hours_set":
            return None
        if e.entity == "technician" and e.kind in TECHNICIAN_KINDS:
            out.add(int(e.entity_id))
        elif e.entity == "ticket":
            if e.kind in VISIT_KINDS:
                for key in ("technician_id", "previous_technician_id"):
                    if isinstance(e.payload.get(key), int):
                        out.add(e.payload[key])
            holder = on_board(int(e.entity_id)) if e.entity_id.isdigit() else None
            if holder is not None:  # closed, re-prioritised, rebooked: its bar changes
                out.add(holder)
    return out


class SchedulePanel(QWidget):
    open_ticket = Signal(int)

    def __init__(
        self,
        backend: Backend,
        runner: TaskRunner,
        timezone: str,
        *,
        now: Callable[[], datetime] = _utc_now,
        road: RoadTravel | None = None,
        own_department: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`road`: road times from the configured route service (None: the estimate only).
        `own_department`: the signed-in user's, shown until they choose another."""
        super().__init__(parent)
        self.setObjectName("schedule_panel")
        self._backend, self._runner, self.now = backend, runner, now
        self._road = road
        self.own_department = own_department
        self.zone = ZoneInfo(timezone)
        since = now().astimezone(self.zone).replace(hour=0, minute=0, second=0, microsecond=0)
        # the gaps drawn with the road times known so far; the rest come from _fetch_roads
        gaps = None if road is None else road.known
        self.board = DispatchBoard(since, days=DAYS, zone=self.zone, now=now, gaps=gaps)
        self.versions: dict[int, int] = {}
        self.loaded = False  # the first read is made when the board is first shown
        self._load = Latest(runner, self)
        self._horizon = 0  # a refresh for days no longer shown is dropped
        self._pending: set[int] = set()
        self._reload_all = False
        self._batch = QTimer(self, singleShot=True, interval=BATCH_MS)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.board)
        self._wire()

    def _wire(self) -> None:
        self.board.placement_requested.connect(self.place)
        self.board.open_ticket.connect(self.open_ticket)
        self.board.horizon_changed.connect(lambda *_: self.reload())
        self.board.chooser_opened.connect(self._offer_slots)
        self._batch.timeout.connect(self._refresh)
        self.board.department.activated.connect(self._department_chosen)

    # --- reading -----------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self.loaded:
            self.reload()

    def set_departments(self, departments: list[Department]) -> None:
        """The filter's choices; the one this dispatcher chose last time is shown, else their
        own department (one row per technician of it), else all of them."""
        self.board.set_departments((d.id, d.name) for d in departments)
        self.board.department.setCurrentIndex(self._first_choice())

    def _first_choice(self) -> int:
        combo, settings = self.board.department, QSettings()
        if settings.contains(DEPARTMENT_KEY):
            kept = str(settings.value(DEPARTMENT_KEY) or "")  # an ini file gives text back
            if not kept.isdigit():
                return 0  # all of them ("all"; older consoles kept no value for it)
            if (at := combo.findData(int(kept))) > 0:
                return at
            log.info("department %s chosen last is gone: their own is shown", kept)
        if self.own_department is None:
            return 0  # a user in no department: every technician
        return max(0, combo.findData(self.own_department))

    def _department_chosen(self) -> None:
        chosen = self.board.department.currentData()
        QSettings().setValue(DEPARTMENT_KEY, ALL_DEPARTMENTS if chosen is None else chosen)

    def reload(self) -> None:
        """The whole board in one call; the days built on the pool thread."""
        self.loaded = True
        self._horizon += 1
        self._pending.clear()
        self._reload_all = False
        since, until, now = self.board.since, self.board._until(), self.now

        def read() -> BoardValues:
            return board_values(self._backend.schedule_board(since, until), now())

        self.board.say(self.tr("Loading the technicians' days…"), ACCEPTED)
        self._load.run(read, self._loaded, self._failed)

    def _loaded(self, values: BoardValues) -> None:
        first = not self.board.rows
        self.versions = values.versions
        self.board.load(values.technicians, values.days, values.cards, values.unscheduled)
        self.board.say("", ACCEPTED)
        self._fetch_roads(values.days)
        if first:  # the dispatcher plans from now on: the night before is scrolled away
            self.board.canvas.scroll_to(seconds(max(self.now() - LOOK_BACK, self.board.since)))

    def _failed(self, exc: Exception) -> None:
        self._refused_in_words(self.tr("The board could not be read: %1"), exc)

    def _fetch_roads(self, days: list[TechnicianDay]) -> None:
        """The legs were drawn with the road times known so far and the straight-line
        estimate for the rest: ask the route service for the rest on a pool thread, and
        redraw those days' legs if any came back by road. Never on the GUI thread."""
        road = self._road
        trips = [trip for d in days for trip in d.trips()] if road is not None else []
        if road is None or not trips:
            return
        ids = [d.technician_id for d in days]

        def arrived(by_road: int) -> None:
            if by_road:
                self.board.retravel(ids)

        self._runner.run(
            lambda: road.fetch(trips),
            arrived,
            lambda exc: log.warning("road times for the board: %r", exc),
            receiver=self,
        )

    # --- following the feed ------------------------------------------------------------------
    def on_events(self, events: list[Event]) -> None:
        if not self.loaded:
            return  # read fresh when first shown
        changed = days_changed(events, self._holder)
        if changed is None:
            self._reload_all = True
        else:
            self._pending |= changed
        if self._reload_all or self._pending:
            self._batch.start()

    def on_tickets(self, rows: list[TicketRow]) -> None:
        """Changed tickets' rows the feed brought: a job not on anyone's day joins or leaves
        the list of jobs to plan without a call."""
        if not self.loaded:
            return
        for row in rows:
            t = row.ticket
            self.versions[t.id] = t.version
            if t.planned_start_at is not None and t.status in PLANNABLE | STARTED:
                continue  # on a day: the day's refresh redraws it
            c = card(row, self.now()) if waiting(row) else None
            if c is None:  # closed, cancelled, or nowhere to go
                self.board.remove_job(t.id)
            else:  # taken off a day, or new: waiting to be planned
                self.board.add_unscheduled(c)

    def _holder(self, ticket_id: int) -> int | None:
        for tid, row in self.board.rows.items():
            if row.index_of(ticket_id) is not None:
                return tid
        return None

    def _refresh(self) -> None:
        if self._reload_all or len(self._pending) > MOST_DAYS_ONE_BY_ONE:
            self.reload()
            return
        horizon, since, until = self._horizon, self.board.since, self.board._until()
        for technician_id in sorted(self._pending):

            def read(tid: int = technician_id) -> BoardValues:
                view = self._backend.schedule_board(since, until, technician_id=tid)
                return board_values(view, self.now())

            def done(values: BoardValues, tid: int = technician_id) -> None:
                self._day_read(horizon, tid, values)

            self._runner.run(read, done, self._failed, receiver=self)
        self._pending.clear()

    def _day_read(self, horizon: int, technician_id: int, values: BoardValues) -> None:
        if horizon != self._horizon:
            return  # the board was read again meanwhile
        self.versions.update(values.versions)
        day = next((d for d in values.days if d.technician_id == technician_id), None)
        if day is not None:
            row = self.board.rows.get(technician_id)
            before = {b.ticket_id for b in row.bars} if row else set()
            self.board.replace_day(day, values.cards)
            self._fetch_roads([day])
            left = sorted(before - {j.ticket_id for j in day.jobs})
            if left:  # unplanned, or moved past the days shown: read where they are now
                self._read_rows(left)
        listed = set(self.board.unscheduled.ticket_ids())
        for c in values.unscheduled:  # a visit taken off a day waits in the list again
            if c.ticket_id not in listed and self._holder(c.ticket_id) is None:
                self.board.add_unscheduled(c)

    # --- booking -----------------------------------------------------------------------------
    def place(self, ticket_id: int, technician_id: int, start: datetime) -> None:
        """What the board accepted, booked: on the ticket as the board showed it."""
        version = self.versions.get(ticket_id)
        if version is None:
            log.warning("ticket %s placed with no version known", ticket_id)
            return
        held = self.board.cards.get(ticket_id)
        if held is not None and held.holder_id not in (None, technician_id):
            self._ask_take_over(held, version, technician_id, start)
            return
        self._book(ticket_id, version, technician_id, start, take_over=False)

    def _ask_take_over(
        self, held: JobCard, version: int, technician_id: int, start: datetime
    ) -> None:
        """Someone has the job in hand: taking it from them is the dispatcher's to confirm."""
        assert held.holder_id is not None
        holder = self.board.technician_name(held.holder_id)
        box = take_over_question(self, held, holder, self.board.technician_name(technician_id))

        def answered() -> None:
            if said_yes(box):
                self._book(held.ticket_id, version, technician_id, start, take_over=True)
            else:
                self.board.say(
                    self.tr("Not moved: %1 stays with %2.")
                    .replace("%1", held.number).replace("%2", holder),
                    ACCEPTED,
                )  # fmt: skip
            box.deleteLater()

        box.finished.connect(answered)
        box.open()

    def _book(
        self, ticket_id: int, version: int, technician_id: int, start: datetime, take_over: bool
    ) -> None:
        self._runner.run(
            lambda: self._backend.place_visit(
                ticket_id, version, technician_id, start, take_over=take_over
            ),
            lambda booking: self._placed(booking, technician_id),
            lambda exc: self._refused(exc, ticket_id, technician_id),
            receiver=self,
        )

    def _placed(self, booking: Booking, technician_id: int) -> None:
        ticket = booking.ticket
        self.versions[ticket.id] = ticket.version
        name = self.board.technicians.get(technician_id)
        said = (
            self.tr("Booked: %1 for %2 at %3")
            .replace("%1", ticket.number)
            .replace("%2", name.name if name else "?")
            .replace("%3", when(ticket.planned_start_at, self.zone))
        )
        if booking.warnings:
            warn = conflicts_text(booking.warnings, self.zone, self._numbers())
            self.board.say(
                said + " · " + self.tr("Warning: %1").replace("%1", warn),
                BAR_COLOURS[BarState.AT_RISK],
            )
        else:
            self.board.say(said, ACCEPTED)

    def _refused(self, exc: Exception, ticket_id: int, technician_id: int) -> None:
        number = self._numbers().get(ticket_id, Ticket.number_of(ticket_id))
        if isinstance(exc, ScheduleConflict):
            blocking = [c for c in exc.conflicts if c.blocking] or exc.conflicts
            text = conflicts_text(blocking, self.zone, self._numbers())
            self.board.say(
                self.tr("Not booked: %1: %2").replace("%1", number).replace("%2", text),
                BAR_COLOURS[BarState.LATE],
            )
            self._pending.add(technician_id)  # someone else's booking, perhaps: show it
        elif isinstance(exc, ConflictError):
            who = ", ".join(exc.changed_by) or self.tr("someone")
            self.board.say(
                self.tr("Not booked: %1 was changed by %2 since the board showed it; it shows "
                        "it as it is now. Place it again if it still should go there.")
                .replace("%1", number).replace("%2", who),
                BAR_COLOURS[BarState.LATE],
            )  # fmt: skip
            self._pending.add(technician_id)
            holder = self._holder(ticket_id)
            if holder is not None:
                self._pending.add(holder)
            self._read_rows([ticket_id])
        elif isinstance(exc, ValidationError) and exc.field == "take_over":
            # the board showed it free, but someone has it in hand now: show who, ask next time
            self._refused_in_words(self.tr("Not booked: %1"), exc)
            self._read_rows([ticket_id])
        else:
            self._refused_in_words(self.tr("Not booked: %1"), exc)
        self._batch.start()

    def _read_rows(self, ticket_ids: list[int]) -> None:
        """Tickets off anyone's day: read their rows for the list (and their versions)."""
        self._runner.run(
            lambda: self._backend.ticket_rows(ticket_ids),
            self.on_tickets,
            lambda exc: log.info("tickets %s not read again: %s", ticket_ids, exc),
            receiver=self,
        )

    def _refused_in_words(self, template: str, exc: Exception) -> None:
        self.board.say(template.replace("%1", error_text(exc)), BAR_COLOURS[BarState.LATE])

    def _numbers(self) -> dict[int, str]:
        return {c.ticket_id: c.number for c in self.board.cards.values()}

    # --- the keyboard's chooser: the backend's earliest slots --------------------------------
    def _offer_slots(self, ticket_id: int, dialog: SlotChooser) -> None:
        """The chooser opens with the board's own slots; the backend's (every technician, road
        times where it has them) replace them when they come, if the dialog is still open."""
        since, until = max(self.now(), self.board.since), self.board._until()
        shown = {r.technician_id: r.name for r in self.board.canvas.rows}
        department = self.board.department.currentData()

        def options(offer: SlotOffer) -> None:
            listed = [
                Option(s.technician_id, shown[s.technician_id], seconds(s.arrives_at),
                       s.late_minutes)
                for s in offer.slots if s.technician_id in shown
            ][:SLOTS_LISTED]  # fmt: skip
            dialog.set_options(listed)

        self._runner.run(
            lambda: self._backend.earliest_slots(
                ticket_id, since, until, department_id=department, limit=100
            ),
            options,
            lambda exc: log.info("earliest slots of %s: %s", ticket_id, exc),
            receiver=dialog,
        )
