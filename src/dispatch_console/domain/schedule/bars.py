"""What the dispatch board reads of a ticket: a bar on a technician's day or a line in the
list of jobs waiting. The fields are the `Ticket`'s and `TicketRow`'s of the same names and
types, and only those the board uses, so the board's one read fetches a few columns per ticket
instead of whole rows (and the REST answer carries no descriptions, contacts or watchers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..enums import Priority, SlaClass, TicketStatus
from ..sla import SlaClock, SlaTargets, targets_for
from ..tickets import DUE_FIELDS, REACHED_FIELDS, Ticket


@dataclass(slots=True)
class BoardTicket:
    """A ticket as a bar: who has it, its state and version (what a drag sends back), its
    SLA deadlines and what reached them (the queue's risk), the customer's window, the plan."""

    id: int
    status: TicketStatus
    priority: Priority
    sla_class: SlaClass
    assignee_id: int | None
    department_id: int | None
    version: int
    response_due_at: datetime | None
    arrival_due_at: datetime | None
    resolution_due_at: datetime | None
    responded_at: datetime | None
    arrived_at: datetime | None
    resolved_at: datetime | None
    hold_started_at: datetime | None
    appointment_starts_at: datetime | None
    appointment_ends_at: datetime | None
    planned_start_at: datetime | None
    planned_minutes: int | None
    required_skills: tuple[str, ...] = ()

    @property
    def number(self) -> str:
        return Ticket.number_of(self.id)

    @property
    def targets(self) -> SlaTargets:
        return targets_for(self.sla_class, self.priority)

    def sla_clocks(self) -> list[SlaClock]:
        """As `Ticket.sla_clocks`: one clock per deadline set, in milestone order."""
        targets = self.targets
        hold = self.hold_started_at
        return [
            SlaClock(m, targets.for_milestone(m), due, getattr(self, REACHED_FIELDS[m]), hold)
            for m, field_name in DUE_FIELDS.items()
            if (due := getattr(self, field_name)) is not None
        ]

    @classmethod
    def of(cls, ticket: Ticket) -> BoardTicket:
        """The board's reading of a whole ticket (a feed change, a test)."""
        return cls(*(getattr(ticket, name) for name in BOARD_TICKET_FIELDS))


@dataclass(slots=True)
class BoardRow:
    """A bar or a waiting job: the ticket's board fields, who it is for and where it is."""

    ticket: BoardTicket
    customer_name: str | None = None
    site_name: str | None = None
    site_lat: float | None = None
    site_lon: float | None = None


# the order storage selects the columns in (the dataclass's own)
BOARD_TICKET_FIELDS: tuple[str, ...] = tuple(BoardTicket.__dataclass_fields__)
