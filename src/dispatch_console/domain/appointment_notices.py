"""What the customer of a booked visit is told, and when: a confirmation when it is booked, a
reminder the evening before and one on the morning of the visit, and a word when the
technician runs late. No I/O: services/appointment_outbox.py queues them.

Reminders are outbox rows queued with the booking, due at their time (the sender leaves a row
alone until it is due), so they live in the database: a restart loses none, the dedupe key
sends each once, and a visit moved or cancelled withdraws its pending reminders in the same
transaction. Nobody is texted at night: a message that would fall in the quiet hours waits
for the morning. "The evening before", "the morning of" and the night are the customer's, told
in the zone the visit is judged in (its department's, else the desk's: domain/desk_zone.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from .notifications import Moment

QUIET_FROM, QUIET_UNTIL = time(21, 0), time(8, 0)  # no texts or e-mails between
EVE_AT = time(18, 0)  # the day-before reminder: after work, when plans for tomorrow are made
MORNING_AT = time(8, 0)  # the morning reminder: as the quiet hours end
# a reminder this close after the confirmation tells the customer nothing new
FRESH_CONFIRMATION = timedelta(hours=3)
# the morning reminder needs this much notice before the window opens to be of use
MORNING_NOTICE = timedelta(hours=1)
APPOINTMENT_MOMENTS = frozenset({Moment.APPOINTMENT, Moment.REMINDER_EVE, Moment.REMINDER_MORNING})
REMINDERS = frozenset({Moment.REMINDER_EVE, Moment.REMINDER_MORNING})
LATE_MINUTES = (5, 240)  # what a technician may say: a few minutes to half a day


@dataclass(frozen=True, slots=True)
class Window:
    starts_at: datetime
    ends_at: datetime

    @property
    def key(self) -> str:
        """Names this window in dedupe keys: a moved window is news, the same one is not."""
        return f"w{int(self.starts_at.timestamp()) // 60}-{int(self.ends_at.timestamp()) // 60}"


def quiet(at: datetime, zone: ZoneInfo) -> bool:
    clock = at.astimezone(zone).time()
    return clock >= QUIET_FROM or clock < QUIET_UNTIL


def after_quiet_hours(at: datetime, zone: ZoneInfo) -> datetime:
    """`at`, or the end of the quiet hours it falls in (the customer's morning)."""
    if not quiet(at, zone):
        return at
    local = at.astimezone(zone)
    day = local.date() if local.time() < QUIET_UNTIL else local.date() + timedelta(days=1)
    return datetime.combine(day, QUIET_UNTIL, zone).astimezone(at.tzinfo)


def reminder_times(
    window: Window, booked_at: datetime, zone: ZoneInfo
) -> list[tuple[Moment, datetime]]:
    """When to remind the customer of this visit, booked at `booked_at`: the evening before
    (unless booked since, or just before), and the morning of (unless booked that day, or the
    window opens too soon after the quiet hours for it to help)."""
    day = window.starts_at.astimezone(zone).date()
    out: list[tuple[Moment, datetime]] = []
    eve = datetime.combine(day - timedelta(days=1), EVE_AT, zone)
    if booked_at + FRESH_CONFIRMATION <= eve:
        out.append((Moment.REMINDER_EVE, eve))
    morning = datetime.combine(day, MORNING_AT, zone)
    booked_that_day = booked_at.astimezone(zone).date() >= day
    if not booked_that_day and morning + MORNING_NOTICE <= window.starts_at:
        out.append((Moment.REMINDER_MORNING, morning))
    return out


def check_late_minutes(minutes: object) -> int:
    """A technician's estimate of their delay, or ValueError saying what is allowed."""
    low, high = LATE_MINUTES
    if isinstance(minutes, bool) or not isinstance(minutes, int | float | str):
        raise ValueError(f"give the delay in minutes, {low} to {high}")
    try:
        value = int(str(minutes).strip())
    except ValueError:
        raise ValueError(f"give the delay in minutes, {low} to {high}") from None
    if not low <= value <= high:
        raise ValueError(f"must be {low} to {high} minutes")
    return value
