"""Makes resources/icons/dispatch-console.ico (the .exe's and Add/Remove Programs' icon) from the
application's SVG (package data: the running console uses it), at the sizes Windows asks for.
Run it when the SVG changes:

    QT_QPA_PLATFORM=offscreen python installers/windows/make-icon.py
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
SVG = ROOT / "src" / "dispatch_console" / "resources" / "icons" / "dispatch-console.svg"
ICO = ROOT / "resources" / "icons" / "dispatch-console.ico"
SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def main() -> None:
    app = QGuiApplication([])
    image = QImage(256, 256, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(SVG)).render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    Image.open(io.BytesIO(bytes(buffer.data().data()))).save(ICO, sizes=SIZES)
    del app


if __name__ == "__main__":
    main()
