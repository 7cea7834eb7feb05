"""Which change-feed events are notices for whom: a supervisor hears of SLA escalations meant
for supervisors, a watcher of the tickets a routing rule put them on, the desk of jobs
auto-dispatch left to a person and of technicians running late. The console says them in
words; the service looks them up for a console that was closed when they happened, so both
read the rule here."""

from __future__ import annotations

from datetime import timedelta

from .events import Event

# a kind added here needs the events' partial index widened (storage/schema.py, a migration)
NOTICE_KINDS = ("auto_dispatch", "escalated", "routed", "running_late")
NOTICE_WINDOW = timedelta(hours=24)  # older ones are in the tickets' timelines
MAX_NOTICES = 200
DESK = ("agent", "supervisor", "admin")
SUPERVISORS = ("supervisor", "admin")


def is_notice_for(event: Event, name: str, role: str, department_id: int | None = None) -> bool:
    """Whether the user `name` (of `role`, in `department_id`) should hear of this event. A
    supervisor of a department hears of its escalations (and of tickets in none), as the
    e-mails and texts go; one of no department and administrators hear of all."""
    if event.entity != "ticket" or not event.entity_id.isdigit():
        return False
    p = event.payload
    if event.kind == "escalated":
        theirs = (
            role != "supervisor"
            or department_id is None
            or p.get("department_id") in (None, department_id)
        )
        return role in SUPERVISORS and p.get("level") != "assignee" and theirs
    if event.kind == "routed":
        return name in (p.get("watchers") or [])
    if event.kind == "auto_dispatch":
        return p.get("code") != "assigned" and role in DESK
    if event.kind == "running_late":  # the desk takes the customer's call about it
        return role in DESK
    return False
