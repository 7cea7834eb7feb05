"""The ticket lifecycle as an explicit state machine.

Normal flow:
  new -> assigned -> accepted -> en_route -> on_site -> in_progress -> resolved -> closed.
Side states: on_hold (SLA paused; resumes to the state it left), reopened (after resolved/closed),
cancelled (final). Transfers between departments are not a state: they reset the assignment.
"""

from __future__ import annotations

from types import MappingProxyType

from .enums import TicketStatus as S
from .errors import IllegalTransition, ValidationError

_FORWARD: dict[S, frozenset[S]] = {
    S.NEW: frozenset({S.ASSIGNED, S.ON_HOLD, S.CANCELLED}),
    S.ASSIGNED: frozenset({S.ACCEPTED, S.NEW, S.ON_HOLD, S.CANCELLED}),
    S.ACCEPTED: frozenset({S.EN_ROUTE, S.ON_SITE, S.NEW, S.ON_HOLD, S.CANCELLED}),
    S.EN_ROUTE: frozenset({S.ON_SITE, S.ACCEPTED, S.ON_HOLD, S.CANCELLED}),
    S.ON_SITE: frozenset({S.IN_PROGRESS, S.RESOLVED, S.ON_HOLD}),
    S.IN_PROGRESS: frozenset({S.RESOLVED, S.ON_HOLD}),
    # on_hold resumes to where it came from; see allowed_targets()
    S.ON_HOLD: frozenset({S.CANCELLED}),
    S.RESOLVED: frozenset({S.CLOSED, S.REOPENED}),
    S.CLOSED: frozenset({S.REOPENED}),
    S.REOPENED: frozenset({S.ASSIGNED, S.ON_HOLD, S.CANCELLED}),
    S.CANCELLED: frozenset(),
}
TRANSITIONS = MappingProxyType(_FORWARD)

OPEN_STATES = frozenset(set(S) - {S.RESOLVED, S.CLOSED, S.CANCELLED})
# states in which the ticket has a technician attached
ASSIGNED_STATES = frozenset({S.ASSIGNED, S.ACCEPTED, S.EN_ROUTE, S.ON_SITE, S.IN_PROGRESS})
# states from which a ticket may still be handed to another department
TRANSFERABLE_STATES = frozenset({S.NEW, S.ASSIGNED, S.ACCEPTED, S.REOPENED, S.ON_HOLD})
# states from which assign() may (re)assign a technician; the ticket then becomes assigned
ASSIGNABLE_STATES = frozenset({S.NEW, S.REOPENED, S.ASSIGNED, S.ACCEPTED, S.EN_ROUTE})
# states in which a technician has the job in hand (said yes, or is on the way): taking it from
# them is allowed, but only when the caller says so (place_visit's take_over)
IN_HAND_STATES = frozenset({S.ACCEPTED, S.EN_ROUTE})
# transitions that need a human reason in the timeline
REASON_REQUIRED = frozenset({S.ON_HOLD, S.CANCELLED, S.REOPENED})


def allowed_targets(current: S, held_from: S | None = None) -> frozenset[S]:
    """The states a ticket in `current` may move to next."""
    targets = set(TRANSITIONS[current])
    if current is S.ON_HOLD and held_from is not None:
        targets.add(held_from)
    return frozenset(targets)


def check_transition(
    current: S,
    target: S,
    *,
    held_from: S | None = None,
    reason: str | None = None,
    assignee_id: int | None = None,
) -> None:
    """Raise unless moving from `current` to `target` is legal with the given context."""
    allowed = allowed_targets(current, held_from)
    if target not in allowed:
        order = [s.value for s in S if s in allowed]
        raise IllegalTransition(current.value, target.value, order)
    if target in REASON_REQUIRED and not (reason and reason.strip()):
        raise ValidationError("reason", f"moving a ticket to {target.value} needs a reason")
    if target in ASSIGNED_STATES and assignee_id is None:
        raise ValidationError("assignee_id", f"a ticket that is {target.value} needs a technician")
