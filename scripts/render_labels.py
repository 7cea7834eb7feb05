"""Render the QR labels to PNG to look at: the top of a sheet as it will print, and the dialog
that picks the devices.

    python scripts/render_labels.py --lang zh_CN --out docs   (QT_QPA_PLATFORM=offscreen works)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore
from dispatch_console.ui.i18n import install_translations
from dispatch_console.ui.labels.dialog import LabelsDialog
from dispatch_console.ui.labels.sheet import COLUMNS, DPI, Label, cell, label_url, paint_label
from dispatch_console.ui.tasks import TaskRunner

sys.path.insert(0, str(Path(__file__).parent))
from render_callbacks import shoot, wait_until


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="en")
    parser.add_argument("--out", type=Path, default=Path("docs"))
    args = parser.parse_args()
    app = QApplication([])
    install_translations(app, args.lang)
    store = SqlStore(f"sqlite:///{Path(tempfile.mkdtemp()) / 'labels.sqlite3'}")
    store.upgrade()
    desk = Services(store.unit_of_work, store.feed, Actor("render", "admin"))
    customer = desk.create_customer("上海久光百货", ["13812345678"])
    sites = [
        desk.create_site(name, address, lat=31.22, lon=121.44, customer_id=customer.id)
        for name, address in (("静安店", "南京西路 1618 号"), ("物流中心", "嘉定区曹安公路 88 号"))
    ]
    models = ("HP LaserJet M404", "奥的斯 GeN2 电梯", "大金 VRV 空调", "Cisco C9200 交换机")
    assets = [desk.create_asset(s.id, m, f"SN{i:04d}{j}") for i, s in enumerate(sites)
              for j, m in enumerate(models)]  # fmt: skip
    base = "https://service.example.com"
    labels = [Label(label_url(base, a.qr_token), a.model, a.serial, sites[0].name) for a in assets]
    top = cell(COLUMNS * 2 - 1)  # two rows of the sheet
    image = QImage(int(top.right()) + 20, int(top.bottom()) + 20, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    image.setDotsPerMeterX(round(DPI / 0.0254))  # the fonts' points as on the printed sheet
    image.setDotsPerMeterY(round(DPI / 0.0254))
    painter = QPainter(image)
    for i, label in enumerate(labels[: COLUMNS * 2]):
        paint_label(painter, cell(i), label)
    painter.end()
    image.scaledToWidth(1240, Qt.TransformationMode.SmoothTransformation).save(
        str(args.out / "qr-labels-sheet.png")
    )
    runner = TaskRunner()
    dialog = LabelsDialog(desk, runner, base)
    dialog.show()
    dialog.search.setText("上海")
    dialog._look_up()
    wait_until(lambda: dialog.results.count() == 1)
    dialog.results.itemActivated.emit(dialog.results.item(0))
    wait_until(lambda: dialog.tree.topLevelItemCount() == 2)
    shoot(dialog, args.out / f"qr-labels-{args.lang}.png")
    runner.wait()
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
