"""Render the dispatch board on a realistic Shanghai fleet to PNG so it can be looked at:

    QT_QPA_PLATFORM=offscreen python scripts/render_schedule_board.py --lang zh_CN --out docs \
        [--tsv strings.tsv]

The fleet is bench/schedule_fleet.py's (200 technicians in four district teams, three days);
the picture shows the first team with a job selected (its appointment window shaded) and the
reason a drop onto another job was refused. `--tsv` adds translations not yet merged into the
.ts (lines of context, English, Chinese), compiled with the lrelease PySide6 ships."""

from __future__ import annotations

import argparse
import html
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

from dispatch_console.ui.i18n import _lrelease, install_translations

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
sys.path.insert(0, str(Path(__file__).parent))
from render_callbacks import settle, shoot

from dispatch_console.domain.schedule.spans import seconds
from dispatch_console.ui.schedule.board import DispatchBoard
from schedule_fleet import NOW, SINCE, ZONE, demo_fleet


def tsv_translator(app: QApplication, tsv: Path) -> QTranslator:
    by_context: dict[str, list[tuple[str, str]]] = {}
    for line in tsv.read_text(encoding="utf-8").splitlines():
        if line.strip():
            context, source, target = line.split("\t")
            by_context.setdefault(context, []).append((source, target))
    parts = ['<?xml version="1.0" encoding="utf-8"?>', '<TS version="2.1" language="zh_CN">']
    for context, pairs in by_context.items():
        parts.append(f"<context><name>{html.escape(context)}</name>")
        for source, target in pairs:
            parts.append(
                f"<message><source>{html.escape(source)}</source>"
                f"<translation>{html.escape(target)}</translation></message>"
            )
        parts.append("</context>")
    parts.append("</TS>")
    folder = Path(tempfile.mkdtemp())
    ts, qm = folder / "extra.ts", folder / "extra.qm"
    ts.write_text("\n".join(parts), encoding="utf-8")
    subprocess.run([str(_lrelease()), "-silent", str(ts), "-qm", str(qm)], check=True)
    translator = QTranslator(app)
    if not translator.load(str(qm)):
        raise SystemExit(f"cannot load {qm}")
    app.installTranslator(translator)
    return translator


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
    board = DispatchBoard(
        SINCE, days=3, zone=ZONE, departments=fleet.departments, department_id=1, now=lambda: NOW
    )
    board.load(fleet.technicians, fleet.days, fleet.cards, fleet.waiting)
    board.resize(1500, 820)
    board.show()
    board.canvas.scroll_to(seconds(SINCE + timedelta(hours=7, minutes=30)))
    rows = board.canvas.rows
    # a job late or at risk in view, selected: its window shows, the detail line reads it
    chosen = next(b for r in rows[2:12] for b in r.bars if b.state.value != "on_time")
    board.canvas.select(chosen.ticket_id)
    # and a drop refused: a waiting job dropped, within its window, onto someone's booked job
    card = next(
        c for c in fleet.waiting if c.window and c.window.starts_at < NOW + timedelta(hours=6)
    )
    assert card.window is not None
    lo, hi = seconds(card.window.starts_at), seconds(card.window.ends_at)
    row, bar = next(
        (r, b) for r in rows for b in r.bars if lo <= b.start <= hi and b.start > seconds(NOW)
    )
    board.request(card.ticket_id, row.technician_id, bar.start)
    settle()
    args.out.mkdir(parents=True, exist_ok=True)
    shoot(board, args.out / f"schedule-board-{args.lang}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
