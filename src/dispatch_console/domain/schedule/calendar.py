"""Public holidays per region, for refusing appointments on them and taking them out of shifts.

The dates come from the `holidays` package (China's statutory holidays and the State Council's
yearly arrangement of days off and make-up working days, 调休), not from a table typed here: a
new year's arrangement arrives by upgrading the package. Until it does, a desk can add what was
announced (`extra_holidays`, `extra_workdays`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from ..desk_zone import DEFAULT_HOLIDAY_REGION
from ..errors import ValidationError

# mainland China; "HK", "MO", "TW" and any other ISO 3166 code work too
DEFAULT_REGION = DEFAULT_HOLIDAY_REGION
NAME_LANGUAGES = ("en_US", "zh_CN")


@cache
def _supported() -> frozenset[str]:
    import holidays

    return frozenset(holidays.list_supported_countries())


@cache
def _official(region: str, year: int, language: str) -> tuple[dict[date, str], frozenset[date]]:
    """The region's holidays in one year, by name, and its make-up working days. Imported on
    first use: the package costs ~50 ms, which nothing on the console's first screen needs."""
    import holidays

    options: dict[str, Any] = {"years": year}
    if language in NAME_LANGUAGES:
        options["language"] = language
    try:
        found = holidays.country_holidays(region, **options)
    except NotImplementedError:  # the region does not translate its names: English, then
        found = holidays.country_holidays(region, years=year)
    workdays = frozenset(d for d in getattr(found, "weekend_workdays", ()) if d.year == year)
    return dict(found.items()), workdays


def check_region(region: object, field: str = "holiday_region") -> str:
    code = str(region or "").strip().upper()
    if code == DEFAULT_REGION:  # saved settings hold it: start-up need not import holidays (60 ms)
        return code
    if code not in _supported():
        raise ValidationError(
            field, f"{region!r} is not a region with a holiday calendar (e.g. CN, HK, MO)"
        )
    return code


@dataclass(frozen=True, slots=True)
class HolidayCalendar:
    """One region's days off. `extra_holidays` and `extra_workdays` override the package for
    arrangements announced after the installed version was released."""

    region: str = DEFAULT_REGION
    extra_holidays: frozenset[date] = field(default_factory=frozenset)
    extra_workdays: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        object.__setattr__(self, "region", check_region(self.region))
        # frozen sets whatever was given: calendars key the working-time cache
        object.__setattr__(self, "extra_holidays", frozenset(self.extra_holidays))
        object.__setattr__(self, "extra_workdays", frozenset(self.extra_workdays))

    def holiday_name(self, day: date, language: str = "en_US") -> str | None:
        """The holiday's name in that language where the package has it, else None (a working
        day, a weekend, or a make-up working day)."""
        if day in self.extra_workdays:
            return None
        if day in self.extra_holidays:
            return _official(self.region, day.year, language)[0].get(day, "public holiday")
        return _official(self.region, day.year, language)[0].get(day)

    def is_holiday(self, day: date) -> bool:
        return self.holiday_name(day) is not None

    def is_makeup_workday(self, day: date) -> bool:
        """A weekend day worked in exchange for a day off nearby (调休)."""
        if day in self.extra_holidays:
            return False
        return day in self.extra_workdays or day in _official(self.region, day.year, "en_US")[1]
