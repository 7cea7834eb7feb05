"""The desk's clock and holidays: where appointments are shown and judged when nothing more
specific is set (docs/schedule.md, "Time zones").

The rule: a ticket's appointment is shown and judged in its department's time zone and holiday
region when the department has working hours set; otherwise in the desk's configured zone
(the console's `timezone` setting, the server's `--timezone`) and holiday region. The value
here is the one default of that configuration; every other default refers to it."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import ValidationError

DEFAULT_TIMEZONE = "Asia/Shanghai"  # the configuration's default; nothing else names a zone
DEFAULT_HOLIDAY_REGION = "CN"  # mainland China's public holidays and make-up working days


def check_zone(name: object, field: str = "timezone") -> str:
    """A time zone's name as the tz database spells it, or ValidationError in words."""
    try:
        return ZoneInfo(str(name).strip()).key
    except (ValueError, ZoneInfoNotFoundError):
        raise ValidationError(
            field, f"{name!r} is not a time zone such as {DEFAULT_TIMEZONE}"
        ) from None


@dataclass(frozen=True, slots=True)
class DeskZone:
    """The desk's time zone and the region whose public holidays it keeps. The region is
    checked against the holidays package where it is configured (the settings, the server's
    options: `checked`), not here: the package costs ~50 ms to import, which the console's
    first screen does not need (a region it does not know is refused when a day is judged)."""

    timezone: str = DEFAULT_TIMEZONE
    holiday_region: str = DEFAULT_HOLIDAY_REGION

    def __post_init__(self) -> None:
        object.__setattr__(self, "timezone", check_zone(self.timezone))
        object.__setattr__(self, "holiday_region", str(self.holiday_region).strip().upper())

    @classmethod
    def checked(cls, timezone: object, holiday_region: object) -> DeskZone:
        """Both values checked (ValidationError naming the one at fault)."""
        from .schedule.calendar import check_region  # the schedule package imports this one

        return cls(check_zone(timezone), check_region(holiday_region))

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)
