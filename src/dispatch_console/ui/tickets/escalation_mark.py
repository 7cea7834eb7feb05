"""The queue's mark on an escalated ticket: a small flag in its SLA cell, amber when its
deadline is near (the technician on it is told), orange once the supervisor is, red once the
deadline was missed. Colour alone would not do: the tooltip and the accessible text say it."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QCoreApplication, QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap, QPolygonF

from ...domain.escalation import Level

COLOURS = {
    Level.ASSIGNEE: QColor("#f9a825"),
    Level.SUPERVISOR: QColor("#ef6c00"),
    Level.BREACHED: QColor("#c62828"),
}


def escalation_text(level: int) -> str | None:
    """What the mark means, or None for a ticket not escalated."""
    if level <= Level.NONE:
        return None
    return {
        Level.ASSIGNEE: QCoreApplication.translate(
            "escalation", "Escalated: the deadline is near (the technician on it is told)"
        ),
        Level.SUPERVISOR: QCoreApplication.translate(
            "escalation", "Escalated to the supervisor: the deadline is near"
        ),
        Level.BREACHED: QCoreApplication.translate(
            "escalation", "Escalated: the deadline was missed"
        ),
    }[Level(min(level, Level.BREACHED))]


@cache
def escalation_icon(level: int) -> QIcon | None:
    """A flag in the level's colour (drawn, not shipped: three colours of one shape)."""
    colour = COLOURS.get(Level(min(level, Level.BREACHED))) if level > 0 else None
    if colour is None:
        return None
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#424242"), 1.5))
    painter.drawLine(QPointF(3.5, 2), QPointF(3.5, 15))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawPolygon(QPolygonF([QPointF(4.5, 2), QPointF(14, 5.5), QPointF(4.5, 9)]))
    painter.end()
    return QIcon(pixmap)
