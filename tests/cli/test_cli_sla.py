"""`dispatch-admin sla run`: the escalation scan without a server; bad lead times are refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore

from .conftest import run, sqlite_url


class Then:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


def test_one_scan_marks_an_overdue_ticket_once(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "desk.sqlite3")
    store = SqlStore(url)
    store.upgrade()
    three_hours_ago = Then(datetime.now(UTC) - timedelta(hours=3))
    agent = Services(store.unit_of_work, store.feed, Actor("alice", "agent"), clock=three_hours_ago)
    ticket = agent.create_ticket(TicketDraft("phone", "lift", "normal", "电梯停运"))
    first = run("--database", url, "sla", "run", "--once")
    assert first.code == 0 and first.out.strip() == "1 escalation step(s)"  # response: missed
    assert run("--database", url, "sla", "run", "--once").out.strip() == "0 escalation step(s)"
    kinds = [e.payload["level"] for e in agent.ticket_history(ticket.id).decisions]
    assert kinds == ["breached"]
    store.close()


def test_lead_times_must_say_milestone_and_minutes(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "desk.sqlite3")
    bad = run("--database", url, "sla", "run", "--once", "--sla-assignee-lead", "soon")
    assert bad.code == 2 and "milestone=minutes" in bad.err
    later = run("--database", url, "sla", "run", "--once", "--sla-supervisor-lead",
                "response=30", "--sla-assignee-lead", "response=10")  # fmt: skip
    assert later.code == 2 and "after the assignee" in later.err
