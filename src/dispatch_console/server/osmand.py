"""What GPS apps send to the OsmAnd endpoint, decoded into one reading. Pure: no FastAPI, no
storage, so every rule is unit-testable and replayed against tests/conformance/gps.

Two shapes, both as Traccar's own OsmAnd decoder accepts them (its tests are our corpus):
- the OsmAnd query string (Traccar Client up to 8.x, OsmAnd, GPSLogger, scripts): `id` or
  `deviceid`, `lat`+`lon` or `location=lat,lon`, `timestamp` (seconds, milliseconds, ISO 8601
  or `yyyy-MM-dd HH:mm:ss`), `accuracy` in metres, `valid`. On the URL, or, when the URL
  carries none, in the body whatever its Content-Type (form, text/plain, none at all);
- the JSON body of Traccar Client 9 (flutter_background_geolocation): `device_id` at the root,
  `location.timestamp` (ISO 8601), `location.coords.latitude/longitude/accuracy`.

Read and dropped on purpose, because a technician's row keeps only where, when and how
precisely: speed, bearing/heading, altitude, hdop/vacc/hacc (dimensionless or vertical, not a
radius in metres), batt/battery, charge, alarm, cell/wifi, activity, is_moving, odometer, event,
mock, extras, driverUniqueId and any other key. A malformed value in one of them never costs
the fix.

A request that names a device but holds no usable fix (only cell towers or Wi-Fi, `valid=false`,
or 0,0: what phones send before their first fix) is a `Reading` with `no_fix` set: Traccar
answers those with 200, and a phone that is refused sends the same request again and again,
holding back every newer fix queued behind it."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

MAX_FIELDS = 200  # a real request has about a dozen
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
_SECONDS_BELOW = 2**31 - 1  # Traccar: a number below Integer.MAX_VALUE is seconds, else ms


class Undecodable(Exception):
    """The request cannot be read as a position: the route answers 400 with field and reason."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field, self.reason = field, reason


@dataclass(frozen=True, slots=True)
class Reading:
    device: str
    lat: float | None
    lon: float | None
    at: datetime
    accuracy_m: float | None = None
    no_fix: str | None = None  # why this reading must not move anyone on the map


def decode(query: str, body: bytes, content_type: str, now: datetime) -> Reading:
    """`query`: the URL's query string (without `?`); `now`: the time of a fix without one."""
    if query:  # as Traccar: the body is read only when the URL carries no parameters
        return _from_params(_params(query), now)
    text = body.decode("utf-8", errors="replace").strip()
    if "json" in content_type.lower() or text.startswith(("{", "[")):
        return _from_json(text, now)
    return _from_params(_params(text.removeprefix("?")), now)


def _params(text: str) -> dict[str, str]:
    try:  # repeated keys (cell=, wifi=): the last one wins, as in Traccar
        return dict(parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_FIELDS))
    except ValueError:
        raise Undecodable("request", f"more than {MAX_FIELDS} fields") from None


def _from_params(p: dict[str, str], now: datetime) -> Reading:
    device = (p.get("id") or p.get("deviceid") or "").strip()
    if not device:
        raise Undecodable("id", "the device id (id= or deviceid=): the technician's phone number")
    at = _time(p.get("timestamp"), now)
    lat: str | None
    lon: str | None
    if "location" in p:
        parts = p["location"].split(",")
        if len(parts) < 2:
            raise Undecodable("location", f"{p['location']!r} is not 'latitude,longitude'")
        lat, lon = parts[0], parts[1]
    else:
        lat, lon = p.get("lat"), p.get("lon")
    if lat is None and lon is None:
        return Reading(device, None, None, at, no_fix="no coordinates (cell towers or Wi-Fi only)")
    if lat is None or lon is None:
        raise Undecodable("lat" if lat is None else "lon", "latitude and longitude go together")
    accuracy = _accuracy(p.get("accuracy"))
    # Traccar: valid when "true" (any case) or "1"; absent means valid
    valid = p.get("valid") is None or p["valid"].lower() == "true" or p["valid"] == "1"
    return _reading(device, _coordinate(lat, "lat"), _coordinate(lon, "lon"), at, accuracy, valid)


