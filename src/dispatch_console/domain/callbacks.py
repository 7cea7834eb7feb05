"""Callback (回访) policy: when a resolved ticket is called back, by when each callback must be
done, who may work one, and what an answer means for the ticket."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .calls import Callback
from .desk_zone import DEFAULT_TIMEZONE
from .enums import CallbackReason, CallbackStatus, Channel
from .errors import ValidationError

LEASE = timedelta(minutes=10)  # a claimed callback is the claimer's for this long
LOW_SCORE = 2  # satisfaction at or below this is flagged and reopens the ticket
DELAY_KINDS = ("hours", "next_business_day")
# how long after it falls due each kind of callback may take before it is late
SLA = {
    CallbackReason.MISSED_CALL: timedelta(hours=2),
    CallbackReason.CUSTOMER_REQUEST: timedelta(hours=1),
}


@dataclass(slots=True)
class CallbackRule:
    """Resolved tickets matching category and channel (None: any) are called back after a delay:
    a number of hours, or the next business day (Monday to Friday) at a local hour."""

    id: int
    category: str | None = None
    channel: Channel | None = None
    delay_kind: str = "next_business_day"
    delay_hours: int = 24
    at_hour: int = 10
    timezone: str = DEFAULT_TIMEZONE
    sla_hours: int = 8  # to be done within this long of falling due
    enabled: bool = True
    version: int = 1

    def validate(self) -> None:
        if self.delay_kind not in DELAY_KINDS:
            raise ValidationError("delay_kind", f"must be one of {', '.join(DELAY_KINDS)}")
        if not 0 <= self.delay_hours <= 24 * 14:
            raise ValidationError("delay_hours", "must be between 0 and 336 (two weeks)")
        if not 0 <= self.at_hour <= 23:
            raise ValidationError("at_hour", "must be an hour from 0 to 23")
        if not 1 <= self.sla_hours <= 24 * 7:
            raise ValidationError("sla_hours", "must be between 1 and 168 (a week)")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValidationError("timezone", f"unknown time zone {self.timezone!r}") from None

    @property
    def specificity(self) -> int:
        return (self.category is not None) * 2 + (self.channel is not None)

    def matches(self, category: str, channel: Channel) -> bool:
        return (
            self.enabled and self.category in (None, category) and self.channel in (None, channel)
        )

    def due_after(self, resolved_at: datetime) -> datetime:
        if self.delay_kind == "hours":
            return resolved_at + timedelta(hours=self.delay_hours)
        zone = ZoneInfo(self.timezone)
        day = resolved_at.astimezone(zone).date() + timedelta(days=1)
        while day.weekday() >= 5:  # Saturday, Sunday
            day += timedelta(days=1)
        return datetime.combine(day, time(self.at_hour), zone).astimezone(resolved_at.tzinfo)


def rule_for(rules: list[CallbackRule], category: str, channel: Channel) -> CallbackRule | None:
    """The most specific enabled rule that matches; None: this ticket gets no callback."""
    matching = [r for r in rules if r.matches(category, channel)]
    return max(matching, key=lambda r: (r.specificity, -r.id), default=None)


def claim_holder(cb: Callback, now: datetime) -> str | None:
    """Who holds the callback now (None: anyone may take it)."""
    if cb.claimed_by and cb.claim_expires_at is not None and cb.claim_expires_at > now:
        return cb.claimed_by
    return None


def unsatisfied(satisfaction: int | None, problem_fixed: bool | None) -> bool:
    """An answer that sends the ticket back to dispatch."""
    return problem_fixed is False or (satisfaction is not None and satisfaction <= LOW_SCORE)


def is_late(cb: Callback, now: datetime) -> bool:
    """Past its own deadline: done after it, or still open after it."""
    if cb.sla_due_at is None:
        return False
    if cb.completed_at is not None:
        return cb.completed_at > cb.sla_due_at
    return cb.status is CallbackStatus.PENDING and now > cb.sla_due_at


@dataclass(frozen=True, slots=True)
class CallbackFilter:
    """What a supervisor reviews: every field optional; `since`/`until` bound when it was
    created."""

    agent: str | None = None
    technician_id: int | None = None
    outcome: str | None = None
    status: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    low_only: bool = False
    limit: int = 1000
    order: str = "newest"  # or "due": next due first (the agents' queue)


@dataclass(slots=True)
class CallbackRow:
    """A callback with the names a reviewer reads."""

    callback: Callback
    ticket_number: str | None = None
    category: str | None = None
    customer_name: str | None = None
    technician_name: str | None = None

    @property
    def flagged(self) -> bool:
        return unsatisfied(self.callback.satisfaction, self.callback.problem_fixed)


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A technician to send back to a reopened ticket."""

    technician_id: int
    name: str
    same_technician: bool  # did the visit the customer was unhappy with
    average: float | None  # customers' satisfaction over the last 90 days (None: too few)


