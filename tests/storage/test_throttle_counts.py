"""The counts behind the sign-in throttle and the per-address allowances: kept in the database so
every server process takes from the same bucket (one statement, so the last token goes to one
taker only), and forgotten once idle, so the tables do not grow for ever."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest

from conftest import FakeClock
from dispatch_console.domain.errors import PermissionDenied
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore


def _wrong_password(desk: Services, username: str, address: str) -> None:
    with pytest.raises(PermissionDenied):
        desk.check_password(username, "not the password", address)


def test_idle_sign_in_counts_and_allowances_are_purged_and_recent_ones_kept(
    backend: Services, sql_store: SqlStore, clock: FakeClock, count_rows: Callable[..., int]
) -> None:
    for n in range(5):  # yesterday's guessers, one row per (user name, address)
        _wrong_password(backend, "wang", f"203.0.113.{n}")
        assert backend.take_allowance("sign-in", f"203.0.113.{n}", 2.0, 120)
    clock.advance(hours=25)
    _wrong_password(backend, "wang", "198.51.100.7")  # this morning's typo at the desk
    assert backend.take_allowance("sign-in", "198.51.100.7", 2.0, 120)
    assert count_rows("sign_in_failures") == 6 and count_rows("address_allowances") == 6
    assert backend.purge_throttles(timedelta(days=1), batch=2) == 10
    assert count_rows("sign_in_failures") == 1 and count_rows("address_allowances") == 1
    assert backend.purge_throttles() == 0
    # what is kept still counts: the desk's typo is the first of five free tries
    assert count_rows("sign_in_failures", address="198.51.100.7", tries=1) == 1


def test_a_wait_still_running_is_not_purged(
    backend: Services, clock: FakeClock, count_rows: Callable[..., int]
) -> None:
    for _ in range(5):
        _wrong_password(backend, "wang", "203.0.113.9")
    clock.advance(minutes=10)
    for _ in range(10):  # a guesser made to wait the longest (5 minutes) from now on
        _wrong_password(backend, "wang", "203.0.113.9")
        clock.advance(seconds=301)
    clock.advance(seconds=-301 + 60)  # a minute into its last wait
    assert backend.purge_throttles(timedelta(seconds=30)) == 0
    assert count_rows("sign_in_failures") == 1
    clock.advance(minutes=5)
    assert backend.purge_throttles(timedelta(seconds=30)) == 1


def test_an_allowance_refills_at_its_rate_and_takes_back_what_did_not_count(
    backend: Services, sql_store: SqlStore, clock: FakeClock
) -> None:
    taken = [backend.take_allowance("reports", "203.0.113.9", 1 / 360, 3) for _ in range(4)]
    assert taken == [True, True, True, False]
    backend.give_back_allowance("reports", "203.0.113.9", 3)  # a report refused for a typo
    assert backend.take_allowance("reports", "203.0.113.9", 1 / 360, 3)
    assert not backend.take_allowance("reports", "203.0.113.9", 1 / 360, 3)
    assert backend.take_allowance("reports", "198.51.100.7", 1 / 360, 3)  # another address
    clock.advance(minutes=6)  # one report's worth
    assert backend.take_allowance("reports", "203.0.113.9", 1 / 360, 3)
    assert not backend.take_allowance("reports", "203.0.113.9", 1 / 360, 3)


def test_many_takers_at_once_share_one_bucket(sql_store: SqlStore, clock: FakeClock) -> None:
    """Threads with connections of their own, as worker processes would have: 10 tokens
    are taken exactly 10 times by 24 takers racing for them."""
    desk = Services(sql_store.unit_of_work, sql_store.feed, Actor("server", "agent"), clock=clock)
    start, results = threading.Barrier(24), []

    def taker() -> None:
        start.wait()
        results.append(desk.take_allowance("sign-in", "203.0.113.9", 0.001, 10))

    threads = [threading.Thread(target=taker) for _ in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(results) == [False] * 14 + [True] * 10
