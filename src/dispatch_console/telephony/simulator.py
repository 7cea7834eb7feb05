"""A pretend PBX for `--demo`: now and then a customer calls the agent's extension; most calls
are answered, some are missed. Produces the same CallEvents as the real adapters."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ..domain.call_events import CallEvent

RING_STEPS = 2  # steps between offered and answered (or missed)
TALK_STEPS = 4


@dataclass
class CallSimulator:
    numbers: list[str]
    extension: str | None
    chance: float = 0.2  # of a new call at a step with no call going on
    missed_share: float = 0.25
    rng: random.Random = field(default_factory=lambda: random.Random(11))
    _call: dict[str, object] | None = None

    def step(self, now: datetime | None = None) -> list[CallEvent]:
        now = now or datetime.now(UTC)
        call = self._call
        if call is None:
            if not self.numbers or self.rng.random() >= self.chance:
                return []
            call = {
                "id": f"demo-{uuid.uuid4().hex[:12]}",
                "from": self.rng.choice(self.numbers),
                "age": 0,
                "missed": self.rng.random() < self.missed_share,
            }
            self._call = call
            return [self._event("offered", call, now)]
        call["age"] = int(str(call["age"])) + 1
        age = int(str(call["age"]))
        if age == RING_STEPS and not call["missed"]:
            return [self._event("answered", call, now)]
        if (call["missed"] and age == RING_STEPS + 1) or age == RING_STEPS + TALK_STEPS:
            self._call = None
            cause = "no answer" if call["missed"] else "normal"
            return [self._event("ended", call, now, cause)]
        return []

    def _event(
        self, kind: str, call: dict[str, object], now: datetime, cause: str | None = None
    ) -> CallEvent:
        return CallEvent(
            kind,  # type: ignore[arg-type]
            str(call["id"]),
            now,
            "inbound",
            str(call["from"]),
            "4008001234",
            self.extension,
            cause,
        )
