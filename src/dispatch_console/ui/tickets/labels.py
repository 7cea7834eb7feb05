"""Words and colours the queue shows. Every label goes through Qt's translation."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from ...domain.enums import Priority, TicketStatus
from ...domain.sla import Risk


def _t(text: str) -> str:
    return QCoreApplication.translate("labels", text)


def status_label(status: TicketStatus) -> str:
    return {
        TicketStatus.NEW: _t("New"),
        TicketStatus.ASSIGNED: _t("Dispatched"),
        TicketStatus.ACCEPTED: _t("Accepted"),
        TicketStatus.EN_ROUTE: _t("On the way"),
        TicketStatus.ON_SITE: _t("On site"),
        TicketStatus.IN_PROGRESS: _t("In progress"),
        TicketStatus.ON_HOLD: _t("On hold"),
        TicketStatus.RESOLVED: _t("Resolved"),
        TicketStatus.CLOSED: _t("Closed"),
        TicketStatus.REOPENED: _t("Reopened"),
        TicketStatus.CANCELLED: _t("Cancelled"),
    }[status]


def priority_label(priority: Priority) -> str:
    return {
        Priority.CRITICAL: _t("Critical"),
        Priority.HIGH: _t("High"),
        Priority.NORMAL: _t("Normal"),
        Priority.LOW: _t("Low"),
    }[priority]


RISK_COLOURS = {
    Risk.BREACHED: QColor("#c62828"),
    Risk.AT_RISK: QColor("#ef6c00"),
    Risk.PAUSED: QColor("#757575"),
    Risk.OK: QColor("#2e7d32"),
}
PRIORITY_COLOURS = {Priority.CRITICAL: QColor("#c62828"), Priority.HIGH: QColor("#ef6c00")}


def duration(delta: timedelta) -> str:
    """'2h 05m', '3d 4h', '-45m' for overdue: short enough for a queue column."""
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{sign}{days}d {hours}h"
    if hours:
        return f"{sign}{hours}h {minutes:02d}m"
    return f"{sign}{minutes}m"
