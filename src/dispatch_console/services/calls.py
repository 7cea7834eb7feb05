"""Calls from the PBX: recording them, screen-pop lookups, missed calls into callbacks."""

from __future__ import annotations

from datetime import datetime

from ..domain.callbacks import SLA
from ..domain.calls import Call, Callback
from ..domain.enums import (
    CallbackReason,
    CallbackStatus,
    CallDirection,
    CallOutcome,
    parse_enum,
)
from ..domain.errors import NotFound, ValidationError
from ..domain.model import Asset, Site
from ..domain.tickets import Ticket
from ..domain.timeline import CallerMatch
from ..ports import UnitOfWork
from .base import UseCases, clean_text
from .policy import DESK, allow

CALL_EVENTS = ("offered", "answered", "ended")
RECENT_CALLS = 5
MAX_CALLER_MATCHES = 5  # a shared switchboard number can match many; screen-pop shows a few
OPEN_TICKETS_SHOWN = 20
SITES_SHOWN = 5
ASSETS_SHOWN = 10
CALLBACKS_SHOWN = 3


class CallUseCases(UseCases):
    @allow(DESK)
    def lookup_caller(self, raw_number: str) -> CallerMatch:
        """Screen-pop: exact match on the normalised number, then that customer's open tickets.
        The number may be in the PBX's local form (62345678, 9 + ..., 17951 + ...)."""
        number = self._pbx_number(raw_number)
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

    @allow(DESK, "pbx")
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
        # numbers as the PBX dials them (62345678, 9 + ..., 17951 + ...) in E.164; what is no
        # phone number (an extension, anonymous) is kept as sent
        caller = self._pbx_number(from_number) or from_number.strip()
        callee = self._pbx_number(to_number) or to_number.strip()
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
            # the call row has no column for it: the audit trail keeps what the PBX really sent
            **({"pbx_from_number": from_number[:40]} if from_number.strip() != caller else {}),
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
        due = call.ended_at or self._now()
        cb = uow.add(
            Callback(
                0,
                CallbackReason.MISSED_CALL,
                due,
                CallbackStatus.PENDING,
                call.from_number,
                customer_id=call.customer_id,
                call_id=call.call_id,
                created_at=self._now(),
                sla_due_at=due + SLA[CallbackReason.MISSED_CALL],
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

    @allow(DESK)
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

    @allow(DESK)
    def list_calls(self, *, missed_only: bool = False, limit: int = 100) -> list[Call]:
        limit = max(1, min(limit, 1000))
        with self._uow(read_only=True) as uow:
            if missed_only:
                return uow.find(Call, "-id", limit, outcome=CallOutcome.MISSED.value)
            return uow.find(Call, "-id", limit)


def _unanswered(direction: CallDirection, cause: str | None) -> CallOutcome:
    """An inbound call nobody took is missed (and called back); an outbound one the customer
    did not pick up failed, or found them busy."""
    if direction is CallDirection.INBOUND:
        return CallOutcome.MISSED
    return CallOutcome.BUSY if cause == "busy" else CallOutcome.FAILED
