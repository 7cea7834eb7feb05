"""Following the change feed: what consoles call to stay current."""

from __future__ import annotations

import math

from ..domain.errors import ValidationError
from ..domain.events import Event
from ..ports import FeedBatch
from .base import UseCases
from .policy import DESK, allow

MAX_BATCH = 1000


def _bounded(timeout: float) -> float:
    if not math.isfinite(timeout):  # NaN would wait for ever
        raise ValidationError("timeout", "must be a number of seconds")
    return min(max(timeout, 0.0), 60.0)


class FeedUseCases(UseCases):
    @allow(DESK)
    def events_after(self, after_id: int, limit: int = 500) -> list[Event]:
        return self._feed.events_after(max(after_id, 0), max(1, min(limit, MAX_BATCH)))

    @allow(DESK)
    def wait_for_events(self, after_id: int, timeout: float = 25.0) -> list[Event]:
        return self._feed.wait(max(after_id, 0), _bounded(timeout))

    @allow(DESK)
    def wait_for_changes(self, after_id: int, timeout: float = 25.0) -> FeedBatch:
        """`wait_for_events` with the changed tickets' queue lines for a desk role (read with
        the events, on the feed's own connection where the store has one), so that a console
        keeps its queue and map current without a call of its own."""
        events, rows = self._feed.wait_with_rows(max(after_id, 0), _bounded(timeout))
        return FeedBatch(events, rows)

    @allow(DESK)
    def last_event_id(self) -> int:
        return self._feed.last_id()
