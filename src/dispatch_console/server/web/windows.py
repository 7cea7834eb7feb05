"""Visit windows on the customer's pages: offered windows grouped by day for a list of choices,
a picked one read back from the form (hostile input refused with words, never a 5xx), and a
booked one said in the customer's clock."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from typing import Any

from ...domain.errors import ValidationError
from ...domain.schedule.records import AppointmentWindow

# the form's value of a window: its start and end in epoch seconds
VALUE = re.compile(r"(\d{9,11})-(\d{9,11})")
OTHER = "other"  # the choice "another time", said in the customer's words
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def value_of(window: AppointmentWindow) -> str:
    return f"{int(window.starts_at.timestamp())}-{int(window.ends_at.timestamp())}"


def parse_choice(raw: str) -> AppointmentWindow | None:
    """The window a form picked; None for "another time" or nothing picked. Anything else is
    a ValidationError (the page says: pick again)."""
    text = (raw or "").strip()
    if text in ("", OTHER):
        return None
    m = VALUE.fullmatch(text)
    if m is None:
        raise ValidationError("window", "not a time we offered")
    try:
        start, end = (datetime.fromtimestamp(int(g), UTC) for g in m.groups())
        return AppointmentWindow(start, end)
    except (ValueError, OverflowError, OSError):  # a year 30000, an end before the start
        raise ValidationError("window", "not a time we offered") from None


def day_label(at: datetime, lang: str) -> str:
    if lang == "zh_CN":
        return f"{at.month}月{at.day}日 {WEEKDAYS_ZH[at.weekday()]}"
    return f"{WEEKDAYS_EN[at.weekday()]} {at:%m-%d}"


def window_text(window: AppointmentWindow, zone: tzinfo, lang: str) -> str:
    """Wed 03-04 14:00-16:00 / 3月4日 周三 14:00-16:00, on the customer's clock."""
    start, end = window.starts_at.astimezone(zone), window.ends_at.astimezone(zone)
    return f"{day_label(start, lang)} {start:%H:%M}-{end:%H:%M}"


def grouped(
    windows: list[AppointmentWindow], zone: tzinfo, lang: str, chosen: str = ""
) -> list[dict[str, Any]]:
    """Offered windows by day, for the template's radio buttons."""
    days: dict[str, dict[str, Any]] = {}
    for w in windows:
        start, end = w.starts_at.astimezone(zone), w.ends_at.astimezone(zone)
        day = days.setdefault(
            start.date().isoformat(), {"label": day_label(start, lang), "windows": []}
        )
        value = value_of(w)
        day["windows"].append(
            {"value": value, "label": f"{start:%H:%M}-{end:%H:%M}", "checked": value == chosen}
        )
    return list(days.values())


def offered_safely(
    look: Callable[[], list[AppointmentWindow]], log: Callable[..., None]
) -> list[AppointmentWindow]:
    """The windows to offer; none (the page falls back to words) when they cannot be worked
    out now: the report or request must still go through."""
    try:
        return look()
    except Exception:
        log("the offered windows could not be worked out; the page asks in words")
        return []
