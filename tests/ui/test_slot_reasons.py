"""The dispatch panel ranking by the earliest slot: each candidate's slot in words (what it
follows, the travel), and who has none named with the reason. The desk is built through the
use cases on SQLite (the window, the visit and the leave through the schedule's own), with the
clock on a Monday at 09:00 in Shanghai."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from dispatch_console.domain.candidates import Mode, Ranking, SlotKind, SlotWindow
from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore
from dispatch_console.ui.map.candidates import CandidatesPanel
from dispatch_console.ui.map.slot_words import when, window_text
from dispatch_console.ui.tasks import TaskRunner
from dispatch_console.ui.tickets.lifecycle import LifecycleController

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # Monday 09:00 in Shanghai
SITE = (31.2304, 121.4737)
KM = 1 / 111.2


class Clock:
    def now(self) -> datetime:
        return NOW


def shanghai(hour: int, days: int = 0) -> datetime:
    return NOW + timedelta(days=days, hours=hour - 9)


def _desk(tmp_path: Path) -> tuple[SqlStore, Services, int]:
    store = SqlStore(f"sqlite:///{tmp_path / 'slots.sqlite3'}", clock=Clock().now)
    store.upgrade()
    b = Services(store.unit_of_work, store.feed, Actor("sue", "supervisor"), clock=Clock())
    dept = b.create_department("电梯维保组", "LIFT")
    customer = b.create_customer("浦银商业银行", ["021 3775 5670"])
    site = b.create_site("静安分行", "南京西路1号", *SITE, customer_id=customer.id)
    south = b.create_site("徐汇门店", "漕溪北路88号", SITE[0] - 5 * KM, SITE[1])
    ids = {}
    for name, km in (("张伟", 1.0), ("李强", 3.0), ("王芳", 0.5)):
        tech = b.create_technician(name, "13900000000", dept.id, ["lift"])
        tech = b.set_technician_status(tech.id, tech.version, "available")
        b.report_position(tech.id, SITE[0] + km * KM, SITE[1], 8.0, NOW)
        ids[name] = tech.id
    earlier = b.create_ticket(
        TicketDraft("phone", "保养", "normal", "例行保养", site_id=south.id, department_id=dept.id)
    )
    b.place_visit(earlier.id, earlier.version, ids["张伟"], shanghai(13), 60)
    b.add_absence(ids["王芳"], "leave", shanghai(0), shanghai(9, days=2))
    ticket = b.create_ticket(
        TicketDraft("phone", "电梯", "normal", "电梯异响", customer_id=customer.id,
                    site_id=site.id, department_id=dept.id)
    )  # fmt: skip
    b.set_appointment(ticket.id, ticket.version, shanghai(14), shanghai(18))
    return store, b, ticket.id


def test_the_panel_says_when_each_can_be_there_and_why_others_cannot(
    qtbot: QtBot, tmp_path: Path
) -> None:
    store, backend, ticket_id = _desk(tmp_path)
    try:
        ranking = backend.rank_technicians(ticket_id, Mode.SLOT)
        names = {m.id: m.name for m in backend.fleet()}
    finally:
        store.close()
    _the_panel_shows(qtbot, ranking, names)


def test_assigning_from_the_slot_list_books_the_visit_at_that_slot(
    qtbot: QtBot, tmp_path: Path
) -> None:
    store, backend, ticket_id = _desk(tmp_path)
    host = QWidget()
    qtbot.addWidget(host)
    runner = TaskRunner()
    lifecycle = LifecycleController(backend, runner, host)
    try:
        best = backend.rank_technicians(ticket_id, Mode.SLOT).candidates[0]
        assert best.slot is not None and best.slot.at is not None
        with qtbot.waitSignal(lifecycle.changed, timeout=10000):
            lifecycle.book(backend.get_ticket(ticket_id), best.technician_id, best.slot.at, 60)
        booked = backend.get_ticket(ticket_id)
        assert booked.assignee_id == best.technician_id
        assert (booked.planned_start_at, booked.planned_minutes) == (shanghai(14), 60)
    finally:
        runner.wait()
        store.close()


def _the_panel_shows(qtbot: QtBot, ranking: Ranking, names: dict[int, str]) -> None:
    panel = CandidatesPanel()
    qtbot.addWidget(panel)
    panel.clock = Clock().now
    modes: list[object] = []
    panel.mode_changed.connect(modes.append)
    qtbot.mouseClick(panel.later_button, Qt.MouseButton.LeftButton)
    assert modes == [Mode.SLOT] and panel.mode is Mode.SLOT

    panel.show_ranking("T0000002", ranking, names=names)

    def local(at: datetime) -> str:
        return f"{at.astimezone():%H:%M}"

    assert [c.name for c in panel.candidates] == ["李强", "张伟"]
    eta = [panel.table.item(row, 2).text() for row in range(panel.table.rowCount())]
    assert eta[0] == f"Earliest {local(shanghai(14))} (from where they are, 10 min travel)"
    assert eta[1] == (
        f"Earliest {local(shanghai(14) + timedelta(minutes=17))} (after T0000001 at "
        f"{local(shanghai(13))}–{local(shanghai(14))}, 17 min travel)"
    )
    assert "booked window" in panel.title.text()
    below = panel.excluded.text()
    assert "Not listed: 1 away" in below
    assert ranking.no_slot[next(i for i, n in names.items() if n == "王芳")].kind is (
        SlotKind.ON_LEAVE
    )
    assert "王芳: On leave until Wed " in below
    assert panel.assign_button.text() == f"Assign to 李强, on site {local(shanghai(14))}"
    panel.resize(1100, 300)
    panel.show()
    qtbot.waitExposed(panel)
    assert not panel.grab().isNull()


def test_a_window_within_one_day_names_the_day_once(qapp: object) -> None:
    now = datetime.now(UTC)
    day = (now + timedelta(days=2)).astimezone().replace(hour=14, minute=0, second=0)
    afternoon = SlotWindow(day, day + timedelta(hours=2), booked=True, minutes=60)
    assert window_text(afternoon, now) == f"booked window {when(day, now)} – 16:00"
    overnight = SlotWindow(day, day + timedelta(hours=12), booked=True, minutes=60)
    assert window_text(overnight, now).endswith(f"– {when(day + timedelta(hours=12), now)}")
    assert when(day, now) != "14:00"  # another day: it is named
