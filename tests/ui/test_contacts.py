"""File ▸ Where my alerts go: a supervisor gives the e-mail and mobile SLA alerts reach them at;
a refusal is said and what was typed stays."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.ui.main_window import MainWindow


def test_a_supervisor_says_where_alerts_reach_them(qtbot: QtBot, backend: Services) -> None:
    admin = backend.as_actor(Actor("root", "admin"))
    admin.create_user("sue", "Sue", "supervisor", "correct horse 9", email="old@desk.cn")
    sue = backend.as_actor(Actor("sue", "supervisor"))
    window = MainWindow(sue, sue.actor, "test")
    qtbot.addWidget(window)
    assert window.commands["my_contacts"].isEnabled()
    dialog = window.my_contacts()  # what File ▸ Where my alerts go does
    qtbot.waitUntil(dialog.email.isEnabled, timeout=5000)
    assert dialog.email.text() == "old@desk.cn"
    dialog.mobile.setText("021 6321 5566")  # a landline: texts cannot reach it
    dialog.save()
    qtbot.waitUntil(lambda: "landline" in dialog.error.text(), timeout=5000)
    assert dialog.mobile.text() == "021 6321 5566" and dialog.isVisible()
    dialog.mobile.setText("138 1234 5678")
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save()
    [me] = [u for u in admin.list_users() if u.username == "sue"]
    assert (me.email, me.mobile, me.language) == ("old@desk.cn", "+8613812345678", "en")
    assert "Saved" in window.statusBar().currentMessage()
    window.runner.wait(5000)
    window.shutdown()
