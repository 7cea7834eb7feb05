"""Dispatch in the main window: the ranked list, the map, assigning, live positions."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from dispatch_console.config import MapSettings
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.ui.main_window import MainWindow

from .conftest import SITE


def js(qtbot: QtBot, window: MainWindow, code: str) -> Any:
    box: list[Any] = []
    assert window.dispatch is not None
    window.dispatch.map.page.runJavaScript(f"JSON.stringify({code})", 0, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=5000)
    return json.loads(box[0])


def _world(backend: Services) -> dict[str, Any]:
    dept = backend.create_department("电梯维保组", "LIFT")
    customer = backend.create_customer("浦银商业银行", ["021 3775 5670"])
    site = backend.create_site("静安分行", "南京西路1号", *SITE, customer_id=customer.id)
    asset = backend.create_asset(site.id, "OTIS GeN2", "SN-77", category="lift")
    now = datetime.now(UTC)
    techs = {}
    for name, km in (("近 张伟", 1.0), ("远 李强", 4.0), ("休 王芳", 0.5)):
        tech = backend.create_technician(name, "13900000000", dept.id, ["lift"])
        if not name.startswith("休"):
            tech = backend.set_technician_status(tech.id, tech.version, "available")
        backend.report_position(tech.id, SITE[0] + km / 111.2, SITE[1], 8.0, now)
        techs[name[0]] = tech
    ticket = backend.create_ticket(
        __import__("dispatch_console.domain.tickets", fromlist=["TicketDraft"]).TicketDraft(
            "phone", "困人", "critical", "电梯困人", customer_id=customer.id, asset_id=asset.id,
            department_id=dept.id,
        )
    )  # fmt: skip
    return {"ticket": ticket, "techs": techs}


def _dispatch_window(qtbot: QtBot, backend: Any, mbtiles: Path) -> MainWindow:
    window = MainWindow(
        backend,
        backend.actor,
        "test",
        map_settings=MapSettings(mbtiles_path=str(mbtiles), offline=True, tile_url=""),
    )
    qtbot.addWidget(window)
    window.show()
    assert window.dispatch is not None
    with qtbot.waitSignal(window.dispatch.map.ready, timeout=20000):
        window.start()
    return window


def test_the_ranked_list_the_map_and_assigning_with_the_keyboard(
    qtbot: QtBot, backend: Services, store: Any, mbtiles: Path
) -> None:
    world = _world(backend)
    window = _dispatch_window(qtbot, backend, mbtiles)
    assert window.dispatch is not None
    candidates = window.dispatch.candidates
    qtbot.waitUntil(lambda: candidates.table.rowCount() == 2, timeout=10000)
    names = [c.name for c in candidates.candidates]
    assert names == ["近 张伟", "远 李强"]
    assert "1 off duty" in candidates.excluded.text()
    qtbot.waitUntil(
        lambda: js(qtbot, window, "dispatchMap.counts()")["technicians"] == 3, timeout=5000
    )

    # a click on a technician in the map picks them in the list
    far = world["techs"]["远"]
    js(qtbot, window, f"dispatchMap.clickTechnician({far.id}) || true")
    qtbot.waitUntil(
        lambda: candidates.selected() is not None and candidates.selected().name == "远 李强",
        timeout=5000,
    )
    # one who is off duty says why
    off = world["techs"]["休"]
    js(qtbot, window, f"dispatchMap.clickTechnician({off.id}) || true")
    qtbot.waitUntil(lambda: "off duty" in candidates.excluded.text(), timeout=5000)

    # Enter on the list assigns the highlighted technician, through the service layer
    candidates.table.setFocus()
    qtbot.keyClick(candidates.table, Qt.Key.Key_Return)
    ticket = world["ticket"]
    qtbot.waitUntil(lambda: backend.get_ticket(ticket.id).assignee_id == far.id, timeout=5000)
    qtbot.waitUntil(
        lambda: window.detail.ticket is not None and window.detail.ticket.assignee_id == far.id,
        timeout=5000,
    )
    window.shutdown()


def test_another_consoles_position_update_moves_the_marker(
    qtbot: QtBot, backend: Services, store: Any, mbtiles: Path
) -> None:
    world = _world(backend)
    window = _dispatch_window(qtbot, backend, mbtiles)
    assert window.dispatch is not None
    near = world["techs"]["近"]
    qtbot.waitUntil(
        lambda: js(qtbot, window, f"dispatchMap.technician({near.id})") is not None, timeout=10000
    )

    tracker = Services(store.unit_of_work, store.feed, Actor("gps", "admin"))
    tracker.report_position(near.id, 31.30, 121.55, 5.0, datetime.now(UTC))
    qtbot.waitUntil(
        lambda: js(qtbot, window, f"dispatchMap.technician({near.id})")["lat"] > 31.29,
        timeout=5000,
    )
    # and the list follows: 近 张伟 is now the farther one
    qtbot.waitUntil(
        lambda: [c.name for c in window.dispatch.candidates.candidates] == ["远 李强", "近 张伟"],
        timeout=5000,
    )
    window.shutdown()


class RiverRouter:
    """A route service's answers (the HTTP clients are tested in tests/travel): the nearer
    technician is across the river, 40 minutes away by road."""

    def __init__(self, slow_first: bool) -> None:
        self.slow_first = slow_first
        self.asked: list[int] = []

    def minutes_to(self, origins: Any, destination: Any) -> list[float]:
        self.asked.append(len(origins))
        return [40.0, 8.0] if self.slow_first else [8.0, 40.0]


def test_road_times_from_the_route_service_reorder_the_list(
    qtbot: QtBot, backend: Services, store: Any, mbtiles: Path
) -> None:
    _world(backend)
    router = RiverRouter(slow_first=True)
    window = MainWindow(
        backend,
        backend.actor,
        "test",
        map_settings=MapSettings(mbtiles_path=str(mbtiles), offline=True, tile_url=""),
        router=router,
    )
    qtbot.addWidget(window)
    window.show()
    assert window.dispatch is not None
    with qtbot.waitSignal(window.dispatch.map.ready, timeout=20000):
        window.start()
    candidates = window.dispatch.candidates
    qtbot.waitUntil(
        lambda: [c.name for c in candidates.candidates] == ["远 李强", "近 张伟"], timeout=10000
    )
    assert router.asked == [2]  # one request for the whole list
    assert all(c.eta_by_road for c in candidates.candidates)
    assert not candidates.table.item(0, 2).text().startswith("≈")
    window.shutdown()


def test_the_list_never_switches_under_the_dispatchers_hands(
    qtbot: QtBot, backend: Services, store: Any, mbtiles: Path
) -> None:
    """A fix must not take the keyboard; the highlighted technician stays highlighted while the
    order changes; when they leave the list nobody is highlighted, so Enter assigns no one."""
    world = _world(backend)
    window = _dispatch_window(qtbot, backend, mbtiles)
    assert window.dispatch is not None
    candidates = window.dispatch.candidates
    qtbot.waitUntil(lambda: candidates.table.rowCount() == 2, timeout=10000)
    far, near = world["techs"]["远"], world["techs"]["近"]
    candidates.select_technician(far.id)
    window.activateWindow()
    window.queue.search.setFocus()
    qtbot.waitUntil(window.queue.search.hasFocus, timeout=5000)

    other = Services(store.unit_of_work, store.feed, Actor("gps", "admin"))
    other.report_position(near.id, SITE[0] + 0.2, SITE[1], 5.0, datetime.now(UTC))
    qtbot.waitUntil(
        lambda: [c.name for c in candidates.candidates] == ["远 李强", "近 张伟"], timeout=5000
    )
    assert window.queue.search.hasFocus()  # the fix did not steal the keyboard
    assert candidates.selected() is not None and candidates.selected().technician_id == far.id

    current = other.get_technician(far.id)
    other.set_technician_status(far.id, current.version, "off_duty")
    qtbot.waitUntil(lambda: len(candidates.candidates) == 1, timeout=5000)
    assert candidates.selected() is None and not candidates.assign_button.isEnabled()
    assert "no longer on the list" in candidates.excluded.text()
    window.shutdown()


def test_an_answer_for_the_previous_ticket_does_not_land_on_the_next(
    qtbot: QtBot, backend: Services, store: Any, mbtiles: Path
) -> None:
    import threading

    world = _world(backend)
    no_site = backend.create_ticket(
        __import__("dispatch_console.domain.tickets", fromlist=["TicketDraft"]).TicketDraft(
            "phone", "咨询", "low", "问一下保修期"
        )
    )  # fmt: skip
    gate = threading.Event()

    class SlowJobs:
        def __init__(self, inner: Services) -> None:
            self._inner = inner

        def dispatch_job(self, ticket_id: int) -> Any:
            gate.wait(10)
            return self._inner.dispatch_job(ticket_id)

        def __getattr__(self, name: str) -> Any:
            return getattr(self._inner, name)

    window = _dispatch_window(qtbot, SlowJobs(backend), mbtiles)
    assert window.dispatch is not None
    window.dispatch.select_ticket(backend.get_ticket(world["ticket"].id))
    window.dispatch.select_ticket(backend.get_ticket(no_site.id))  # before the first answered
    gate.set()
    window.runner.wait(5000)  # the stale answer has been computed ...
    QApplication.processEvents()  # ... and delivered: it must change nothing
    assert window.dispatch.candidates.candidates == []
    assert "no site" in window.dispatch.candidates.title.text()
    window.shutdown()


def test_resume_on_a_held_ticket_resumes_instead_of_opening_dispatch(
    qtbot: QtBot, backend: Services, store: Any, mbtiles: Path
) -> None:
    world = _world(backend)
    ticket = backend.assign(world["ticket"].id, world["ticket"].version, world["techs"]["近"].id)
    backend.transition(ticket.id, ticket.version, "on_hold", "customer away")
    window = _dispatch_window(qtbot, backend, mbtiles)
    qtbot.waitUntil(lambda: window.detail.ticket is not None, timeout=5000)
    window.detail.action_bar.findChild(QPushButton, "action_assigned").click()
    qtbot.waitUntil(lambda: backend.get_ticket(ticket.id).status.value == "assigned", timeout=5000)
    window.shutdown()


def test_a_technician_seen_for_the_first_time_appears_on_the_map(
    qtbot: QtBot, backend: Services, store: Any, mbtiles: Path
) -> None:
    world = _world(backend)
    window = _dispatch_window(qtbot, backend, mbtiles)
    qtbot.waitUntil(
        lambda: js(qtbot, window, "dispatchMap.counts()")["technicians"] == 3, timeout=10000
    )
    other = Services(store.unit_of_work, store.feed, Actor("hr", "admin"))
    dept = world["ticket"].department_id
    newbie = other.create_technician("新 测试", "13900000009", dept, ["lift"], status="available")
    other.report_position(newbie.id, SITE[0], SITE[1] + 0.001, 5.0, datetime.now(UTC))
    qtbot.waitUntil(
        lambda: js(qtbot, window, f"dispatchMap.technician({newbie.id})") is not None,
        timeout=10000,
    )
    window.shutdown()


def pins(qtbot: QtBot, window: MainWindow) -> int:
    return int(js(qtbot, window, "dispatchMap.counts()")["tickets"])


@pytest.mark.parametrize("rows", [True, False], ids=["rows-with-the-feed", "older-server"])
def test_a_changed_ticket_re_reads_its_own_pin_not_every_open_ticket(
    qtbot: QtBot, backend: Services, store: Any, mbtiles: Path, rows: bool
) -> None:
    """Issue 20: 200 consoles re-reading every open ticket's pin after each change was a cost
    of consoles x open tickets. Now the feed brings the changed tickets' rows and the map
    places their pins (and the fleet's loads) from them without a call; from a feed without
    rows (an older server) each change reads just the pins of the tickets that changed."""
    from collections import Counter

    from dispatch_console.ports import FeedBatch

    world = _world(backend)
    calls: Counter[str] = Counter()

    class Counting:
        def __getattr__(self, name: str) -> Any:
            target = getattr(backend, name)
            if not callable(target):
                return target

            def counted(*args: Any, **kwargs: Any) -> Any:
                calls[name] += 1
                found = target(*args, **kwargs)
                if name == "wait_for_changes" and not rows:
                    return FeedBatch(found.events)
                return found

            return counted

    window = _dispatch_window(qtbot, Counting(), mbtiles)
    qtbot.waitUntil(
        lambda: js(qtbot, window, "dispatchMap.counts()")["tickets"] == 1, timeout=10000
    )
    qtbot.waitUntil(window.follower.isRunning, timeout=5000)
    other = Services(store.unit_of_work, store.feed, Actor("bob", "agent"))
    site = other.create_site("徐汇店", "漕溪北路1号", SITE[0] + 0.01, SITE[1])
    from dispatch_console.domain.tickets import TicketDraft

    added = other.create_ticket(TicketDraft("phone", "空调", "high", "不制冷", site_id=site.id))
    qtbot.waitUntil(
        lambda: js(qtbot, window, "dispatchMap.counts()")["tickets"] == 2, timeout=10000
    )
    ticket = world["ticket"]
    other.transition(ticket.id, ticket.version, "cancelled", "duplicate")
    qtbot.waitUntil(
        lambda: js(qtbot, window, "dispatchMap.counts()")["tickets"] == 1, timeout=10000
    )
    assert calls["ticket_pins"] == 1  # the first load only
    if rows:  # placed from the rows: no read per change, not even of the fleet's loads
        assert calls["ticket_pins_of"] == calls["ticket_rows"] == 0
        assert calls["fleet"] == 1
    else:
        assert calls["ticket_pins_of"] >= 2  # then just the changed tickets
    assert added.id in window.dispatch._pins  # type: ignore[union-attr]
    window.shutdown()
