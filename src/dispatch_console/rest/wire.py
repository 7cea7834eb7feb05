"""The HTTP shape of every Backend use case, shared by the server and the console's client.

One table says which verb and path carries each use case; path parameters come from the
template, GET parameters travel in the query string, everything else in a JSON body. Values are
encoded with pydantic from the use case's own type hints (dataclasses, enums, datetimes; bytes
as base64), so the server and the client cannot disagree about a field. Domain errors travel as
`{"code", "message", ...fields}` and come back as the same exception class."""

from __future__ import annotations

import inspect
import re
import typing
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from functools import cache
from typing import Any

from pydantic import ConfigDict, PydanticUserError, TypeAdapter

from ..domain.errors import (
    ClaimedElsewhere,
    ConflictError,
    DomainError,
    DuplicateError,
    IllegalTransition,
    InProgress,
    NotFound,
    NotSignedIn,
    PermissionDenied,
    TooManyAttempts,
    ValidationError,
)
from ..domain.schedule.problems import Conflict, ScheduleConflict
from ..ports import Backend

API = "/api/v1"
BYTES_AS_BASE64 = ConfigDict(ser_json_bytes="base64", val_json_bytes="base64")


@dataclass(frozen=True)
class Route:
    name: str  # the Backend method
    verb: str
    path: str  # under /api/v1; {names} are the method's parameters
    # a read sent as POST (its question does not fit a query string): no Idempotency-Key, nothing
    # recorded; a GET is a read anyway
    reads: bool = False

    @property
    def path_params(self) -> list[str]:
        return re.findall(r"{(\w+)}", self.path)

    @property
    def read_only(self) -> bool:
        """Changes nothing: safe to send again, and never recorded as an idempotent write."""
        return self.verb == "GET" or self.reads


