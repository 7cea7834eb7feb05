"""Use cases. `Services` is the Backend implementation over any UnitOfWork."""

from __future__ import annotations

from .board import BoardServices
from .call_agents import CallAgentServices
from .callbacks import CallbackServices
from .calls import CallServices
from .chat import ChatServices
from .credentials import CredentialServices
from .customers import CustomerServices
from .dispatch import DispatchServices
from .escalations import EscalationServices
from .feed import FeedServices
from .fieldwork import FieldServices
from .notices import NoticeServices
from .notifications import NotificationServices
from .selfservice import SelfServiceServices
from .tickets import TicketServices
from .tokens import RequestKeys, TokenServices
from .workforce import WorkforceServices


class Services(
    NotificationServices,
    EscalationServices,
    BoardServices,
    DispatchServices,
    SelfServiceServices,
    FieldServices,
    CallbackServices,
    ChatServices,
    TicketServices,
    CallServices,
    CallAgentServices,
    CustomerServices,
    TokenServices,
    RequestKeys,
    CredentialServices,
    WorkforceServices,
    NoticeServices,
    FeedServices,
):
    """Every use case, acting for one actor. Build one per user session (or per request)."""


__all__ = ["Services"]
