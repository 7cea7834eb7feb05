"""Following the change feed: what consoles call to stay current."""

from __future__ import annotations

import math

from ..domain.errors import ValidationError
from ..domain.events import Event
from .base import UseCases

MAX_BATCH = 1000


class FeedUseCases(UseCases):
    def events_after(self, after_id: int, limit: int = 500) -> list[Event]:
        return self._feed.events_after(max(after_id, 0), max(1, min(limit, MAX_BATCH)))

    def wait_for_events(self, after_id: int, timeout: float = 25.0) -> list[Event]:
        if not math.isfinite(timeout):  # NaN would wait for ever
            raise ValidationError("timeout", "must be a number of seconds")
        return self._feed.wait(max(after_id, 0), min(max(timeout, 0.0), 60.0))

    def last_event_id(self) -> int:
        return self._feed.last_id()
