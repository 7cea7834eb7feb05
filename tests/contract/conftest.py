"""Builders for the contract tests: reference data and tickets in a given state, made only through
the Backend's public use cases (so they work unchanged for every transport)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime, time
from typing import Any

import pytest

from dispatch_console.domain.enums import TicketStatus
from dispatch_console.domain.model import Customer, Department, Part, Site, Technician
from dispatch_console.domain.tickets import Ticket, TicketDraft
from dispatch_console.ports import Actor
from dispatch_console.services import Services

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # where the `clock` fixture starts
# 17:00 in Shanghai is half an hour before the default shift ends: technicians auto-dispatch
# may book (by the earliest slot) need hours with room for a visit today
LATE_SHIFT: dict[str, Any] = {"work_starts": time(8, 0), "work_ends": time(23, 0)}
# Shanghai, People's Square; a check-in here is on site
SITE_LAT, SITE_LON = 31.2304, 121.4737
# the usual path of a job, in order; `Make.ticket_in` walks it
PATH = (
    TicketStatus.ASSIGNED,
    TicketStatus.ACCEPTED,
    TicketStatus.EN_ROUTE,
    TicketStatus.ON_SITE,
    TicketStatus.IN_PROGRESS,
    TicketStatus.RESOLVED,
    TicketStatus.CLOSED,
)


class Make:
    def __init__(self, backend: Services, act_as: Callable[[Actor], Services]) -> None:
        self.b = backend
        self.act_as = act_as
        self._seq = itertools.count(1)

    def department(self, name: str = "North", code: str | None = None) -> Department:
        return self.b.create_department(name, code or f"D{next(self._seq)}")

    def technician(
        self, department: Department | None = None, name: str = "Wang Wei", **kw: Any
    ) -> Technician:
        dept = department or self.department()
        phone = kw.pop("phone", f"1390000{next(self._seq):04d}")
        return self.b.create_technician(name, phone, dept.id, **kw)

    def technician_actor(self, tech: Technician) -> Services:
        """The same backend acting for the technician (check-ins, work log, parts)."""
        return self.act_as(Actor(tech.name, role="technician", technician_id=tech.id))

    def customer(self, name: str = "Li Lei", phones: tuple[str, ...] = ()) -> Customer:
        return self.b.create_customer(name, phones or (f"1381234{next(self._seq):04d}",))

    def site(self, customer: Customer | None = None, **kw: Any) -> Site:
        kw.setdefault("lat", SITE_LAT)
        kw.setdefault("lon", SITE_LON)
        return self.b.create_site(
            kw.pop("name", "Plant 1"),
            kw.pop("address", "1 People's Square"),
            customer_id=customer.id if customer else None,
            **kw,
        )

    def part(self, sku: str | None = None, name: str = "Fan belt") -> Part:
        return self.b.create_part(sku or f"P-{next(self._seq)}", name)

    def ticket(self, **kw: Any) -> Ticket:
        draft = TicketDraft(
            channel=kw.pop("channel", "phone"),
            category=kw.pop("category", "hvac"),
            priority=kw.pop("priority", "normal"),
            description=kw.pop("description", "The air conditioning drips water."),
            **kw,
        )
        return self.b.create_ticket(draft)

    def job(self, **kw: Any) -> tuple[Ticket, Technician, Site]:
        """A ticket for a customer's site, and a technician in its department."""
        dept = kw.pop("department", None) or self.department()
        customer = kw.pop("customer", None) or self.customer()
        site = self.site(customer)
        tech = self.technician(dept)
        ticket = self.ticket(customer_id=customer.id, site_id=site.id, department_id=dept.id, **kw)
        return ticket, tech, site

    def ticket_in(self, status: TicketStatus, ticket: Ticket, tech: Technician) -> Ticket:
        """Walk `ticket` along the usual path until it is in `status`."""
        if ticket.status is TicketStatus.NEW:
            ticket = self.b.assign(ticket.id, ticket.version, tech.id)
        for step in PATH[1:]:
            if ticket.status is status:
                break
            ticket = self.b.transition(ticket.id, ticket.version, step)
        assert ticket.status is status
        return ticket


@pytest.fixture(autouse=True)
def _clock_starts_at_start(clock: Any) -> None:
    assert clock.now() == START


@pytest.fixture
def make(backend: Services, act_as: Callable[[Actor], Services]) -> Make:
    return Make(backend, act_as)
