"""Every cross-feature reaction, registered in one place: read this file to know what else
happens, in the same transaction, when something changes (services/reactions.py runs them)."""

from __future__ import annotations

from .appointment_outbox import keep_appointment_notices
from .autodispatch import dispatch_declined_ticket, dispatch_new_ticket
from .escalation_memory import keep_escalation_memory
from .notify_outbox import queue_customer_notifications
from .reactions import Reactions
from .running_late import tell_of_running_late
from .staff_alerts import alert_staff_on_escalation

# the ticket events after which its appointment may have changed
APPOINTMENT_KINDS = ("appointment_set", "appointment_cleared", "transition")


def standard_reactions() -> Reactions:
    reactions = Reactions()
    # the SLA scan's memory follows the ticket's deadlines; a finished ticket keeps none
    reactions.on("ticket", ("updated", "transition", "transferred"), keep_escalation_memory)
    # the customer hears about their ticket (received, assigned, on the way, on site,
    # resolved, a callback promised); an opt-out withdraws what is queued
    reactions.on("ticket", ("created", "assigned", "transition"), queue_customer_notifications)
    reactions.on("callback", ("scheduled",), queue_customer_notifications)
    reactions.on("customer", ("updated",), queue_customer_notifications)
    # a booked visit is confirmed and reminded; moved, it is confirmed again and the old
    # reminders withdrawn; cancelled or done, nothing more is said of it
    reactions.on("ticket", APPOINTMENT_KINDS, keep_appointment_notices)
    # a technician running late: the customer and the ticket's overseers hear it
    reactions.on("ticket", ("running_late",), tell_of_running_late)
    # a rule may send a new ticket to the best technician; a declined one goes to the next
    reactions.on("ticket", ("routed",), dispatch_new_ticket)
    reactions.on("ticket", ("transition",), dispatch_declined_ticket)
    # an SLA escalation step tells the technician, the supervisors and the watchers
    reactions.on("ticket", ("escalated",), alert_staff_on_escalation)
    return reactions
