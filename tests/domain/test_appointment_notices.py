"""When a booked visit's customer is reminded: the evening before and the morning of, never in
the quiet hours, and not when a reminder would only repeat the confirmation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from dispatch_console.domain.appointment_notices import (
    Window,
    after_quiet_hours,
    check_late_minutes,
    reminder_times,
)
from dispatch_console.domain.notifications import Moment, NotifyChannel
from dispatch_console.domain.notify_templates import Facts, render

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")


def sh(day: int, hour: int, minute: int = 0) -> datetime:
    """A time in December 2026, on the customer's (Shanghai) clock."""
    return datetime(2026, 12, day, hour, minute, tzinfo=SHANGHAI)


def test_a_visit_booked_days_ahead_is_reminded_the_evening_before_and_that_morning() -> None:
    window = Window(sh(10, 14), sh(10, 16))
    assert reminder_times(window, sh(7, 10), SHANGHAI) == [
        (Moment.REMINDER_EVE, sh(9, 18)),
        (Moment.REMINDER_MORNING, sh(10, 8)),
    ]


def test_a_visit_booked_that_evening_is_reminded_only_in_the_morning() -> None:
    window = Window(sh(10, 14), sh(10, 16))
    assert reminder_times(window, sh(9, 16), SHANGHAI) == [(Moment.REMINDER_MORNING, sh(10, 8))]
    assert reminder_times(window, sh(9, 22), SHANGHAI) == [(Moment.REMINDER_MORNING, sh(10, 8))]


def test_a_visit_booked_the_same_day_or_early_in_the_morning_has_no_morning_reminder() -> None:
    assert reminder_times(Window(sh(10, 14), sh(10, 16)), sh(10, 9), SHANGHAI) == []
    early = Window(sh(10, 8, 30), sh(10, 10))  # the morning text would come 30 min before
    assert reminder_times(early, sh(7, 10), SHANGHAI) == [(Moment.REMINDER_EVE, sh(9, 18))]


def test_nothing_goes_out_in_the_quiet_hours() -> None:
    assert after_quiet_hours(sh(9, 20, 59), SHANGHAI) == sh(9, 20, 59)
    assert after_quiet_hours(sh(9, 21), SHANGHAI) == sh(10, 8)
    assert after_quiet_hours(sh(10, 3), SHANGHAI) == sh(10, 8)
    in_utc = datetime(2026, 12, 9, 15, 0, tzinfo=UTC)  # 23:00 in Shanghai
    assert after_quiet_hours(in_utc, SHANGHAI) == sh(10, 8)


def test_the_evening_and_the_morning_are_the_zone_s_a_desk_in_new_york_is_told_at_its_own() -> None:
    """A 09:00 visit in New York: reminded at 18:00 the day before and 08:00 that morning New
    York time (07:00 and 21:00 in Shanghai, both in Shanghai's quiet hours: the zone matters)."""
    visit = datetime(2026, 12, 10, 9, tzinfo=NEW_YORK)
    booked = datetime(2026, 12, 7, 10, tzinfo=NEW_YORK)
    assert reminder_times(Window(visit, visit + timedelta(hours=2)), booked, NEW_YORK) == [
        (Moment.REMINDER_EVE, datetime(2026, 12, 9, 18, tzinfo=NEW_YORK)),
        (Moment.REMINDER_MORNING, datetime(2026, 12, 10, 8, tzinfo=NEW_YORK)),
    ]
    # 22:00 in New York is quiet there, and 11:00 the next day in Shanghai is not
    late_evening = datetime(2026, 12, 9, 22, tzinfo=NEW_YORK)
    assert after_quiet_hours(late_evening, NEW_YORK) == datetime(2026, 12, 10, 8, tzinfo=NEW_YORK)
    assert after_quiet_hours(late_evening, SHANGHAI) == late_evening


def test_a_window_is_told_in_the_zone_it_was_judged_in() -> None:
    start = datetime(2026, 12, 10, 9, tzinfo=NEW_YORK)
    facts = Facts("T1", window_starts_at=start, window_ends_at=start + timedelta(hours=2),
                  zone=NEW_YORK)  # fmt: skip
    body = render(Moment.REMINDER_EVE, NotifyChannel.SMS, "en", facts).body
    assert "12-10 09:00-11:00" in body


@pytest.mark.parametrize("bad", [0, 4, 241, "soon", "", None, 1.5e9, True, "30; drop"])
def test_a_delay_is_a_few_minutes_to_half_a_day(bad: object) -> None:
    with pytest.raises(ValueError):
        check_late_minutes(bad)
    assert check_late_minutes("30") == 30


def test_the_texts_say_the_window_on_the_customers_clock_in_both_languages() -> None:
    facts = Facts(
        "T0000042", "李雷", "王", window_starts_at=sh(10, 14).astimezone(UTC),
        window_ends_at=sh(10, 16).astimezone(UTC),
    )  # fmt: skip
    zh = render(Moment.APPOINTMENT, NotifyChannel.SMS, "zh_CN", facts).body
    assert zh.startswith("预约已确认：王师傅将于12-10 14:00-16:00上门（工单T0000042）")
    en = render(Moment.REMINDER_EVE, NotifyChannel.EMAIL, "en", facts)
    assert "will visit tomorrow, 12-10 14:00-16:00 (ticket T0000042)" in en.body
    assert en.subject == "Visit tomorrow: T0000042"
    late = Facts("T0000042", technician="王", late_minutes=30, expected_at=sh(10, 14, 30))
    text = render(Moment.RUNNING_LATE, NotifyChannel.SMS, "zh_CN", late).body
    assert "王师傅将晚到约30分钟，预计12-10 14:30到达" in text
    assert len(text) <= 70


def test_a_window_key_changes_when_the_window_moves() -> None:
    a = Window(sh(10, 14), sh(10, 16))
    assert a.key == Window(sh(10, 14), sh(10, 16)).key
    assert a.key != Window(sh(10, 14), sh(10, 16) + timedelta(minutes=30)).key


def test_the_desk_hears_of_a_technician_running_late() -> None:
    from dispatch_console.domain.events import Event
    from dispatch_console.domain.notices import is_notice_for

    late = Event(1, sh(10, 9), "wang", "ticket", "42", "running_late", {"minutes": 30})
    assert is_notice_for(late, "alice", "agent") and is_notice_for(late, "sue", "supervisor")
    assert not is_notice_for(late, "wang", "technician")
