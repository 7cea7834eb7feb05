"""The painted Gantt: a scroll area whose viewport draws only what is on screen (paint.py),
with the mouse (drag a bar within or between rows, drop a job from the list) and the keyboard
(arrows between bars, Enter opens, the Dispatch shortcut places).

Signals:
    drop_requested(int, int, float): a job (ticket id) let go on a technician's row at a
        start (epoch seconds); the board judges it.
    open_requested(int): Enter or a double click on a bar.
    place_requested(int): the Dispatch shortcut on the selected bar.
    selection_changed(int): the selected bar's ticket (-1: none).
    preview(str, bool): while dragging, what a drop here would meet (text, allowed).
"""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QToolTip, QWidget

from ..none_guard import give_back, none_count
from .cards import JobCard
from .geometry import Bar, Geometry, Row, snapped
from .mime import accept_copy, mime_ticket
from .navigation import step
from .paint import Frame, Ghost, paint, prefetch
from .tiles import TileCache

DISPATCH_KEYS = QKeySequence("Ctrl+D")  # the console's Ticket > Dispatch… (ui/menus.py)
EDGE_PX = 24  # a drag this close to an edge of the rows scrolls them
EDGE_TICK_MS = 40
ZOOM_STEP = 1.25
MIN_HOUR_PX, MAX_HOUR_PX = 12.0, 240.0  # a week on one screen .. quarter hours readable
PREFETCH_TILES = 8  # about 3 ms of painting per idle turn of the event loop
Judge = Callable[[int, int, float], tuple[bool, str]]


def is_dispatch_key(event: QKeyEvent) -> bool:
    return QKeySequence(event.keyCombination()) == DISPATCH_KEYS


