"""Telephone calls and callbacks (回访)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .enums import CallbackOutcome, CallbackReason, CallbackStatus, CallDirection, CallOutcome


@dataclass(slots=True)
class Call:
    id: int
    call_id: str  # the PBX's correlation id for all legs (Asterisk Linkedid, FreeSWITCH uuid)
    direction: CallDirection
    from_number: str
    to_number: str
    offered_at: datetime
    agent_extension: str | None = None
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    outcome: CallOutcome = CallOutcome.RINGING
    end_cause: str | None = None
    customer_id: int | None = None
    ticket_id: int | None = None
    version: int = 1


@dataclass(slots=True)
class Callback:
    id: int
    reason: CallbackReason
    due_at: datetime
    status: CallbackStatus
    phone: str
    ticket_id: int | None = None
    customer_id: int | None = None
    call_id: str | None = None
    attempts: int = 0
    max_attempts: int = 3
    outcome: CallbackOutcome | None = None
    satisfaction: int | None = None
    problem_fixed: bool | None = None
    comment: str = ""
    agent: str | None = None
    completed_at: datetime | None = None
    created_at: datetime | None = None
    sla_due_at: datetime | None = None  # to be done by; later counts against timeliness
    technician_id: int | None = None  # whose work the customer is asked about
    assigned_to: str | None = None  # a supervisor gave it to this agent
    claimed_by: str | None = None  # the agent working it, until claim_expires_at
    claim_expires_at: datetime | None = None
    reopened: bool = False  # the answer sent the ticket back to dispatch
    version: int = 1


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """When to try again after a callback attempt that did not reach the customer."""

    max_attempts: int = 3
    delays: tuple[timedelta, ...] = (timedelta(hours=2), timedelta(hours=20))

    def next_due(self, attempts_made: int, now: datetime) -> datetime | None:
        """None when the attempts are used up (the callback closes as unreachable)."""
        if attempts_made >= self.max_attempts:
            return None
        index = min(attempts_made - 1, len(self.delays) - 1)
        return now + self.delays[max(index, 0)]
