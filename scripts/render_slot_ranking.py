"""Render the dispatch panel ranking by the earliest slot to PNG, to look at its reasons:

    QT_QPA_PLATFORM=offscreen python scripts/render_slot_ranking.py --lang zh_CN --out docs \
        [--tsv /work/i18n/slotrank.tsv]

A lift team's Monday in Shanghai at 09:00: a ticket booked for 14:00-18:00 at People's Square;
one technician has a visit until 14:00 five kilometres away, one is free, one is on leave, one
works mornings, one is booked all afternoon. `--tsv` adds translations not yet merged into
the .ts (see render_schedule_board.py)."""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).parent))
from render_callbacks import shoot
from render_schedule_board import tsv_translator

from dispatch_console.domain.candidates import Mode
from dispatch_console.domain.schedule import Absence, AbsenceKind
from dispatch_console.domain.tickets import Ticket, TicketDraft
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore
from dispatch_console.ui.i18n import install_translations
from dispatch_console.ui.map.candidates import CandidatesPanel

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # Monday 09:00 in Shanghai
SITE = (31.2304, 121.4737)  # People's Square
KM = 1 / 111.2  # a kilometre north, in degrees of latitude


class Clock:
    def now(self) -> datetime:
        return NOW


def local(hour: int, minute: int = 0, days: int = 0) -> datetime:
    """That time on the clock's day, Shanghai time, as UTC."""
    return NOW + timedelta(days=days, hours=hour - 9, minutes=minute)


def plan(store: SqlStore, ticket_id: int, starts_at: datetime, minutes: int) -> None:
    """A visit on the assignee's day (the booking use case is another session's)."""
    with store.unit_of_work() as uow:
        t = uow.get(Ticket, ticket_id)
        t.planned_start_at, t.planned_minutes = starts_at, minutes
        uow.update(t, t.version)
        uow.commit()


def desk(store: SqlStore) -> tuple[Services, Ticket]:
    b = Services(store.unit_of_work, store.feed, Actor("agent1", "agent"), clock=Clock())
    dept = b.create_department("电梯维保组", "LIFT")
    customer = b.create_customer("浦银商业银行", ["021 3775 5670"])
    site = b.create_site("静安分行", "南京西路1号", *SITE, customer_id=customer.id)
    south = (SITE[0] - 5 * KM, SITE[1])
    far = b.create_site("徐汇门店", "漕溪北路88号", *south, customer_id=customer.id)
    techs: dict[str, Any] = {}
    for name, km, hours in (
        ("张伟", 1.0, (time(8, 30), time(17, 30))),
        ("李强", 3.0, (time(8, 30), time(17, 30))),
        ("王芳", 0.5, (time(8, 30), time(17, 30))),
        ("赵敏", 2.0, (time(6, 0), time(14, 0))),
        ("陈杰", 1.5, (time(8, 30), time(17, 30))),
    ):
        tech = b.create_technician(name, "13900000000", dept.id, ["lift"],
                                   work_starts=hours[0], work_ends=hours[1])  # fmt: skip
        tech = b.set_technician_status(tech.id, tech.version, "available")
        b.report_position(tech.id, SITE[0] + km * KM, SITE[1], 8.0, NOW)
        techs[name] = tech

    def visit(tech: str, at: datetime, minutes: int, where: int) -> None:
        draft = TicketDraft("phone", "保养", "normal", "例行保养", customer_id=customer.id,
                            site_id=where, department_id=dept.id)  # fmt: skip
        t = b.create_ticket(draft)
        t = b.assign(t.id, t.version, techs[tech].id)
        plan(store, t.id, at, minutes)

    visit("张伟", local(13), 60, far.id)
    visit("陈杰", local(13, 30), 120, far.id)
    visit("陈杰", local(15, 45), 120, site.id)
    with store.unit_of_work() as uow:
        uow.add(Absence(0, techs["王芳"].id, AbsenceKind.LEAVE, local(0), local(9, days=2)))
        uow.commit()
    ticket = b.create_ticket(TicketDraft("phone", "电梯", "normal", "电梯异响",
                                         customer_id=customer.id, site_id=site.id,
                                         department_id=dept.id))  # fmt: skip
    with store.unit_of_work() as uow:
        t = uow.get(Ticket, ticket.id)
        t.appointment_starts_at, t.appointment_ends_at = local(14), local(18)
        uow.update(t, t.version)
        uow.commit()
    return b, b.get_ticket(ticket.id)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="en")
    parser.add_argument("--out", type=Path, default=Path("docs"))
    parser.add_argument("--tsv", type=Path)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    install_translations(app, args.lang)
    if args.tsv and args.lang != "en":
        tsv_translator(app, args.tsv)
    folder = Path(tempfile.mkdtemp())
    store = SqlStore(f"sqlite:///{folder / 'slots.sqlite3'}", clock=Clock().now)
    store.upgrade()
    try:
        backend, ticket = desk(store)
        ranking = backend.rank_technicians(ticket.id, Mode.SLOT)
        panel = CandidatesPanel()
        panel.later_button.setChecked(True)
        panel.clock = Clock().now  # "today" is the scene's Monday
        names = {m.id: m.name for m in backend.fleet()}
        panel.show_ranking(ticket.number, ranking, names=names)
        panel.resize(1100, 330)
        panel.show()
        shoot(panel, args.out / f"dispatch-slots-{args.lang}.png")
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
