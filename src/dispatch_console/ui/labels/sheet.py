"""QR labels as a PDF sheet for A4 label paper: 3 × 8 labels of 70 × 37 mm (the common
24-up sheet). Each label has the device's QR code, pointing at the server's page for it
(`/r/<qr token>`), with the model, serial number and site, and "scan to report a fault" in
Chinese and English. The codes use error correction level Q (25 %): a label on a printer in a
workshop gets scuffed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import segno
from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter

COLUMNS, ROWS = 3, 8
LABEL_MM = (70.0, 37.0)
PAGE_MM = (210.0, 297.0)
DPI = 300
QUIET = 2  # modules of white around the code (the label's own margin adds the rest)
SCAN_WORDS = "扫码报修 · Scan to report a fault"


@dataclass(frozen=True)
class Label:
    url: str
    model: str
    serial: str
    site: str


def label_url(base_url: str, qr_token: str) -> str:
    return f"{base_url.strip().rstrip('/')}/r/{qr_token}"


def qr_matrix(url: str) -> list[list[bool]]:
    """The code's modules, dark = True, without a quiet zone."""
    code = segno.make(url, error="q", micro=False)
    return [[bool(v) for v in row] for row in code.matrix]


def write_pdf(path: Path, labels: list[Label], title: str = "QR labels") -> int:
    """Writes the sheet; returns the number of pages."""
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("Dispatch Console")
    writer.setResolution(DPI)
    writer.setPageLayout(
        QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                    QMarginsF(0, 0, 0, 0))
    )  # fmt: skip
    per_page = COLUMNS * ROWS
    painter = QPainter(writer)
    try:
        for i, label in enumerate(labels):
            if i and i % per_page == 0:
                writer.newPage()
            paint_label(painter, cell(i % per_page), label)
    finally:
        painter.end()
    return max(1, -(-len(labels) // per_page))


def mm(value: float) -> float:
    return value / 25.4 * DPI


def cell(index: int) -> QRectF:
    """Where label `index` of a page is, in device pixels: the grid centred on the page."""
    left = (PAGE_MM[0] - COLUMNS * LABEL_MM[0]) / 2
    top = (PAGE_MM[1] - ROWS * LABEL_MM[1]) / 2
    row, column = divmod(index, COLUMNS)
    return QRectF(
        mm(left + column * LABEL_MM[0]), mm(top + row * LABEL_MM[1]),
        mm(LABEL_MM[0]), mm(LABEL_MM[1]),
    )  # fmt: skip


def paint_label(painter: QPainter, rect: QRectF, label: Label) -> QRectF:
    """Paints one label into `rect`; returns where the code's modules are (for checks)."""
    pad = mm(3)
    side = rect.height() - 2 * pad
    matrix = qr_matrix(label.url)
    n = len(matrix)
    module = side / (n + 2 * QUIET)
    code = QRectF(rect.left() + pad + QUIET * module, rect.top() + pad + QUIET * module,
                  n * module, n * module)  # fmt: skip
    painter.fillRect(QRectF(rect.left() + pad, rect.top() + pad, side, side), Qt.GlobalColor.white)
    black = QColor("black")
    for y, row in enumerate(matrix):
        x = 0
        while x < n:  # a run of dark modules is one rectangle: smaller files, crisper print
            if not row[x]:
                x += 1
                continue
            start = x
            while x < n and row[x]:
                x += 1
            painter.fillRect(
                QRectF(code.left() + start * module, code.top() + y * module,
                       (x - start) * module, module), black,
            )  # fmt: skip
    text = QRectF(rect.left() + pad + side + mm(2), rect.top() + pad,
                  rect.width() - side - 2 * pad - mm(2), side)  # fmt: skip
    _write(painter, text, label)
    return code


def _write(painter: QPainter, area: QRectF, label: Label) -> None:
    painter.setPen(QColor("black"))
    lines = [  # text, size in points, bold, how many lines it may take
        (label.model, 8.0, True, 2),
        (label.serial, 7.0, False, 1),
        (label.site, 7.0, False, 1),
        (SCAN_WORDS, 7.0, True, 2),
    ]
    y = area.top()
    for text, points, bold, most in lines:
        font = QFont()
        font.setPointSizeF(points)
        font.setBold(bold)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        width = int(area.width())
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)
        needed = metrics.boundingRect(0, 0, width, 10_000, flags, text).height()
        lines_used = min(most, max(1, round(needed / metrics.lineSpacing())))
        box = QRectF(area.left(), y, area.width(), metrics.lineSpacing() * lines_used + 2)
        shown = text
        if lines_used < round(needed / metrics.lineSpacing()):  # longer than its room: cut
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width * lines_used)
        painter.drawText(box, flags, shown)
        y += box.height() + mm(0.5)
