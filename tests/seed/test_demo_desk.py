"""The demo as a dispatcher first sees it: made from the shipped snapshot, moved to the present,
it looks like a good morning at a service centre, not a desk on fire (issue 24)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from dispatch_console.domain.calls import Callback
from dispatch_console.domain.enums import Channel, Priority, TechnicianStatus, TicketStatus
from dispatch_console.domain.lifecycle import ASSIGNABLE_STATES
from dispatch_console.domain.notifications import Notification, NotifyStatus
from dispatch_console.domain.sla import Risk, next_clock
from dispatch_console.domain.tickets import TicketDraft, TicketRow
from dispatch_console.ports import Actor, TicketQuery
from dispatch_console.seed.planning import SHANGHAI
from dispatch_console.seed.snapshot import restore_demo, snapshot_anchor
from dispatch_console.services import Services
from dispatch_console.storage.schema import EventRow, TicketRowORM
from dispatch_console.storage.schema_notify import NotificationRow
from dispatch_console.storage.store import SqlStore

# a morning in Shanghai long after the snapshot was built: everything must have moved with it
NOW = datetime(2027, 5, 18, 9, 45, tzinfo=SHANGHAI).astimezone(UTC)


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


@dataclass
class Desk:
    store: SqlStore
    services: Services
    open_rows: list[TicketRow]


def _open_tickets(services: Services) -> list[TicketRow]:
    rows: list[TicketRow] = []
    cursor = None
    while True:
        page = services.search_tickets(
            TicketQuery(open_only=True, sort="due", limit=500, cursor=cursor)
        )
        rows += page.items
        cursor = page.next_cursor
        if cursor is None:
            return rows


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    restore_demo(f"sqlite:///{path}", NOW)
    store = SqlStore(f"sqlite:///{path}", clock=lambda: NOW)
    services = Services(
        store.unit_of_work, store.feed, Actor("supervisor1", "supervisor"), clock=Clock(NOW)
    )
    yield Desk(store, services, _open_tickets(services))
    store.close()


def _risk(row: TicketRow) -> Risk | None:
    clock = next_clock(row.ticket.sla_clocks())
    return clock.risk(NOW) if clock else None


def test_a_handful_late_a_few_at_risk(desk: Desk) -> None:
    risks = Counter(_risk(r) for r in desk.open_rows)
    late = risks[Risk.BREACHED]
    assert len(desk.open_rows) >= 100
    assert 1 <= late <= 0.10 * len(desk.open_rows), risks
    assert 3 <= risks[Risk.AT_RISK] <= 0.15 * len(desk.open_rows), risks
    assert risks[Risk.OK] > len(desk.open_rows) / 2, risks


def test_new_tickets_are_arriving(desk: Desk) -> None:
    new = [r.ticket for r in desk.open_rows if r.ticket.status is TicketStatus.NEW]
    recent = [t for t in new if NOW - t.created_at <= timedelta(hours=1)]
    assert len(recent) >= 3
    assert all(t.created_at <= NOW for t in new)


def test_technicians_free_and_busy(desk: Desk) -> None:
    statuses = Counter(t.status for t in desk.services.list_technicians())
    assert statuses[TechnicianStatus.AVAILABLE] >= 3, statuses
    assert statuses[TechnicianStatus.ON_SITE] + statuses[TechnicianStatus.EN_ROUTE] >= 5


def test_the_first_ticket_is_dispatchable_with_candidates(desk: Desk) -> None:
    first = desk.open_rows[0].ticket
    assert first.status in ASSIGNABLE_STATES
    ranking = desk.services.rank_technicians(first.id)
    assert len(ranking.candidates) >= 2


def test_notifications_went_out_through_the_demo_gateway(desk: Desk) -> None:
    with desk.store.unit_of_work() as uow:
        sent = uow.find(Notification, limit=100_000)
    by_status = Counter(n.status for n in sent)
    assert by_status[NotifyStatus.SENT] >= 0.95 * len(sent)
    failed = [n for n in sent if n.status is NotifyStatus.FAILED]
    assert len(failed) == 1 and "out of service" in (failed[0].last_error or "")
    waiting = [n for n in sent if n.status is NotifyStatus.PENDING]
    assert all(NOW - n.created_at < timedelta(minutes=5) for n in waiting)
    assert all(n.provider_ref for n in sent if n.status is NotifyStatus.SENT)


def test_a_few_callbacks_due_today(desk: Desk) -> None:
    with desk.store.unit_of_work() as uow:
        pending = [c for c in uow.find(Callback, limit=100_000) if c.status.value == "pending"]
    today = NOW.astimezone(SHANGHAI).date()
    due_today = [c for c in pending if c.due_at.astimezone(SHANGHAI).date() == today]
    overdue = [c for c in pending if c.due_at < NOW - timedelta(hours=2)]
    assert len(due_today) >= 3
    assert len(overdue) <= 5


def test_nothing_happened_in_the_future(desk: Desk) -> None:
    with desk.store.engine.connect() as conn:
        latest = [
            conn.execute(select(func.max(column))).scalar_one()
            for column in (EventRow.at, TicketRowORM.created_at, NotificationRow.created_at)
        ]
    assert all(at <= NOW for at in latest), latest


def test_history_moved_to_the_present(desk: Desk) -> None:
    last = desk.services.events_after(desk.services.last_event_id() - 1)[-1]
    assert NOW - timedelta(minutes=30) < last.at <= NOW
    assert snapshot_anchor() < NOW - timedelta(days=100)  # really moved, not built today
    # the log's own instants moved with the rows they describe
    first = desk.open_rows[0].ticket
    with desk.store.engine.connect() as conn:
        created = conn.execute(
            select(EventRow.at).where(
                EventRow.entity == "ticket",
                EventRow.entity_id == str(first.id),
                EventRow.kind == "created",
            )
        ).scalar_one()
    assert abs((created - first.created_at).total_seconds()) < 5


def test_a_second_restore_refuses_an_existing_file(desk: Desk, tmp_path: Path) -> None:
    target = tmp_path / "taken.sqlite3"
    target.write_bytes(b"")
    with pytest.raises(FileExistsError):
        restore_demo(f"sqlite:///{target}", NOW)
    assert target.read_bytes() == b""


def test_restores_into_postgresql_with_ids_that_go_on(desk: Desk, pg_database: Any) -> None:
    pg_database.reset()
    restore_demo(pg_database.url, NOW)
    store = SqlStore(pg_database.url, clock=lambda: NOW)
    try:
        services = Services(
            store.unit_of_work, store.feed, Actor("agent1", "agent"), clock=Clock(NOW)
        )
        rows = _open_tickets(services)
        assert [r.ticket.number for r in rows] == [r.ticket.number for r in desk.open_rows]
        first = rows[0].ticket
        # the sequences follow the copied ids: a new ticket, its event and notifications fit
        draft = TicketDraft(
            Channel.PHONE, first.category, Priority.NORMAL, "demo after restore",
            customer_id=first.customer_id, site_id=first.site_id, asset_id=first.asset_id,
        )  # fmt: skip
        made = services.create_ticket(draft)
        assert made.id > max(r.ticket.id for r in rows)
    finally:
        store.close()
        pg_database.reset()


def test_the_first_demo_start_restores_the_snapshot_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dispatch_console.app.demo import demo_database

    monkeypatch.setenv("DISPATCH_DATA_DIR", str(tmp_path))
    url = demo_database()
    made = tmp_path / "demo.sqlite3"
    assert url == f"sqlite:///{made}" and made.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.sqlite3"]  # nothing half-made
    before = made.stat().st_mtime_ns
    assert demo_database() == url and made.stat().st_mtime_ns == before  # kept, not redone
    store = SqlStore(url)
    try:
        assert not store.needs_upgrade()
        assert _open_tickets(Services(store.unit_of_work, store.feed, Actor("agent1", "agent")))
    finally:
        store.close()
