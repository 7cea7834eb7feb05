"""Seats of a hosted company (issue 26): how many people may be signed in at once.

A seat is a user with a live session (a session token neither expired nor revoked); the same
user on a second device takes no second seat. Integration tokens take none. The limit comes from
the tenant catalogue and is checked before a session is made; who holds the seats is told only
to someone whose password was right. Two sign-ins in the same instant may both pass: the limit
is a bill's, not a lock's, and the monthly usage shows it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, text

from ..domain.errors import PermissionDenied, ValidationError

LIVE_SESSIONS = text(
    "SELECT id, user_id, subject, created_at FROM api_tokens WHERE user_id IS NOT NULL "
    "AND revoked_at IS NULL AND expires_at > :now ORDER BY created_at, id"
)


@dataclass
class Holder:
    user_id: int
    username: str
    since: datetime
    sessions: list[int] = field(default_factory=list)  # token ids: DELETE /auth/tokens/ID


MONTHS_SIGN_INS = text(
    "SELECT payload->>'subject' AS username, count(*) AS sign_ins FROM events "
    "WHERE entity = 'token' AND kind = 'signed_in' AND at >= :start AND at < :end "
    "GROUP BY payload->>'subject' ORDER BY payload->>'subject'"
)


@dataclass
class MonthsUse:
    """A month's sign-ins of one company, per person: what its bill counts."""

    month: str
    seat_limit: int
    people: list[tuple[str, int]]  # user name, sign-ins

    def to_json(self) -> dict[str, object]:
        return {
            "month": self.month, "seat_limit": self.seat_limit,
            "people_signed_in": len(self.people),
            "sign_ins": sum(n for _, n in self.people),
            "people": [{"username": u, "sign_ins": n} for u, n in self.people],
        }  # fmt: skip


def month_bounds(month: str) -> tuple[datetime, datetime]:
    """`2026-12` -> its first instant and the next month's (UTC); ValidationError otherwise."""
    try:
        start = datetime.strptime(month, "%Y-%m").replace(tzinfo=UTC)
    except ValueError:
        raise ValidationError("month", f"{month[:20]!r} is not a month such as 2026-12") from None
    return start, (start + timedelta(days=32)).replace(day=1)


class Seats:
    def __init__(self, engine: Engine, limit: Callable[[], int]) -> None:
        self._engine = engine
        self._limit = limit

    @property
    def limit(self) -> int:
        return self._limit()

    def holders(self, now: datetime) -> list[Holder]:
        with self._engine.connect() as conn:
            rows = conn.execute(LIVE_SESSIONS, {"now": now}).all()
        holders: dict[int, Holder] = {}
        for r in rows:
            holder = holders.setdefault(r.user_id, Holder(r.user_id, r.subject, r.created_at))
            holder.sessions.append(r.id)
        return list(holders.values())

    def months_use(self, month: str) -> MonthsUse:
        start, end = month_bounds(month)
        with self._engine.connect() as conn:
            rows = conn.execute(MONTHS_SIGN_INS, {"start": start, "end": end}).all()
        return MonthsUse(month, self.limit, [(r.username or "", int(r.sign_ins)) for r in rows])

    def free_for(self, username: str, now: datetime) -> bool:
        """Whether `username` may sign in now: a seat is free, or they hold one already (a
        second device takes none). Says nothing about who holds the seats."""
        others = [h for h in self.holders(now) if h.username != username]
        return len(others) < self.limit

    def refuse(self, username: str, now: datetime) -> PermissionDenied:
        """The refusal for someone who proved their password: who holds the seats, and how
        to free one."""
        others = [h for h in self.holders(now) if h.username != username]
        names = ", ".join(h.username for h in others)
        return PermissionDenied(
            f"all {self.limit} seats are taken; signed in now: {names}. A seat frees when one "
            "of them signs out, or when an administrator ends their session (GET "
            "/api/v1/auth/seats lists them, DELETE /api/v1/auth/tokens/ID ends one); your "
            "provider can add seats."
        )
