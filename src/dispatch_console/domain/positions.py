"""GPS fixes as devices report them, and what became of a batch of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Fix:
    technician_id: int
    lat: float
    lon: float
    at: datetime
    accuracy_m: float | None = None


@dataclass(slots=True)
class PositionReport:
    stored: int = 0  # newer than what we had: the map moves
    ignored: int = 0  # older than (or the same as) what we had: out of order or sent twice
    refused: list[tuple[int, str]] = field(default_factory=list)  # (index in the batch, why)
