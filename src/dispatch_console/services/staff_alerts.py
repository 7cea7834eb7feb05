"""Queueing the SLA scan's alerts to staff (domain.staff_alerts) in the scan's transaction (a
reaction to each "escalated" event, services/reactions.py): the
technician on the job by text, then the ticket's supervisors (its department's, and those of no
department) and its watchers, by e-mail and text where they gave them. An alert nobody can
receive is not an error: the console's notices and the board still show the escalation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from ..domain.desk_zone import DeskZone
from ..domain.enums import Role
from ..domain.escalation import Level
from ..domain.model import Customer, Site, Technician, User
from ..domain.notifications import (
    Moment,
    Notification,
    NotifyChannel,
    mask_email,
    mask_phone,
    textable,
)
from ..domain.sla import Milestone
from ..domain.staff_alerts import AlertFacts, assignee_moment, render_alert, supervisor_moment
from ..domain.tickets import Ticket
from ..ports import UnitOfWork
from .reactions import Recorded, shared_read
from .schedule.loading import ticket_zone

if TYPE_CHECKING:
    from . import Services


@dataclass(frozen=True, slots=True)
class Addressee:
    key: str  # stable, for the dedupe key: "tech7", "user3"
    name: str
    language: str
    email: str | None = None
    mobile: str | None = None


def alert_staff_on_escalation(app: Services, uow: UnitOfWork, event: Recorded) -> None:
    """The reaction to an escalation step: its alerts, queued with it."""
    p = event.payload
    alert_staff(
        app, uow, int(event.entity_id), Milestone(p["milestone"]),
        datetime.fromisoformat(p["due_at"]), Level[str(p["level"]).upper()],
    )  # fmt: skip


def alert_staff(
    app: Services, uow: UnitOfWork, ticket_id: int, milestone: Milestone, due_at: datetime,
    level: Level,
) -> int:  # fmt: skip
    """Queue this step's alerts; how many were queued."""
    return _StaffAlerts(app.now(), app.desk)._alert_staff(uow, ticket_id, milestone, due_at, level)


class _StaffAlerts:
    def __init__(self, now: datetime, desk: DeskZone) -> None:
        self.now = now
        self.desk = desk

    def _alert_staff(
        self, uow: UnitOfWork, ticket_id: int, milestone: Milestone, due_at: datetime,
        level: Level,
    ) -> int:  # fmt: skip
        ticket = uow.get(Ticket, ticket_id)
        tech = uow.get(Technician, ticket.assignee_id) if ticket.assignee_id else None
        facts = AlertFacts(
            ticket.number, milestone, due_at, self._place(uow, ticket),
            tech.name if tech else "", ticket_zone(uow, ticket.department_id, self.desk),
        )  # fmt: skip
        queued = 0
        first = assignee_moment(level)
        if tech is not None and first is not None:
            queued += self._queue_alert(
                uow, ticket, first, facts, self._technician(uow, tech), once_as="assignee"
            )
        moment = supervisor_moment(level)
        if moment is not None:
            for person in self._overseers(uow, ticket, self._supervisors(uow)):
                queued += self._queue_alert(uow, ticket, moment, facts, person)
        return queued

    @staticmethod
    def _place(uow: UnitOfWork, ticket: Ticket) -> str:
        if ticket.site_id is not None:
            return uow.get(Site, ticket.site_id).name
        if ticket.customer_id is not None:
            return uow.get(Customer, ticket.customer_id).name
        return ticket.contact_name or ""

    @staticmethod
    def _technician(uow: UnitOfWork, tech: Technician) -> Addressee:
        """On the road: a text to the phone the desk has for them (their login's language)."""
        user = uow.get(User, tech.user_id) if tech.user_id is not None else None
        language = user.language if user is not None else "zh_CN"
        mobile = tech.phone if tech.phone and textable(tech.phone) else None
        return Addressee(f"tech{tech.id}", tech.name, language, None, mobile)

    @staticmethod
    def _supervisors(uow: UnitOfWork) -> list[User]:
        return shared_read(
            uow, "staff_alerts.supervisors",
            lambda: uow.find(User, role=Role.SUPERVISOR.value, active=True),
        )  # fmt: skip

    @staticmethod
    def _overseers(uow: UnitOfWork, ticket: Ticket, supervisors: list[User]) -> list[Addressee]:
        """The ticket's supervisors and watchers, each once, those with no address left out."""
        people: dict[int, User] = {}
        for user in supervisors:
            if user.department_id in (None, ticket.department_id):
                people[user.id] = user
        for name in ticket.watchers:
            watcher = uow.find_one(User, username=name, active=True)
            if watcher is not None:
                people[watcher.id] = watcher
        reach = [
            (u, u.mobile if u.mobile and textable(u.mobile) else None) for u in people.values()
        ]  # a landline saved before they were refused gets no texts
        return [
            Addressee(f"user{u.id}", u.display_name, u.language, u.email, mobile)
            for u, mobile in reach
            if u.email or mobile
        ]

    def _queue_alert(
        self, uow: UnitOfWork, ticket: Ticket, moment: Moment, facts: AlertFacts, to: Addressee,
        once_as: str | None = None, requested_by: str = "sla-watch",
    ) -> int:  # fmt: skip
        """`once_as`: one alert per deadline for this addressee in that role, whatever the
        moment; otherwise one per moment."""
        now, queued = self.now, 0
        deadline = int(facts.due_at.timestamp()) // 60  # a moved deadline is news again
        for channel, address in ((NotifyChannel.EMAIL, to.email), (NotifyChannel.SMS, to.mobile)):
            if not address:
                continue
            what = f"{facts.milestone.value}:{deadline}:{once_as or moment.value}"
            key = f"t{ticket.id}:{what}:{to.key}:{channel.value}"
            if uow.find_one(Notification, dedupe_key=key) is not None:
                continue
            message = render_alert(moment, channel, to.language, facts)
            uow.add(
                Notification(
                    0, ticket.id, None, moment, channel, address, to.language,
                    message.subject, message.body, key, now, now, requested_by=requested_by,
                    recipient_name=to.name, template_params=message.params,
                )
            )  # fmt: skip
            queued += 1
        return queued


def hide_staff_addresses(items: list[Notification], role: str) -> list[Notification]:
    """A staff alert's address is its owner's and the administrators' to see: the rest of the
    desk gets it masked, as the timeline shows it (customers' are on their records anyway)."""
    if role == "admin":
        return items
    for n in items:
        if n.customer_id is None and n.recipient_name:
            email = n.channel is NotifyChannel.EMAIL
            n.recipient = mask_email(n.recipient) if email else mask_phone(n.recipient)
    return items
