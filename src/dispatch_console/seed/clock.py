"""A clock the seeder moves by hand, so that history spreads over past weeks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class SimClock:
    """Implements ports.Clock. The services and the store's event log both read it."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("the clock needs an aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def set(self, at: datetime) -> None:
        self._now = at.astimezone(UTC)

    def advance(self, **delta: float) -> datetime:
        self._now += timedelta(**delta)
        return self._now
