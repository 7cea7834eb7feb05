"""The dispatch board (issue 25) at a desk's size: 200 technicians x 3 days, about 2,000 jobs.

Measures, in one run and one window size (1600 x 900):
- open: the board built from the days and cards (rows, travel legs, the slot finder's
  columns), shown, and its first frame painted;
- scrolling: each frame's paint while the view moves down the rows and along the hours (the
  budget for 60 frames a second is 16.7 ms);
against two naive boards in the same run: a QGraphicsScene with an item per bar, leg, shaded
span and label and no index (every frame walks every item), and a QScrollArea holding one
QLabel per bar (a widget per job). The technicians' days are built before timing (that is
bench/schedule_load.py's half).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/schedule_board.py [--passes 2]
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsScene,
    QGraphicsView,
    QLabel,
    QScrollArea,
    QWidget,
)

from _common import percentiles, write_json
from dispatch_console.domain.schedule.spans import seconds
from dispatch_console.domain.schedule.travel import STRAIGHT_LINE
from dispatch_console.ui.schedule.board import DispatchBoard
from dispatch_console.ui.schedule.geometry import HOUR
from schedule_fleet import NOW, SINCE, ZONE, Fleet, demo_fleet

WIDTH, HEIGHT = 1600, 900
FRAME_BUDGET_MS = 1000 / 60
ROW_PX, HOUR_PX, NAMES_PX = 34, 64.0, 150  # as the board draws them


def open_ours(fleet: Fleet, days: int) -> tuple[float, DispatchBoard]:
    t0 = time.perf_counter()
    board = DispatchBoard(
        SINCE,
        days=days,
        zone=ZONE,
        departments=fleet.departments,
        department_id=None,
        now=lambda: NOW,
    )
    board.load(fleet.technicians, fleet.days, fleet.cards, fleet.waiting)
    board.resize(WIDTH, HEIGHT)
    board.show()
    QTest.qWaitForWindowExposed(board)
    board.canvas.viewport().repaint()
    return time.perf_counter() - t0, board


def scroll_frames(
    repaint: Callable[[], None], h: Any, v: Any, passes: int
) -> tuple[list[float], list[float]]:
    """Scroll as a dispatcher does, painting each frame synchronously: down every row three
    rows a wheel notch, along the days an hour a step, and back up; `passes` times (the
    first pass meets every row for the first time)."""
    path: list[tuple[int, int]] = []
    morning = int(8 * HOUR_PX)
    for _ in range(passes):
        path += [(morning, y) for y in range(0, v.maximum() + 1, 3 * ROW_PX)]
        path += [(x, v.maximum() // 2) for x in range(0, h.maximum() + 1, int(HOUR_PX))]
        path += [(morning, y) for y in range(v.maximum(), -1, -3 * ROW_PX)]
    out = []
    for x, y in path:
        h.setValue(x)
        v.setValue(y)
        t0 = time.perf_counter()
        repaint()
        out.append(time.perf_counter() - t0)
        QApplication.processEvents()  # the idle time between frames (untimed), as at 60 Hz
    first = len(path) // passes
    return out[:first], out[first:]


def _colour(card: Any) -> QColor:
    return QColor(
        {None: "#1e88e5", "ok": "#1e88e5", "at_risk": "#ef6c00"}.get(
            card.risk and card.risk.value, "#c62828"
        )
    )


def open_scene(fleet: Fleet, days: int) -> tuple[float, QGraphicsView]:
    """One QGraphicsItem per bar, leg, span and label; NoIndex: no culling by index."""
    t0 = time.perf_counter()
    since = seconds(SINCE)
    cards = {c.ticket_id: c for c in fleet.cards}
    view = QGraphicsView()
    scene = QGraphicsScene(view)  # owned by the view: it must outlive this function
    scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
    x = lambda t: NAMES_PX + (t - since) / HOUR * HOUR_PX  # noqa: E731
    for r, (tech, day) in enumerate(zip(fleet.technicians, fleet.days, strict=True)):
        y = r * ROW_PX
        scene.addText(tech.name).setPos(4, y)
        for s in day.shifts:
            scene.addRect(
                QRectF(x(s.start), y, x(s.end) - x(s.start), ROW_PX),
                QPen(Qt.PenStyle.NoPen),
                QBrush(QColor("#ffffff")),
            )
        for s in day.breaks:
            scene.addRect(
                QRectF(x(s.start), y, x(s.end) - x(s.start), ROW_PX),
                QPen(Qt.PenStyle.NoPen),
                QBrush(QColor("#cfd8dc")),
            )
        for leg, job in zip(day.legs(STRAIGHT_LINE), day.jobs, strict=True):
            start = seconds(job.starts_at)
            if not math.isnan(leg.minutes):
                scene.addLine(x(start - leg.minutes * 60), y + ROW_PX / 2, x(start), y + ROW_PX / 2)
            card = cards[job.ticket_id]
            scene.addRect(
                QRectF(x(start), y + 5, job.minutes / 60 * HOUR_PX, ROW_PX - 10),
                QPen(Qt.PenStyle.NoPen),
                QBrush(_colour(card)),
            )
            scene.addSimpleText(f"{card.number} {card.title}").setPos(x(start) + 4, y + 9)
    view.setScene(scene)
    view.resize(WIDTH, HEIGHT)
    view.show()
    QTest.qWaitForWindowExposed(view)
    view.viewport().repaint()
    return time.perf_counter() - t0, view


def open_widgets(fleet: Fleet, days: int) -> tuple[float, QScrollArea]:
    """A widget per bar in one big scrolled widget."""
    t0 = time.perf_counter()
    since = seconds(SINCE)
    cards = {c.ticket_id: c for c in fleet.cards}
    inner = QWidget()
    inner.resize(int(NAMES_PX + days * 24 * HOUR_PX), ROW_PX * len(fleet.days))
    for r, (tech, day) in enumerate(zip(fleet.technicians, fleet.days, strict=True)):
        QLabel(tech.name, inner).move(4, r * ROW_PX + 8)
        for job in day.jobs:
            card = cards[job.ticket_id]
            label = QLabel(f"{card.number} {card.title}", inner)
            label.setStyleSheet(f"background: {_colour(card).name()}; color: white;")
            label.setGeometry(
                int(NAMES_PX + (seconds(job.starts_at) - since) / HOUR * HOUR_PX),
                r * ROW_PX + 5,
                int(job.minutes / 60 * HOUR_PX),
                ROW_PX - 10,
            )
    area = QScrollArea()
    area.setWidget(inner)
    area.resize(WIDTH, HEIGHT)
    area.show()
    QTest.qWaitForWindowExposed(area)
    area.viewport().repaint()
    return time.perf_counter() - t0, area


def _frames(frames: list[float]) -> dict[str, Any]:
    return {
        **percentiles(frames),
        "max_ms": round(max(frames) * 1000, 2),
        "over_budget": sum(f * 1000 > FRAME_BUDGET_MS for f in frames),
    }


def measure(name: str, opened: tuple[float, Any], area: Any, passes: int) -> dict[str, Any]:
    """Scroll what was opened; print and return the open time and both kinds of frame."""
    open_s = opened[0]
    first, later = scroll_frames(
        area.viewport().repaint, area.horizontalScrollBar(), area.verticalScrollBar(), passes
    )
    out = {"open_ms": round(open_s * 1000, 1), "first_pass": _frames(first)}
    line = f"{name:<28} open {open_s * 1000:7.1f} ms"
    for label, frames in (("first pass", first), ("later", later)):
        if not frames:
            continue
        f = _frames(frames)
        out[label.replace(" ", "_")] = f
        line += (
            f" | {label}: p50 {f['p50_ms']:5.2f} p95 {f['p95_ms']:5.2f} max {f['max_ms']:6.2f}"
            f" ms, {f['over_budget']}/{f['n']} over 16.7"
        )
    print(line)
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--technicians", type=int, default=200)
    p.add_argument("--days", type=int, default=3)
    p.add_argument("--jobs", type=int, default=2000)
    p.add_argument("--passes", type=int, default=2)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args()
    app = QApplication(sys.argv[:1])
    fleet = demo_fleet(args.technicians, args.days, args.jobs)
    print(
        f"{len(fleet.technicians)} technicians x {args.days} days, {fleet.job_count} jobs "
        f"planned, {len(fleet.waiting)} waiting; window {WIDTH}x{HEIGHT}"
    )
    results: dict[str, Any] = {
        "technicians": len(fleet.technicians),
        "days": args.days,
        "jobs": fleet.job_count,
        "runs": [],
    }
    for run in range(args.repeat):
        opened = open_ours(fleet, args.days)
        board = opened[1]
        ours = measure(f"run {run + 1}: painted board", opened, board.canvas, args.passes)
        # a day replaced while open (the feed's call): one row rebuilt and repainted
        t0 = time.perf_counter()
        board.replace_day(fleet.days[5])
        board.canvas.viewport().repaint()
        ours["replace_day_ms"] = round((time.perf_counter() - t0) * 1000, 2)
        print(f"   a day replaced and repainted: {ours['replace_day_ms']} ms")
        board.close()
        board.deleteLater()
        opened = open_scene(fleet, args.days)
        scene = measure(f"run {run + 1}: item per bar", opened, opened[1], args.passes)
        opened[1].close()
        opened[1].deleteLater()
        opened = open_widgets(fleet, args.days)
        widgets = measure(f"run {run + 1}: widget per bar", opened, opened[1], args.passes)
        opened[1].close()
        opened[1].deleteLater()
        app.processEvents()
        results["runs"].append({"ours": ours, "scene_no_index": scene, "widget_per_bar": widgets})
    write_json("schedule_board", results)


if __name__ == "__main__":
    main()
