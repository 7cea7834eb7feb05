"""Who may call which use case over HTTP, and on whose records.

Desk staff (agents, supervisors, administrators) may call every use case; the services refuse
what needs a supervisor or an administrator. A technician may call only what field work needs,
and only on their own jobs and their own record. Integration tokens (the PBX, GPS devices) have
their own endpoints and call none of these."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..domain.errors import NotFound, PermissionDenied
from ..ports import Actor, TicketQuery
from ..services import Services

DESK = frozenset({"agent", "supervisor", "admin"})
TECHNICIAN = frozenset(
    {
        "get_ticket", "ticket_history", "search_tickets", "transition", "add_comment", "attach",
        "check_in", "log_work", "consume_part", "dispatch_job", "get_technician",
        "set_technician_status", "report_position", "list_parts", "attachment_data",
        "report_running_late",
    }
)  # fmt: skip
TICKET_SCOPED = frozenset(
    {"get_ticket", "ticket_history", "transition", "add_comment", "attach", "check_in",
     "log_work", "consume_part", "dispatch_job", "report_running_late"}
)  # fmt: skip
SELF_SCOPED = frozenset({"get_technician", "set_technician_status", "report_position"})
# the steps of a job that are the technician's to take (from -> to); on site comes only through
# a check-in (with its position and geofence), and cancelling, closing, holding or reopening
# are the desk's
FIELD_STEPS = frozenset({
    ("assigned", "accepted"), ("assigned", "new"), ("accepted", "new"),
    ("accepted", "en_route"), ("en_route", "accepted"),
    ("on_site", "in_progress"), ("on_site", "resolved"), ("in_progress", "resolved"),
})  # fmt: skip


def check_access(name: str, services: Services, arguments: dict[str, Any]) -> None:
    """Raises PermissionDenied unless the actor may call `name` with these arguments; narrows
    a technician's ticket search to their own jobs (in place)."""
    actor: Actor = services.actor
    if actor.role in DESK or name in ("setup_needed", "create_first_admin"):
        return
    if actor.role != "technician" or name not in TECHNICIAN:
        raise PermissionDenied(f"{actor.name} ({actor.role}) may not {name.replace('_', ' ')}")
    mine = actor.technician_id
    if mine is None:
        raise PermissionDenied(f"{actor.name} is not linked to a technician record")
    if name in SELF_SCOPED and arguments.get("technician_id") != mine:
        raise PermissionDenied("a technician may only report and change their own status")
    if name in TICKET_SCOPED or name == "attachment_data":
        try:
            ticket_id = (
                services.attachment_ticket(int(arguments["attachment_id"]))
                if name == "attachment_data"
                else int(arguments["ticket_id"])
            )
            ticket = services.get_ticket(ticket_id)
        except NotFound:  # the same answer as for a colleague's job: no listing of ids
            raise PermissionDenied("this job is not assigned to you") from None
        if ticket.assignee_id != mine:
            raise PermissionDenied("this job is not assigned to you")
        for key in ("technician_id",):
            if arguments.get(key) not in (None, mine):
                raise PermissionDenied("a technician works under their own name")
        if name == "transition":
            _field_step(ticket.status.value, str(getattr(arguments["target"], "value",
                                                         arguments["target"])))  # fmt: skip
    if name == "search_tickets":
        query: TicketQuery = arguments["query"]
        arguments["query"] = replace(query, assignee_id=mine)


def _field_step(current: str, target: str) -> None:
    if (current, target) not in FIELD_STEPS:
        raise PermissionDenied(
            f"a technician may not move a job from {current} to {target}"
            + ("; check in on site instead" if target == "on_site" else "; ask the desk")
        )
