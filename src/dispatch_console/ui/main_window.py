"""The main window: lays the panels out and wires their signals. No business rules here."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
)

from ..config import ConsoleSettings, MapSettings, Secrets
from ..domain.call_events import CallEvent
from ..domain.calls import Call
from ..domain.enums import TicketStatus
from ..domain.events import Event
from ..domain.lifecycle import ASSIGNABLE_STATES, allowed_targets
from ..domain.model import Department
from ..domain.tickets import Ticket, TicketRow
from ..ports import Actor, Backend, RoadTravel, Router
from ..rest.client import RestBackend
from ..rest.pending_writes import Flushed
from ..telephony.status import Status
from .calls.controller import CallController, pushed_call
from .calls.dialing import Dialing
from .calls.pbx import status_words
from .chat.desk import ChatDesk
from .docks import build_docks, build_schedule_dock
from .error_dialog import Diagnostics
from .errors import error_text
from .feed import follower_for
from .loops import LoopStatus
from .menus import Commands, build_menus
from .notices import NoticeButton, Notices
from .pending_writes import PendingWritesButton, PendingWritesMonitor
from .session import SessionRenewal
from .settings.probes import Probes
from .supervisor import SupervisorTools
from .tasks import Latest, TaskRunner
from .tickets.detail_panel import DetailPanel
from .tickets.labels import status_label
from .tickets.lifecycle import LifecycleController
from .tickets.notify_actions import NotifyActions
from .tickets.queue_live import LiveQueue
from .tickets.queue_model import TicketQueueModel
from .tickets.queue_panel import QueuePanel
from .widgets import named
from .window_dialogs import WindowDialogs

if TYPE_CHECKING:
    from .schedule.panel import SchedulePanel

MAP_AFTER_QUEUE_MS = 100  # the map is built once the first queue page is on screen


def _utc_now() -> datetime:
    return datetime.now(UTC)


class MainWindow(QMainWindow, WindowDialogs):
    def __init__(
        self,
        backend: Backend,
        actor: Actor,
        backend_label: str,
        *,
        extension: str | None = None,
        settings: ConsoleSettings | None = None,
        probes: Probes | None = None,
        secrets: Secrets | None = None,
        map_settings: MapSettings | None = None,
        router: Router | None = None,
        road_times: Callable[[], RoadTravel | None] | None = None,
        dialer: Callable[[str, str], str] | None = None,
        server: RestBackend | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        """`server`: the connection to a dispatch-server when `backend` works through one (its
        session, the writes kept while it is away, its event stream); None on a database.
        `clock`: what "now" is for the board's today and the forms' checks (the tests fix it)."""
        super().__init__()
        self.clock = clock or _utc_now
        self.settings = settings or ConsoleSettings()
        self.extension = extension
        self._probes = probes
        self._me = actor.name
        self._own_department = actor.department_id  # the dispatch board shows it first
        self._secrets = secrets or Secrets()
        self._backend_label = backend_label
        self._road_times = road_times  # made with the dispatch board (it loads numpy)
        self.diagnostics: Diagnostics | None = None  # app/ sets it: the log folder, the zip
        self.setWindowTitle(self.tr("Dispatch Console"))
        self.backend = backend
        self.server = server
        self.runner = TaskRunner(self)
        self.model = TicketQueueModel(backend, self.runner, self)
        self.queue = QueuePanel(self.model, me=actor.name)
        self.detail = DetailPanel(backend, self.runner, region=self.settings.region)
        self._detail_lookup = Latest(self.runner, self.detail)
        self.lifecycle = LifecycleController(backend, self.runner, self)
        self._selected: int | None = None
        self._hidden_docks_loaded = False  # the hidden docks load after the map (start())

        splitter = named(QSplitter(Qt.Orientation.Horizontal), "main_splitter")
        splitter.addWidget(self.queue)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.setCentralWidget(splitter)
        self._splitter = splitter
        self.loop_status = LoopStatus(self.statusBar())
        self.loops = self.loop_status.supervisor  # the window's long-lived loops run under it
        self.follower = follower_for(backend, server, self.loops)
        self.supervisor = SupervisorTools(
            self, backend, self.runner, self.settings.timezone, self.follower.events,
            self.open_ticket, map_settings,
        )  # fmt: skip
        self.commands = build_menus(
            self,
            Commands(
                new_ticket=self.new_ticket,
                edit_ticket=self.edit_ticket,
                add_note=self.add_note,
                dispatch=self.dispatch_selected,
                call_customer=self.call_customer,
                request_callback=self.request_callback,
                take_callback=self.take_callback,
                review_callbacks=self.supervisor.review_callbacks,
                routing_rules=self.supervisor.routing_rules,
                live_board=self.supervisor.live_board,
                schedule_board=self.show_schedule,
                working_hours=self.working_hours,
                next_ticket=lambda: self.queue.select_next(1),
                previous_ticket=lambda: self.queue.select_next(-1),
                search=self._focus_search,
                reload=self.reload,
                settings=self.open_settings,
                my_contacts=self.my_contacts,
                change_password=self.change_password,
                print_labels=self.print_labels,
                shortcuts=self.show_shortcuts,
                quit=self.close,
                about=self.show_about,
                # seats are counted by a server, and shown to its administrators
                seats=self.seats if server is not None and actor.role == "admin" else None,
            ),
        )
        # supervisors review; agents would only meet "you may not" (the service checks anyway)
        self.commands["review_callbacks"].setEnabled(actor.role in ("supervisor", "admin"))
        self.commands["routing_rules"].setEnabled(actor.role in ("supervisor", "admin"))
        self.commands["live_board"].setEnabled(actor.role in ("supervisor", "admin"))
        self.commands["working_hours"].setEnabled(actor.role in ("supervisor", "admin"))

        view_menu = self.commands["view_menu"].menu()
        assert isinstance(view_menu, QMenu)
        self.call_log, self.callbacks, map_dock, self.dispatch = build_docks(
            self, view_menu, backend, self.runner, self.settings.region, map_settings, router,
            actor.name, self._dial_number,
        )  # fmt: skip
        if map_dock is not None:
            self.map_dock = map_dock
        # the dispatch board is built when first shown: its slot finder needs numpy, which the
        # window showing the queue does not
        self._schedule: SchedulePanel | None = None
        self._departments_known: list[Department] = []
        self.schedule_dock = build_schedule_dock(self, map_dock)
        self.schedule_dock.visibilityChanged.connect(self._schedule_shown)
        self.chat = ChatDesk(
            self, view_menu, backend, self.runner, self.open_ticket, self._ticket_changed, server,
            self.settings.timezone, now=self.clock, holiday_region=self.settings.holiday_region,
        )  # fmt: skip
        self.commands["chats"] = self.chat.dock.toggleViewAction()

        self.connection = named(QLabel(self.tr("connecting…")), "connection_state")
        ext_label = self.tr("ext.")
        who = actor.name + (f" · {ext_label} {extension}" if extension else "")
        self.rows_label = named(QLabel(), "rows_label")
        self.statusBar().addWidget(self.rows_label)
        self.statusBar().addPermanentWidget(named(QLabel(backend_label), "backend_label"))
        self.statusBar().addPermanentWidget(named(QLabel(who), "user_label"))
        self.telephony_state = named(QLabel(), "telephony_state")
        self.statusBar().addPermanentWidget(self.telephony_state)
        self.statusBar().addPermanentWidget(self.connection)
        self.notices = Notices(actor, backend, self.runner, self)
        self.statusBar().addPermanentWidget(NoticeButton(self.notices, self))
        self.pending_writes: PendingWritesMonitor | None = None
        self.session: SessionRenewal | None = None
        if server is not None:  # a console working through a server
            self.session = SessionRenewal(server, actor.name, self)
            if server.pending_writes is not None:
                self.pending_writes = PendingWritesMonitor(
                    server, server.pending_writes, self.runner, self
                )
                self.statusBar().addPermanentWidget(PendingWritesButton(self.pending_writes, self))

        self.dialing = Dialing(
            backend, self.runner, self.detail, self.statusBar(), extension, dialer
        )
        self.calls = CallController(
            backend, self.runner, extension, self, region=self.settings.region,
            dial_plan=self.settings.dial_plan(),
        )  # fmt: skip
        self.notify_actions = NotifyActions(backend, self.runner, self)

        self.live = LiveQueue(self.model, backend, self.runner, self)
        self._wire()
        self._restore_layout()

    # --- wiring: every signal of the window is connected here -----------------------------------
    def _wire(self) -> None:
        self.queue.ticket_selected.connect(self._show_ticket)
        self.detail.action_bar.requested.connect(self._request_step)
        self.detail.edit_requested.connect(self.edit_ticket)
        self.detail.note_requested.connect(self.add_note)
        self.detail.call_requested.connect(self.call_customer)
        self.dialing.called.connect(self._show_ticket)
        self.detail.attachment_requested.connect(self.open_attachments)
        self.detail.resend_requested.connect(self.notify_actions.resend)
        self.detail.notify_prefs_requested.connect(self.notify_actions.edit_prefs)
        self.notify_actions.message.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self.detail.shown.connect(self._fill_status_menu)
        self.calls.open_ticket.connect(self.open_ticket)
        self.call_log.open_ticket.connect(self.open_ticket)
        self.call_log.call_back.connect(self._call_from_log)
        for panel in (self.call_log, self.callbacks, self.chat.panel):
            cast(QDockWidget, panel.parentWidget()).visibilityChanged.connect(
                self._hidden_dock_shown
            )
        self.follower.events.connect(self.call_log.on_events)
        self.follower.events.connect(self.callbacks.on_events)
        self.follower.events.connect(self.chat.panel.on_events)
        self.follower.events.connect(self._schedule_events)
        self.follower.tickets.connect(self._schedule_tickets)
        if self.settings.telephony.kind == "server":  # the server hears the PBX for us
            self.follower.events.connect(self._pushed_calls)
        self.callbacks.ticket_changed.connect(self._ticket_changed)
        self.callbacks.message.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self.callbacks.kept.connect(self._kept_for_server)
        self.calls.new_ticket.connect(self.new_ticket_for_call)
        self.calls.add_note.connect(self._note_from_call)
        if self.dispatch is not None:
            self.detail.shown.connect(self._dispatch_follows_detail)
            self.dispatch.assign_requested.connect(self.lifecycle.assign)
            self.dispatch.book_requested.connect(self.lifecycle.book)
            self.dispatch.ticket_requested.connect(self.open_ticket)
            self.follower.tickets.connect(self.dispatch.on_tickets)
            self.follower.events.connect(self.dispatch.on_events)
        self.lifecycle.changed.connect(self._ticket_changed)
        self.model.loaded.connect(self._on_loaded)
        self.model.patched.connect(self._show_count)
        self.model.load_failed.connect(self._on_error)
        self.runner.failed.connect(lambda exc: self._on_error(error_text(exc)))
        self.follower.tickets.connect(self.live.on_tickets)
        self.follower.events.connect(self._on_events)
        self.follower.events.connect(self.notices.on_events)
        self.notices.arrived.connect(lambda n: self.statusBar().showMessage(n.text, 15000))
        self.notices.open_ticket.connect(self.open_ticket)
        self.follower.online.connect(self._on_online)
        self.follower.stale.connect(self._on_stale)  # a server's stream says when its feed lags
        self.follower.failed.connect(self._on_feed_failed)
        if self.session is not None:
            self.follower.signed_out.connect(self.session.ask)
        if self.pending_writes is not None:
            self.follower.online.connect(self.pending_writes.on_online)
            self.pending_writes.delivered.connect(self._pending_writes_delivered)

    def start(self) -> None:
        """Load the first page and start following the change feed (both off the GUI thread)."""
        if self.pending_writes is not None:  # left from last time the server was away
            self.pending_writes.refresh()
        self.runner.run(
            self.backend.last_event_id, self._start_feed, self._on_start_failed, receiver=self
        )
        self.runner.run(self.backend.list_departments, self._departments, receiver=self)
        self.queue.apply_filters()
        self.notices.load()
        # the map (folium, numpy, a web page) loads once the queue's first page is on screen,
        # the docks that start hidden (call log, callbacks, chats) once the map is drawn: their
        # rows, and the phone numbers formatted for them, cost CPU the window is waiting for.
        # An agent who opens one of them sooner gets its rows then.
        self.model.loaded.connect(self._after_first_page)
        self.model.load_failed.connect(self._after_first_page)

    def _after_first_page(self, *_result: object) -> None:
        self.model.loaded.disconnect(self._after_first_page)
        self.model.load_failed.disconnect(self._after_first_page)
        # after the rows are painted: a zero timer could run before the paint event
        QTimer.singleShot(MAP_AFTER_QUEUE_MS, self._start_map)

    def _start_map(self) -> None:
        if self.dispatch is None:
            self._load_hidden_docks()
            return
        self.dispatch.map.ready.connect(self._load_hidden_docks)
        self.dispatch.reload()

    def _hidden_dock_shown(self, visible: bool) -> None:
        if visible:
            self._load_hidden_docks()

    def _load_hidden_docks(self) -> None:
        if self._hidden_docks_loaded:
            return
        self._hidden_docks_loaded = True
        self.call_log.reload()
        self.callbacks.reload()
        self.chat.panel.reload()

    def _departments(self, departments: list[Department]) -> None:
        self.queue.set_departments(departments)
        self._departments_known = departments
        if self._schedule is not None:
            self._schedule.set_departments(departments)

    @property
    def schedule(self) -> SchedulePanel:
        """The dispatch board, made the first time it is shown or asked for."""
        if self._schedule is None:
            from .schedule.panel import SchedulePanel

            road = self._road_times() if self._road_times is not None else None
            panel = SchedulePanel(
                self.backend, self.runner, self.settings.timezone, now=self.clock,
                road=road, own_department=self._own_department,
            )  # fmt: skip
            panel.open_ticket.connect(self.open_ticket)
            if self._departments_known:
                panel.set_departments(self._departments_known)
            self.schedule_dock.setWidget(panel)
            self._schedule = panel
        return self._schedule

    def _schedule_shown(self, visible: bool) -> None:
        if visible:
            self.schedule.setVisible(True)

    def _schedule_events(self, events: list[Event]) -> None:
        if self._schedule is not None:
            self._schedule.on_events(events)

    def _schedule_tickets(self, rows: list[TicketRow]) -> None:
        if self._schedule is not None:
            self._schedule.on_tickets(rows)

    def _start_feed(self, last_id: int) -> None:
        self.follower.last_id = last_id
        self.follower.start()

    def _on_start_failed(self, exc: Exception) -> None:
        self._on_error(error_text(exc))
        self._start_feed(0)

    # --- slots ---------------------------------------------------------------------------------
    def _focus_search(self) -> None:
        self.queue.search.setFocus()
        self.queue.search.selectAll()

    def _show_ticket(self, ticket_id: int) -> None:
        self._selected = ticket_id
        number = Ticket.number_of(ticket_id)
        if self.detail.ticket is None or self.detail.ticket.id != ticket_id:
            self.detail.show_loading(number)
        self._detail_lookup.run(
            lambda: self.backend.ticket_history(ticket_id),
            self.detail.show_history,
            lambda exc: self.detail.show_error(number, error_text(exc)),
        )

    def reload(self) -> None:
        self.model.reload()
        if self._selected is not None:
            self._show_ticket(self._selected)

    def _call_from_log(self, call: Call) -> None:
        """A call with no ticket yet: the caller pops up again, to open one or find theirs."""
        number = call.from_number if call.direction.value == "inbound" else call.to_number
        self.calls.on_event(
            CallEvent("offered", call.call_id, call.offered_at, "inbound", number, "", None)
        )

    def call_customer(self) -> str | None:
        return self.dialing.call_customer()

    def _dial_number(self, number: str, ticket_id: int | None) -> str:
        return self.dialing.dial(number, ticket_id)

    def dial_from_link(self, number: str) -> str:
        """A tel: link clicked elsewhere on this PC: bring the console up and call it."""
        self.showNormal()
        self.raise_()
        self.activateWindow()
        return self.dialing.dial(number, None, hand_off=False)

    def dispatch_selected(self) -> None:
        ticket = self.detail.ticket
        if ticket is None:
            return
        if TicketStatus.ASSIGNED in allowed_targets(ticket.status, ticket.held_from):
            self._request_step(TicketStatus.ASSIGNED)
        else:
            self.statusBar().showMessage(
                self.tr("%1 cannot be dispatched now: it is %2.")
                .replace("%1", ticket.number)
                .replace("%2", status_label(ticket.status)),
                8000,
            )

    def _fill_status_menu(self) -> None:
        """The Ticket ▸ Change status menu offers what the action bar offers, for the keyboard."""
        menu = self.commands["status_menu"].menu()
        assert isinstance(menu, QMenu)
        menu.clear()
        ticket = self.detail.ticket
        for target, text in self.detail.action_bar.steps():
            action = menu.addAction(text)
            action.triggered.connect(lambda _=False, t=target: self._request_step(t))
        menu.setEnabled(ticket is not None and not menu.isEmpty())

    def _request_step(self, target: Any) -> None:
        if self.detail.ticket is None:
            return
        ticket = self.detail.ticket
        if (
            target is TicketStatus.ASSIGNED
            and self.dispatch is not None
            and ticket.status in ASSIGNABLE_STATES
        ):
            self.show_candidates()  # the ranked list and the map, not a bare name picker
            return
        self.lifecycle.request(self.detail.ticket, target)

    def _dispatch_follows_detail(self) -> None:
        if self.dispatch is not None:
            self.dispatch.select_ticket(self.detail.ticket)

    def show_candidates(self) -> None:
        self.map_dock.show()
        self.map_dock.raise_()
        assert self.dispatch is not None
        self.dispatch.candidates.table.setFocus()

    def show_schedule(self) -> None:
        self.schedule_dock.show()
        self.schedule_dock.raise_()
        self.schedule.board.canvas.setFocus()

    def open_ticket(self, ticket_id: int) -> None:
        """Show this ticket: selected in the queue when it is there, in the detail anyway."""
        row = self.model.row_of(ticket_id)
        if row is not None:
            self.queue.table.selectRow(row)
        else:
            self._show_ticket(ticket_id)

    def _ticket_changed(self, ticket_id: int) -> None:
        self._show_ticket(ticket_id)
        self.live.changed([ticket_id])  # its own event then finds the row already this new

    def _on_loaded(self, rows: int) -> None:
        self.statusBar().clearMessage()  # a problem reported earlier is over
        self._show_count(rows)

    def _show_count(self, rows: int) -> None:
        more = self.model.canFetchMore()
        self.rows_label.setText(
            self.tr("%n ticket(s) shown, more as you scroll", "", rows)
            if more
            else self.tr("%n ticket(s)", "", rows)
        )

    def _on_error(self, message: str) -> None:
        # stays until the next successful load: a problem must not vanish unread
        self.statusBar().showMessage(self.tr("Problem: %1").replace("%1", message))

    def show_telephony_status(self, status: Status) -> None:
        """The PBX connection's state in the agent's words; its English line as the tip."""
        self.telephony_state.setText("☎ " + status_words(status))
        self.telephony_state.setToolTip(str(status))

    def _on_feed_failed(self, exc: Exception) -> None:
        self._on_error(error_text(exc))

    def _on_online(self, online: bool) -> None:
        self.connection.setText(self.tr("online") if online else self.tr("offline — retrying"))
        self.connection.setToolTip("")

    def _on_stale(self, stale: bool) -> None:
        """The server is up but cannot read its database: others' changes arrive late."""
        if stale:
            self.connection.setText(self.tr("online — live updates delayed"))
            self.connection.setToolTip(self.tr(
                "The server cannot reach its database just now, so changes made at other "
                "consoles appear late. Press F5 to reload; tell IT if this lasts."
            ))  # fmt: skip
        else:
            self._on_online(True)

    def _pending_writes_delivered(self, result: Flushed) -> None:
        text = self.tr("The server answers again: %n kept change(s) sent.", "", result.sent)
        if result.refused:
            text += " " + self.tr("%n not accepted; see the list in the status bar.", "",
                                  result.refused)  # fmt: skip
        self.statusBar().showMessage(text, 15000)

    def _on_events(self, events: list[Event]) -> None:
        self.live.on_events(events, self._me)
        selected = str(self._selected)
        ticket = self.detail.ticket
        if any(
            e.entity == "ticket" and e.entity_id == selected
            and not (  # this console's own change, already shown when its save returned
                e.actor == self._me and ticket is not None and str(ticket.id) == selected
                and isinstance(e.payload.get("version"), int)
                and e.payload["version"] <= ticket.version
            )
            for e in events
        ):  # fmt: skip
            self._show_ticket(self._selected or 0)

    def _pushed_calls(self, events: list[Event]) -> None:
        for event in events:
            call = pushed_call(event)
            if call is not None:
                self.calls.on_pushed(call)

    # --- layout memory -------------------------------------------------------------------------
    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 780)
        state = settings.value("main/splitter")
        if state is not None:
            self._splitter.restoreState(state)

    def closeEvent(self, event: Any) -> None:  # noqa: N802
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/splitter", self._splitter.saveState())
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        self.supervisor.close()
        self.callbacks.release_held()
        self.follower.stop()
        self.runner.wait(5000)
        if self.pending_writes is not None:
            self.pending_writes.local.wait(5000)
