"""The map's side of a ticket change: its pin, its technician's load and job in hand, derived
from the changed ticket's queue line (the row the change feed brings) instead of read again.

One definition serves the services (building pins and the fleet from the database) and the
console (patching them from a batch of changes), so the two cannot drift apart."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

from .candidates import TicketPin
from .enums import TicketStatus
from .events import Event
from .lifecycle import OPEN_STATES
from .sla import Risk, next_clock
from .tickets import Ticket, TicketRow

# the job a technician is busy with is their most advanced one: they finish it where they stand
JOB_STAGES: Mapping[TicketStatus, int] = MappingProxyType({
    TicketStatus.ACCEPTED: 1,
    TicketStatus.EN_ROUTE: 2,
    TicketStatus.ON_SITE: 3,
    TicketStatus.IN_PROGRESS: 4,
})  # fmt: skip


def pin_of(ticket: Ticket, lat: float, lon: float, now: datetime) -> TicketPin:
    """An open ticket's pin: where, how urgent, how its SLA stands at `now`."""
    clock = next_clock(ticket.sla_clocks())
    return TicketPin(
        ticket.id,
        ticket.category,
        lat,
        lon,
        ticket.priority.value,
        clock.risk(now).value if clock else Risk.MET.value,
        ticket.assignee_id,
        JOB_STAGES.get(ticket.status, 0),
    )


def pin_of_row(row: TicketRow, now: datetime) -> TicketPin | None:
    """The row's pin; None when the ticket is off the map (finished, or without a site)."""
    t = row.ticket
    if t.status not in OPEN_STATES or row.site_lat is None or row.site_lon is None:
        return None
    return pin_of(t, row.site_lat, row.site_lon, now)


def jobs_in_hand(
    jobs: Iterable[tuple[int | None, int, float, float]],
) -> dict[int, tuple[float, float]]:
    """Each technician's job in hand, from (assignee, stage, lat, lon) of open tickets with a
    site: the site of their most advanced job (the first of equals)."""
    best: dict[int, tuple[int, float, float]] = {}
    for assignee, stage, lat, lon in jobs:
        if assignee is None or stage <= 0:
            continue
        held = best.get(assignee)
        if held is None or stage > held[0]:
            best[assignee] = (stage, lat, lon)
    return {tech: (lat, lon) for tech, (_stage, lat, lon) in best.items()}


@dataclass(frozen=True, slots=True)
class JobInHand:
    """A technician's most advanced job (accepted, on the way, on site, in progress): where
    they finish before anything else, and whether it is on their day already (planned)."""

    ticket_id: int
    stage: int
    lat: float
    lon: float
    planned: bool


def most_advanced(jobs: Iterable[tuple[int, JobInHand]]) -> dict[int, JobInHand]:
    """Each technician's job in hand from (assignee, job) pairs: the most advanced, the first
    of equals (the caller gives them by ticket id)."""
    best: dict[int, JobInHand] = {}
    for assignee, job in jobs:
        held = best.get(assignee)
        if job.stage > 0 and (held is None or job.stage > held.stage):
            best[assignee] = job
    return best


def load_changes(events: Sequence[Event], rows: Mapping[int, TicketRow]) -> dict[int, int]:
    """How many open jobs each technician gained (or lost) in a batch of changes: the state
    before the batch from the first change of each field (its old value), after from the row.
    Tickets without a row are not counted (the caller reads those the old way)."""
    before: dict[int, dict[str, object]] = {}
    created: set[int] = set()
    for e in events:
        if e.entity != "ticket" or not e.entity_id.isdigit():
            continue
        ticket_id = int(e.entity_id)
        if ticket_id not in rows:
            continue
        if e.kind == "created" and ticket_id not in before:
            created.add(ticket_id)
        seen = before.setdefault(ticket_id, {})
        changes = e.payload.get("changes")
        if isinstance(changes, dict):
            for key in ("status", "assignee_id"):
                old = changes.get(key)
                if key not in seen and isinstance(old, list | tuple) and len(old) == 2:
                    seen[key] = old[0]
    delta: dict[int, int] = {}
    for ticket_id, old in before.items():
        t = rows[ticket_id].ticket
        if t.status in OPEN_STATES and t.assignee_id is not None:
            delta[t.assignee_id] = delta.get(t.assignee_id, 0) + 1
        if ticket_id in created:
            continue
        status = old.get("status", t.status.value)
        assignee = old.get("assignee_id", t.assignee_id)
        if _is_open(status) and isinstance(assignee, int):
            delta[assignee] = delta.get(assignee, 0) - 1
    return {tech: n for tech, n in delta.items() if n}


def _is_open(status: object) -> bool:
    try:
        return TicketStatus(str(status)) in OPEN_STATES
    except ValueError:
        return False
