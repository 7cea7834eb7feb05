"""A technician running late says so from their page (or the desk for them, after a call):
the ticket records it, the customer is told when to expect them now, and the ticket's
supervisors and watchers are told (services/staff_alerts.py's addressees), all in the one
transaction of the report."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ..domain.appointment_notices import after_quiet_hours, check_late_minutes
from ..domain.enums import TicketStatus
from ..domain.errors import PermissionDenied, ValidationError
from ..domain.model import Customer, Technician
from ..domain.notifications import Moment, Notification, channels_for
from ..domain.notify_templates import Facts, render
from ..domain.selfservice import first_name
from ..domain.sla import Milestone
from ..domain.staff_alerts import AlertFacts
from ..domain.tickets import Ticket
from ..ports import UnitOfWork
from .base import UseCases
from .notify_outbox import contract_of, customer_reach
from .policy import DESK, OWN_JOB, allow
from .reactions import Recorded
from .schedule.loading import ticket_zone
from .staff_alerts import _StaffAlerts

if TYPE_CHECKING:
    from . import Services

# on the way to the visit: later than this, the customer has met them
BEFORE_ARRIVAL = frozenset({TicketStatus.ASSIGNED, TicketStatus.ACCEPTED, TicketStatus.EN_ROUTE})


class RunningLateUseCases(UseCases):
    @allow(DESK, technician=OWN_JOB)
    def report_running_late(self, ticket_id: int, minutes: int) -> Ticket:
        """The assignee will be `minutes` later than planned. A technician only for their own
        job; the desk for anyone's (the technician phoned in)."""
        try:
            late = check_late_minutes(minutes)
        except ValueError as exc:
            raise ValidationError("minutes", str(exc)) from None
        now = self._now()
        with self._uow() as uow:
            ticket = uow.get(Ticket, ticket_id, lock=True)
            me = self.actor.technician_id
            if self.actor.role == "technician" and (me is None or ticket.assignee_id != me):
                raise PermissionDenied(f"ticket {ticket.number} is not assigned to you")
            if ticket.assignee_id is None or ticket.status not in BEFORE_ARRIVAL:
                raise ValidationError(
                    "ticket_id", f"ticket {ticket.number} has no visit still to come"
                )
            expected = expected_arrival(ticket, now) + timedelta(minutes=late)
            self._record(
                uow, "ticket", ticket.id, "running_late", minutes=late,
                technician_id=ticket.assignee_id, expected_at=expected.isoformat(),
            )  # fmt: skip
            uow.commit()
        return ticket


def expected_arrival(ticket: Ticket, now: datetime) -> datetime:
    """When they were to arrive: the planned start, else the window's start, else now."""
    planned = ticket.planned_start_at or ticket.appointment_starts_at
    return max(planned, now) if planned is not None else now


def tell_of_running_late(app: Services, uow: UnitOfWork, event: Recorded) -> None:
    """The reaction: the customer and the ticket's overseers hear it, once per report."""
    ticket = uow.get(Ticket, int(event.entity_id))
    minutes = int(event.payload["minutes"])
    expected = datetime.fromisoformat(str(event.payload["expected_at"]))
    tech = uow.get(Technician, int(event.payload["technician_id"]))
    now = app.now()
    zone = ticket_zone(uow, ticket.department_id, app.desk)
    if ticket.customer_id is not None:
        customer = uow.get(Customer, ticket.customer_id)
        reach = customer_reach(customer, contract_of(uow, ticket), ticket.contact_phone)
        facts = Facts(
            ticket.number, customer.name, first_name(tech.name), late_minutes=minutes,
            expected_at=expected, zone=zone,
        )  # fmt: skip
        for channel, recipient in channels_for(reach):
            message = render(Moment.RUNNING_LATE, channel, customer.language, facts)
            uow.add(
                Notification(
                    0, ticket.id, customer.id, Moment.RUNNING_LATE, channel, recipient,
                    customer.language, message.subject, message.body,
                    f"t{ticket.id}:late:e{event.id}:{channel.value}", now,
                    after_quiet_hours(now, zone), requested_by=event.actor,
                    optout_token=None, template_params=message.params,
                )
            )  # fmt: skip
    alerts = _StaffAlerts(now, app.desk)
    facts_staff = AlertFacts(
        ticket.number, Milestone.ARRIVAL, expected, alerts._place(uow, ticket), tech.name, zone
    )
    for person in alerts._overseers(uow, ticket, alerts._supervisors(uow)):
        alerts._queue_alert(
            uow,
            ticket,
            Moment.TECH_LATE,
            facts_staff,
            person,
            once_as=f"late-e{event.id}",
            requested_by=event.actor,
        )
