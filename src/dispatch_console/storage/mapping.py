"""Mechanical mapping between domain dataclasses and ORM rows (same field names on both sides)."""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from enum import StrEnum
from functools import cache
from typing import Any

from pydantic import TypeAdapter

from ..domain.callbacks import CallbackRule
from ..domain.calls import Call, Callback
from ..domain.chat import ChatMessage, Conversation
from ..domain.escalation import TicketEscalation
from ..domain.model import (
    Asset,
    Company,
    Contract,
    Customer,
    Department,
    Part,
    Site,
    Technician,
    User,
)
from ..domain.notifications import Notification
from ..domain.passwords import SignInFailures
from ..domain.rules.model import RoutingRule
from ..domain.schedule import Absence, DepartmentHours, TechnicianHours
from ..domain.selfservice import CustomerLink
from ..domain.tickets import (
    Attachment,
    CheckIn,
    Comment,
    PartUsage,
    Ticket,
    Transition,
    WorkLogEntry,
)
from ..domain.tokens import ApiToken, RequestKey
from . import schema as s
from . import schema_chat as chat
from . import schema_notify as notify
from . import schema_rules as rules
from . import schema_schedule as schedule

ROWS: dict[type, type[s.Base]] = {
    Company: s.CompanyRow,
    Contract: s.ContractRow,
    Customer: s.CustomerRow,
    Site: s.SiteRow,
    Asset: s.AssetRow,
    Department: s.DepartmentRow,
    User: s.UserRow,
    Part: s.PartRow,
    Technician: s.TechnicianRow,
    Ticket: s.TicketRowORM,
    Transition: s.TransitionRow,
    Comment: s.CommentRow,
    Attachment: s.AttachmentRow,
    WorkLogEntry: s.WorkLogRow,
    PartUsage: s.PartUsageRow,
    CheckIn: s.CheckInRow,
    Call: s.CallRow,
    Callback: s.CallbackRow,
    CallbackRule: s.CallbackRuleRow,
    ApiToken: s.ApiTokenRow,
    RequestKey: s.RequestKeyRow,
    SignInFailures: s.SignInFailuresRow,
    CustomerLink: s.CustomerLinkRow,
    Conversation: chat.ConversationRow,
    ChatMessage: chat.ChatMessageRow,
    RoutingRule: rules.RoutingRuleRow,
    TicketEscalation: rules.EscalationRow,
    Notification: notify.NotificationRow,
    Absence: schedule.AbsenceRow,
    DepartmentHours: schedule.DepartmentHoursRow,
    TechnicianHours: schedule.TechnicianHoursRow,
}

# fields of a dataclass that live in another table and are loaded/saved by the unit of work
DETACHED_FIELDS = {Customer: {"phones"}, Technician: {"van_stock"}}


def entity_name(kind: type) -> str:
    """The name the event log and error messages use: `Ticket` -> `ticket`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", kind.__name__).lower()


def row_class(kind: type) -> type[s.Base]:
    try:
        return ROWS[kind]
    except KeyError:
        raise TypeError(f"{kind.__name__} is not stored by the SQL backend") from None


@cache
def _adapter(kind: type) -> TypeAdapter[Any]:
    return TypeAdapter(kind)


@cache
def _converters(kind: type) -> dict[str, Any]:
    """For each field, the enum class to rebuild it with, `tuple` for tuples, or None."""
    hints = typing.get_type_hints(kind)
    out: dict[str, Any] = {}
    for f in dataclasses.fields(kind):
        hint = hints[f.name]
        args = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
        target: Any = None
        for arg in args:
            if isinstance(arg, type) and issubclass(arg, StrEnum):
                target = arg
            elif typing.get_origin(arg) is tuple:
                target = tuple
            elif isinstance(arg, type) and dataclasses.is_dataclass(arg):
                target = _adapter(arg).validate_python  # a record in a record: a JSON column
        out[f.name] = target
    return out


def to_domain(kind: type, row: Any, **extra: Any) -> Any:
    values: dict[str, Any] = {}
    skip = DETACHED_FIELDS.get(kind, set())
    # a result row's mapping is read several times faster than its attributes (the dispatch
    # board hydrates thousands of queue lines at once); an ORM instance has only attributes
    mapping = getattr(row, "_mapping", None)
    for name, conv in _converters(kind).items():
        if name in skip:
            continue
        value = getattr(row, name) if mapping is None else mapping[name]
        if value is not None and conv is not None:
            value = conv(value)
        values[name] = value
    values.update(extra)
    return kind(**values)


def to_columns(obj: Any) -> dict[str, Any]:
    """Column values for a domain object (enums to their values, tuples to lists)."""
    kind = type(obj)
    skip = DETACHED_FIELDS.get(kind, set())
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        if f.name in skip:
            continue
        value = getattr(obj, f.name)
        if isinstance(value, StrEnum):
            value = value.value
        elif isinstance(value, tuple):
            value = list(value)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            value = _adapter(type(value)).dump_python(value, mode="json")
        out[f.name] = value
    if kind is Customer:
        out["name_key"] = obj.name.casefold()
    if kind is Ticket:
        out["priority_rank"] = obj.priority.rank
        out["next_due_at"] = obj.next_due_at
    return out
