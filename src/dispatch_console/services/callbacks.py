"""Callbacks (回访): scheduling, the agents' queue with claims, outcomes with retries and
reopening, the supervisor's review and dashboard, and the rules for resolved tickets."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..domain.callbacks import (
    DEFAULT_WORDS,
    LEASE,
    CallbackFilter,
    CallbackRow,
    CallbackRule,
    CallbackStats,
    RecordedCallback,
    Suggestion,
    SuggestionWords,
    claim_holder,
    suggestion_note,
    summarise,
    unsatisfied,
)
from ..domain.calls import Callback, RetryPolicy
from ..domain.desk_zone import DEFAULT_TIMEZONE
from ..domain.enums import (
    CallbackOutcome,
    CallbackReason,
    CallbackStatus,
    Channel,
    CommentVisibility,
    TicketStatus,
    parse_enum,
)
from ..domain.errors import ClaimedElsewhere, ConflictError, ValidationError
from ..domain.model import User
from ..domain.phones import normalise_phone
from ..domain.tickets import Ticket
from ..ports import UnitOfWork
from .base import Context, UseCases, check_version, clean_text
from .callback_policy import add_callback, redispatch_suggestions
from .fieldwork import write_comment
from .policy import DESK, SUPERVISORS, allow
from .ticket_changes import TicketChanges, audit_snapshot

REVIEWERS = ("supervisor",)
REOPENABLE = frozenset({TicketStatus.RESOLVED, TicketStatus.CLOSED})
REASON_MAX = 400  # ticket_transitions.reason


class CallbackUseCases(UseCases):
    def __init__(self, ctx: Context, changes: TicketChanges) -> None:
        super().__init__(ctx)
        self._changes = changes

    # --- scheduling ---------------------------------------------------------------------------
    @allow(DESK)
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
            cb = add_callback(
                self._ctx, uow, number, due_at, why, ticket_id, customer_id, max_attempts
            )
            uow.commit()
        return cb

    # --- the agents' queue --------------------------------------------------------------------
    @allow(DESK)
    def list_callbacks(
        self, status: CallbackStatus | str = "pending", limit: int = 200
    ) -> list[Callback]:
        st = parse_enum(CallbackStatus, status, "status")
        with self._uow(read_only=True) as uow:
            return uow.find(Callback, "due_at", max(1, min(limit, 1000)), status=st.value)

    @allow(DESK)
    def callback_queue(self, limit: int = 300) -> list[CallbackRow]:
        """Pending callbacks, next due first, with names: those given to me first (however far
        down the queue they are), then everyone's. The console marks claims and assignments."""
        pending = CallbackStatus.PENDING.value
        with self._uow(read_only=True) as uow:
            mine = uow.review_callbacks(
                CallbackFilter(status=pending, limit=limit, order="due", agent=self.actor.name)
            )
            mine = [r for r in mine if r.callback.assigned_to == self.actor.name]
            rest = uow.review_callbacks(CallbackFilter(status=pending, limit=limit, order="due"))
        given = {r.callback.id for r in mine}
        return mine + [r for r in rest if r.callback.id not in given]

    @allow(DESK)
    def claim_callback(self, callback_id: int) -> Callback:
        """Take a callback to work on it: nobody else can record it for the next ten minutes.
        Claiming again extends the lease. Two agents claiming at once: one wins, the other
        hears who has it."""
        now = self._now()
        with self._uow() as uow:
            cb = uow.get(Callback, callback_id)
            self._check_workable(cb, now)
            cb.claimed_by, cb.claim_expires_at = self.actor.name, now + LEASE
            try:
                uow.update(cb, cb.version)
            except ConflictError:
                raise self._lost_race(callback_id, now) from None
            self._record(uow, "callback", cb.id, "claimed", version=cb.version)
            uow.commit()
        return cb

    def _lost_race(self, callback_id: int, now: datetime) -> Exception:
        with self._uow(read_only=True) as uow:
            cb = uow.get(Callback, callback_id)
        holder = claim_holder(cb, now)
        if holder and holder != self.actor.name and cb.claim_expires_at is not None:
            return ClaimedElsewhere(holder, cb.claim_expires_at)
        return ValidationError("callback", "it changed while you opened it; open it again")

    @allow(DESK)
    def release_callback(self, callback_id: int) -> Callback:
        now = self._now()
        with self._uow() as uow:
            cb = uow.get(Callback, callback_id)
            if claim_holder(cb, now) != self.actor.name:
                return cb
            cb.claimed_by = cb.claim_expires_at = None
            uow.update(cb, cb.version)
            self._record(uow, "callback", cb.id, "released", version=cb.version)
            uow.commit()
        return cb

    def _check_workable(self, cb: Callback, now: datetime) -> None:
        if cb.status is not CallbackStatus.PENDING:
            raise ValidationError("status", f"this callback is already {cb.status.value}")
        holder = claim_holder(cb, now)
        if holder is not None and holder != self.actor.name:
            assert cb.claim_expires_at is not None
            raise ClaimedElsewhere(holder, cb.claim_expires_at)
        reviewer = self.actor.role in (*REVIEWERS, "admin")
        if cb.assigned_to not in (None, self.actor.name) and not reviewer:
            raise ValidationError("callback", f"a supervisor gave it to {cb.assigned_to}")

    @allow(DESK)
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
        """Record one attempt. Not reached: retry by the policy, then close as unreachable.
        Reached but unhappy or not fixed: the ticket is reopened and goes back to dispatch."""
        with self._uow() as uow:
            cb = self._attempt(uow, callback_id, expected_version, outcome, satisfaction,
                               problem_fixed, comment)  # fmt: skip
            uow.commit()
        return cb

    @allow(DESK)
    def record_callback_with_suggestions(
        self,
        callback_id: int,
        expected_version: int,
        outcome: CallbackOutcome | str,
        *,
        satisfaction: int | None = None,
        problem_fixed: bool | None = None,
        comment: str = "",
        words: SuggestionWords = DEFAULT_WORDS,
    ) -> RecordedCallback:
        """Record one attempt as `record_callback` does; when it reopens the ticket, whom to
        send back is noted in the ticket's timeline (`words`: the note's wording, in the
        agent's language) and returned. One transaction: the answer, the reopened ticket and
        the note, or nothing."""
        with self._uow() as uow:
            cb = self._attempt(uow, callback_id, expected_version, outcome, satisfaction,
                               problem_fixed, comment)  # fmt: skip
            hints: list[Suggestion] = []
            if cb.reopened and cb.ticket_id is not None:
                ticket = uow.get(Ticket, cb.ticket_id)
                hints = redispatch_suggestions(uow, ticket, self._now())
                if hints:  # for the dispatcher who picks the ticket up, in its timeline
                    write_comment(self._ctx, uow, ticket.id, suggestion_note(hints, words),
                                  CommentVisibility.INTERNAL, self._now())  # fmt: skip
            uow.commit()
        return RecordedCallback(cb, hints)

    def _attempt(
        self,
        uow: UnitOfWork,
        callback_id: int,
        expected_version: int,
        outcome: CallbackOutcome | str,
        satisfaction: int | None,
        problem_fixed: bool | None,
        comment: str,
    ) -> Callback:
        """One attempt recorded in `uow` (the caller commits)."""
        check_version(expected_version)
        result = parse_enum(CallbackOutcome, outcome, "outcome")
        if satisfaction is not None and (
            isinstance(satisfaction, bool) or satisfaction not in range(1, 6)
        ):
            raise ValidationError("satisfaction", "must be 1 to 5")
        text = clean_text(comment, "comment", max_len=2000, required=False)
        now = self._now()
        cb = self._load(uow, Callback, callback_id, expected_version)
        self._check_workable(cb, now)
        if result is CallbackOutcome.REACHED and cb.reason is CallbackReason.RESOLVED:
            if satisfaction is None:
                raise ValidationError("satisfaction", "ask the customer for a score, 1 to 5")
            if problem_fixed is None:
                raise ValidationError("problem_fixed", "ask whether it is really fixed")
        if (
            result is CallbackOutcome.REACHED
            and cb.ticket_id is not None
            and unsatisfied(satisfaction, problem_fixed)
            and not text
        ):
            raise ValidationError(
                "comment", "say what is still wrong: the ticket goes back to dispatch with it"
            )
        cb.attempts += 1
        cb.outcome, cb.agent = result, self.actor.name
        if text:  # earlier attempts' notes stay ("call after 6 pm")
            cb.comment = f"{cb.comment}\n{text}" if cb.comment else text
        cb.claimed_by = cb.claim_expires_at = None
        if result is CallbackOutcome.REACHED:
            cb.status, cb.completed_at = CallbackStatus.DONE, now
            cb.satisfaction, cb.problem_fixed = satisfaction, problem_fixed
        elif result is CallbackOutcome.WRONG_NUMBER:
            cb.status, cb.completed_at = CallbackStatus.UNREACHABLE, now
        else:
            next_due = RetryPolicy(cb.max_attempts).next_due(cb.attempts, now)
            if next_due is None:
                cb.status, cb.completed_at = CallbackStatus.UNREACHABLE, now
            else:  # a retry gets the same time to be done in as the first try had
                if cb.sla_due_at is not None:
                    cb.sla_due_at = next_due + (cb.sla_due_at - cb.due_at)
                cb.due_at = next_due
        ticket = self._ticket_to_reopen(uow, cb)
        cb.reopened = ticket is not None
        uow.update(cb, expected_version)
        self._record(
            uow, "callback", cb.id, "attempted", outcome=result.value, status=cb.status.value,
            satisfaction=satisfaction, problem_fixed=problem_fixed, reopened=cb.reopened,
            comment=text,
            changes={"status": [None, cb.status.value]}, version=cb.version,
        )  # fmt: skip
        if ticket is not None:
            before = audit_snapshot(ticket)
            reason = _reopen_reason(text)
            self._changes.apply(ticket, TicketStatus.REOPENED, reason)
            self._changes.save(uow, ticket, ticket.version, before, "transition", reason)
        return cb

    def _ticket_to_reopen(self, uow: UnitOfWork, cb: Callback) -> Ticket | None:
        if cb.status is not CallbackStatus.DONE or cb.ticket_id is None:
            return None
        if not unsatisfied(cb.satisfaction, cb.problem_fixed):
            return None
        ticket = uow.get(Ticket, cb.ticket_id)
        return ticket if ticket.status in REOPENABLE else None

    @allow(DESK)
    def redispatch_suggestions(self, ticket_id: int) -> list[Suggestion]:
        with self._uow(read_only=True) as uow:
            return redispatch_suggestions(uow, uow.get(Ticket, ticket_id), self._now())

    # --- supervisors --------------------------------------------------------------------------
    @allow(DESK)
    def review_callbacks(self, f: CallbackFilter) -> list[CallbackRow]:
        """Every callback for supervisors; agents see the ones they worked or were given."""
        if self.actor.role not in (*REVIEWERS, "admin"):
            f = replace(f, agent=self.actor.name)
        with self._uow(read_only=True) as uow:
            return uow.review_callbacks(f)

    @allow(SUPERVISORS)
    def reassign_callback(self, callback_id: int, expected_version: int, agent: str) -> Callback:
        """Give a callback to one agent (it leaves everyone else's "next" and any claim ends)."""
        check_version(expected_version)
        with self._uow() as uow:
            user = uow.find_one(User, username=agent)
            if user is None or not user.active:
                raise ValidationError("agent", f"{agent!r} is not an active user")
            cb = self._load(uow, Callback, callback_id, expected_version)
            if cb.status is not CallbackStatus.PENDING:
                raise ValidationError("status", f"this callback is already {cb.status.value}")
            cb.assigned_to, cb.claimed_by, cb.claim_expires_at = user.username, None, None
            uow.update(cb, expected_version)
            self._record(uow, "callback", cb.id, "reassigned", agent=user.username,
                         version=cb.version)  # fmt: skip
            uow.commit()
        return cb

    @allow(SUPERVISORS)
    def callback_stats(
        self, since: datetime, until: datetime, timezone: str = DEFAULT_TIMEZONE
    ) -> CallbackStats:
        if since.tzinfo is None or until.tzinfo is None or until <= since:
            raise ValidationError("period", "give a start before the end, with time zones")
        try:
            zone = ZoneInfo(timezone)
        except (ValueError, ZoneInfoNotFoundError):
            raise ValidationError("timezone", f"unknown time zone {timezone!r}") from None
        with self._uow(read_only=True) as uow:
            facts = uow.callback_facts(since, until)
            resolved, first_time = uow.resolution_counts(since, until)
            names = uow.technician_names({c.technician_id for c in facts if c.technician_id})
        return summarise(facts, since, until, zone, self._now(), resolved, first_time, names)

    # --- rules --------------------------------------------------------------------------------
    @allow(DESK)
    def callback_rules(self) -> list[CallbackRule]:
        with self._uow(read_only=True) as uow:
            return uow.find(CallbackRule)

    @allow(SUPERVISORS)
    def save_callback_rule(self, rule: CallbackRule) -> CallbackRule:
        """Add (id 0) or change a rule; changes carry the version they are based on."""
        if rule.channel is not None:
            rule.channel = parse_enum(Channel, rule.channel, "channel")
        rule.category = (rule.category or "").strip() or None
        rule.validate()
        with self._uow() as uow:
            if rule.id:
                expected = rule.version
                self._load(uow, CallbackRule, rule.id, expected)
                uow.update(rule, expected)
            else:
                rule.version = 1
                uow.add(rule)
            self._record(uow, "callback_rule", rule.id, "saved", version=rule.version)
            uow.commit()
        return rule


def _reopen_reason(note: str) -> str:
    """The reason on the reopened ticket: what the customer said, as the agent noted it (the
    score and "not fixed" are on the callback itself, shown in the reader's language). The
    ticket keeps 400 characters; the callback keeps the whole note."""
    return note if len(note) <= REASON_MAX else note[: REASON_MAX - 1] + "…"
