"""Keeping the queue current from the change feed at a cost of the changes, not of the page.

Other consoles' changes arrive as events naming tickets. The server's stream attaches those
tickets' rows (read once for every console); otherwise this asks `ticket_rows` for just them,
one request at a time, gathering what arrives meanwhile. The model places each row where a
fresh search would (services/queue_view.py). Only what a row cannot tell (a name or phone in
the search box, a ticket without a deadline, a flood of changes after a reconnect) costs a
search, and then at most one is under way and it starts within `SEARCH_DELAY_MS` of being
asked for, however busy the feed: the delay is never restarted by later events.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer

from ...domain.events import Event, changed_ticket_ids
from ...domain.tickets import TicketRow
from ...ports import Backend
from ..tasks import TaskRunner
from .queue_model import TicketQueueModel

log = logging.getLogger(__name__)
SEARCH_DELAY_MS = 250  # gathers a burst of undecidable changes into one search
MAX_PLACED = 200  # more changed tickets than this at once: one search is cheaper
NAMED = frozenset({"customer", "site", "technician", "department"})  # names a queue line shows


class LiveQueue(QObject):
    def __init__(
        self, model: TicketQueueModel, backend: Backend, runner: TaskRunner, parent: QObject
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._backend = backend
        self._runner = runner
        self._pending: dict[int, None] = {}  # tickets whose rows are still to be read
        self._reading: set[int] = set()  # tickets whose rows are being read now
        self._search_again = False
        self._attached: dict[int, TicketRow] | None = None
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search)
        model.loaded.connect(self._searched)
        model.load_failed.connect(lambda _text: self._searched())

    @property
    def idle(self) -> bool:
        """Nothing read, searched or waiting to be."""
        return not (self._reading or self._pending or self._timer.isActive()
                    or self._model.searching)  # fmt: skip

    # --- from the change feed ------------------------------------------------------------------
    def on_tickets(self, rows: list[TicketRow]) -> None:
        """The rows the server's stream attached to the batch of events that follows."""
        self._attached = {r.ticket.id: r for r in rows}

    def on_events(self, events: list[Event], me: str) -> None:
        attached, self._attached = self._attached, None
        ids = [i for i in changed_ticket_ids((e.entity, e.entity_id) for e in events)
               if not self._echo(i, events, me)]  # fmt: skip
        if attached is not None and all(i in attached for i in ids):
            self.changed(ids, [attached[i] for i in ids if i in attached])
        else:
            self.changed(ids)
        if any(e.entity in NAMED and "name" in (e.payload.get("changes") or {}) for e in events):
            self.search_soon()  # a renamed customer, site or technician: lines show the name

    def _echo(self, ticket_id: int, events: list[Event], me: str) -> bool:
        """Only this user's own changes to a ticket whose row here is already that new (this
        console placed it when its save returned); another console of the same user has not."""
        mine = [e for e in events if e.entity == "ticket" and e.entity_id == str(ticket_id)]
        if not all(e.actor == me for e in mine):
            return False
        if ticket_id in self._reading or ticket_id in self._pending:
            return True  # asked for after the save returned: the read sees the change
        row = self._model.row_of(ticket_id)
        if row is None:
            return False
        version = self._model.row_at(row).ticket.version
        return all(
            e.actor == me and isinstance(e.payload.get("version"), int)
            and e.payload["version"] <= version
            for e in mine
        )  # fmt: skip

    def changed(self, ticket_ids: list[int], rows: list[TicketRow] | None = None) -> None:
        """These tickets changed; `rows`: their rows when the feed brought them."""
        if not ticket_ids:
            return
        if rows is not None and not self._model.searching and not self._pending:
            known = {r.ticket.id for r in rows}
            gone = [i for i in ticket_ids if i not in known]
            if not self._model.place(rows, gone):
                self.search_soon()
            return
        self._pending.update(dict.fromkeys(ticket_ids))
        self._read()

    def search_soon(self) -> None:
        """Search once, shortly: never postponed by later calls, never two at a time."""
        if self._model.searching:
            self._search_again = True
        elif not self._timer.isActive():
            self._timer.start()

    def _search(self) -> None:
        self._pending.clear()  # the search reads them all
        self._model.reload()

    def _searched(self) -> None:
        if self._model.searching:
            return
        if self._search_again:
            self._search_again = False
            self.search_soon()
        self._read()  # what changed while the search ran may not be in it

    def _read(self) -> None:
        if self._reading or self._model.searching or not self._pending:
            return
        if len(self._pending) > MAX_PLACED:  # after a reconnect or a mass change
            self._pending.clear()
            self.search_soon()
            return
        ids = list(self._pending)
        self._pending.clear()
        self._reading = set(ids)
        searches = self._model.searches

        def arrived(rows: list[TicketRow]) -> None:
            self._reading = set()
            if self._model.searches != searches or self._model.searching:
                # a search started since: these rows may be older than its answer; read again
                self._pending.update(dict.fromkeys(ids))
            else:
                known = {r.ticket.id for r in rows}
                if not self._model.place(rows, [i for i in ids if i not in known]):
                    self.search_soon()
            self._read()

        def failed(exc: Exception) -> None:
            self._reading = set()
            log.info("could not read %d changed tickets (%s); searching instead", len(ids), exc)
            self.search_soon()

        self._runner.run(lambda: self._backend.ticket_rows(ids), arrived, failed, receiver=self)