def _from_json(text: str, now: datetime) -> Reading:
    try:
        root = json.loads(text)
    except (ValueError, RecursionError) as exc:  # RecursionError: [[[[... thousands deep
        raise Undecodable("body", f"not JSON and not a query string ({exc})") from None
    location = root.get("location") if isinstance(root, dict) else None
    if isinstance(location, list):
        raise Undecodable("location", "one location per request (turn batchSync off)")
    if not isinstance(location, dict) or not isinstance(location.get("coords"), dict):
        raise Undecodable(
            "location", 'expected {"location": {"timestamp", "coords": {...}}, "device_id"}'
        )
    device = root.get("device_id")
    if isinstance(device, bool) or not isinstance(device, str | int) or not str(device).strip():
        raise Undecodable("device_id", "the device id: the technician's phone number")
    stamp = location.get("timestamp")
    if not isinstance(stamp, str) or not stamp.strip():
        raise Undecodable("location.timestamp", "the fix time (ISO 8601) is needed")
    at = _time(stamp, now)
    coords = location["coords"]
    lat = _coordinate(_json_number(coords.get("latitude"), "latitude"), "latitude")
    lon = _coordinate(_json_number(coords.get("longitude"), "longitude"), "longitude")
    accuracy = coords.get("accuracy")
    accuracy_m = None if accuracy is None else _accuracy(_json_number(accuracy, "accuracy"))
    return _reading(str(device).strip(), lat, lon, at, accuracy_m, valid=True)


def _reading(
    device: str, lat: float, lon: float, at: datetime, accuracy: float | None, valid: bool
) -> Reading:
    if not valid:
        return Reading(device, lat, lon, at, accuracy, "the device marked this fix invalid")
    if lat == 0 and lon == 0:  # Traccar too reads 0,0 as "no fix yet"
        return Reading(device, lat, lon, at, accuracy, "0,0: the device has no fix yet")
    return Reading(device, lat, lon, at, accuracy)


def _time(raw: str | None, now: datetime) -> datetime:
    text = (raw or "").strip()
    if not text:
        return now
    try:
        if _NUMBER.fullmatch(text):
            number = float(text)
            at = datetime.fromtimestamp(number if number < _SECONDS_BELOW else number / 1000, UTC)
        elif "T" in text:
            at = datetime.fromisoformat(text)
        else:  # Traccar's "yyyy-MM-dd HH:mm:ss", read in UTC (Traccar: the server's zone)
            at = datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    except (ValueError, OverflowError, OSError):  # OSError: a year the platform cannot hold
        raise Undecodable(
            "timestamp", f"{text[:40]!r}: seconds or ms since 1970, ISO 8601 or yyyy-MM-dd HH:mm:ss"
        ) from None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _json_number(value: Any, field: str) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise Undecodable(field, f"{value!r} is not a number")
    return str(value)


def _number(raw: str, field: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise Undecodable(field, f"{raw[:40]!r} is not a number") from None
    if not math.isfinite(value):
        raise Undecodable(field, f"{raw[:40]!r} is not a finite number")
    return value


def _coordinate(raw: str, field: str) -> float:
    value = _number(raw, field)
    limit = 90.0 if field in ("lat", "latitude") else 180.0
    if not -limit <= value <= limit:
        raise Undecodable(field, f"{value} is outside -{limit:g}..{limit:g}")
    return value


def _accuracy(raw: str | None) -> float | None:
    """Metres; unknown when absent, empty or negative (apps write -1 for "not known")."""
    if raw is None or not raw.strip():
        return None
    value = _number(raw, "accuracy")
    return value if value >= 0 else None
