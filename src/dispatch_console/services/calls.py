"""Calls from the PBX and callbacks (回访) to customers."""

from __future__ import annotations

from datetime import datetime

from ..domain.calls import Call, Callback, RetryPolicy
from ..domain.enums import (
    CallbackOutcome,
    CallbackReason,
    CallbackStatus,
    CallDirection,
    CallOutcome,
    parse_enum,
)
from ..domain.errors import NotFound, ValidationError
from ..domain.model import Asset, Customer, Site
from ..domain.phones import normalise_phone, try_normalise_phone
from ..domain.tickets import Ticket
from ..domain.timeline import CallerMatch
from ..ports import UnitOfWork
from .base import ServiceBase, check_version, clean_text

CALL_EVENTS = ("offered", "answered", "ended")
RECENT_CALLS = 5
MAX_CALLER_MATCHES = 5  # a shared switchboard number can match many; screen-pop shows a few
OPEN_TICKETS_SHOWN = 20
SITES_SHOWN = 5
ASSETS_SHOWN = 10
CALLBACKS_SHOWN = 3


class CallServices(ServiceBase):
    def lookup_caller(self, raw_number: str) -> CallerMatch:
        """Screen-pop: exact match on the normalised number, then that customer's open tickets."""
        number = try_normalise_phone(raw_number, self.region)
        if number is None:
            return CallerMatch(None)
        with self._uow(read_only=True) as uow:
            customers = uow.customers_by_phone(number)
            ids = [c.id for c in customers[:MAX_CALLER_MATCHES]]
            tickets = uow.open_tickets_of(ids, OPEN_TICKETS_SHOWN)
            recent = uow.recent_calls(number, RECENT_CALLS)
            match = CallerMatch(number, customers, tickets, recent)
            if len(customers) == 1:  # one caller: what they have, for "which machine is it?"
                for site in uow.find(Site, "id", SITES_SHOWN, customer_id=customers[0].id):
                    for asset in uow.find(Asset, "id", ASSETS_SHOWN, site_id=site.id):
                        match.assets.append((site, asset))
            match.callbacks = uow.find(
                Callback, "due_at", CALLBACKS_SHOWN, phone=number, status="pending"
            )
        return match

    def record_call_event(
        self,
        kind: str,
        call_id: str,
        at: datetime,
        *,
        direction: CallDirection | str = "inbound",
        from_number: str = "",
        to_number: str = "",
        agent_extension: str | None = None,
        cause: str | None = None,
    ) -> Call:
        """Apply one normalised PBX event. Replays of the same event change nothing."""
        if kind not in CALL_EVENTS:
            raise ValidationError("kind", f"unknown call event {kind!r}")
        call_id = clean_text(call_id, "call_id", max_len=100)
        if at.tzinfo is None:
            raise ValidationError("at", "needs a time zone")
        with self._uow() as uow:
            call = uow.find_one(Call, call_id=call_id)
            if call is not None:
                # lock it: a PBX replaying an event while the first copy is being applied must
                # wait and then find it applied, not fail with a version conflict
                call = uow.get(Call, call.id, lock=True)
            else:
                call = self._new_call(
                    uow,
                    call_id,
                    at,
                    parse_enum(CallDirection, direction, "direction"),
                    from_number,
                    to_number,
                    agent_extension,
                )
                if kind == "offered":
                    uow.commit()
                    return call
            before = (call.answered_at, call.ended_at, call.agent_extension)
            if kind == "offered" and agent_extension and call.answered_at is None:
                call.agent_extension = agent_extension  # rang another agent (queue)
            elif kind == "answered" and call.answered_at is None:
                # an answer that arrives after the hang-up (events from several consoles or
                # threads) corrects a call wrongly taken for missed, and its callback
                was_missed = call.outcome is CallOutcome.MISSED
                call.answered_at, call.outcome = at, CallOutcome.ANSWERED
                call.agent_extension = agent_extension or call.agent_extension
                if was_missed:
                    self._withdraw_missed_callback(uow, call)
            elif kind == "ended" and call.ended_at is None:
                call.ended_at, call.end_cause = at, cause
                if call.answered_at is None:
                    call.outcome = _unanswered(call.direction, cause)
            if (call.answered_at, call.ended_at, call.agent_extension) != before:
                uow.update(call, call.version)
                self._record(
                    uow,
                    "call",
                    call.id,
                    kind,
                    call_id=call_id,
                    outcome=call.outcome.value,
                    agent_extension=call.agent_extension,
                )
                if kind == "ended" and call.outcome is CallOutcome.MISSED:
                    # only after an event is appended: the store serialises event-log writers,
                    # so two missed calls from one caller ending at once cannot both find no
                    # pending callback and both create one
                    self._missed_call_callback(uow, call)
                uow.commit()
        return call

    def _new_call(
        self,
        uow: UnitOfWork,
        call_id: str,
        at: datetime,
        direction: CallDirection,
        from_number: str,
        to_number: str,
        extension: str | None,
    ) -> Call:
        caller = try_normalise_phone(from_number, self.region) or from_number.strip()
        callee = try_normalise_phone(to_number, self.region) or to_number.strip()
        customers = uow.customers_by_phone(caller if direction is CallDirection.INBOUND else callee)
        call = uow.add(
            Call(
                0,
                call_id,
                direction,
                caller[:40] or "anonymous",
                callee[:40],
                at,
                extension,
                customer_id=customers[0].id if len(customers) == 1 else None,
            )
        )
        self._record(
            uow,
            "call",
            call.id,
            "offered",
            call_id=call_id,
            direction=direction.value,
            from_number=call.from_number,
            agent_extension=extension,
            customer_id=call.customer_id,
        )
        return call

    def _missed_call_callback(self, uow: UnitOfWork, call: Call) -> None:
        if call.direction is not CallDirection.INBOUND or not call.from_number.startswith("+"):
            return
        pending = uow.find(
            Callback,
            phone=call.from_number,
            status=CallbackStatus.PENDING.value,
            reason=CallbackReason.MISSED_CALL.value,
        )
        if pending:  # one callback per caller is enough, however often they rang
            return
        cb = uow.add(
            Callback(
                0,
                CallbackReason.MISSED_CALL,
                call.ended_at or self._now(),
                CallbackStatus.PENDING,
                call.from_number,
                customer_id=call.customer_id,
                call_id=call.call_id,
                created_at=self._now(),
            )
        )
        self._record(
            uow, "callback", cb.id, "scheduled", reason=cb.reason.value, phone=cb.phone, version=1
        )

    def _withdraw_missed_callback(self, uow: UnitOfWork, call: Call) -> None:
        for cb in uow.find(Callback, call_id=call.call_id, status=CallbackStatus.PENDING.value):
            if cb.reason is CallbackReason.MISSED_CALL:
                cb.status = CallbackStatus.CANCELLED
                uow.update(cb, cb.version)
                self._record(uow, "callback", cb.id, "cancelled", reason="the call was answered")

    def link_call(self, call_id: str, ticket_id: int) -> Call:
        with self._uow() as uow:
            call = uow.find_one(Call, call_id=call_id)
            if call is None:
                raise NotFound("call", call_id)
            ticket = uow.get(Ticket, ticket_id)
            call.ticket_id = ticket.id
            call.customer_id = call.customer_id or ticket.customer_id
            uow.update(call, call.version)
            self._record(uow, "call", call.id, "linked", ticket_id=ticket_id)
            uow.commit()
        return call

    def list_calls(self, *, missed_only: bool = False, limit: int = 100) -> list[Call]:
        limit = max(1, min(limit, 1000))
        with self._uow(read_only=True) as uow:
            if missed_only:
                return uow.find(Call, "-id", limit, outcome=CallOutcome.MISSED.value)
            return uow.find(Call, "-id", limit)

    # --- callbacks -----------------------------------------------------------------------------
    def schedule_callback(
        self,
        phone: str,
        due_at: datetime,
        *,
        reason: CallbackReason | str = "customer_request",
        ticket_id: int | None = None,
        customer_id: int | None = None,
        max_attempts: int = 3,
    ) -> Callback:
        number = normalise_phone(phone, self.region)
        why = parse_enum(CallbackReason, reason, "reason")
        if due_at.tzinfo is None:
            raise ValidationError("due_at", "needs a time zone")
        if not 1 <= max_attempts <= 10:
            raise ValidationError("max_attempts", "must be between 1 and 10")
        with self._uow() as uow:
            if ticket_id is not None:
                ticket = uow.get(Ticket, ticket_id)
                customer_id = customer_id or ticket.customer_id
            if customer_id is not None:
                uow.get(Customer, customer_id)
            cb = uow.add(
                Callback(
                    0,
                    why,
                    due_at,
                    CallbackStatus.PENDING,
                    number,
                    ticket_id=ticket_id,
                    customer_id=customer_id,
                    max_attempts=max_attempts,
                    created_at=self._now(),
                )
            )
            self._record(
                uow,
                "callback",
                cb.id,
                "scheduled",
                reason=why.value,
                due_at=due_at,
                ticket_id=ticket_id,
                version=1,
            )
            uow.commit()
        return cb

    def record_callback(
        self,
        callback_id: int,
        expected_version: int,
        outcome: CallbackOutcome | str,
        *,
        satisfaction: int | None = None,
        problem_fixed: bool | None = None,
        comment: str = "",
    ) -> Callback:
        """Record one attempt. Not reached: retry by the policy, then close as unreachable."""
        check_version(expected_version)
        result = parse_enum(CallbackOutcome, outcome, "outcome")
        if satisfaction is not None and (
            isinstance(satisfaction, bool) or satisfaction not in range(1, 6)
        ):
            raise ValidationError("satisfaction", "must be 1 to 5")
        now = self._now()
        with self._uow() as uow:
            cb = self._load(uow, Callback, callback_id, expected_version)
            if cb.status is not CallbackStatus.PENDING:
                raise ValidationError("status", f"this callback is already {cb.status.value}")
            if (
                result is CallbackOutcome.REACHED
                and cb.reason is CallbackReason.RESOLVED
                and (satisfaction is None)
            ):
                raise ValidationError("satisfaction", "ask the customer for a score from 1 to 5")
            cb.attempts += 1
            cb.outcome, cb.agent = result, self.actor.name
            cb.comment = clean_text(comment, "comment", max_len=2000, required=False)
            if result is CallbackOutcome.REACHED:
                cb.status, cb.completed_at = CallbackStatus.DONE, now
                cb.satisfaction, cb.problem_fixed = satisfaction, problem_fixed
            elif result is CallbackOutcome.WRONG_NUMBER:
                cb.status, cb.completed_at = CallbackStatus.UNREACHABLE, now
            else:
                next_due = RetryPolicy(cb.max_attempts).next_due(cb.attempts, now)
                if next_due is None:
                    cb.status, cb.completed_at = CallbackStatus.UNREACHABLE, now
                else:
                    cb.due_at = next_due
            uow.update(cb, expected_version)
            self._record(
                uow,
                "callback",
                cb.id,
                "attempted",
                outcome=result.value,
                status=cb.status.value,
                satisfaction=satisfaction,
                changes={"status": [None, cb.status.value]},
                version=cb.version,
            )
            uow.commit()
        return cb

    def list_callbacks(
        self, status: CallbackStatus | str = "pending", limit: int = 200
    ) -> list[Callback]:
        st = parse_enum(CallbackStatus, status, "status")
        with self._uow(read_only=True) as uow:
            return uow.find(Callback, "due_at", max(1, min(limit, 1000)), status=st.value)


def _unanswered(direction: CallDirection, cause: str | None) -> CallOutcome:
    """An inbound call nobody took is missed (and called back); an outbound one the customer
    did not pick up failed, or found them busy."""
    if direction is CallDirection.INBOUND:
        return CallOutcome.MISSED
    return CallOutcome.BUSY if cause == "busy" else CallOutcome.FAILED
