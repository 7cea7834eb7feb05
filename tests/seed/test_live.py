"""The demo's simulated activity goes through the use cases, so consoles see it on the feed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from dispatch_console.domain.enums import Channel, TechnicianStatus
from dispatch_console.domain.notifications import NotifyChannel, NotifyStatus
from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.notify.worker import NotificationWorker
from dispatch_console.ports import Actor, TicketQuery
from dispatch_console.seed.gateway import DemoGateway
from dispatch_console.seed.live import DemoActivity
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore


def test_ticks_move_technicians_open_self_service_tickets_and_advance_jobs(
    tmp_path: Path,
) -> None:
    store = SqlStore(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    store.upgrade()
    svc = Services(store.unit_of_work, store.feed, Actor("admin", "admin"))
    dept = svc.create_department("Printers", "PRN")
    tech = svc.create_technician(
        "李雷", "13900001111", dept.id, ["printer"], status=TechnicianStatus.AVAILABLE
    )
    svc.report_position(tech.id, 31.23, 121.47, 10, datetime(2026, 1, 1, tzinfo=UTC))
    customer = svc.create_customer("王芳", ["13912345678"])
    site = svc.create_site("王芳 住宅", "上海市徐汇区", 31.19, 121.43, customer_id=customer.id)
    asset = svc.create_asset(site.id, "HP M404", "SN-1", category="printer")
    for _ in range(3):
        t = svc.create_ticket(TicketDraft("phone", "printer", "high", "卡纸", asset_id=asset.id))
        svc.assign(t.id, t.version, tech.id)
    before = svc.last_event_id()

    activity = DemoActivity(svc)
    for _ in range(40):
        activity.tick()

    moved = svc.get_technician(tech.id)
    assert (moved.lat, moved.lon) != (31.23, 121.47)
    tickets = svc.search_tickets(TicketQuery(sort="newest", limit=100)).items
    assert any(r.ticket.channel is Channel.SELF_SERVICE for r in tickets)
    assert any(r.ticket.status.value in ("accepted", "en_route") for r in tickets)
    kinds = {e.kind for e in svc.events_after(before, 1000)}
    assert {"position", "created", "transition"} <= kinds
    store.close()


def test_the_demo_gateway_delivers_what_the_live_demo_queues(tmp_path: Path) -> None:
    """The live demo's customers hear about their tickets: sent, with a message id; a dead
    number fails for good with the reason a provider gives."""
    store = SqlStore(f"sqlite:///{tmp_path / 'gateway.sqlite3'}")
    store.upgrade()
    svc = Services(store.unit_of_work, store.feed, Actor("admin", "admin"))
    customer = svc.create_customer("王芳", ["13912345678"])
    site = svc.create_site("王芳 住宅", "上海市徐汇区", 31.19, 121.43, customer_id=customer.id)
    first = svc.create_ticket(
        TicketDraft("phone", "printer", "high", "卡纸", customer_id=customer.id, site_id=site.id)
    )
    second = svc.create_ticket(
        TicketDraft("phone", "printer", "low", "缺粉", customer_id=customer.id, site_id=site.id)
    )
    dead = svc.list_notifications(first.id)[0]
    assert dead.status is NotifyStatus.PENDING
    gateway = DemoGateway(failing={dead.id})
    NotificationWorker(svc, dict.fromkeys(NotifyChannel, gateway)).run_once()

    failed = next(n for n in svc.list_notifications(first.id) if n.id == dead.id)
    assert failed.status is NotifyStatus.FAILED
    assert "out of service" in (failed.last_error or "")
    sent = svc.list_notifications(second.id)
    assert sent and all(n.status is NotifyStatus.SENT and n.provider_ref for n in sent)
    store.close()