ROUTES = [
    # tickets
    Route("create_ticket", "POST", "/tickets"),
    Route("search_tickets", "POST", "/tickets/search", reads=True),
    Route("get_ticket", "GET", "/tickets/{ticket_id}"),
    Route("update_ticket", "PATCH", "/tickets/{ticket_id}"),
    Route("ticket_history", "GET", "/tickets/{ticket_id}/history"),
    Route("ticket_rows", "POST", "/tickets/rows", reads=True),
    Route("transition", "POST", "/tickets/{ticket_id}/transition"),
    Route("assign", "POST", "/tickets/{ticket_id}/assign"),
    Route("transfer", "POST", "/tickets/{ticket_id}/transfer"),
    Route("add_comment", "POST", "/tickets/{ticket_id}/comments"),
    Route("attach", "POST", "/tickets/{ticket_id}/attachments"),
    Route("attachment_data", "GET", "/attachments/{attachment_id}"),
    Route("check_in", "POST", "/tickets/{ticket_id}/check-ins"),
    Route("log_work", "POST", "/tickets/{ticket_id}/work-log"),
    Route("consume_part", "POST", "/tickets/{ticket_id}/parts"),
    Route("dispatch_job", "GET", "/tickets/{ticket_id}/job"),
    Route("rank_technicians", "GET", "/tickets/{ticket_id}/candidates"),
    Route("redispatch_suggestions", "GET", "/tickets/{ticket_id}/redispatch-suggestions"),
    Route("list_notifications", "GET", "/tickets/{ticket_id}/notifications"),
    Route("resend_notification", "POST", "/notifications/{notification_id}/resend"),
    Route("ticket_pins", "GET", "/map/tickets"),
    Route("ticket_pins_of", "POST", "/map/tickets/of", reads=True),
    Route("fleet", "GET", "/map/fleet"),
    # customers, sites, assets, contracts
    Route("create_company", "POST", "/companies"),
    Route("create_contract", "POST", "/contracts"),
    Route("list_contracts", "GET", "/contracts"),
    Route("create_customer", "POST", "/customers"),
    Route("search_customers", "GET", "/customers"),
    Route("get_customer", "GET", "/customers/{customer_id}"),
    Route("update_customer", "PATCH", "/customers/{customer_id}"),
    Route("add_customer_phone", "POST", "/customers/{customer_id}/phones"),
    Route("list_sites", "GET", "/customers/{customer_id}/sites"),
    Route("create_site", "POST", "/sites"),
    Route("get_site", "GET", "/sites/{site_id}"),
    Route("list_assets", "GET", "/sites/{site_id}/assets"),
    Route("create_asset", "POST", "/assets"),
    Route("find_asset", "GET", "/assets"),
    Route("get_asset", "GET", "/assets/{asset_id}"),
    # people, parts
    Route("create_department", "POST", "/departments"),
    Route("list_departments", "GET", "/departments"),
    Route("create_user", "POST", "/users"),
    Route("list_users", "GET", "/users"),
    Route("set_user_contact", "PUT", "/users/{user_id}/contact"),
    Route("create_technician", "POST", "/technicians"),
    Route("list_technicians", "GET", "/technicians"),
    Route("get_technician", "GET", "/technicians/{technician_id}"),
    Route("set_technician_status", "POST", "/technicians/{technician_id}/status"),
    Route("set_technician_device", "PUT", "/technicians/{technician_id}/device"),
    Route("report_position", "POST", "/technicians/{technician_id}/position"),
    Route("set_van_stock", "PUT", "/technicians/{technician_id}/stock/{part_id}"),
    Route("create_part", "POST", "/parts"),
    Route("list_parts", "GET", "/parts"),
    # calls and callbacks
    Route("record_call_event", "POST", "/calls/events"),
    Route("lookup_caller", "GET", "/calls/caller"),
    Route("list_calls", "GET", "/calls"),
    Route("link_call", "POST", "/calls/{call_id}/link"),
    Route("match_call_agents", "POST", "/calls/agents", reads=True),
    # the supervisors' live board
    Route("live_board", "GET", "/board"),
    # appointments and the technicians' days (issue 25)
    Route("set_appointment", "PUT", "/tickets/{ticket_id}/appointment"),
    Route("place_visit", "PUT", "/tickets/{ticket_id}/visit"),
    Route("unplan_visit", "DELETE", "/tickets/{ticket_id}/visit"),
    Route("earliest_slots", "GET", "/tickets/{ticket_id}/slots"),
    Route("schedule_board", "GET", "/schedule/board"),
    Route("offered_windows", "GET", "/sites/{site_id}/offered-windows"),
    Route("department_hours", "GET", "/departments/{department_id}/hours"),
    Route("set_department_hours", "PUT", "/departments/{department_id}/hours"),
    Route("technician_hours", "GET", "/technicians/{technician_id}/hours"),
    Route("set_technician_hours", "PUT", "/technicians/{technician_id}/hours"),
    Route("list_absences", "GET", "/absences"),
    Route("add_absence", "POST", "/technicians/{technician_id}/absences"),
    Route("remove_absence", "DELETE", "/absences/{absence_id}"),
    # routing rules
    Route("routing_rules", "GET", "/routing-rules"),
    Route("save_routing_rule", "PUT", "/routing-rules"),
    Route("delete_routing_rule", "DELETE", "/routing-rules/{rule_id}"),
    # online chat
    Route("list_conversations", "GET", "/conversations"),
    Route("get_conversation", "GET", "/conversations/{conversation_id}"),
    Route("set_chat_customer", "POST", "/conversations/{conversation_id}/customer"),
    Route("ticket_from_chat", "POST", "/conversations/{conversation_id}/ticket"),
    Route("link_chat", "POST", "/conversations/{conversation_id}/link"),
    Route("schedule_callback", "POST", "/callbacks"),
    Route("list_callbacks", "GET", "/callbacks"),
    Route("callback_queue", "GET", "/callbacks/queue"),
    Route("review_callbacks", "POST", "/callbacks/review", reads=True),
    Route("callback_stats", "GET", "/callbacks/stats"),
    Route("claim_callback", "POST", "/callbacks/{callback_id}/claim"),
    Route("release_callback", "POST", "/callbacks/{callback_id}/release"),
    Route("record_callback", "POST", "/callbacks/{callback_id}/outcome"),
    Route("record_callback_with_suggestions", "POST", "/callbacks/{callback_id}/answer"),
    Route("reassign_callback", "POST", "/callbacks/{callback_id}/assignee"),
    Route("callback_rules", "GET", "/callback-rules"),
    Route("save_callback_rule", "POST", "/callback-rules"),
    # the event log
    Route("last_event_id", "GET", "/events/last"),
    Route("events_after", "GET", "/events"),
    Route("wait_for_events", "GET", "/events/wait"),
    Route("wait_for_changes", "GET", "/events/changes"),
    Route("recent_notices", "GET", "/events/notices"),
    # signing in
    Route("setup_needed", "GET", "/setup"),
    Route("create_first_admin", "POST", "/setup/first-admin"),
    Route("authenticate", "POST", "/auth/check", reads=True),
    Route("change_password", "POST", "/auth/password"),
    Route("reset_password", "PUT", "/users/{user_id}/password"),
    Route("unlock_sign_in", "POST", "/auth/unlock"),
]
# routes that hold their request open until events come (or the timeout)
LONG_POLLS = frozenset({"wait_for_events", "wait_for_changes"})
BY_NAME = {r.name: r for r in ROUTES}
# no token needed (signing in itself is /auth/login, throttled)
PUBLIC = frozenset({"setup_needed", "create_first_admin"})


