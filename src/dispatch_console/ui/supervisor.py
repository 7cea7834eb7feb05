"""The supervisors' tools, opened from the window's menus: the callback review, the routing
rules and the live board (one per console, following the window's change feed).

Each tool's module is imported when it is first opened: the review brings openpyxl and
QtCharts, the board its own maps, and an agent's console never opens any of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, SignalInstance
from PySide6.QtWidgets import QWidget

from ..config import MapSettings
from ..ports import Backend
from .tasks import TaskRunner

if TYPE_CHECKING:
    from .board.window import BoardWindow
    from .callbacks.review import ReviewDialog
    from .routing.dialog import RoutingRulesDialog


class SupervisorTools(QObject):
    def __init__(
        self, window: QWidget, backend: Backend, runner: TaskRunner, timezone: str,
        feed: SignalInstance, open_ticket: Callable[[int], None],
        map_settings: MapSettings | None = None,
    ) -> None:  # fmt: skip
        super().__init__(window)
        self._window = window
        self._backend = backend
        self._runner = runner
        self._timezone = timezone
        self._feed = feed
        self._open_ticket = open_ticket
        self.board: BoardWindow | None = None
        self._map_settings = map_settings

    def live_board(self) -> BoardWindow:
        if self.board is None:
            from .board.window import BoardWindow

            self.board = BoardWindow(
                self._backend, self._runner, self._timezone, self._map_settings
            )
            self._feed.connect(self.board.on_events)
            self.board.open_ticket.connect(self._show)
        self.board.show()
        self.board.raise_()
        self.board.reload()
        return self.board

    def _show(self, ticket_id: int) -> None:
        self._open_ticket(ticket_id)
        self._window.activateWindow()  # the console comes forward from behind the wall screen

    def routing_rules(self) -> RoutingRulesDialog:
        from .routing.dialog import RoutingRulesDialog

        dialog = RoutingRulesDialog(self._backend, self._runner, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        dialog.load()
        return dialog

    def review_callbacks(self) -> ReviewDialog:
        from .callbacks.review import ReviewDialog

        dialog = ReviewDialog(self._backend, self._runner, self._timezone, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        dialog.start()
        return dialog

    def close(self) -> None:
        """The console is closing: its board goes with it (a window of its own, no parent)."""
        if self.board is not None:
            self.board.close()
            self.board.deleteLater()
            self.board = None
