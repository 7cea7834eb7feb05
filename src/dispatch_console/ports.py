"""The protocols the services need from the outside world, and the one `Backend` they offer.

`UnitOfWork` is what storage implements: one transaction with generic access to the domain's
records plus the few queries that must be written per database for speed. `Backend` is the set of
use cases; the service layer implements it on top of a UnitOfWork, and the REST client implements
it over HTTP, so the console never knows which one it talks to.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar

from .domain.enums import Priority, TicketStatus
from .domain.events import Event, NewEvent
from .domain.model import Customer, Technician
from .domain.tickets import TicketPage

T = TypeVar("T")


class Clock(Protocol):
    def now(self) -> datetime: ...


@dataclass(slots=True)
class TicketQuery:
    """Filters of the ticket queue. Every field narrows the result; None means 'any'."""

    statuses: Sequence[TicketStatus] | None = None
    priorities: Sequence[Priority] | None = None
    assignee_id: int | None = None
    department_id: int | None = None
    customer_id: int | None = None
    unassigned: bool = False
    open_only: bool = False
    breaching_before: datetime | None = None  # resolution due before this instant, still open
    text: str | None = None  # ticket number, phone number, or the start of a customer's name
    sort: str = "newest"  # newest | oldest | due | priority
    limit: int = 100
    cursor: str | None = None


@dataclass(slots=True)
class StockChange:
    technician_id: int
    part_id: int
    delta: int


class UnitOfWork(Protocol):
    """One database transaction. Leaving the `with` block without commit() rolls back."""

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    # generic record access: `kind` is a domain dataclass (Ticket, Customer, Comment ...)
    def get(self, kind: type[T], id: int, *, lock: bool = False) -> T: ...
    def find(self, kind: type[T], order_by: str = "id", **equals: Any) -> list[T]: ...
    def add(self, obj: T) -> T: ...
    def update(self, obj: T, expected_version: int) -> T: ...

    # the event log, written in the same transaction as the change it records
    def append_event(self, actor: str, event: NewEvent) -> int: ...

    # queries each store writes for its database
    def search_tickets(self, query: TicketQuery, now: datetime) -> TicketPage: ...
    def customers_by_phone(self, e164: str) -> list[Customer]: ...
    def search_customers(self, text: str, limit: int) -> list[Customer]: ...
    def find_one(self, kind: type[T], **equals: Any) -> T | None: ...
    def technicians(self, department_id: int | None) -> list[Technician]: ...
    def adjust_stock(self, change: StockChange) -> int: ...
    def put_blob(self, sha256: str, data: bytes) -> None: ...
    def get_blob(self, sha256: str) -> bytes: ...
    def password_hash(self, username: str) -> str | None: ...
    def set_password_hash(self, user_id: int, password_hash: str) -> None: ...


class ChangeFeed(Protocol):
    """Follows the event log from an id. Reconnect = call again with the last id seen."""

    def events_after(self, after_id: int, limit: int = 500) -> list[Event]: ...
    def wait(self, after_id: int, timeout: float) -> list[Event]: ...
    def last_id(self) -> int: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting: a user's name for the audit trail and their role for permission checks."""

    name: str
    role: str = "agent"
    user_id: int | None = None
    technician_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)
