"""Words and colours the queue shows. Every label goes through Qt's translation."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from ...domain.enums import (
    CallbackOutcome,
    CallbackReason,
    CallbackStatus,
    Channel,
    Priority,
    TechnicianStatus,
    TicketStatus,
)
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


def technician_status_label(status: TechnicianStatus) -> str:
    return {
        TechnicianStatus.OFF_DUTY: QCoreApplication.translate("technician", "off duty"),
        TechnicianStatus.AVAILABLE: QCoreApplication.translate("technician", "free"),
        TechnicianStatus.EN_ROUTE: QCoreApplication.translate("technician", "on the way"),
        TechnicianStatus.ON_SITE: QCoreApplication.translate("technician", "on site"),
        TechnicianStatus.BUSY: QCoreApplication.translate("technician", "busy"),
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
    """'2h 05m', '3d 4h', '-45m' for overdue (2小时05分, 3天4小时 in Chinese): short enough for a
    queue column."""
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        text = QCoreApplication.translate("labels", "%1d %2h").replace("%1", str(days))
        return sign + text.replace("%2", str(hours))
    if hours:
        text = QCoreApplication.translate("labels", "%1h %2m").replace("%1", str(hours))
        return sign + text.replace("%2", f"{minutes:02d}")
    return sign + QCoreApplication.translate("labels", "%1m").replace("%1", str(minutes))


def callback_status_label(status: CallbackStatus) -> str:
    return {
        CallbackStatus.PENDING: QCoreApplication.translate("labels", "to do"),
        CallbackStatus.DONE: QCoreApplication.translate("labels", "done"),
        CallbackStatus.UNREACHABLE: QCoreApplication.translate("labels", "unreachable"),
        CallbackStatus.CANCELLED: QCoreApplication.translate("labels", "cancelled"),
    }[status]


def callback_outcome_label(outcome: CallbackOutcome) -> str:
    return {
        CallbackOutcome.REACHED: QCoreApplication.translate("labels", "reached"),
        CallbackOutcome.NO_ANSWER: QCoreApplication.translate("labels", "no answer"),
        CallbackOutcome.BUSY: QCoreApplication.translate("labels", "busy"),
        CallbackOutcome.WRONG_NUMBER: QCoreApplication.translate("labels", "wrong number"),
    }[outcome]


def callback_reason_label(reason: CallbackReason) -> str:
    return {
        CallbackReason.RESOLVED: QCoreApplication.translate("labels", "after the repair"),
        CallbackReason.MISSED_CALL: QCoreApplication.translate("labels", "missed call"),
        CallbackReason.CUSTOMER_REQUEST: QCoreApplication.translate(
            "labels", "customer asked to be called"
        ),
    }[reason]


def channel_label(channel: Channel) -> str:
    return {
        Channel.PHONE: QCoreApplication.translate("labels", "Phone"),
        Channel.SELF_SERVICE: QCoreApplication.translate("labels", "QR self-service"),
        Channel.CHAT: QCoreApplication.translate("labels", "Chat"),
        Channel.EMAIL: QCoreApplication.translate("labels", "E-mail"),
        Channel.AGENT: QCoreApplication.translate("labels", "Agent"),
    }[channel]


def field_label(name: str) -> str:
    """A ticket field as the form calls it (conflicts and errors name fields)."""
    return {
        "status": QCoreApplication.translate("labels", "Status"),
        "assignee_id": QCoreApplication.translate("labels", "Technician"),
        "department_id": QCoreApplication.translate("labels", "Department"),
        "priority": QCoreApplication.translate("labels", "Priority"),
        "category": QCoreApplication.translate("labels", "Category"),
        "description": QCoreApplication.translate("labels", "Fault"),
        "customer_id": QCoreApplication.translate("labels", "Customer"),
        "site_id": QCoreApplication.translate("labels", "Site"),
        "asset_id": QCoreApplication.translate("labels", "Asset"),
        "contact_name": QCoreApplication.translate("labels", "Contact"),
        "contact_phone": QCoreApplication.translate("labels", "Contact phone"),
        "channel": QCoreApplication.translate("labels", "Channel"),
        "hold_reason": QCoreApplication.translate("labels", "Hold reason"),
        "sla_class": QCoreApplication.translate("labels", "SLA class"),
        "satisfaction": QCoreApplication.translate("labels", "Satisfaction"),
        "problem_fixed": QCoreApplication.translate("labels", "Really fixed?"),
        "comment": QCoreApplication.translate("labels", "Notes"),
        "callback": QCoreApplication.translate("labels", "Callback"),
        "email": QCoreApplication.translate("labels", "E-mail"),
        "mobile": QCoreApplication.translate("labels", "Mobile"),
        "language": QCoreApplication.translate("labels", "Language"),
        "appointment": QCoreApplication.translate("labels", "Appointment"),
        "appointment_starts_at": QCoreApplication.translate("labels", "Appointment from"),
        "appointment_ends_at": QCoreApplication.translate("labels", "Appointment until"),
        "absence": QCoreApplication.translate("labels", "Leave or absence"),
        "take_over": QCoreApplication.translate("labels", "Taking the job over"),
    }.get(name, name)
