"""File ▸ Routing rules…: a supervisor writes a rule without code, a refused one says why and
keeps what was typed, and the next ticket follows the saved rule with the decision in its
timeline."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dispatch_console.domain.enums import Priority
from dispatch_console.domain.rules.model import Actions, Conditions, RoutingRule
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
    # nobody has the skill "lift" yet: auto-dispatch would leave every such ticket to a person
    qtbot.waitUntil(lambda: "No technician has the skill lift" in dialog.status.text(),
                    timeout=5000)  # fmt: skip
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


def test_a_rule_for_one_contract_picked_by_name(qtbot: QtBot, backend: Services) -> None:
    today = date.today()
    year = timedelta(days=365)
    east, west = backend.create_company("华东医疗集团"), backend.create_company("华西物业")
    lifts = backend.create_contract(east.id, "电梯维保 A", "premium", today - year, today + year)
    ended = backend.create_contract(east.id, "电梯维保 旧", "basic", today - 2 * year,
                                    today - year)  # fmt: skip
    theirs = backend.create_contract(west.id, "电梯维保 B", "basic", today - year, today + year)
    staff = backend.create_customer("王芳", ["13812345678"], company_id=east.id)
    other = backend.create_customer("李雷", ["13912345678"], company_id=west.id)
    site = backend.create_site("徐汇院区", "徐汇区", 31.19, 121.44, customer_id=staff.id)
    far = backend.create_site("西区", "闵行区", 31.11, 121.38, customer_id=other.id)
    our_lift = backend.create_asset(site.id, "OTIS GeN2", "E-1", contract_id=lifts.id)
    their_lift = backend.create_asset(far.id, "OTIS GeN2", "W-1", contract_id=theirs.id)
    key = backend.create_department("大客户组", "KA")
    sue = backend.as_actor(Actor("sue", "supervisor"))
    window = MainWindow(sue, sue.actor, "test")
    qtbot.addWidget(window)
    dialog = window.supervisor.routing_rules()
    qtbot.waitUntil(lambda: dialog.ready, timeout=5000)
    form, picker = dialog.form, dialog.form.contracts
    form.name.setText("华东医疗 电梯合同")
    picker.query.setText("维保")  # every contract: the ended one greyed, with when it ended
    qtbot.waitUntil(lambda: picker.found.count() == 3, timeout=5000)
    texts = [picker.found.item(i).text() for i in range(3)]
    assert texts[0].startswith("华东医疗集团 · 电梯维保 A (until ")
    assert texts[1] == f"华东医疗集团 · 电梯维保 旧 (ended {ended.ends_on.isoformat()})"
    assert texts[2].startswith("华西物业 · 电梯维保 B")
    picker.query.setText("华东")  # a company's name finds it and its contracts
    assert picker.found.count() == 3 and picker.found.item(0).text() == "华东医疗集团 (company)"
    picker.query.setText("华东 a")  # every word, in the company's or the contract's name
    assert picker.found.count() == 1
    picker.found.itemClicked.emit(picker.found.item(0))
    assert picker.query.text() == "" and picker.found.isHidden()
    assert (picker.contract_ids(), picker.company_ids()) == (frozenset({lifts.id}), frozenset())
    picker.query.setText("华西物业")
    picker.found.itemClicked.emit(picker.found.item(0))  # the company, then taken back
    assert picker.company_ids() == frozenset({west.id}) and picker.both.isVisibleTo(form)
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    picker.chosen.setFocus()
    picker.chosen.setCurrentRow(1)
    qtbot.keyClick(picker.chosen, Qt.Key.Key_Delete)
    assert picker.company_ids() == frozenset() and not picker.both.isVisibleTo(form)
    form.department.setCurrentIndex(form.department.findData(key.id))
    dialog.save()
    qtbot.waitUntil(lambda: dialog.rules.count() == 1 or bool(dialog.status.text()),
                    timeout=5000)  # fmt: skip
    assert dialog.rules.count() == 1, dialog.status.text()
    (rule,) = backend.routing_rules()
    assert rule.conditions.contract_ids == frozenset({lifts.id})
    assert rule.conditions.company_ids == frozenset()

    ours = backend.create_ticket(TicketDraft("phone", "电梯", "normal", "电梯困人",
                                             customer_id=staff.id, site_id=site.id,
                                             asset_id=our_lift.id))  # fmt: skip
    not_ours = backend.create_ticket(TicketDraft("phone", "电梯", "normal", "电梯困人",
                                                 customer_id=other.id, site_id=far.id,
                                                 asset_id=their_lift.id))  # fmt: skip
    assert ours.department_id == key.id and not_ours.department_id is None
    dialog.close()
    window.runner.wait(5000)

    # reopened, the rule shows its contract by name; one of an ended contract still names it
    sue.save_routing_rule(RoutingRule(0, "旧合同", 20, Conditions(contract_ids=frozenset(
        {ended.id}), company_ids=frozenset({east.id})), Actions(department_id=key.id)))  # fmt: skip
    again = window.supervisor.routing_rules()
    qtbot.waitUntil(lambda: again.ready and again.rules.count() == 2, timeout=5000)
    chosen = again.form.contracts.chosen
    qtbot.waitUntil(lambda: chosen.count() == 1 and "维保" in chosen.item(0).text(), timeout=5000)
    assert chosen.item(0).text().startswith("华东医疗集团 · 电梯维保 A (until ")
    again.rules.setCurrentRow(1)
    assert [chosen.item(i).text() for i in range(chosen.count())] == [
        "华东医疗集团 (company)", f"华东医疗集团 · 电梯维保 旧 (ended {ended.ends_on.isoformat()})"
    ]  # fmt: skip
    assert again.form.rule().conditions.contract_ids == frozenset({ended.id})
    window.runner.wait(5000)
    window.shutdown()
