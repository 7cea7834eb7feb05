"""Render the dispatch board with travel gaps by road to PNG so it can be looked at:

    QT_QPA_PLATFORM=offscreen python scripts/render_road_gaps.py --lang zh_CN --out docs \
        [--tsv strings.tsv]

The fleet is bench/schedule_fleet.py's (the first district team on Monday). No route service
runs here: a stand-in answers the board's table requests with invented road minutes (the
estimate x 1.3 + 2) and no road for one trip in five, so the picture shows both kinds of leg:
solid by road, dashed on the straight-line estimate. A job with a road leg is selected, so the
line under the board reads "Travel … min before it, by road". `--tsv` as in
render_schedule_board.py."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import numpy as np
from PySide6.QtWidgets import QApplication

from dispatch_console.domain.schedule.spans import seconds
from dispatch_console.domain.schedule.travel import STRAIGHT_LINE
from dispatch_console.travel.road_times import RoadTimes
from dispatch_console.ui.i18n import install_translations
from dispatch_console.ui.schedule.board import DispatchBoard

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
sys.path.insert(0, str(Path(__file__).parent))
from render_callbacks import settle, shoot
from render_schedule_board import tsv_translator

from schedule_fleet import NOW, SINCE, ZONE, demo_fleet

Point = tuple[float, float]


class StandIn:
    """Answers like a route service's table, with invented minutes (see the docstring)."""

    base_url = "stand-in"

    def table(
        self, sources: Sequence[Point], destinations: Sequence[Point]
    ) -> list[list[float | None]]:
        out: list[list[float | None]] = []
        for lat, lon in sources:
            row: list[float | None] = []
            for site in destinations:
                if hash((lat, lon, *site)) % 5 == 0:
                    row.append(None)
                    continue
                line = float(STRAIGHT_LINE.to_site(np.array([lat]), np.array([lon]), *site)[0])
                row.append(line * 1.3 + 2)
            out.append(row)
        return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="en")
    parser.add_argument("--out", type=Path, default=Path("docs"))
    parser.add_argument("--tsv", type=Path)
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    install_translations(app, args.lang)
    if args.tsv and args.lang != "en":
        tsv_translator(app, args.tsv)
    fleet = demo_fleet()
    road = RoadTimes(StandIn())
    road.fetch(trip for day in fleet.days for trip in day.trips())
    board = DispatchBoard(
        SINCE, days=3, zone=ZONE, departments=fleet.departments, department_id=1,
        now=lambda: NOW, gaps=road.known,
    )  # fmt: skip
    board.load(fleet.technicians, fleet.days, fleet.cards, fleet.waiting)
    board.resize(1500, 820)
    board.show()
    board.canvas.scroll_to(seconds(SINCE + timedelta(hours=7, minutes=30)))
    chosen = next(
        b for r in board.canvas.rows[2:12] for b in r.bars if b.by_road and b.travel >= 600
    )
    board.canvas.select(chosen.ticket_id)
    settle()
    args.out.mkdir(parents=True, exist_ok=True)
    shoot(board, args.out / f"schedule-road-gaps-{args.lang}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
