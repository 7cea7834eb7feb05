"""When a booked visit's customer is reminded: the evening before and the morning of, never in
the quiet hours, and not when a reminder would only repeat the confirmation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dispatch_console.domain.appointment_notices import (
    DEFAULT_ZONE,
    Window,
    after_quiet_hours,
    check_late_minutes,
    reminder_times,
)
from dispatch_console.domain.notifications import Moment, NotifyChannel
from dispatch_console.domain.notify_templates import Facts, render


def sh(day: int, hour: int, minute: int = 0) -> datetime:
    """A time in December 2026, on the customer's (Shanghai) clock."""
    return datetime(2026, 12, day, hour, minute, tzinfo=DEFAULT_ZONE)


def test_a_visit_booked_days_ahead_is_reminded_the_evening_before_and_that_morning() -> None:
    window = Window(sh(10, 14), sh(10, 16))
    assert reminder_times(window, sh(7, 10)) == [
        (Moment.REMINDER_EVE, sh(9, 18)),
        (Moment.REMINDER_MORNING, sh(10, 8)),
    ]


def test_a_visit_booked_that_evening_is_reminded_only_in_the_morning() -> None:
    window = Window(sh(10, 14), sh(10, 16))
    assert reminder_times(window, sh(9, 16)) == [(Moment.REMINDER_MORNING, sh(10, 8))]
    assert reminder_times(window, sh(9, 22)) == [(Moment.REMINDER_MORNING, sh(10, 8))]


def test_a_visit_booked_the_same_day_or_early_in_the_morning_has_no_morning_reminder() -> None:
    assert reminder_times(Window(sh(10, 14), sh(10, 16)), sh(10, 9)) == []
    early = Window(sh(10, 8, 30), sh(10, 10))  # the morning text would come 30 min before
    assert reminder_times(early, sh(7, 10)) == [(Moment.REMINDER_EVE, sh(9, 18))]


def test_nothing_goes_out_in_the_quiet_hours() -> None:
    assert after_quiet_hours(sh(9, 20, 59)) == sh(9, 20, 59)
    assert after_quiet_hours(sh(9, 21)) == sh(10, 8)
    assert after_quiet_hours(sh(10, 3)) == sh(10, 8)
    in_utc = datetime(2026, 12, 9, 15, 0, tzinfo=UTC)  # 23:00 in Shanghai
    assert after_quiet_hours(in_utc) == sh(10, 8)


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
