"""One frame of the board: only the rows on screen, and in each only the bars (with their
travel legs) in the hours on screen. The names column and the ruler are drawn last, over the
content that scrolled under them."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPaintDevice, QPainter, QPen, QPixmap

from ...domain.schedule.spans import Span, moment, seconds
from .cards import JobCard
from .geometry import Bar, Geometry, Row
from .tiles import TileCache
from .words import ABSENCE, BAR_COLOURS, BREAK, OFF_HOURS, TRAVEL, TRAVEL_SHORT, WORKING

GRID = QColor("#d5dbe0")
TEXT = QColor("#263238")
NOW = QColor("#d32f2f")
SELECTED = QColor("#102027")
WINDOW = QColor(46, 125, 50, 200)
GHOST_OK = QColor(46, 125, 50, 140)
GHOST_BAD = QColor(198, 40, 40, 140)
WHITE = QColor("#ffffff")
RULER = QColor("#eceff1")
FADED = QColor(255, 255, 255, 170)
DAY = 24 * 3600.0
RULER_KEY = -1  # the ruler's tiles, beside the technicians' (ids are positive)
NAMES_KEY = -1  # a technician's name cell, beside their days (0 and up)
NAMES = QColor("#f5f7f8")


def _pen(colour: QColor, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(colour)
    pen.setWidthF(width)
    pen.setStyle(style)
    return pen


# made once: a frame reuses them (and PySide 6.12 miscounts a reference when QPen is built
# from a colour, a width and a style in every call, which crashed a long scroll)
NOW_PEN = _pen(NOW, 1.5)
TRAVEL_PEN = _pen(TRAVEL, 2, Qt.PenStyle.DashLine)
TRAVEL_SHORT_PEN = _pen(TRAVEL_SHORT, 2, Qt.PenStyle.DashLine)
ROAD_PEN = _pen(TRAVEL, 2)  # by road: solid; the straight-line estimate: dashed
ROAD_SHORT_PEN = _pen(TRAVEL_SHORT, 2)
SELECTED_PEN = _pen(SELECTED, 2.5)
GHOST_PEN = _pen(SELECTED, 1, Qt.PenStyle.DashLine)
NO_PEN = QPen(Qt.PenStyle.NoPen)
MIDNIGHT_PEN = _pen(TEXT, 1.5)
HOUR_PEN = _pen(GRID, 1)
AWAY_HATCH = QBrush(QColor("#ad1457"), Qt.BrushStyle.BDiagPattern)


def weekday(day: int) -> str:
    """Monday is 0, as date.weekday() counts."""
    # spelt out in full each time: pyside6-lupdate finds only literal translate calls
    return (
        QCoreApplication.translate("ScheduleBoard", "Mon"),
        QCoreApplication.translate("ScheduleBoard", "Tue"),
        QCoreApplication.translate("ScheduleBoard", "Wed"),
        QCoreApplication.translate("ScheduleBoard", "Thu"),
        QCoreApplication.translate("ScheduleBoard", "Fri"),
        QCoreApplication.translate("ScheduleBoard", "Sat"),
        QCoreApplication.translate("ScheduleBoard", "Sun"),
    )[day]


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


def paint(p: QPainter, f: Frame, tiles: TileCache) -> int:
    """Draw the frame from cached tiles (a technician's day, the ruler's day), painting the
    tiles that are missing; then what changes by the moment on top. Returns how many tiles
    were painted afresh (the benchmark counts them)."""
    g = f.geometry
    lo, hi = g.visible_times(f.width)
    p.fillRect(0, 0, f.width, f.height, OFF_HOURS)
    rows = g.visible_rows(f.height, len(f.rows))
    day_px = 24 * g.hour_px
    first, last = int((lo - g.since) // DAY), min(g.days - 1, int((hi - g.since) // DAY))
    fresh = 0
    for d in range(max(0, first), last + 1):
        x = round(g.x(g.since + d * DAY))
        for i in rows:
            row = f.rows[i]
            key = (row.technician_id, d)
            tile = tiles.get(key)
            if tile is None:
                tile = tiles.put(key, _row_tile(f, row, d, day_px, p.device().devicePixelRatioF()))
                fresh += 1
            p.drawPixmap(x, g.y(i), tile)
    _overlay(p, f, rows)
    _names(p, f, rows, tiles)
    _ruler(p, f, tiles, first, last)
    return fresh


def prefetch(f: Frame, tiles: TileCache, ratio: float, most: int) -> bool:
    """Paint up to `most` missing tiles a screen above and below the view and a day either
    side, nearest first: the idle time between frames makes the next scroll a copy. Returns
    whether more are missing."""
    g = f.geometry
    lo, hi = g.visible_times(f.width)
    rows = g.visible_rows(f.height, len(f.rows))
    screen = max(1, len(rows))
    first, last = int((lo - g.since) // DAY), min(g.days - 1, int((hi - g.since) // DAY))
    days = [d for d in (*range(first, last + 1), first - 1, last + 1) if 0 <= d < g.days]
    near = sorted(
        range(max(0, rows.start - screen), min(len(f.rows), rows.stop + screen)),
        key=lambda i: 0 if i in rows else min(abs(i - rows.start), abs(i - rows.stop)),
    )
    day_px = 24 * g.hour_px
    for d in days:
        for i in near:
            key = (f.rows[i].technician_id, d)
            if tiles.peek(key):
                continue
            if most == 0:
                return True
            if not tiles.has_room(math.ceil(day_px * ratio) * math.ceil(g.row_px * ratio)):
                return False
            tiles.put(key, _row_tile(f, f.rows[i], d, day_px, ratio))
            most -= 1
    return False


def _row_tile(f: Frame, row: Row, d: int, day_px: float, ratio: float) -> QPixmap:
    g = f.geometry
    tile = QPixmap(math.ceil(day_px * ratio), math.ceil(g.row_px * ratio))
    tile.setDevicePixelRatio(ratio)
    tile.fill(OFF_HOURS)
    local = replace(g, names_px=0, ruler_px=0, x_scroll=d * day_px, y_scroll=0)
    painter = QPainter(tile)
    try:
        lo = g.since + d * DAY
        _row(painter, replace(f, geometry=local), row, lo, lo + DAY)
    finally:
        painter.end()
    return tile


def _overlay(p: QPainter, f: Frame, rows: range) -> None:
    """The selection (its outline, the appointment window), the bar being dragged and where it
    would land, midnights and now: what a tile does not hold."""
    g = f.geometry
    p.setClipRect(g.names_px, g.ruler_px, f.width - g.names_px, f.height - g.ruler_px)
    card = None if f.selected is None else f.cards.get(f.selected)
    for i in rows:
        row = f.rows[i]
        k = None if f.selected is None else row.index_of(f.selected)
        if k is None:
            continue
        bar, y = row.bars[k], g.y(i)
        if card is not None and card.window is not None:
            _window(p, g, y, Span(seconds(card.window.starts_at), seconds(card.window.ends_at)))
        p.setPen(SELECTED_PEN)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(_bar_rect(g, bar, y), 3, 3)
        if bar.ticket_id == f.dragging:
            p.fillRect(_bar_rect(g, bar, y), FADED)
    if f.ghost is not None:
        _ghost(p, f, f.ghost)
    p.setPen(MIDNIGHT_PEN)
    for d in range(1, g.days):
        x = int(g.x(g.since + d * DAY))
        p.drawLine(x, g.ruler_px, x, f.height)
    x_now = g.x(f.now)
    if g.names_px <= x_now <= f.width:
        p.setPen(NOW_PEN)
        p.drawLine(int(x_now), g.ruler_px, int(x_now), f.height)
    p.setClipping(False)


def _span_rect(g: Geometry, y: int, span: Span, inset: int = 0) -> QRectF:
    x0, x1 = g.x(span.start), g.x(span.end)
    return QRectF(x0, y + inset, x1 - x0, g.row_px - 2 * inset)


def _window(p: QPainter, g: Geometry, y: int, window: Span) -> None:
    """The appointment window as a bracket along the row's top and bottom edges, leaving the
    bars inside it readable."""
    x0, x1 = g.x(window.start), g.x(window.end)
    p.fillRect(QRectF(x0, y + 1, x1 - x0, 3), WINDOW)
    p.fillRect(QRectF(x0, y + g.row_px - 4, x1 - x0, 3), WINDOW)
    p.fillRect(QRectF(x0, y + 1, 3, g.row_px - 2), WINDOW)
    p.fillRect(QRectF(x1 - 3, y + 1, 3, g.row_px - 2), WINDOW)


def _bar_rect(g: Geometry, bar: Bar, y: int) -> QRectF:
    x0 = g.x(bar.start)
    return QRectF(x0, y + 5, max(3.0, g.x(bar.end) - x0), g.row_px - 10)


def _row(p: QPainter, f: Frame, row: Row, lo: float, hi: float) -> None:
    """One technician's row between lo and hi, at y 0 of the painter: a tile."""
    g, y = f.geometry, 0
    metrics = QFontMetrics(p.font())
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
            p.fillRect(rect, AWAY_HATCH)
    for bar in row.bars_between(lo, hi):
        _bar(p, f, bar, y, metrics)
    p.setPen(GRID)
    p.drawLine(0, y + g.row_px - 1, math.ceil(g.x(hi)), y + g.row_px - 1)


