"""From the backend's one answer (`ScheduleView`) to what the board draws: technicians, their
days, a card per job. Pure work on plain values, run on the pool thread that fetched it, so
the GUI thread only lays the result out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from ...domain.enums import TicketStatus
from ...domain.schedule.bars import BoardRow
from ...domain.schedule.booking import DEFAULT_VISIT_MINUTES, ScheduleView
from ...domain.schedule.day import TechnicianDay
from ...domain.tickets import TicketRow
from .board import TechnicianInfo
from .cards import JobCard, card_from_ticket

# what the board lists as waiting to be planned (as the backend's unscheduled list)
PLANNABLE = frozenset(
    {
        TicketStatus.NEW,
        TicketStatus.REOPENED,
        TicketStatus.ASSIGNED,
        TicketStatus.ACCEPTED,
        TicketStatus.EN_ROUTE,
        TicketStatus.ON_HOLD,
    }
)

STARTED = frozenset({TicketStatus.ON_SITE, TicketStatus.IN_PROGRESS})  # still on the day


@dataclass(slots=True)
class BoardValues:
    technicians: list[TechnicianInfo] = field(default_factory=list)
    days: list[TechnicianDay] = field(default_factory=list)
    cards: list[JobCard] = field(default_factory=list)  # of the planned jobs
    unscheduled: list[JobCard] = field(default_factory=list)
    versions: dict[int, int] = field(default_factory=dict)  # ticket id: the version shown


def card(row: TicketRow | BoardRow, now: datetime) -> JobCard | None:
    """A queue line as the board's card; None without a site position (nowhere to go)."""
    if row.site_lat is None or row.site_lon is None:
        return None
    t = row.ticket
    title = row.customer_name or row.site_name or ""
    if row.site_name and row.customer_name and row.site_name != row.customer_name:
        title = f"{row.customer_name} {row.site_name}"
    return card_from_ticket(t, title, row.site_lat, row.site_lon, DEFAULT_VISIT_MINUTES, now)


def waiting(row: TicketRow | BoardRow) -> bool:
    """Whether a ticket belongs in the list of jobs still to plan."""
    t = row.ticket
    return (
        t.status in PLANNABLE
        and t.planned_start_at is None
        and row.site_lat is not None
        and row.site_lon is not None
    )


def _cards(
    rows: Iterable[TicketRow | BoardRow], now: datetime, versions: dict[int, int]
) -> list[JobCard]:
    out = []
    for row in rows:
        versions[row.ticket.id] = row.ticket.version
        c = card(row, now)
        if c is not None:
            out.append(c)
    return out


def board_values(view: ScheduleView, now: datetime) -> BoardValues:
    out = BoardValues()
    out.technicians = [TechnicianInfo(t.id, t.name, t.department_id) for t in view.technicians]
    out.days = view.days()
    out.cards = _cards(view.planned, now, out.versions)
    out.unscheduled = _cards(view.unscheduled, now, out.versions)
    return out
