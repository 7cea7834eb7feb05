"""How many event streams (WebSockets) and long polls one user may hold open, and how many
long polls a process serves at once. A long poll holds a worker thread for up to its timeout;
without a cap a handful of clients could take every thread and stall all other requests.
A console needs one stream (or one poll) at a time; a few more cover a restart overlapping."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from ..domain.errors import TooManyAttempts

PER_USER = 8
LONG_POLLS = 16  # of the 40 threads the server runs blocking calls on


class StreamLimits:
    def __init__(self, per_user: int = PER_USER, long_polls: int = LONG_POLLS) -> None:
        self.per_user, self.long_polls = per_user, long_polls
        self._open: Counter[str] = Counter()
        self._polls = 0
        self._lock = threading.Lock()

    @contextmanager
    def hold(self, user: str, *, long_poll: bool = False) -> Iterator[None]:
        """Raises TooManyAttempts (429) instead of opening one more."""
        with self._lock:
            if self._open[user] >= self.per_user:
                raise TooManyAttempts(
                    f"{user} already has {self.per_user} event streams open; close one "
                    "(another console signed in as you?) and try again"
                )
            if long_poll and self._polls >= self.long_polls:
                raise TooManyAttempts(
                    "the server is answering as many long polls as it can; use the WebSocket "
                    "event stream, or try again in a moment"
                )
            self._open[user] += 1
            self._polls += long_poll
        try:
            yield
        finally:
            with self._lock:
                self._open[user] -= 1
                if not self._open[user]:
                    del self._open[user]
                self._polls -= long_poll