def _bar(p: QPainter, f: Frame, bar: Bar, y: int, metrics: QFontMetrics) -> None:
    g = f.geometry
    mid = y + g.row_px / 2
    if not math.isnan(bar.travel) and bar.travel > 0:
        short = bar.spare_minutes < 0
        if bar.by_road:
            p.setPen(ROAD_SHORT_PEN if short else ROAD_PEN)
        else:
            p.setPen(TRAVEL_SHORT_PEN if short else TRAVEL_PEN)
        p.drawLine(int(g.x(bar.reach)), int(mid), int(g.x(bar.start)), int(mid))
    rect = _bar_rect(g, bar, y)
    p.setPen(NO_PEN)
    p.setBrush(BAR_COLOURS[bar.state])
    p.drawRoundedRect(rect, 3, 3)
    if rect.width() > 24:
        card = f.cards.get(bar.ticket_id)
        text = f"{card.title} · {card.number}" if card else f"#{bar.ticket_id}"
        p.setPen(WHITE)
        inner = rect.adjusted(4, 0, -3, 0)
        p.drawText(
            inner,
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(inner.width())),
        )


def _ghost(p: QPainter, f: Frame, ghost: Ghost) -> None:
    g = f.geometry
    y = g.y(ghost.row)
    rect = QRectF(g.x(ghost.start), y + 3, g.x(ghost.end) - g.x(ghost.start), g.row_px - 6)
    p.setPen(GHOST_PEN)
    p.setBrush(GHOST_OK if ghost.allowed else GHOST_BAD)
    p.drawRect(rect)
    p.setPen(TEXT)
    label = f"{moment(ghost.start).astimezone(f.zone):%H:%M}"
    p.drawText(
        QRectF(rect.left() + 3, y + 3, 60, g.row_px - 6), Qt.AlignmentFlag.AlignVCenter, label
    )


