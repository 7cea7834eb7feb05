"""Every start-up problem reaches the agent as a message box saying what to do (a frozen console
has no stderr anyone reads), and the log. The boxes are intercepted: nothing blocks."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from dispatch_console.app import main, parse_args
from dispatch_console.app.startup import begin
from dispatch_console.config import Secrets, load_settings
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[QMessageBox]:
    """The boxes the console would show, kept instead of shown."""
    shown: list[QMessageBox] = []

    def keep(box: QMessageBox) -> int:
        shown.append(box)
        return int(QMessageBox.StandardButton.Close.value)

    monkeypatch.setattr(QMessageBox, "exec", keep)
    return shown


def _said(box: QMessageBox) -> str:
    return box.text() + "\n" + box.informativeText()


def test_a_bad_settings_file_is_shown_with_the_file_and_what_to_do(
    qtbot: QtBot, tmp_path: Path, boxes: list[QMessageBox], own_hooks: None
) -> None:
    settings = tmp_path / "config" / "console.toml"
    settings.parent.mkdir()
    settings.write_text('[connection]\nport = "five"\n', encoding="utf-8")
    assert main([]) == 2
    (box,) = boxes
    said = _said(box)
    assert "cannot start" in said and str(settings) in said and "connection.port" in said
    assert "Correct the setting" in said and "rename" in said
    assert str(tmp_path / "logs" / "console.log") in said  # where support will look
    log = (tmp_path / "logs" / "console.log").read_text(encoding="utf-8")
    assert "start-up: settings:" in log and "connection.port" in log


def test_an_unknown_language_says_how_to_write_it(
    qtbot: QtBot, boxes: list[QMessageBox], own_hooks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISPATCH_LANGUAGE", "zh-CN")
    assert main([]) == 2
    said = _said(boxes[0])
    assert "language" in said and "zh_CN, not zh-CN" in said and "DISPATCH_LANGUAGE" in said


def test_an_unattended_start_tells_stderr_and_the_log_only(
    qtbot: QtBot,
    tmp_path: Path,
    boxes: list[QMessageBox],
    own_hooks: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DISPATCH_LANGUAGE", "zh-CN")
    assert main(["--screenshot", str(tmp_path / "x.png")]) == 2
    assert boxes == [] and "zh_CN, not zh-CN" in capsys.readouterr().err


def _begin(qapp: QApplication, *argv: str) -> Any:
    return begin(qapp, parse_args(list(argv)), load_settings(), Secrets(), gui=True)


def test_an_unreachable_database_is_shown_with_what_to_do(
    qapp: QApplication, boxes: list[QMessageBox]
) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql://postgres@127.0.0.1:{port}/nowhere"
    assert _begin(qapp, "--database", url) == 2
    said = _said(boxes[0])
    assert "cannot start" in said and "127.0.0.1" in said and "ask your administrator" in said


def test_a_server_of_another_version_is_refused_before_sign_in_with_what_to_install(
    qapp: QApplication, boxes: list[QMessageBox], fake_server: Any
) -> None:
    url = fake_server({"/healthz": (200, {"status": "ok"}),
                       "/api/v1/version": (200, {"version": "3.0.0", "api": 3})})  # fmt: skip
    assert _begin(qapp, "--server", url, "--user", "agent1") == 2
    said = _said(boxes[0])
    assert f"The server at {url} is version 3.0.0 (API 3)" in said
    assert "Install Dispatch Console 3.0.0" in said


def test_a_broken_password_store_and_a_missing_translation_are_said_and_the_console_goes_on(
    qapp: QApplication,
    boxes: list[QMessageBox],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Broken(keyring.backend.KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            raise RuntimeError("Secret Service: no such object path")

        def set_password(self, service: str, username: str, password: str) -> None:
            raise RuntimeError("no")

        def delete_password(self, service: str, username: str) -> None:
            raise RuntimeError("no")

    store = SqlStore(f"sqlite:///{tmp_path / 'ok.sqlite3'}")
    store.upgrade()
    Services(store.unit_of_work, store.feed, Actor("setup", "admin")).create_user(
        "agent1", "坐席", "agent", "pw-agent-1"
    )
    store.close()
    empty = tmp_path / "no-translations"
    empty.mkdir()
    monkeypatch.setattr("dispatch_console.ui.i18n.TRANSLATIONS", empty)  # a damaged install
    monkeypatch.setattr("dispatch_console.app.qt_checks.TRANSLATIONS", empty)
    monkeypatch.setattr("dispatch_console.ui.i18n.compiled", lambda *a: None)
    monkeypatch.setenv("DISPATCH_PASSWORD", "pw-agent-1")
    keyring.set_keyring(Broken())
    started = _begin(
        qapp, "--database", f"sqlite:///{tmp_path / 'ok.sqlite3'}", "--user", "agent1",
        "--lang", "zh_CN",
    )  # fmt: skip
    assert not isinstance(started, int)
    opened, user = started
    opened.close()
    assert user.username == "agent1"
    translation, password_store = (_said(b) for b in boxes)
    assert "starts, but" in translation and "dispatch_console_zh_CN.qm" in translation
    assert "continues in English" in translation
    assert "password store" in password_store and "no such object path" in password_store
    assert "repair the password store" in password_store