@dataclass(frozen=True)
class Param:
    name: str
    annotation: Any
    default: Any  # inspect.Parameter.empty when required
    variadic: bool = False  # **values: extra fields of the body


@dataclass(frozen=True)
class Signature:
    params: list[Param]
    returns: Any


@cache
def signature(name: str) -> Signature:
    """The use case's parameters (without self) and return type, from the Backend protocol."""
    method = getattr(Backend, name)
    hints = typing.get_type_hints(method)
    params = []
    for p in list(inspect.signature(method).parameters.values())[1:]:
        variadic = p.kind is inspect.Parameter.VAR_KEYWORD
        params.append(Param(p.name, hints.get(p.name, Any), p.default, variadic))
    return Signature(params, hints.get("return", Any))


@cache
def adapter(annotation: Any) -> TypeAdapter[Any]:
    try:
        return TypeAdapter(annotation, config=BYTES_AS_BASE64)
    except PydanticUserError:  # a BaseModel or dataclass carries its own config
        return TypeAdapter(annotation)


def to_json(annotation: Any, value: Any) -> Any:
    """JSON-ready. Plain values go as they are (true stays true where a number is expected, for
    the server to refuse as the services would), everything else through the type's adapter."""
    if value is None or isinstance(value, bool | int | float | str):
        return value.value if isinstance(value, Enum) else value
    return adapter(annotation).dump_python(value, mode="json", warnings=False)


def from_json(annotation: Any, value: Any) -> Any:
    return adapter(annotation).validate_python(value)


def query_value(value: Any) -> str:
    """A GET parameter as text: enums by value, times in ISO 8601, booleans in lower case."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(getattr(value, "value", value))


# --- errors --------------------------------------------------------------------------------------
STATUS = {
    "validation_error": 422,
    "not_found": 404,
    "duplicate": 409,
    "conflict": 409,
    "illegal_transition": 409,
    "claimed": 409,
    "permission_denied": 403,
    "not_signed_in": 401,
    "in_progress": 409,
    "too_many_attempts": 429,
    "schedule_conflict": 409,
    "domain_error": 400,
}


def error_status(exc: DomainError) -> int:
    return STATUS.get(exc.code, 400)


def error_from(body: dict[str, Any]) -> DomainError:
    """The exception the server raised, rebuilt from its JSON."""
    code, message = body.get("code"), str(body.get("message", ""))
    if code == "validation_error":
        return ValidationError(body.get("field", "request"), body.get("reason", message))
    if code == "not_found":
        entity, _, key = message.partition(" ")
        return NotFound(body.get("entity", entity), body.get("key", key.split(" ")[0]))
    if code == "duplicate":
        return DuplicateError(body.get("field", "value"), body.get("value", ""))
    if code == "conflict":
        return ConflictError(
            body.get("entity", "record"),
            body.get("entity_id"),
            int(body.get("expected_version", 0)),
            int(body.get("current_version", 0)),
            body.get("changed_fields", ()),
            body.get("changed_by", ()),
            body.get("current"),
        )
    if code == "illegal_transition":
        return IllegalTransition(
            body.get("current", "?"), body.get("target", "?"), body.get("allowed", ())
        )
    if code == "claimed":
        return ClaimedElsewhere(body.get("holder", "?"), datetime.fromisoformat(body["until"]))
    if code == "permission_denied":
        return PermissionDenied(message)
    if code == "not_signed_in":
        return NotSignedIn(message)
    if code == "too_many_attempts":
        wait = body.get("retry_after")
        return TooManyAttempts(message, wait if isinstance(wait, int) else None)
    if code == "in_progress":
        return InProgress(message)
    if code == "schedule_conflict":
        found = from_json(list[Conflict], body.get("conflicts") or [])
        return ScheduleConflict(found) if found else DomainError(message)
    return DomainError(message)
