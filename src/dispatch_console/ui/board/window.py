"""View ▸ Live board: a window for the wall screen (F11: full screen). Big numbers for what needs
someone now (calls ringing, missed calls not called back, tickets past or near a deadline,
tickets nobody has), the open tickets by state, the technicians on a small map, and today's
first-time-fix rate and callback satisfaction. Follows the change feed (at most once a second)
and re-reads every 30 s, since deadlines come nearer without any event."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from ...config import MapSettings
from ...domain.board import Board
from ...domain.enums import TicketStatus
from ...domain.events import Event
from ...ports import Backend
from ..errors import error_text
from ..tasks import Latest, TaskRunner
from ..tickets.labels import duration, status_label
from ..widgets import named
from .fleet_map import FleetMap
from .minimap import MiniMap

LIVE = frozenset({"call", "callback", "ticket", "technician"})
RED, AMBER, GREY = "#c62828", "#ef6c00", "#616161"


class Tile(QWidget):
    """A caption over a big number, with a line of detail."""

    def __init__(self, caption: str, name: str) -> None:
        super().__init__()
        self.caption = QLabel(caption)
        self.caption.setStyleSheet("font-size: 14pt;")  # read from across the room
        self.number = named(QLabel("–"), name)
        self.number.setStyleSheet("font-size: 44pt; font-weight: bold;")
        self.detail = QLabel()
        self.detail.setStyleSheet(f"color: {GREY};")
        self.detail.setWordWrap(True)
        column = QVBoxLayout(self)
        column.addWidget(self.caption)
        column.addWidget(self.number)
        column.addWidget(self.detail)
        column.addStretch(1)

    def show_value(self, text: str, detail: str = "", colour: str | None = None) -> None:
        self.number.setText(text)
        weight = "font-size: 44pt; font-weight: bold;"
        self.number.setStyleSheet(weight + (f" color: {colour};" if colour else ""))
        self.detail.setText(detail)


class BoardWindow(QWidget):
    """Signals:
    open_ticket(int): the supervisor clicked one of the urgent tickets.
    """

    open_ticket = Signal(int)

    def __init__(
        self,
        backend: Backend,
        runner: TaskRunner,
        timezone: str,
        map_settings: MapSettings | None = None,
    ) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setWindowTitle(self.tr("Live board"))
        self._backend = backend
        self._timezone = timezone
        self._load = Latest(runner, self)
        self.board: Board | None = None
        self.ringing = Tile(self.tr("Ringing now"), "board_ringing")
        self.missed = Tile(self.tr("Missed, not called back"), "board_missed")
        self.breached = Tile(self.tr("Past an SLA deadline"), "board_breached")
        self.at_risk = Tile(self.tr("Deadline within the hour"), "board_at_risk")
        self.unassigned = Tile(self.tr("Not dispatched"), "board_unassigned")
        self.fix_rate = Tile(self.tr("First-time fix today"), "board_fix")
        self.satisfaction = Tile(self.tr("Callback satisfaction today"), "board_satisfaction")
        self.states = named(QLabel(), "board_states")
        self.states.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.states.setTextFormat(Qt.TextFormat.RichText)
        self.urgent = named(QLabel(), "board_urgent")
        self.urgent.setTextFormat(Qt.TextFormat.RichText)
        self.urgent.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.urgent.linkActivated.connect(lambda link: self.open_ticket.emit(int(link[7:])))
        self.map: FleetMap | MiniMap = FleetMap(map_settings) if map_settings else MiniMap()
        self.error = named(QLabel(), "board_error")
        self.error.setStyleSheet(f"color: {RED};")
        grid = QGridLayout(self)
        for col, tile in enumerate((self.ringing, self.missed, self.breached, self.at_risk,
                                    self.unassigned)):  # fmt: skip
            grid.addWidget(tile, 0, col)
        states = QVBoxLayout()
        states.addWidget(self.states)
        states.addWidget(self.urgent, 1)
        grid.addLayout(states, 1, 0, 1, 2)
        grid.addWidget(self.map, 1, 2, 1, 3)
        grid.addWidget(self.fix_rate, 2, 0, 1, 2)
        grid.addWidget(self.satisfaction, 2, 2, 1, 3)
        grid.addWidget(self.error, 3, 0, 1, 5)
        grid.setRowStretch(1, 1)
        self._soon = QTimer(self, singleShot=True, interval=1000)
        self._soon.timeout.connect(self.reload)
        self._every = QTimer(self, interval=30_000)  # runs while the board is on screen
        self._every.timeout.connect(self.reload)
        QShortcut(QKeySequence(Qt.Key.Key_F11), self, self._full_screen)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self.resize(1280, 760)

    def reload(self) -> None:
        timezone = self._timezone
        self._load.run(lambda: self._backend.live_board(timezone), self.show_board,
                       lambda exc: self.error.setText(error_text(exc)))  # fmt: skip

    def on_events(self, events: Sequence[Event]) -> None:
        live = self.isVisible() and any(e.entity in LIVE for e in events)
        if live and not self._soon.isActive():
            self._soon.start()  # a burst of GPS fixes is one re-read

    def show_board(self, b: Board) -> None:
        self.board = b
        self.error.clear()
        numbers = ", ".join(
            f"{c.from_number}" + (f" → {c.agent_extension}" if c.agent_extension else "")
            for c in b.ringing[:4]
        )
        self.ringing.show_value(str(len(b.ringing)), numbers)
        oldest = ""
        if b.oldest_missed_at is not None:
            oldest = self.tr("the oldest waits %1").replace(
                "%1", duration(b.at - b.oldest_missed_at)
            )
        self.missed.show_value(str(b.missed_waiting), oldest, RED if b.missed_waiting else None)
        self.breached.show_value(str(b.breached), "", RED if b.breached else None)
        self.at_risk.show_value(str(b.at_risk), "", AMBER if b.at_risk else None)
        self.unassigned.show_value(str(b.unassigned))
        rate = b.first_time_fix_rate
        self.fix_rate.show_value(
            f"{rate:.0%}" if rate is not None else "–",
            self.tr("%1 resolved today").replace("%1", str(b.resolved_today)),
        )
        score = b.satisfaction
        self.satisfaction.show_value(
            f"{score:.1f} ★" if score is not None else "–",
            self.tr("%1 callbacks done today").replace("%1", str(b.callbacks_done_today)),
        )
        rows = []
        most = max(b.by_status.values(), default=1) or 1
        for status in TicketStatus:
            count = b.by_status.get(status.value)
            if not count:
                continue
            width = max(4, int(240 * count / most))
            rows.append(
                f"<tr><td>{status_label(status)}</td><td align='right'><b>{count}</b></td>"
                f"<td><table cellspacing='0'><tr><td width='{width}' bgcolor='#1565c0'>"
                "&nbsp;</td></tr></table></td></tr>"
            )
        title = self.tr("Open tickets")
        self.states.setText(f"<h3>{title}</h3><table cellspacing='6'>{''.join(rows)}</table>")
        self.map.show_fleet(b.technicians)
        self.urgent.setText(self._urgent_html(b))

    def _urgent_html(self, b: Board) -> str:
        rows = []
        for row in b.urgent:
            t = row.ticket
            due = t.next_due_at
            left = duration(due - b.at) if due is not None else ""
            colour = RED if due is not None and due < b.at else GREY
            who = escape(row.customer_name or t.contact_name or "")
            rows.append(
                f"<tr><td><a href='ticket:{t.id}'>{t.number}</a></td><td>{who}</td>"
                f"<td>{status_label(t.status)}</td>"
                f"<td align='right' style='color:{colour}'>{escape(left)}</td></tr>"
            )
        title = self.tr("Missed or nearest deadlines")
        return f"<h3>{title}</h3><table cellspacing='6'>{''.join(rows)}</table>" if rows else ""

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self._every.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        self._every.stop()  # a closed board reads nothing (its console may be gone)
        self._soon.stop()
        super().hideEvent(event)

    def _full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()
