"""Words and colours the queue shows. Every label goes through Qt's translation."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from ...domain.enums import Priority, TicketStatus
from ...domain.sla import Risk


def status_label(status: TicketStatus) -> str:
    return {
        TicketStatus.NEW: QCoreApplication.translate("labels", "New"),
        TicketStatus.ASSIGNED: QCoreApplication.translate("labels", "Dispatched"),
        TicketStatus.ACCEPTED: QCoreApplication.translate("labels", "Accepted"),
        TicketStatus.EN_ROUTE: QCoreApplication.translate("labels", "On the way"),
        TicketStatus.ON_SITE: QCoreApplication.translate("labels", "On site"),
        TicketStatus.IN_PROGRESS: QCoreApplication.translate("labels", "In progress"),
        TicketStatus.ON_HOLD: QCoreApplication.translate("labels", "On hold"),
        TicketStatus.RESOLVED: QCoreApplication.translate("labels", "Resolved"),
        TicketStatus.CLOSED: QCoreApplication.translate("labels", "Closed"),
        TicketStatus.REOPENED: QCoreApplication.translate("labels", "Reopened"),
        TicketStatus.CANCELLED: QCoreApplication.translate("labels", "Cancelled"),
    }[status]


def priority_label(priority: Priority) -> str:
    return {
        Priority.CRITICAL: QCoreApplication.translate("labels", "Critical"),
        Priority.HIGH: QCoreApplication.translate("labels", "High"),
        Priority.NORMAL: QCoreApplication.translate("labels", "Normal"),
        Priority.LOW: QCoreApplication.translate("labels", "Low"),
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