@dataclass(frozen=True, slots=True)
class SuggestionWords:
    """How the note of whom to send back reads, in the agent's language: `note` has %1 where
    the names go; `same` marks the technician who did the visit."""

    note: str = "Suggested: %1"
    same: str = "same technician"


DEFAULT_WORDS = SuggestionWords()


def suggestion_note(hints: list[Suggestion], words: SuggestionWords = DEFAULT_WORDS) -> str:
    """ "Suggested: Wang Wei (same technician) ★4.5, Li Na ★4.8"."""
    names = [
        h.name
        + (f" ({words.same})" if h.same_technician else "")
        + (f" ★{h.average:.1f}" if h.average is not None else "")
        for h in hints
    ]
    return words.note.replace("%1", ", ".join(names))


@dataclass(slots=True)
class RecordedCallback:
    """A callback's answer as recorded, with whom to send back when it reopened the ticket."""

    callback: Callback
    suggestions: list[Suggestion] = field(default_factory=list)


@dataclass(slots=True)
class TechnicianScore:
    technician_id: int
    name: str
    callbacks: int = 0
    average: float | None = None
    low: int = 0


@dataclass(slots=True)
class CallbackStats:
    """The supervisor's dashboard for one period."""

    satisfaction_by_day: list[tuple[str, float, int]] = field(default_factory=list)
    resolved_tickets: int = 0
    first_time_fixed: int = 0
    callbacks_due: int = 0
    callbacks_done: int = 0
    callbacks_unreachable: int = 0
    callbacks_on_time: int = 0
    technicians: list[TechnicianScore] = field(default_factory=list)

    @property
    def first_time_fix_rate(self) -> float | None:
        return self.first_time_fixed / self.resolved_tickets if self.resolved_tickets else None

    @property
    def completion_rate(self) -> float | None:
        return self.callbacks_done / self.callbacks_due if self.callbacks_due else None

    @property
    def timeliness(self) -> float | None:
        finished = self.callbacks_done + self.callbacks_unreachable
        return self.callbacks_on_time / finished if finished else None


def summarise(
    facts: list[Callback],
    since: datetime,
    until: datetime,
    zone: ZoneInfo,
    now: datetime,
    resolved: int,
    first_time: int,
    names: dict[int, str],
) -> CallbackStats:
    """The dashboard's figures from the callbacks due or finished in the period."""
    stats = CallbackStats(resolved_tickets=resolved, first_time_fixed=first_time)
    by_day: dict[str, list[int]] = {}
    by_tech: dict[int, list[int]] = {}
    for cb in facts:
        finished = cb.completed_at is not None and since <= cb.completed_at < until
        if since <= cb.due_at < until and cb.status is not CallbackStatus.CANCELLED:
            stats.callbacks_due += 1
            stats.callbacks_done += cb.status is CallbackStatus.DONE
        if not finished:
            continue
        assert cb.completed_at is not None
        stats.callbacks_unreachable += cb.status is CallbackStatus.UNREACHABLE
        stats.callbacks_on_time += cb.status in (
            CallbackStatus.DONE, CallbackStatus.UNREACHABLE
        ) and not is_late(cb, now)  # fmt: skip
        if cb.satisfaction is None:
            continue
        day = cb.completed_at.astimezone(zone).date().isoformat()
        by_day.setdefault(day, []).append(cb.satisfaction)
        if cb.technician_id is not None:
            by_tech.setdefault(cb.technician_id, []).append(cb.satisfaction)
    stats.satisfaction_by_day = [
        (day, sum(s) / len(s), len(s)) for day, s in sorted(by_day.items())
    ]
    scores = [
        TechnicianScore(t, names.get(t, f"#{t}"), len(s), sum(s) / len(s), _low(s))
        for t, s in by_tech.items()
    ]
    stats.technicians = sorted(scores, key=lambda x: (x.average or 0, -x.callbacks))
    return stats


def _low(scores: list[int]) -> int:
    return sum(1 for x in scores if x <= LOW_SCORE)