def _names(p: QPainter, f: Frame, rows: range, tiles: TileCache) -> None:
    g = f.geometry
    p.fillRect(0, g.ruler_px, g.names_px, f.height, NAMES)
    for i in rows:
        key = (f.rows[i].technician_id, NAMES_KEY)
        tile = tiles.get(key) or tiles.put(key, _name_tile(f, f.rows[i], p.device()))
        p.drawPixmap(0, g.y(i), tile)
    p.setPen(GRID)
    p.drawLine(g.names_px - 1, 0, g.names_px - 1, f.height)


def _name_tile(f: Frame, row: Row, device: QPaintDevice) -> QPixmap:
    """A technician's name cell: eliding Chinese text is slow enough to matter per frame."""
    g = f.geometry
    ratio = device.devicePixelRatioF()
    tile = QPixmap(math.ceil(g.names_px * ratio), math.ceil(g.row_px * ratio))
    tile.setDevicePixelRatio(ratio)
    tile.fill(NAMES)
    p = QPainter(tile)
    try:
        metrics = QFontMetrics(p.font())
        name = metrics.elidedText(row.name, Qt.TextElideMode.ElideRight, g.names_px - 12)
        p.setPen(TEXT)
        p.drawText(QRectF(8, 0, g.names_px - 12, g.row_px), Qt.AlignmentFlag.AlignVCenter, name)
        p.setPen(GRID)
        p.drawLine(0, g.row_px - 1, g.names_px, g.row_px - 1)
    finally:
        p.end()
    return tile


