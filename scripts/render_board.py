"""Render the supervisors' live board on the demo data to PNG so it can be looked at:
`python scripts/render_board.py --lang zh_CN --out docs` (seeds a demo database the first time)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from dispatch_console.config import MapSettings
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore
from dispatch_console.ui.board.fleet_map import FleetMap
from dispatch_console.ui.i18n import install_translations
from dispatch_console.ui.main_window import MainWindow
from dispatch_console.ui.map.scheme import register_scheme

sys.path.insert(0, str(Path(__file__).parent))
from render_callbacks import demo_database, settle, shoot, wait_until


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="en")
    parser.add_argument("--out", type=Path, default=Path("docs"))
    args = parser.parse_args()
    url = demo_database("dispatch-render-board")
    register_scheme()  # before the application exists, as the console does
    app = QApplication(sys.argv[:1])
    install_translations(app, args.lang)
    store = SqlStore(url)
    sue = Services(store.unit_of_work, store.feed, Actor("supervisor1", "supervisor"))
    # no tiles here (no network, and no MBTiles of the region is shipped): the markers on blank
    # ground, as a desk whose map is offline would see them
    settings = MapSettings(offline=True, tile_url="")
    window = MainWindow(sue, sue.actor, "demo", map_settings=settings)
    window.start()
    board = window.supervisor.live_board()
    board.resize(1440, 860)
    wait_until(lambda: board.board is not None)
    framed: list[str] = []
    if isinstance(board.map, FleetMap):
        board.map.panel.applied.connect(lambda kind, _n, _ms: framed.append(kind))
        wait_until(lambda: "fit" in framed)
        settle(1000)  # the map's canvas paints after it moved
    args.out.mkdir(parents=True, exist_ok=True)
    shoot(board, args.out / f"live-board-{args.lang}.png")
    window.runner.wait(5000)
    window.shutdown()
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
