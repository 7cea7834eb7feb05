"""The settings, connection and sign-in dialogs, with real probes against real databases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from dispatch_console.app import probes
from dispatch_console.config import (
    ConnectionSettings,
    ConsoleSettings,
    Secrets,
    load_settings,
    save_settings,
    user_settings_file,
)
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.ui.login import LoginDialog
from dispatch_console.ui.settings.dialog import SettingsDialog
from dispatch_console.ui.settings.first_start import ConnectionDialog


def _dialog(qtbot: QtBot, settings: ConsoleSettings | None = None) -> SettingsDialog:
    dialog = SettingsDialog(
        settings or ConsoleSettings(), probes.probes(), Secrets(), save_settings
    )
    qtbot.addWidget(dialog)
    return dialog


def test_a_sqlite_file_without_tables_can_be_set_up_from_the_dialog(
    qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot)
    page = dialog.connection
    page.kind.setCurrentIndex(page.kind.findData("sqlite"))
    page.sqlite_path.setText(str(tmp_path / "team.sqlite3"))
    with qtbot.waitSignal(page.tested, timeout=10000) as tested:
        page.test_button.click()
    assert tested.args == [False]
    assert "no tables" in page.result.text() and page.setup_button.isVisibleTo(dialog)
    with qtbot.waitSignal(page.tested, timeout=30000) as tested:
        page.setup_button.click()
    assert tested.args == [True] and "ready to use" in page.result.text()


def test_an_unreachable_server_is_reported_not_frozen(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    page = dialog.connection
    page.kind.setCurrentIndex(page.kind.findData("postgresql"))
    page.host.setText("127.0.0.1")
    page.port.setValue(1)  # nothing listens on port 1
    page.database.setText("dispatch")
    page.user.setText("agent")
    with qtbot.waitSignal(page.tested, timeout=15000) as tested:
        page.test_button.click()
    assert tested.args == [False] and page.result.text().startswith("✗")


def test_save_validates_every_tab_and_keeps_the_password_in_the_keyring(
    qtbot: QtBot, memory_keyring: Any
) -> None:
    dialog = _dialog(qtbot)
    page = dialog.connection
    page.kind.setCurrentIndex(page.kind.findData("postgresql"))
    page.host.setText("")
    dialog.save()
    assert dialog.isVisible() or not dialog.result()
    assert "c62828" in page.host.styleSheet() and dialog.tabs.currentWidget() is page

    page.host.setText("db.corp")
    page.user.setText("agent")
    page.database.setText("dispatch")
    page.password.setText("Geheim-42")
    page.remember.setChecked(True)
    dialog.telephony.kind.setCurrentIndex(dialog.telephony.kind.findData("ami"))
    dialog.telephony.extension.setText("80x1")
    dialog.save()
    assert dialog.tabs.currentWidget() is dialog.telephony
    assert "digits only" in dialog.telephony.error.text()

    dialog.telephony.extension.setText("8001")
    dialog.telephony.host.setText("pbx.corp")
    dialog.telephony.username.setText("console")
    dialog.telephony.secret.setText("ami-secret")
    dialog.general.language.setCurrentIndex(dialog.general.language.findData("zh_CN"))
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save()
    saved = load_settings()
    assert (saved.connection.host, saved.telephony.extension, saved.language) == (
        "db.corp",
        "8001",
        "zh_CN",
    )
    text = user_settings_file().read_text(encoding="utf-8")
    assert "Geheim-42" not in text and "ami-secret" not in text
    assert Secrets().get(saved.connection.secret_key) == "Geheim-42"
    assert Secrets().get(saved.telephony.secret_key) == "ami-secret"


def test_without_a_keyring_the_dialog_says_the_password_is_asked_each_time(
    qtbot: QtBot, monkeypatch: Any
) -> None:
    monkeypatch.setattr(Secrets, "available", staticmethod(lambda: False))
    dialog = _dialog(qtbot)
    assert not dialog.connection.remember.isEnabled()
    assert "asked for at each start" in dialog.connection.remember.text()


def test_first_start_on_this_computer_saves_the_choice(qtbot: QtBot) -> None:
    dialog = ConnectionDialog(ConsoleSettings(), probes.probes(), Secrets(), save_settings)
    qtbot.addWidget(dialog)
    assert dialog.page.kind.currentData() == "embedded"
    dialog.continue_button.click()
    assert dialog.result() == ConnectionDialog.DialogCode.Accepted
    assert load_settings().connection.kind == "embedded"


def test_first_start_with_a_server_continues_only_once_it_works(
    qtbot: QtBot, tmp_path: Path, store: Any
) -> None:
    dialog = ConnectionDialog(ConsoleSettings(), probes.probes(), Secrets(), save_settings)
    qtbot.addWidget(dialog)
    page = dialog.page
    page.kind.setCurrentIndex(page.kind.findData("sqlite"))
    page.sqlite_path.setText(str(tmp_path / "nothing-here" / "x.sqlite3"))
    with qtbot.waitSignal(page.tested, timeout=10000):
        dialog.continue_button.click()
    assert dialog.result() != ConnectionDialog.DialogCode.Accepted  # no tables: not used yet

    page.sqlite_path.setText(str(Path(store.engine.url.database)))
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        dialog.continue_button.click()
    assert load_settings().connection == ConnectionSettings(
        kind="sqlite", sqlite_path=str(Path(store.engine.url.database))
    )


def test_sign_in_refuses_a_wrong_password_and_accepts_the_right_one(
    qtbot: QtBot, store: Any
) -> None:
    admin = Services(store.unit_of_work, store.feed, Actor("setup", "admin"))
    admin.create_user("agent7", "坐席 七", "agent", "correct-horse", extension="8007")
    anonymous = Services(store.unit_of_work, store.feed, Actor("sign-in", "agent"))
    dialog = LoginDialog(anonymous, "SQLite · test", "agent7")
    qtbot.addWidget(dialog)
    dialog.password.setText("wrong-horse")
    dialog.submit()
    qtbot.waitUntil(lambda: "Wrong user name or password" in dialog.error.text(), timeout=10000)
    assert dialog.user is None
    dialog.password.setText("correct-horse")
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        dialog.submit()
    assert dialog.user is not None and dialog.user.extension == "8007"


def test_an_empty_database_creates_its_first_administrator(qtbot: QtBot, store: Any) -> None:
    anonymous = Services(store.unit_of_work, store.feed, Actor("sign-in", "agent"))
    assert anonymous.setup_needed()
    dialog = LoginDialog(anonymous, "SQLite · new", first_admin=True)
    qtbot.addWidget(dialog)
    dialog.username.setText("admin")
    dialog.password.setText("long-enough-1")
    dialog.repeat.setText("long-enough-2")
    dialog.submit()
    assert "differ" in dialog.error.text()
    dialog.repeat.setText("long-enough-1")
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        dialog.submit()
    assert dialog.user is not None and dialog.user.role.value == "admin"
    assert not anonymous.setup_needed()
    assert anonymous.authenticate("admin", "long-enough-1").username == "admin"


def test_choosing_a_chinese_map_provider_sets_its_datum_and_credit(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    page = dialog.map
    page.source.setCurrentIndex(page.source.findData("baidu"))
    chosen = page.settings()
    assert chosen is not None
    assert (chosen.datum, chosen.attribution) == ("bd09", "© 百度地图 Baidu")
    assert "bdimg.com" in chosen.tile_url and page.tile_url.isReadOnly()
    page.source.setCurrentIndex(page.source.findData("amap"))
    chosen = page.settings()
    assert chosen is not None and chosen.datum == "gcj02"
    # a tile server of our own keeps whatever credit the settings file gives it
    dialog.map.load(
        ConsoleSettings().map.model_copy(
            update={"tile_url": "https://t.corp/{z}/{x}/{y}.png", "attribution": "© Corp GIS"}
        )
    )
    chosen = page.settings()
    assert chosen is not None and chosen.attribution == "© Corp GIS"


def test_a_dispatch_server_is_a_place_tickets_can_be_kept(
    qtbot: QtBot, rest_server: Any, clock: Any
) -> None:
    import pytest

    rest_server.fresh(Actor("setup", "admin"), clock)
    dialog = _dialog(qtbot)
    page = dialog.connection
    page.kind.setCurrentIndex(page.kind.findData("server"))
    assert page.server_url.isVisibleTo(dialog) and not page.host.isVisibleTo(dialog)
    page.server_url.setText("dispatch.corp")  # no scheme: not an address
    assert page.settings() is None and "c62828" in page.server_url.styleSheet()
    page.server_url.setText(rest_server.url)
    with qtbot.waitSignal(page.tested, timeout=10000) as tested:
        page.test()
    assert tested.args == [True] and "ready to use" in page.result.text()
    chosen = page.settings()
    assert chosen is not None and chosen.url() == rest_server.url
    assert chosen.describe() == f"Server · {rest_server.url}"
    page.server_url.setText("http://127.0.0.1:9")
    with qtbot.waitSignal(page.tested, timeout=10000) as tested:
        page.test()
    assert tested.args == [False] and "does not answer" in page.result.text()
    with pytest.raises(ValueError, match="server_url"):
        ConnectionSettings(kind="server", server_url="ftp://x")
