"""File ▸ Change my password: the policy is said before anything is sent, a wrong current
password is said as such, and a change signs the user out of their other sessions."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.ui.main_window import MainWindow


def test_an_agent_changes_their_password_from_the_file_menu(
    qtbot: QtBot, backend: Services
) -> None:
    admin = backend.as_actor(Actor("root", "admin"))
    sue = admin.create_user("sue", "Sue", "supervisor", "correct horse 9")
    other_session, _, _ = backend.sign_in("sue", "correct horse 9")  # her phone, say
    me = backend.as_actor(Actor("sue", "supervisor", user_id=sue.id))
    window = MainWindow(me, me.actor, "test")
    qtbot.addWidget(window)
    assert window.commands["change_password"].isEnabled()
    dialog = window.change_password()  # what File ▸ Change my password does
    assert "at least 8 characters" in dialog.policy.text()

    dialog.current.setText("correct horse 9")
    dialog.new.setText("short")
    dialog.repeat.setText("short")
    dialog.submit()
    assert "too short" in dialog.error.text()  # said at once, nothing sent
    dialog.new.setText("SUE")
    dialog.repeat.setText("Sue")
    dialog.submit()
    assert dialog.error.text() == "The two new passwords differ."
    dialog.new.setText("Sue     ")
    dialog.repeat.setText("Sue     ")
    dialog.submit()
    assert dialog.error.text() == "The new password must not be your user name."

    dialog.current.setText("not my password")
    dialog.new.setText("a phrase of my own")
    dialog.repeat.setText("a phrase of my own")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error.text() == "The current password is wrong.", timeout=5000)
    assert dialog.isVisible() and dialog.new.text() == "a phrase of my own"

    dialog.current.setText("correct horse 9")
    with qtbot.waitSignal(dialog.changed, timeout=5000) as changed:
        dialog.submit()
    assert changed.args == [1]  # the phone's session ended
    assert "1 other session(s) signed out" in window.statusBar().currentMessage()
    assert backend.authenticate("sue", "a phrase of my own").id == sue.id
    assert not any(t.subject == "sue" and t.revoked_at is None for t in admin.list_tokens()), (
        other_session
    )
    window.runner.wait(5000)
    window.shutdown()