def _ruler(p: QPainter, f: Frame, tiles: TileCache, first: int, last: int) -> None:
    g = f.geometry
    p.fillRect(0, 0, f.width, g.ruler_px, RULER)
    day_px = 24 * g.hour_px
    for d in range(max(0, first), last + 1):
        key = (RULER_KEY, d)
        tile = tiles.get(key) or tiles.put(key, _ruler_tile(f, d, day_px, p.device()))
        p.drawPixmap(round(g.x(g.since + d * DAY)), 0, tile)
    # the day's name stays at the left while its hours scroll under it
    metrics = QFontMetrics(p.font())
    p.setPen(TEXT)
    half = g.ruler_px // 2
    for d in range(max(0, first), last + 1):
        x0 = max(g.x(g.since + d * DAY), float(g.names_px))
        x1 = g.x(g.since + (d + 1) * DAY)
        day = moment(g.since + d * DAY).astimezone(f.zone)
        label = metrics.elidedText(
            f"{weekday(day.weekday())} {day:%m-%d}", Qt.TextElideMode.ElideRight, int(x1 - x0 - 8)
        )
        p.drawText(QRectF(x0 + 6, 0, x1 - x0 - 8, half), Qt.AlignmentFlag.AlignVCenter, label)
    p.fillRect(0, 0, g.names_px - 1, g.ruler_px - 1, RULER)
    p.setPen(GRID)
    p.drawLine(0, g.ruler_px - 1, g.names_px, g.ruler_px - 1)
    p.drawLine(g.names_px - 1, 0, g.names_px - 1, g.ruler_px)
    p.setPen(TEXT)
    p.drawText(
        QRectF(8, 0, g.names_px - 12, g.ruler_px),
        Qt.AlignmentFlag.AlignVCenter,
        QCoreApplication.translate("ScheduleBoard", "Technician"),
    )


def _ruler_tile(f: Frame, d: int, day_px: float, device: object) -> QPixmap:
    """A day of the ruler's hours (the board starts at a local midnight); the day's name is
    drawn per frame, to stay in view."""
    g = f.geometry
    ratio = getattr(device, "devicePixelRatioF", lambda: 1.0)()
    tile = QPixmap(math.ceil(day_px * ratio), math.ceil(g.ruler_px * ratio))
    tile.setDevicePixelRatio(ratio)
    tile.fill(RULER)
    p = QPainter(tile)
    try:
        half = g.ruler_px // 2
        p.setPen(GRID)
        p.drawLine(0, g.ruler_px - 1, math.ceil(day_px), g.ruler_px - 1)
        step = 1 if g.hour_px >= 40 else 2 if g.hour_px >= 20 else 6
        for h in range(24):
            x = int(h * g.hour_px)
            p.setPen(MIDNIGHT_PEN if h == 0 else HOUR_PEN)
            p.drawLine(x, 0 if h == 0 else half, x, g.ruler_px)
            if h % step == 0:
                p.setPen(TEXT)
                p.drawText(QRectF(x + 3, half, 40, half), Qt.AlignmentFlag.AlignVCenter, f"{h:02d}")
    finally:
        p.end()
    return tile
