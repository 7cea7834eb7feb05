"""Render the routing rules dialog and a ticket's automatic decisions to PNG so they can be looked
at, in English or Chinese: `python scripts/render_rules.py --lang zh_CN --out docs`."""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date, time, timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication

from dispatch_console.domain.enums import Channel, Priority
from dispatch_console.domain.rules.model import Actions, Area, Conditions, Hours, RoutingRule
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore
from dispatch_console.ui.i18n import install_translations
from dispatch_console.ui.main_window import MainWindow

sys.path.insert(0, str(Path(__file__).parent))
from render_callbacks import shoot, wait_until


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="en")
    parser.add_argument("--out", type=Path, default=Path("docs"))
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    install_translations(app, args.lang)
    path = Path(tempfile.mkdtemp()) / "rules.sqlite3"
    store = SqlStore(f"sqlite:///{path}")
    store.upgrade()
    sue = Services(store.unit_of_work, store.feed, Actor("supervisor1", "supervisor"))
    lifts = sue.create_department("电梯维修部", "LF")
    night = sue.create_department("夜班组", "NT")
    hospital = sue.create_company("华东医疗集团")
    today, year = date.today(), timedelta(days=365)
    lift_contract = sue.create_contract(hospital.id, "电梯年度维保合同", "premium",
                                        today - year / 2, today + year / 2)  # fmt: skip
    sue.create_contract(hospital.id, "电梯维保合同（上年度）", "standard",
                        today - year * 3 / 2, today - year / 2)  # fmt: skip
    sue.save_routing_rule(RoutingRule(
        0, "夜间电梯故障转夜班", 10,
        Conditions(categories=frozenset({"电梯"}),
                   hours=Hours(frozenset(range(7)), time(22), time(7))),
        Actions(department_id=night.id, priority=Priority.HIGH),
    ))  # fmt: skip
    sue.save_routing_rule(RoutingRule(
        0, "浦东电梯自动派单", 20,
        Conditions(categories=frozenset({"电梯"}),
                   channels=frozenset({Channel.PHONE, Channel.SELF_SERVICE}),
                   contract_ids=frozenset({lift_contract.id}),
                   area=Area(center=(31.2304, 121.5437), radius_m=8000)),
        Actions(department_id=lifts.id, required_skills=("lift",), auto_dispatch=True),
    ))  # fmt: skip
    window = MainWindow(sue, sue.actor, "demo")
    window.show()
    dialog = window.supervisor.routing_rules()
    wait_until(lambda: dialog.rules.count() == 2)
    dialog.rules.setCurrentRow(1)
    wait_until(lambda: "维保" in dialog.form.contracts.chosen.item(0).text())
    args.out.mkdir(parents=True, exist_ok=True)
    shoot(dialog, args.out / f"routing-rules-{args.lang}.png")
    window.runner.wait(5000)
    window.shutdown()
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
