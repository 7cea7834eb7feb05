"""Keeps the fleet, the map and the candidate list in step with the backend.

The fleet is loaded once and then follows the change feed: a GPS fix or a status change updates
one slot of the in-memory fleet and one marker; a changed ticket's pin and its technicians' loads
and jobs in hand are patched from the row the feed brings with the change (domain/pins.py), so a
busy desk costs the console no read at all. Without a row (an older server) the ticket re-reads
its own pin (and the fleet's loads, when who holds what changed), gathered over a short delay
that later changes never postpone.
Ranking for the selected ticket runs here, on the GUI thread, over the in-memory fleet (a few
hundred microseconds for 10,000 technicians), so the list follows every move at once. Ranking
by the earliest slot needs the technicians' days, so that list comes from the backend (the
schedule's answer with its reasons), asked again when tickets or technicians change (not on
every GPS fix: a fix moves only the first trip of a day)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from ...domain.candidates import Candidate, FleetMember, Job, Mode, Ranking, TicketPin
from ...domain.enums import TechnicianStatus
from ...domain.events import Event
from ...domain.lifecycle import ASSIGNABLE_STATES
from ...domain.pins import jobs_in_hand, load_changes, pin_of_row
from ...domain.tickets import Ticket, TicketRow
from ...ports import Backend, Router
from ..errors import error_text
from ..tasks import Latest, TaskRunner
from ..tickets.labels import status_label
from .candidates import CandidatesPanel, exclusion_label
from .panel import MapPanel
from .slot_words import miss_text

if TYPE_CHECKING:
    from ...domain.ranking import Fleet

RELOAD_DELAY_MS = 1500  # ticket changes within this become one read of pins (and loads)
RERANK_DELAY_MS = 1000  # positions arriving within this re-rank the list once
LINES_TO = 3  # candidates the map draws a line to
ROUTED = 10  # candidates whose travel time is asked of the route service


class DispatchController(QObject):
    """Signals:
    ticket_requested(int): the agent clicked a ticket on the map.
    assign_requested(object, int): (Ticket, technician id) to assign through the lifecycle.
    book_requested(object, int, object, int): (Ticket, technician id, start, minutes): assign
        and book the visit at the technician's earliest slot (ranking by the slot).
    """

    ticket_requested = Signal(int)
    assign_requested = Signal(object, int)
    book_requested = Signal(object, int, object, int)

    def __init__(
        self,
        backend: Backend,
        runner: TaskRunner,
        map_panel: MapPanel,
        candidates: CandidatesPanel,
        parent: QObject | None = None,
        *,
        router: Router | None = None,
    ) -> None:
        super().__init__(parent)
        self._backend = backend
        self._router = router
        self._routes = Latest(runner, self)
        self._road: dict[int, float] = {}  # technician -> minutes by road, for the current job
        self._runner = runner
        self.map = map_panel
        self.candidates = candidates
        self._fleet: Fleet | None = None  # numpy is loaded with the first fleet, not at start
        self._fleet_loaded_once = False  # until then a ranking would say "nobody can go"
        self.ticket: Ticket | None = None
        self.job: Job | None = None
        self._job_lookup = Latest(runner, self)
        self._fleet_lookup = Latest(runner, self)
        self._pins_lookup = Latest(runner, self)
        self._slot_lookup = Latest(runner, self)
        self._slot_ranking: Ranking | None = None  # the schedule's last answer for the ticket
        self._slots_stale = False  # tickets or technicians changed since that answer
        self._pins: dict[int, TicketPin] = {}
        self._pin_ids: set[int] = set()  # changed tickets whose pins are to be read
        self._rows: dict[int, TicketRow] = {}  # rows the feed brought for the next batch
        self._want_fleet = self._want_pins = False  # the whole fleet / every pin
        # never restarted while running: steady traffic must not postpone the reload for ever
        self._reload = QTimer(self, singleShot=True, interval=RELOAD_DELAY_MS)
        self._reload.timeout.connect(self._refresh)
        self._rerank = QTimer(self, singleShot=True, interval=RERANK_DELAY_MS)
        self._rerank.timeout.connect(lambda: self.rerank(pan=False))
        self.map.technician_clicked.connect(self._technician_clicked)
        self.map.ticket_clicked.connect(self.ticket_requested)
        self.candidates.mode_changed.connect(lambda _mode: self.rerank(route=True))
        self.candidates.assign_requested.connect(self._assign)

    @property
    def fleet(self) -> Fleet:
        if self._fleet is None:
            from ...domain.ranking import Fleet

            self._fleet = Fleet([])
        return self._fleet

    @fleet.setter
    def fleet(self, fleet: Fleet) -> None:
        self._fleet = fleet

    # --- loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        self.map.load(self._runner)  # the first reload builds the page (the window defers it)
        self._want_fleet = self._want_pins = True
        self._refresh()

    def _refresh(self) -> None:
        if self._want_fleet:
            self._fleet_lookup.run(self._backend.fleet, self._fleet_loaded, self._failed)
        if self._want_pins:
            self._pins_lookup.run(self._backend.ticket_pins, self._pins_loaded, self._failed)
        elif self._pin_ids:
            ids = sorted(self._pin_ids)
            self._pins_lookup.run(
                lambda: self._backend.ticket_pins_of(ids),
                lambda pins: self._pins_changed(ids, pins),
                self._failed,
            )
        self._want_fleet = self._want_pins = False
        self._pin_ids = set()

    def _schedule_reload(self, *, fleet: bool = True, pins: bool = True) -> None:
        self._want_fleet |= fleet
        self._want_pins |= pins
        if not self._reload.isActive():
            self._reload.start()

    def _schedule_pins(self, ticket_ids: set[int]) -> None:
        self._pin_ids |= ticket_ids
        if not self._reload.isActive():
            self._reload.start()

    def _fleet_loaded(self, members: list[FleetMember]) -> None:
        # a fix the feed applied while this read was under way is newer than what it read
        old = self.fleet
        for m in members:
            held = old.member(m.id)
            if (
                held is not None
                and held.position_at is not None
                and (m.position_at is None or held.position_at > m.position_at)
            ):
                m.lat, m.lon, m.position_at = held.lat, held.lon, held.position_at
        from ...domain.ranking import Fleet

        self.fleet = Fleet(members)
        self.map.show_technicians(members, datetime.now(UTC))
        # the first fleet may land after the selected ticket's job: rank it as a new selection
        first, self._fleet_loaded_once = not self._fleet_loaded_once, True
        self.rerank(pan=first, route=first)

    def _pins_loaded(self, pins: list[TicketPin]) -> None:
        self._pins = {p.ticket_id: p for p in pins}
        self.map.show_tickets(pins)

    def _pins_changed(self, ids: list[int], pins: list[TicketPin]) -> None:
        for ticket_id in ids:  # not among the pins: finished, or without a site now
            self._pins.pop(ticket_id, None)
        self._pins.update((p.ticket_id, p) for p in pins)
        self.map.show_tickets(self._pins.values())

    def _apply_rows(self, events: list[Event], rows: dict[int, TicketRow]) -> None:
        """Pins, loads and jobs in hand from the changed tickets' rows: no read."""
        now = datetime.now(UTC)
        holders: set[int] = set()  # technicians whose job in hand may have changed
        for ticket_id, row in rows.items():
            old = self._pins.pop(ticket_id, None)
            if old is not None and old.assignee_id is not None:
                holders.add(old.assignee_id)
            pin = pin_of_row(row, now)
            if pin is not None:
                self._pins[ticket_id] = pin
                if pin.assignee_id is not None:
                    holders.add(pin.assignee_id)
        for tech_id, delta in load_changes(events, rows).items():
            member = self.fleet.member(tech_id)
            if member is not None:
                self.fleet.set_open_jobs(tech_id, max(0, member.open_jobs + delta))
        if holders and self._fleet_loaded_once:
            in_hand = jobs_in_hand(
                (p.assignee_id, p.stage, p.lat, p.lon)
                for p in self._pins.values()
                if p.assignee_id in holders
            )
            for tech_id in holders:
                lat, lon = in_hand.get(tech_id, (None, None))
                self.fleet.set_job_site(tech_id, lat, lon)
        self.map.show_tickets(self._pins.values())
        if not self._rerank.isActive():
            self._rerank.start()

    def _failed(self, exc: Exception) -> None:
        self.candidates.show_message(error_text(exc))

    # --- the change feed -----------------------------------------------------------------------
    def on_tickets(self, rows: list[TicketRow]) -> None:
        """The changed tickets' rows, delivered just before the events they go with."""
        self._rows.update((row.ticket.id, row) for row in rows)

    def on_events(self, events: list[Event]) -> None:
        rows, self._rows = self._rows, {}
        fixes: list[tuple[int, float, float, datetime | None]] = []
        restyled: list[tuple[int, str]] = []
        changed: set[int] = set()
        loads_changed = False
        for e in events:
            if e.entity == "technician" and e.kind == "position":
                tech_id = int(e.entity_id)
                at = datetime.fromisoformat(str(e.payload["at"]))
                lat, lon = float(e.payload["lat"]), float(e.payload["lon"])
                if tech_id not in self.fleet:
                    self._schedule_reload(
                        pins=False
                    )  # someone new (or with a first fix): fetch them
                elif self.fleet.move(tech_id, lat, lon, at):
                    fixes.append((tech_id, lat, lon, at))
                    self._road.pop(tech_id, None)  # their time by road was from elsewhere
            elif e.entity == "technician" and e.kind == "status":
                tech_id = int(e.entity_id)
                status = TechnicianStatus(e.payload["changes"]["status"][1])
                self.fleet.set_status(tech_id, status)
                restyled.append((tech_id, status.value))
            elif e.entity == "technician":
                self._schedule_reload(pins=False)  # someone new, stock: rebuild the fleet
            elif e.entity == "ticket" and "changes" in e.payload and e.entity_id.isdigit():
                ticket_id = int(e.entity_id)
                if ticket_id in rows:
                    continue  # placed from its row below
                changed.add(ticket_id)  # its place, priority, state or deadlines
                moved = e.payload["changes"] or {}
                loads_changed |= "assignee_id" in moved or "status" in moved
        if rows:
            self._apply_rows(events, rows)
        if fixes:
            self.map.move_technicians(fixes)
        if restyled:
            self.map.restyle_technicians(restyled)
        if changed:
            self._schedule_pins(changed)
        if loads_changed:  # who holds which job: the fleet's loads and jobs in hand
            self._schedule_reload(pins=False)
        days_changed = bool(rows or changed or restyled) or any(
            e.entity == "technician" and e.kind != "position" for e in events
        )
        self._slots_stale |= days_changed
        if (fixes or restyled or days_changed) and not self._rerank.isActive():
            self._rerank.start()

    # --- the selected ticket -------------------------------------------------------------------
    def select_ticket(self, ticket: Ticket | None) -> None:
        self.ticket = ticket
        self.job = None
        self._road = {}
        self._routes.cancel()
        self._job_lookup.cancel()  # a slow answer for the previous ticket must not land here
        self._slot_lookup.cancel()
        self._slot_ranking = None
        self.candidates.forget_choice()
        if ticket is None:
            self.candidates.show_message(self.tr("Select a ticket to see who should go"))
            self.map.select(None)
            return
        if ticket.status not in ASSIGNABLE_STATES:
            self.candidates.show_message(
                self.tr("%1 is %2: nothing to dispatch.")
                .replace("%1", ticket.number)
                .replace("%2", status_label(ticket.status))
            )
            self.map.select(None)
            return
        if ticket.site_id is None:
            self.candidates.show_message(
                self.tr("%1 has no site yet: add one to rank technicians by distance.").replace(
                    "%1", ticket.number
                )
            )
            self.map.select(None)
            return
        ticket_id = ticket.id
        self._job_lookup.run(
            lambda: self._backend.dispatch_job(ticket_id),
            self._job_loaded,
            self._failed,
        )

    def _job_loaded(self, job: Job) -> None:
        if self.ticket is None or job.ticket_id != self.ticket.id:
            return
        self.job = job
        self.rerank(route=True)

    def rerank(self, *, pan: bool = True, route: bool = False) -> None:
        """Rank over the in-memory fleet now; with `route`, also ask the route service for the
        top candidates' travel times and re-rank when they arrive."""
        if self.job is None or self.ticket is None or not self._fleet_loaded_once:
            return
        if self.candidates.mode is Mode.SLOT:
            # asked again for a new ticket or mode, or once days changed; a GPS fix alone
            # leaves the schedule's answer as it is
            if route or self._slots_stale or self._slot_ranking is None:
                self._slots_stale = False
                self._ask_slots(pan)
            return
        now = datetime.now(UTC)
        from ...domain.ranking import rank, with_road_etas

        result = rank(self.fleet, self.job, now, self.candidates.mode)
        if self._road:
            result = with_road_etas(result, self._road, self.job, now)
        if route and self._router is not None:
            self._ask_router(result.candidates[:ROUTED])
        self._show(result, pan)

    def _ask_slots(self, pan: bool) -> None:
        assert self.ticket is not None
        ticket_id = self.ticket.id

        def done(result: Ranking) -> None:
            if self.ticket is None or self.ticket.id != ticket_id:
                return
            if self.candidates.mode is not Mode.SLOT:
                return  # the dispatcher went back to "free now" meanwhile
            self._slot_ranking = result
            self._show(result, pan)

        self._slot_lookup.run(
            lambda: self._backend.rank_technicians(ticket_id, Mode.SLOT), done, self._failed
        )

    def _show(self, result: Ranking, pan: bool) -> None:
        assert self.job is not None and self.ticket is not None
        names = {tid: m.name for tid in result.no_slot if (m := self.fleet.member(tid))}
        self.candidates.show_ranking(
            self.ticket.number, result, current=self.job.assignee_id, names=names
        )
        lines = []
        for c in result.candidates[:LINES_TO]:
            m = self.fleet.member(c.technician_id)
            if m is not None and m.lat is not None and m.lon is not None:
                lines.append((c, m.lat, m.lon))
        self.map.select((self.job.lat, self.job.lon), lines, pan=pan)

    def _ask_router(self, candidates: list[Candidate]) -> None:
        assert self.job is not None and self._router is not None
        router, site = self._router, (self.job.lat, self.job.lon)
        ids, origins = [], []
        for c in candidates:
            m = self.fleet.member(c.technician_id)
            if m is not None and m.lat is not None and m.lon is not None:
                ids.append(c.technician_id)
                origins.append((m.lat, m.lon))

        def done(minutes: list[float] | None) -> None:
            if minutes is None or len(minutes) != len(ids):
                return  # the service failed or timed out: the estimates stand
            self._road = dict(zip(ids, minutes, strict=True))
            self.rerank(pan=False)

        self._routes.run(lambda: router.minutes_to(origins, site), done, lambda _exc: None)

    def _technician_clicked(self, technician_id: int) -> None:
        if self.job is None:
            return
        if self.candidates.select_technician(technician_id):
            return
        member = self.fleet.member(technician_id)
        name = member.name if member else f"#{technician_id}"
        from ...domain.ranking import SlotColumns, why_not

        mode = self.candidates.mode
        slots = None
        if mode is Mode.SLOT:
            missed = None if self._slot_ranking is None else self._slot_ranking.no_slot
            if missed and technician_id in missed:
                words = miss_text(missed[technician_id], datetime.now(UTC))
                self.candidates.excluded.setText(
                    self.tr("%1 is not suggested: %2.").replace("%1", name).replace("%2", words)
                )
                return
            slots = SlotColumns.anyone(self.fleet)  # the other filters' verdict alone
        reason = why_not(self.fleet, self.job, technician_id, mode, slots=slots)
        if reason is None:
            text = self.tr("%1 is further down the list.").replace("%1", name)
        else:
            text = (
                self.tr("%1 is not suggested: %2.")
                .replace("%1", name)
                .replace("%2", exclusion_label(reason))
            )
        self.candidates.excluded.setText(text)

    def _assign(self, technician_id: int) -> None:
        if self.ticket is None:
            return
        chosen = next(
            (c for c in self.candidates.candidates if c.technician_id == technician_id), None
        )
        ranked = self._slot_ranking
        if (
            self.candidates.mode is Mode.SLOT
            and chosen is not None
            and chosen.slot is not None
            and chosen.slot.at is not None
            and ranked is not None
            and ranked.window is not None
        ):
            minutes = round(ranked.window.minutes)
            self.book_requested.emit(self.ticket, technician_id, chosen.slot.at, minutes)
            return
        self.assign_requested.emit(self.ticket, technician_id)

    def mode(self) -> Mode:
        return self.candidates.mode
