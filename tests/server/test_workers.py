"""Several worker processes behind one address on PostgreSQL: the work that must run once (here
the SLA scan) runs in exactly one of them, and when that process dies another takes it over
within a few seconds. SQLite and the test mode serve from one process, and say so."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
import requests

from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import Actor
from dispatch_console.server.main import configure, cores, main
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore

from .processes import ServerProcess

TAKE_OVER_S = 15.0  # RETRY_S (2 s) after the lock's session ends, plus a loaded machine


def _leaders(url: str) -> list[int]:
    """The OS process ids holding the leader lock (its session names its process) on this
    database: other tests' servers on the same PostgreSQL hold theirs."""
    with psycopg.connect(url, autocommit=True) as c:
        rows = c.execute(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a USING (pid)"
            " WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database()"
        ).fetchall()
    return [int(r[0].split()[-1]) for r in rows if r[0].startswith("dispatch-leader ")]


def _until(what: Callable[[], object], within: float) -> object:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        found = what()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"not within {within} s")


def test_the_sla_scan_runs_once_and_moves_when_its_process_dies(
    pg_desk: str, tmp_path: Path
) -> None:
    database = pg_desk
    store = SqlStore(database)
    then = datetime.now(UTC) - timedelta(hours=3)  # a response deadline long missed

    class Then:
        @staticmethod
        def now() -> datetime:
            return then

    desk = Services(store.unit_of_work, store.feed, Actor("alice", "agent"), clock=Then())

    def escalated(ticket_id: int) -> list[object]:
        return desk.ticket_history(ticket_id).decisions

    server = ServerProcess(
        database, tmp_path / "server.log", args=["--workers", "2", "--sla-every", "0.5"]
    ).start()
    try:
        (leader,) = _until(lambda: _leaders(database), TAKE_OVER_S)  # type: ignore[misc]
        first = desk.create_ticket(TicketDraft("phone", "lift", "normal", "电梯停运"))
        _until(lambda: escalated(first.id), TAKE_OVER_S)
        os.kill(leader, signal.SIGKILL)
        began = time.monotonic()
        (heir,) = _until(  # type: ignore[misc]
            lambda: [p for p in _leaders(database) if p != leader], TAKE_OVER_S
        )
        second = desk.create_ticket(TicketDraft("phone", "lift", "normal", "电梯又停了"))
        _until(lambda: escalated(second.id), TAKE_OVER_S)
        assert time.monotonic() - began < TAKE_OVER_S
        assert heir != leader
        # scanned once: each overdue ticket got exactly one step, whoever ran the scan
        assert len(escalated(first.id)) == len(escalated(second.id)) == 1
        assert requests.get(server.url + "/healthz", timeout=5).ok  # still served
    finally:
        server.stop()
        store.close()


def test_sqlite_and_the_test_mode_serve_from_one_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sqlite = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    assert main(["--database", sqlite, "--workers", "2"]) == 2
    assert "SQLite serves from one process" in capsys.readouterr().err
    config = configure(["--database", sqlite])
    assert not isinstance(config, str) and config.workers == 1
    pg = "postgresql://nobody@127.0.0.1:1/nothing"  # not connected to: only its kind counts
    config = configure(["--database", pg])
    assert not isinstance(config, str) and config.workers == cores()
    config = configure(["--database", pg, "--test-mode"])
    assert not isinstance(config, str) and config.workers == 1
    assert configure(["--database", pg, "--test-mode", "--workers", "2"]) == (
        "--workers: the test mode runs one process"
    )
    assert configure(["--database", pg, "--workers", "0"]) == "--workers: at least 1"


def test_the_desks_zone_and_holidays_are_options_checked_in_words() -> None:
    pg = "postgresql://nobody@127.0.0.1:1/nothing"
    config = configure(["--database", pg, "--timezone", "Asia/Hong_Kong", "--holiday-region", "hk"])
    assert not isinstance(config, str)
    assert (config.desk.timezone, config.desk.holiday_region) == ("Asia/Hong_Kong", "HK")
    assert config.web.timezone == "Asia/Hong_Kong"  # the customers' pages' clock
    assert configure(["--database", pg, "--timezone", "Mars/Olympus"]) == (
        "--timezone: 'Mars/Olympus' is not a time zone such as Asia/Shanghai"
    )
    refused = configure(["--database", pg, "--holiday-region", "XX"])
    assert isinstance(refused, str) and refused.startswith("--holiday-region: 'XX' is not a region")


def test_sign_ins_from_one_address_are_counted_across_worker_processes(
    pg_desk: str, tmp_path: Path
) -> None:
    """Per-address sign-ins (120 at once, then 2 a second, whatever the user name) live in the
    database: two workers allow one address no more than one process does. (Counted in each
    process's memory, 200 tries spread over two workers all got through.)"""
    from concurrent.futures import ThreadPoolExecutor

    from dispatch_console.server.auth import OFFICE_BURST, OFFICE_RATE

    server = ServerProcess(pg_desk, tmp_path / "server.log", args=["--workers", "2"]).start()
    guesser = {"X-Forwarded-For": "203.0.113.9"}  # the server trusts loopback's proxy header

    def sign_in(n: int) -> int:
        with requests.Session() as fresh:  # a new connection: either worker may take it
            body = {"username": f"user{n}", "password": "guess-guess"}
            url = server.url + "/api/v1/auth/login"
            return fresh.post(url, json=body, headers=guesser, timeout=60).status_code

    try:
        began = time.monotonic()
        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(sign_in, range(200)))
        took = time.monotonic() - began
        checked = statuses.count(403)  # unknown users: each password was checked
        assert set(statuses) <= {403, 429}
        assert OFFICE_BURST <= checked <= OFFICE_BURST + OFFICE_RATE * took + 2, (checked, took)
        # the desk elsewhere signs in as usual
        boss = {"username": "boss", "password": "correct horse 1"}
        answer = requests.post(server.url + "/api/v1/auth/login", json=boss, timeout=60)
        assert answer.status_code == 200
    finally:
        server.stop()
