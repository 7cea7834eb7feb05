"""Use cases. `Services` is the Backend implementation over any UnitOfWork."""

from __future__ import annotations

from .calls import CallServices
from .feed import FeedServices
from .fieldwork import FieldServices
from .reference import ReferenceServices
from .tickets import TicketServices


class Services(FieldServices, TicketServices, CallServices, ReferenceServices, FeedServices):
    """Every use case, acting for one actor. Build one per user session (or per request)."""


__all__ = ["Services"]
