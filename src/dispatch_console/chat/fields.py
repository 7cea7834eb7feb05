"""Reading loosely typed JSON from chat systems: strings that may be numbers, times in three
formats. Anything unreadable raises ChatPayloadError naming where it was."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from .errors import ChatPayloadError

MAX_BODY = 1024 * 1024  # a delivery with 500 long messages fits; more is not a chat


def load_json(body: bytes) -> dict[str, Any]:
    if len(body) > MAX_BODY:
        raise ChatPayloadError("request", f"larger than {MAX_BODY // 1024} KB")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ChatPayloadError("request", f"not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ChatPayloadError("request", "must be a JSON object")
    return data


def obj(data: Any, path: str) -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ChatPayloadError(path, "must be an object")
    return data


def text(data: dict[str, Any], key: str, path: str, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise ChatPayloadError(f"{path}.{key}" if path else key, "is missing")
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ChatPayloadError(f"{path}.{key}" if path else key, "must be a string")
    return str(value).strip()


def when(value: Any, path: str, default: datetime) -> datetime:
    """Unix seconds (Chatwoot's messages), ISO 8601 with a zone, or "2020-03-03 13:05:57 UTC"
    (Chatwoot's older payloads). A time without a zone is refused: guessing it would misplace
    the message by hours."""
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        raise ChatPayloadError(path, "must be a time")
    if isinstance(value, int | float):
        if not 0 < value < 32503680000:  # year 3000
            raise ChatPayloadError(path, "is not a plausible time in seconds")
        return datetime.fromtimestamp(value, UTC)
    if not isinstance(value, str):
        raise ChatPayloadError(path, "must be a time")
    raw = value.strip()
    if raw.isdigit():
        return when(int(raw), path, default)
    if raw.endswith(" UTC"):
        raw = raw[:-4].replace(" ", "T") + "+00:00"
    try:
        at = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise ChatPayloadError(path, f"cannot read the time {value!r}") from None
    if at.tzinfo is None:
        raise ChatPayloadError(path, "needs a time zone (e.g. +08:00 or Z)")
    return at.astimezone(UTC)
