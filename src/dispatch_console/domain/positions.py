"""GPS fixes as devices report them, and what became of a batch of them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from .errors import ValidationError
from .geo import check_coordinates

MAX_DEVICE_ID = 64  # IMEIs have 15 digits, Traccar's unique ids are short; room for a name
# a fix that claims to be a thousand kilometres off says nothing about where anyone is
MAX_ACCURACY_M = 1e6


@dataclass(frozen=True, slots=True)
class Fix:
    technician_id: int
    lat: float
    lon: float
    at: datetime
    accuracy_m: float | None = None


def checked_fix(fix: Fix) -> Fix:
    """The one validation of a GPS fix, whether it comes alone or in a batch: a place on Earth
    (NaN is none), an accuracy from 0 to under 1,000 km when given, a time with its zone.
    Returns the fix with its coordinates as floats; raises ValidationError."""
    lat, lon = check_coordinates(fix.lat, fix.lon, "position")
    # NaN fails the comparison too
    if fix.accuracy_m is not None and not 0 <= fix.accuracy_m < MAX_ACCURACY_M:
        raise ValidationError("accuracy_m", "must be 0 or more metres, under 1,000 km")
    if fix.at.tzinfo is None:
        raise ValidationError("at", "the fix time needs a time zone")
    # a batch of 5,000 fixes passes through here: copy only what needs it
    return fix if (lat, lon) == (fix.lat, fix.lon) else replace(fix, lat=lat, lon=lon)


@dataclass(slots=True)
class PositionReport:
    stored: int = 0  # newer than what we had: the map moves
    ignored: int = 0  # older than (or the same as) what we had: out of order or sent twice
    refused: list[tuple[int, str]] = field(default_factory=list)  # (index in the batch, why)


def clean_device_id(raw: str | None) -> str | None:
    """A tracker's id as it will report it, for storing on a technician: an IMEI, Traccar
    Client's identifier, whatever the app is set to send. Compared exactly (trackers send the
    same bytes every time), only the ends trimmed; empty means none."""
    text = (raw or "").strip()
    if not text:
        return None
    if len(text) > MAX_DEVICE_ID:
        raise ValidationError("device_id", f"at most {MAX_DEVICE_ID} characters")
    if not text.isprintable():
        raise ValidationError("device_id", "a line break or control character is no device id")
    return text
