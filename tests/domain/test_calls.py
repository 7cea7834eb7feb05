"""Calls and callbacks: when an unreachable customer is tried again, and when we give up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dispatch_console.domain.calls import Call, Callback, RetryPolicy
from dispatch_console.domain.enums import (
    CallbackReason,
    CallbackStatus,
    CallDirection,
    CallOutcome,
)

NOW = datetime(2024, 3, 1, 14, 0, tzinfo=UTC)


def test_default_policy_three_attempts_over_the_delays_then_none() -> None:
    policy = RetryPolicy()
    assert policy.next_due(1, NOW) == NOW + timedelta(hours=2)
    assert policy.next_due(2, NOW) == NOW + timedelta(hours=20)
    assert policy.next_due(3, NOW) is None
    assert policy.next_due(4, NOW) is None


def test_no_attempt_yet_uses_the_first_delay() -> None:
    assert RetryPolicy().next_due(0, NOW) == NOW + timedelta(hours=2)


def test_more_attempts_than_delays_repeat_the_last_delay() -> None:
    policy = RetryPolicy(max_attempts=5)
    assert [policy.next_due(n, NOW) for n in range(1, 6)] == [
        NOW + timedelta(hours=2),
        NOW + timedelta(hours=20),
        NOW + timedelta(hours=20),
        NOW + timedelta(hours=20),
        None,
    ]


def test_single_attempt_policy_gives_up_at_once() -> None:
    assert RetryPolicy(max_attempts=1).next_due(1, NOW) is None


def test_custom_delays() -> None:
    policy = RetryPolicy(max_attempts=3, delays=(timedelta(minutes=30),))
    assert policy.next_due(1, NOW) == NOW + timedelta(minutes=30)
    assert policy.next_due(2, NOW) == NOW + timedelta(minutes=30)
    assert policy.next_due(3, NOW) is None


def test_callback_defaults_match_the_policy() -> None:
    cb = Callback(1, CallbackReason.MISSED_CALL, NOW, CallbackStatus.PENDING, "+8613812345678")
    assert cb.attempts == 0
    assert cb.max_attempts == RetryPolicy().max_attempts
    assert cb.outcome is None


def test_new_call_is_ringing() -> None:
    call = Call(1, "1700000000.1", CallDirection.INBOUND, "+8613812345678", "8001", NOW)
    assert call.outcome is CallOutcome.RINGING
    assert call.answered_at is None
    assert call.version == 1
