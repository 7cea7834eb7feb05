"""The supervisors' live board on every backend: ringing and missed calls, open tickets by state
and SLA risk, technicians, and today's first-time fixes and satisfaction."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

from dispatch_console.domain.enums import TicketStatus
from dispatch_console.domain.errors import PermissionDenied
from dispatch_console.ports import Actor
from dispatch_console.services import Services

from .conftest import Make

if TYPE_CHECKING:
    from conftest import FakeClock


def test_the_board_counts_what_the_desk_faces_now(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    sue = backend.as_actor(Actor("sue", "supervisor"))
    ticket, tech, _site = make.job(priority="normal")
    make.ticket_in(TicketStatus.ACCEPTED, ticket, tech)
    late = make.ticket(priority="critical")  # respond within 15 minutes
    now = clock.advance(timedelta(minutes=20))
    backend.record_call_event("offered", "c-ringing", now, from_number="13812345678",
                              to_number="4008001234", agent_extension="8001")  # fmt: skip
    backend.record_call_event("offered", "c-missed", now - timedelta(minutes=3),
                              from_number="13912345678", to_number="4008001234")  # fmt: skip
    backend.record_call_event("ended", "c-missed", now - timedelta(minutes=2), cause="cancel")
    board = sue.live_board()
    assert [c.call_id for c in board.ringing] == ["c-ringing"]
    assert board.missed_waiting == 1
    assert board.by_status == {"new": 1, "accepted": 1}
    assert board.unassigned == 1 and board.breached == 1  # the critical one, unanswered
    assert [r.ticket.id for r in board.urgent] == [late.id, ticket.id]  # nearest deadline first
    assert late.id not in {t.id for t in board.technicians}
    assert [t.name for t in board.technicians] == [tech.name]
    clock.advance(timedelta(minutes=20))
    assert [c.call_id for c in sue.live_board().ringing] == []  # a lost hang-up is not ringing


def test_today_first_time_fix(backend: Services, make: Make) -> None:
    sue = backend.as_actor(Actor("sue", "supervisor"))
    ticket, tech, _site = make.job()
    make.ticket_in(TicketStatus.RESOLVED, ticket, tech)
    board = sue.live_board()
    assert board.resolved_today == 1 and board.first_time_fix_rate == 1.0


def test_agents_do_not_see_the_board(backend: Services) -> None:
    with pytest.raises(PermissionDenied):
        backend.live_board()
