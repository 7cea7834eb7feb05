"""File ▸ Routing rules…: a supervisor writes a rule without code, a refused one says why and
keeps what was typed, and the next ticket follows the saved rule with the decision in its
timeline."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from dispatch_console.domain.enums import Priority
from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.ui.main_window import MainWindow
from dispatch_console.ui.tickets.timeline_text import timeline_html


def test_a_supervisor_writes_a_rule_and_the_next_ticket_follows_it(
    qtbot: QtBot, backend: Services
) -> None:
    lifts = backend.create_department("电梯维修部", "LF")
    sue = backend.as_actor(Actor("sue", "supervisor"))
    window = MainWindow(sue, sue.actor, "test")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        window.start()
    assert window.commands["routing_rules"].isEnabled()
    dialog = window.supervisor.routing_rules()
    qtbot.waitUntil(lambda: dialog.ready, timeout=5000)
    form = dialog.form
    form.name.setText("电梯故障")  # (QtTest types ASCII only)
    form.categories.setText("lift, 电梯")
    form.department.setCurrentIndex(form.department.findData(lifts.id))
    form.priority.setCurrentIndex(form.priority.findData("high"))
    form.skills.setText("lift")
    assert not form.within.isEnabled()  # the limit only matters once auto-dispatch is on
    form.auto.setChecked(True)
    form.within.setValue(90)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.rules.count() == 1, timeout=5000)
    assert "Saved" in dialog.status.text()
    [saved] = backend.routing_rules()
    assert saved.actions.auto_dispatch and saved.actions.auto_dispatch_within == 90

    # a second rule the first hides: refused with the reason, the form keeps it
    dialog.new_rule()
    form.name.setText("电梯 VIP")
    form.categories.setText("电梯")
    form.priority.setCurrentIndex(form.priority.findData("critical"))
    dialog.save()
    qtbot.waitUntil(lambda: "comes first" in dialog.status.text(), timeout=5000)
    assert form.name.text() == "电梯 VIP" and dialog.rules.count() == 1

    ticket = backend.create_ticket(TicketDraft("phone", "电梯", "normal", "电梯门关不上"))
    assert (ticket.department_id, ticket.priority) == (lifts.id, Priority.HIGH)
    html = timeline_html(backend.ticket_history(ticket.id))
    assert "“电梯故障”" in html and "电梯维修部" in html
    assert "scores 90 min or less" in html
    window.runner.wait(5000)
    window.shutdown()


def test_agents_do_not_get_the_rules(qtbot: QtBot, backend: Services) -> None:
    window = MainWindow(backend, backend.actor, "test")
    qtbot.addWidget(window)
    assert not window.commands["routing_rules"].isEnabled()


def test_a_rule_for_one_customer_within_a_district(qtbot: QtBot, backend: Services) -> None:
    vip = backend.create_customer("华东医疗", ["13812345678"])
    other = backend.create_customer("华西物业", ["13912345678"])
    inside = backend.create_site("浦东门店", "浦东新区", 31.22, 121.55, customer_id=vip.id)
    pudong = backend.create_department("浦东组", "PD")
    sue = backend.as_actor(Actor("sue", "supervisor"))
    window = MainWindow(sue, sue.actor, "test")
    qtbot.addWidget(window)
    dialog = window.supervisor.routing_rules()
    qtbot.waitUntil(lambda: dialog.ready, timeout=5000)
    form = dialog.form
    form.name.setText("华东医疗 浦东")
    form.customers.query.setText("华东")
    form.customers._look_up()  # what typing does after a pause
    qtbot.waitUntil(lambda: form.customers.found.count() == 1, timeout=5000)
    form.customers.found.itemClicked.emit(form.customers.found.item(0))
    assert form.customers.ids() == frozenset({vip.id})
    form.corners.setText("31.26,121.50; 31.26 121.70")  # a typo
    dialog.save()
    assert "latitude,longitude" in dialog.status.text()
    form.corners.setText("31.26,121.50; 31.26,121.70; 31.10,121.70; 31.10,121.50")
    form.department.setCurrentIndex(form.department.findData(pudong.id))
    dialog.save()
    qtbot.waitUntil(lambda: dialog.rules.count() == 1 or bool(dialog.status.text()),
                    timeout=5000)  # fmt: skip
    assert dialog.rules.count() == 1, dialog.status.text()
    ours = backend.create_ticket(TicketDraft("phone", "hvac", "normal", "空调不制冷",
                                             customer_id=vip.id, site_id=inside.id))  # fmt: skip
    theirs = backend.create_ticket(TicketDraft("phone", "hvac", "normal", "空调不制冷",
                                               customer_id=other.id))  # fmt: skip
    assert ours.department_id == pudong.id and theirs.department_id is None
    (rule,) = backend.routing_rules()
    assert rule.conditions.area is not None and len(rule.conditions.area.polygon) == 4
    window.runner.wait(5000)
    window.shutdown()
