"""One frame of the board: only the rows on screen, and in each only the bars (with their
travel legs) in the hours on screen. The names column and the ruler are drawn last, over the
content that scrolled under them."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPen

from ...domain.schedule.spans import Span, moment, seconds
from .cards import JobCard
from .geometry import Bar, Geometry, Row
from .words import ABSENCE, BAR_COLOURS, BREAK, OFF_HOURS, TRAVEL, TRAVEL_SHORT, WORKING

GRID = QColor("#d5dbe0")
TEXT = QColor("#263238")
NOW = QColor("#d32f2f")
SELECTED = QColor("#102027")
WINDOW = QColor(46, 125, 50, 60)
GHOST_OK = QColor(46, 125, 50, 140)
GHOST_BAD = QColor(198, 40, 40, 140)


def weekday(day: int) -> str:
    names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    return QCoreApplication.translate("ScheduleBoard", names[day])


@dataclass(slots=True)
class Ghost:
    """Where a dragged job would land, and whether it may."""

    row: int
    start: float
    end: float
    allowed: bool


@dataclass(slots=True)
class Frame:
    geometry: Geometry
    rows: list[Row]
    cards: dict[int, JobCard]
    zone: ZoneInfo
    now: float
    width: int
    height: int
    selected: int | None = None
    dragging: int | None = None  # the bar being moved is drawn faint
    ghost: Ghost | None = None


def paint(p: QPainter, f: Frame) -> int:
    """Draw the frame; returns how many bars were drawn (the benchmark counts them)."""
    g = f.geometry
    lo, hi = g.visible_times(f.width)
    metrics = QFontMetrics(p.font())
    p.fillRect(0, 0, f.width, f.height, OFF_HOURS)
    drawn = 0
    rows = g.visible_rows(f.height, len(f.rows))
    for i in rows:
        drawn += _row(p, f, i, lo, hi, metrics)
    if f.ghost is not None:
        _ghost(p, f, f.ghost, metrics)
    x_now = g.x(f.now)
    if g.names_px <= x_now <= f.width:
        p.setPen(QPen(NOW, 1.5))
        p.drawLine(int(x_now), g.ruler_px, int(x_now), f.height)
    _names(p, f, rows, metrics)
    _ruler(p, f, lo, hi, metrics)
    return drawn


def _span_rect(g: Geometry, y: int, span: Span, inset: int = 0) -> QRectF:
    x0, x1 = g.x(span.start), g.x(span.end)
    return QRectF(x0, y + inset, x1 - x0, g.row_px - 2 * inset)


def _row(p: QPainter, f: Frame, i: int, lo: float, hi: float, metrics: QFontMetrics) -> int:
    g, row = f.geometry, f.rows[i]
    y = g.y(i)
    for shift in row.day.shifts:
        if shift.overlaps(lo, hi):
            p.fillRect(_span_rect(g, y, shift), WORKING)
    for pause in row.day.breaks:
        if pause.overlaps(lo, hi):
            p.fillRect(_span_rect(g, y, pause, 1), BREAK)
    for away, _kind in row.away:
        if away.overlaps(lo, hi):
            rect = _span_rect(g, y, away, 1)
            p.fillRect(rect, ABSENCE)
            p.fillRect(rect, QBrush(QColor("#ad1457"), Qt.BrushStyle.BDiagPattern))
    card = None if f.selected is None else f.cards.get(f.selected)
    if card is not None and card.window and row.index_of(card.ticket_id) is not None:
        window = Span(seconds(card.window.starts_at), seconds(card.window.ends_at))
        p.fillRect(_span_rect(g, y, window, 2), WINDOW)
    bars = row.bars_between(lo, hi)
    for bar in bars:
        _bar(p, f, bar, y, metrics)
    p.setPen(GRID)
    p.drawLine(g.names_px, y + g.row_px - 1, f.width, y + g.row_px - 1)
    return len(bars)


def _bar(p: QPainter, f: Frame, bar: Bar, y: int, metrics: QFontMetrics) -> None:
    g = f.geometry
    mid = y + g.row_px / 2
    if not math.isnan(bar.travel) and bar.travel > 0:
        short = bar.spare_minutes < 0
        p.setPen(QPen(TRAVEL_SHORT if short else TRAVEL, 2, Qt.PenStyle.DashLine))
        p.drawLine(int(g.x(bar.reach)), int(mid), int(g.x(bar.start)), int(mid))
    rect = QRectF(g.x(bar.start), y + 5, max(3.0, g.x(bar.end) - g.x(bar.start)), g.row_px - 10)
    colour = QColor(BAR_COLOURS[bar.state])
    if bar.ticket_id == f.dragging:
        colour.setAlpha(70)
    p.setPen(QPen(SELECTED, 2.5) if bar.ticket_id == f.selected else Qt.PenStyle.NoPen)
    p.setBrush(colour)
    p.drawRoundedRect(rect, 3, 3)
    if rect.width() > 24:
        card = f.cards.get(bar.ticket_id)
        text = f"{card.number} {card.title}" if card else f"#{bar.ticket_id}"
        p.setPen(Qt.GlobalColor.white)
        inner = rect.adjusted(4, 0, -3, 0)
        p.drawText(
            inner,
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(inner.width())),
        )


def _ghost(p: QPainter, f: Frame, ghost: Ghost, metrics: QFontMetrics) -> None:
    g = f.geometry
    y = g.y(ghost.row)
    rect = QRectF(g.x(ghost.start), y + 3, g.x(ghost.end) - g.x(ghost.start), g.row_px - 6)
    p.setPen(QPen(SELECTED, 1, Qt.PenStyle.DashLine))
    p.setBrush(GHOST_OK if ghost.allowed else GHOST_BAD)
    p.drawRect(rect)
    p.setPen(TEXT)
    label = f"{moment(ghost.start).astimezone(f.zone):%H:%M}"
    p.drawText(QRectF(rect.left(), y - 14, 60, 14), Qt.AlignmentFlag.AlignLeft, label)


def _names(p: QPainter, f: Frame, rows: range, metrics: QFontMetrics) -> None:
    g = f.geometry
    p.fillRect(0, g.ruler_px, g.names_px, f.height, QColor("#f5f7f8"))
    p.setPen(GRID)
    p.drawLine(g.names_px - 1, 0, g.names_px - 1, f.height)
    for i in rows:
        y = g.y(i)
        p.setPen(TEXT)
        name = metrics.elidedText(f.rows[i].name, Qt.TextElideMode.ElideRight, g.names_px - 12)
        p.drawText(QRectF(8, y, g.names_px - 12, g.row_px), Qt.AlignmentFlag.AlignVCenter, name)
        p.setPen(GRID)
        p.drawLine(0, y + g.row_px - 1, g.names_px, y + g.row_px - 1)


def _ruler(p: QPainter, f: Frame, lo: float, hi: float, metrics: QFontMetrics) -> None:
    g = f.geometry
    p.fillRect(0, 0, f.width, g.ruler_px, QColor("#eceff1"))
    p.setPen(GRID)
    p.drawLine(0, g.ruler_px - 1, f.width, g.ruler_px - 1)
    half = g.ruler_px // 2
    step = 1 if g.hour_px >= 40 else 2 if g.hour_px >= 20 else 6
    start = moment(lo).astimezone(f.zone).replace(minute=0, second=0, microsecond=0)
    hour = start
    while hour.timestamp() <= hi:
        x = g.x(hour.timestamp())
        if x >= g.names_px:
            midnight = hour.hour == 0
            p.setPen(QPen(TEXT if midnight else GRID, 1.5 if midnight else 1))
            p.drawLine(
                int(x), half if not midnight else 0, int(x), f.height if midnight else g.ruler_px
            )
            if hour.hour % step == 0:
                p.setPen(TEXT)
                p.drawText(
                    QRectF(x + 2, half, 40, half), Qt.AlignmentFlag.AlignVCenter, f"{hour:%H}"
                )
        hour = (hour + timedelta(hours=1)).astimezone(f.zone)
    day = start.replace(hour=0)
    while day.timestamp() <= hi:
        x0 = max(g.x(day.timestamp()), float(g.names_px))
        nxt = (day + timedelta(days=1, hours=2)).replace(hour=0)
        x1 = g.x(nxt.timestamp())
        if x1 > x0:
            p.setPen(TEXT)
            label = f"{weekday(day.weekday())} {day:%m-%d}"
            p.drawText(
                QRectF(x0 + 4, 0, x1 - x0 - 4, half),
                Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(x1 - x0 - 4)),
            )
        day = nxt
    p.fillRect(0, 0, g.names_px - 1, g.ruler_px - 1, QColor("#eceff1"))
    p.setPen(TEXT)
    p.drawText(
        QRectF(8, 0, g.names_px - 12, g.ruler_px),
        Qt.AlignmentFlag.AlignVCenter,
        QCoreApplication.translate("ScheduleBoard", "Technician"),
    )