class BoardCanvas(QAbstractScrollArea):
    drop_requested = Signal(int, int, float)
    open_requested = Signal(int)
    place_requested = Signal(int)
    selection_changed = Signal(int)
    preview = Signal(str, bool)

    def __init__(self, geometry: Geometry, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("schedule_canvas")
        self.geometry_ = geometry
        self.zone = zone
        self.rows: list[Row] = []
        self.cards: dict[int, JobCard] = {}
        self.now: Callable[[], float] = lambda: 0.0
        self.judge: Judge = lambda _t, _r, _s: (True, "")
        self.describe: Callable[[int], str] = str
        self.selected: int | None = None
        self.last_fresh_tiles = 0
        self.tiles = TileCache()
        self._edge = QTimer(self, interval=EDGE_TICK_MS)  # scrolls while a drag waits at an edge
        self._edge.timeout.connect(self._edge_scroll)
        self._hovering: tuple[int, QPoint, float] | None = None  # the drag: what, where, grab
        self._prefetching = QTimer(self, singleShot=True, interval=0)
        self._prefetching.timeout.connect(self._prefetch)
        self._press: tuple[QPoint, int, float] | None = None  # where, which ticket, grab offset
        self._dragging = False
        self._ghost: Ghost | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.viewport().setMouseTracking(True)
        self.horizontalScrollBar().valueChanged.connect(self._scrolled)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)

    # --- content ---------------------------------------------------------------------------
    def set_rows(self, rows: list[Row]) -> None:
        self.rows = rows
        if self.selected is not None and self.row_of_ticket(self.selected) is None:
            self.select(None)
        self._update_ranges()
        self.viewport().update()

    def row_of_ticket(self, ticket_id: int) -> int | None:
        for i, row in enumerate(self.rows):
            if row.index_of(ticket_id) is not None:
                return i
        return None

    def row_of_technician(self, technician_id: int) -> int | None:
        for i, row in enumerate(self.rows):
            if row.technician_id == technician_id:
                return i
        return None

    def update_row(self, i: int) -> None:
        """Row i's day changed: its tiles go, and it is painted again."""
        self.tiles.forget(self.rows[i].technician_id)
        g = self.geometry_
        self.viewport().update(0, g.y(i), self.viewport().width(), g.row_px)

    # --- scrolling -------------------------------------------------------------------------
    def _update_ranges(self) -> None:
        g, view = self.geometry_, self.viewport()
        h = self.horizontalScrollBar()
        h.setRange(0, max(0, g.content_width - (view.width() - g.names_px)))
        h.setPageStep(max(1, view.width() - g.names_px))
        h.setSingleStep(int(g.hour_px))
        v = self.verticalScrollBar()
        v.setRange(0, max(0, len(self.rows) * g.row_px - (view.height() - g.ruler_px)))
        v.setPageStep(max(1, view.height() - g.ruler_px))
        v.setSingleStep(g.row_px)

    def _scrolled(self) -> None:
        self.geometry_.x_scroll = self.horizontalScrollBar().value()
        self.geometry_.y_scroll = self.verticalScrollBar().value()
        self.viewport().update()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        """Ctrl and the wheel zoom the hours, keeping the time under the pointer in place."""
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            super().wheelEvent(event)
            return
        event.accept()
        g = self.geometry_
        x = event.position().x()
        t = g.t(x)
        factor = ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP
        g.hour_px = min(MAX_HOUR_PX, max(MIN_HOUR_PX, g.hour_px * factor))
        self.tiles.clear()
        self._update_ranges()
        self.horizontalScrollBar().setValue(
            round((t - g.since) / 3600 * g.hour_px - x + g.names_px)
        )
        self.viewport().update()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._update_ranges()

    def scroll_to(self, t: float) -> None:
        """Put a moment near the left of the visible hours."""
        g = self.geometry_
        self.horizontalScrollBar().setValue(int((t - g.since) / 3600 * g.hour_px))

    def ensure_visible(self, i: int, bar: Bar) -> None:
        g, view = self.geometry_, self.viewport()
        top = i * g.row_px
        v = self.verticalScrollBar()
        if top < v.value():
            v.setValue(top)
        elif top + g.row_px > v.value() + view.height() - g.ruler_px:
            v.setValue(top + g.row_px - (view.height() - g.ruler_px))
        x0 = g.x(bar.reach)
        x1 = g.x(bar.end)
        h = self.horizontalScrollBar()
        if x0 < g.names_px:
            h.setValue(int(h.value() - (g.names_px - x0) - 20))
        elif x1 > view.width():
            h.setValue(int(h.value() + x1 - view.width() + 20))

    # --- painting --------------------------------------------------------------------------
    def frame(self) -> Frame:
        view = self.viewport()
        return Frame(
            self.geometry_,
            self.rows,
            self.cards,
            self.zone,
            self.now(),
            view.width(),
            view.height(),
            self.selected,
            self._press[1] if self._dragging and self._press else None,
            self._ghost,
        )

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        before = none_count()
        painter = QPainter(self.viewport())
        try:
            painter.setClipRegion(event.region())
            self.last_fresh_tiles = paint(painter, self.frame(), self.tiles)
        finally:
            painter.end()
            give_back(before)
        self._prefetching.start()

    def _prefetch(self) -> None:
        """A few tiles around the view, while nothing else happens; again until done."""
        before = none_count()
        try:
            ratio = self.viewport().devicePixelRatioF()
            more = prefetch(self.frame(), self.tiles, ratio, PREFETCH_TILES)
        finally:
            give_back(before)
        if more:
            self._prefetching.start()

    # --- hit tests -------------------------------------------------------------------------
    def _row_and_time(self, pos: QPoint) -> tuple[int, float] | None:
        """The row and the instant under pos; None over the names or below the last row."""
        g = self.geometry_
        if pos.x() < g.names_px:
            return None
        i = g.row_at(pos.y())
        return (i, g.t(pos.x())) if 0 <= i < len(self.rows) else None

    def bar_at(self, pos: QPoint) -> tuple[int, Bar] | None:
        found = self._row_and_time(pos)
        if found is None:
            return None
        i, t = found
        for bar in reversed(self.rows[i].bars_between(t, t)):
            if bar.start <= t < bar.end:
                return i, bar
        return None

    def leg_at(self, pos: QPoint) -> tuple[int, Bar] | None:
        """The bar whose travel leg (drawn before it) is under pos."""
        found = self._row_and_time(pos)
        if found is None:
            return None
        i, t = found
        for bar in self.rows[i].bars_between(t, t):
            if bar.reach <= t < bar.start:
                return i, bar
        return None

    def select(self, ticket_id: int | None) -> None:
        if ticket_id == self.selected:
            return
        self.selected = ticket_id
        self.viewport().update()
        self.selection_changed.emit(-1 if ticket_id is None else ticket_id)

    # --- the mouse -------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        hit = self.bar_at(event.position().toPoint())
        self.select(hit[1].ticket_id if hit else None)
        if hit is not None:
            offset = self.geometry_.t(event.position().x()) - hit[1].start
            self._press = (event.position().toPoint(), hit[1].ticket_id, offset)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._press is None or not event.buttons() & Qt.MouseButton.LeftButton:
            return
        pos = event.position().toPoint()
        distance = (pos - self._press[0]).manhattanLength()
        if not self._dragging and distance < QApplication.startDragDistance():
            return
        self._dragging = True
        self._hover_drop(self._press[1], pos, self._press[2])

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        press, dragging, ghost = self._press, self._dragging, self._ghost
        self._press, self._dragging = None, False
        self._end_drag()
        if press is None or not dragging or ghost is None:
            return
        self.drop_requested.emit(press[1], self.rows[ghost.row].technician_id, ghost.start)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        hit = self.bar_at(event.position().toPoint())
        if hit is not None:
            self.open_requested.emit(hit[1].ticket_id)

    def _drop_at(self, ticket_id: int, pos: QPoint, offset: float) -> tuple[Ghost, str] | None:
        """Where the job would land under the pointer, and what the board says of it."""
        g = self.geometry_
        i = g.row_at(pos.y())
        card = self.cards.get(ticket_id)
        if not 0 <= i < len(self.rows) or pos.x() < g.names_px or card is None:
            return None
        start = snapped(g.t(pos.x()) - offset)
        allowed, text = self.judge(ticket_id, self.rows[i].technician_id, start)
        return Ghost(i, start, start + card.minutes * 60.0, allowed), text

    def _hover_drop(self, ticket_id: int, pos: QPoint, offset: float) -> Ghost | None:
        self._hovering = (ticket_id, pos, offset)
        if self._edge_step(pos) != (0, 0):
            self._edge.start()
        else:
            self._edge.stop()
        found = self._drop_at(ticket_id, pos, offset)
        self._set_ghost(None if found is None else found[0])
        if found is not None:
            self.preview.emit(found[1], found[0].allowed)
        return None if found is None else found[0]

    def _edge_step(self, pos: QPoint) -> tuple[int, int]:
        """How far to scroll for a drag held near an edge of the rows (0, 0: not near one)."""
        g, view = self.geometry_, self.viewport()
        dx = dy = 0
        if pos.x() > view.width() - EDGE_PX:
            dx = int(g.hour_px / 4)
        elif g.names_px <= pos.x() < g.names_px + EDGE_PX:
            dx = -int(g.hour_px / 4)
        if pos.y() > view.height() - EDGE_PX:
            dy = g.row_px // 2
        elif g.ruler_px <= pos.y() < g.ruler_px + EDGE_PX:
            dy = -(g.row_px // 2)
        return dx, dy

    def _edge_scroll(self) -> None:
        if self._hovering is None:
            self._edge.stop()
            return
        ticket_id, pos, offset = self._hovering
        dx, dy = self._edge_step(pos)
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        h.setValue(h.value() + dx)
        v.setValue(v.value() + dy)
        self._hover_drop(ticket_id, pos, offset)  # the ghost follows the time under the pointer

    def _end_drag(self) -> None:
        self._hovering = None
        self._edge.stop()
        self._set_ghost(None)

    def _set_ghost(self, ghost: Ghost | None) -> None:
        if ghost != self._ghost:
            self._ghost = ghost
            self.viewport().update()

    # --- a job dropped from the unscheduled list --------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if mime_ticket(event.mimeData()) is not None:
            accept_copy(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        ticket = mime_ticket(event.mimeData())
        if ticket is None or self._hover_drop(ticket, event.position().toPoint(), 0.0) is None:
            event.ignore()
            return
        accept_copy(event)

    def dragLeaveEvent(self, event: QEvent) -> None:  # noqa: N802
        self._end_drag()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        ticket = mime_ticket(event.mimeData())
        found = None if ticket is None else self._drop_at(ticket, event.position().toPoint(), 0)
        self._end_drag()
        if ticket is None or found is None:
            event.ignore()
            return
        accept_copy(event)
        self.drop_requested.emit(ticket, self.rows[found[0].row].technician_id, found[0].start)

    # --- the keyboard and tooltips -----------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        override = event.type() == QEvent.Type.ShortcutOverride
        if override and isinstance(event, QKeyEvent) and is_dispatch_key(event):
            event.accept()  # the board's own Ctrl+D, before the window's menu takes it
            return True
        return super().event(event)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            hit = self.bar_at(event.pos()) or self.leg_at(event.pos())
            if hit is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.describe(hit[1].ticket_id), self)
            return True
        return super().viewportEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = Qt.Key(event.key())
        if is_dispatch_key(event):
            if self.selected is not None:
                self.place_requested.emit(self.selected)
            return
        if key == Qt.Key.Key_Escape and self._dragging:
            self._press, self._dragging = None, False
            self._end_drag()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected is not None:
            self.open_requested.emit(self.selected)
            return
        moves = {
            Qt.Key.Key_Left: (0, -1),
            Qt.Key.Key_Right: (0, 1),
            Qt.Key.Key_Up: (-1, 0),
            Qt.Key.Key_Down: (1, 0),
        }
        if key in moves:
            self._step(*moves[key])
            return
        super().keyPressEvent(event)

    def _step(self, rows: int, bars: int) -> None:
        found = step(self.rows, self.selected, rows, bars)
        if found is not None:
            self.select(found[1].ticket_id)
            self.ensure_visible(*found)
