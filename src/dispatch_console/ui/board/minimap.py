"""Technicians as coloured dots where they are, without tiles, with a count per status: the
board's map where the console has no map (no QtWebEngine, or tests of the board's numbers);
fleet_map.py draws them on the real map."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from ...domain.candidates import FleetMember
from ...domain.enums import TechnicianStatus
from ..tickets.labels import technician_status_label

COLOURS = {
    TechnicianStatus.AVAILABLE: QColor("#2e7d32"),
    TechnicianStatus.EN_ROUTE: QColor("#1565c0"),
    TechnicianStatus.ON_SITE: QColor("#6a1b9a"),
    TechnicianStatus.BUSY: QColor("#ef6c00"),
    TechnicianStatus.OFF_DUTY: QColor("#9e9e9e"),
}


def status_counts(members: list[FleetMember]) -> dict[TechnicianStatus, int]:
    out = dict.fromkeys(COLOURS, 0)
    for m in members:
        out[m.status] = out.get(m.status, 0) + 1
    return out


class MiniMap(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.members: list[FleetMember] = []
        self.setMinimumSize(320, 260)

    def show_fleet(self, members: list[FleetMember]) -> None:
        self.members = members
        self.update()

    def counts(self) -> dict[TechnicianStatus, int]:
        return status_counts(self.members)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#f5f5f5"))
        legend_h = 28
        area = QRectF(self.rect()).adjusted(12, 12, -12, -12 - legend_h)
        placed = [m for m in self.members if m.lat is not None and m.lon is not None]
        if placed:
            lats = [m.lat for m in placed if m.lat is not None]
            lons = [m.lon for m in placed if m.lon is not None]
            lat0, lat1 = min(lats), max(lats)
            lon0, lon1 = min(lons), max(lons)
            span = max(lat1 - lat0, lon1 - lon0, 0.01)
            for m in placed:
                assert m.lat is not None and m.lon is not None
                x = area.left() + (m.lon - lon0) / span * area.width()
                y = area.bottom() - (m.lat - lat0) / span * area.height()
                painter.setPen(QPen(Qt.GlobalColor.white, 1.5))
                painter.setBrush(COLOURS.get(m.status, QColor("#000")))
                painter.drawEllipse(QPointF(x, y), 6, 6)
        x = 12.0
        y = self.height() - legend_h / 2
        for status, count in self.counts().items():
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(COLOURS[status])
            painter.drawEllipse(QPointF(x + 5, y), 5, 5)
            painter.setPen(QColor("#212121"))
            text = f"{technician_status_label(status)} {count}"
            painter.drawText(QPointF(x + 14, y + 5), text)
            x += 24 + painter.fontMetrics().horizontalAdvance(text)
        painter.end()
