"""`--self-test` checks what broke on agents' PCs, one line each: the translations really load,
the map page is really drawn, the keyring takes a secret, the database or server is the right
version, the PBX lets us in. Failures are injected with real parts (a closed port, an old
schema, a server speaking another API version, a keyring that refuses)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import pytest
from PySide6.QtCore import QTranslator
from pytestqt.qtbot import QtBot

from conftest import MemoryKeyring
from dispatch_console.app import selftest
from dispatch_console.config import ConsoleSettings, Secrets, TelephonySettings
from dispatch_console.storage.store import SqlStore


def _report(tmp_path: Path) -> dict[str, str]:
    """The report in the log folder, as {check: 'ok  detail' or 'FAIL detail'}."""
    lines = (tmp_path / "logs" / "self-test.txt").read_text(encoding="utf-8").splitlines()[1:]
    return {line[5:25].strip(): line[:4].strip() + " " + line[25:].strip() for line in lines}


def test_a_working_installation_passes_every_check(
    qtbot: QtBot,
    tmp_path: Path,
    store: SqlStore,
    translators: list[QTranslator],
) -> None:
    code = selftest.self_test(str(store.url), settings=ConsoleSettings(), language="zh_CN")
    report = _report(tmp_path)
    assert code == 0, report
    assert report["translations"].startswith("ok zh_CN: loaded")
    assert "帮助" in report["translations"]  # read back from the installed translation
    assert report["map"] == "ok page drawn, Leaflet running"
    assert report["keyring"].endswith("write, read, delete work")  # the in-memory one
    assert "MemoryKeyring" in report["keyring"]
    assert report["database"].startswith("ok SQLite") and "schema 00" in report["database"]
    assert {"QtWebEngineWidgets", "QtCharts", "schema"} <= set(report)


def test_a_missing_translation_fails_and_names_the_file(
    qtbot: QtBot,
    tmp_path: Path,
    store: SqlStore,
    translators: list[QTranslator],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    empty = tmp_path / "translations"
    empty.mkdir()
    monkeypatch.setattr("dispatch_console.ui.i18n.TRANSLATIONS", empty)  # a damaged install
    monkeypatch.setattr("dispatch_console.app.qt_checks.TRANSLATIONS", empty)
    monkeypatch.setattr("dispatch_console.ui.i18n.compiled", lambda *a: None)
    code = selftest.self_test(str(store.url), language="zh_CN")
    report = _report(tmp_path)
    assert code == 1
    assert report["translations"].startswith("FAIL zh_CN: no file")
    assert "dispatch_console_zh_CN.qm" in report["translations"]
    assert "reinstall" in report["translations"]


def test_an_unreachable_database_and_an_old_schema_fail_with_the_fix(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    _, ok, detail = selftest.database_check(f"postgresql://postgres@127.0.0.1:{port}/x", False)
    assert not ok and "127.0.0.1" in detail and "check the address" in detail

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    old = SqlStore(url)
    old.upgrade("0001")
    old.close()
    _, ok, detail = selftest.database_check(url, False)
    assert not ok and "schema 0001, this version needs" in detail and "db upgrade" in detail
    assert selftest.database_check(url, True)[1]  # the console's own file: it upgrades it


def test_a_server_of_another_api_version_fails_and_says_what_to_install(
    fake_server: Callable[..., str], rest_server: Any
) -> None:
    newer = fake_server({"/healthz": (200, {"status": "ok"}),
                         "/api/v1/version": (200, {"version": "3.0.0", "api": 3})})  # fmt: skip
    _, ok, detail = selftest.server_check(newer)
    assert not ok and "Install Dispatch Console 3.0.0" in detail
    older = fake_server({"/healthz": (200, {"status": "ok"})})  # before /api/v1/version
    _, ok, detail = selftest.server_check(older)
    assert not ok and "older than this console" in detail and "update dispatch-server" in detail
    _, ok, detail = selftest.server_check(rest_server.url)  # the real one, our version
    assert ok and "API 1" in detail


def test_the_keyring_backend_is_named_and_one_that_fails_is_reported(
    monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> None:
    class Locked(keyring.backend.KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            raise RuntimeError("the collection is locked")

        def set_password(self, service: str, username: str, password: str) -> None:
            raise RuntimeError("the collection is locked")

        def delete_password(self, service: str, username: str) -> None:
            raise RuntimeError("the collection is locked")

    assert selftest.keyring_check(Secrets())[1]
    assert memory_keyring.entries == {}  # the test secret was deleted again
    keyring.set_keyring(Locked())
    _, ok, detail = selftest.keyring_check(Secrets())
    assert not ok and "locked" in detail and "repair the password store" in detail
    assert "locked" in (Secrets().problem() or "")


def _ami_peer(secret: str) -> int:
    """A PBX on loopback speaking AMI: banner, then Success for the right secret."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        conn, _ = listener.accept()
        with conn, listener:
            conn.sendall(b"Asterisk Call Manager/5.0.1\r\n")
            data = b""
            while b"\r\n\r\n" not in data:
                data += conn.recv(4096)
            ok = f"Secret: {secret}\r\n".encode() in data
            answer = "Success\r\nMessage: Authentication accepted" if ok else (
                "Error\r\nMessage: Authentication failed")  # fmt: skip
            conn.sendall(f"Response: {answer}\r\nActionID: probe-1\r\n\r\n".encode())
            conn.recv(4096)

    threading.Thread(target=serve, daemon=True).start()
    return int(listener.getsockname()[1])


def test_the_pbx_is_logged_into_when_one_is_configured(memory_keyring: MemoryKeyring) -> None:
    def settings(port: int) -> ConsoleSettings:
        return ConsoleSettings(telephony=TelephonySettings(
            kind="ami", host="127.0.0.1", port=port, username="console"))  # fmt: skip

    good = settings(_ami_peer("s3cret"))
    Secrets().set(good.telephony.secret_key or "", "s3cret")
    _, ok, detail = selftest.pbx_check(good, Secrets())
    assert ok and "logged in" in detail
    wrong = settings(_ami_peer("other"))
    _, ok, detail = selftest.pbx_check(wrong, Secrets())
    assert not ok and "Authentication failed" in detail


BLOCK_CHARTS = """
import sys
class _Damaged:  # the frozen folder lost QtCharts' library
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6.QtCharts":
            raise ImportError("libQt6Charts.so.6: cannot open shared object file")
sys.meta_path.insert(0, _Damaged())
"""


def test_a_damaged_install_fails_the_self_test_and_names_the_module(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    damage = tmp_path / "damage"
    damage.mkdir()
    (damage / "sitecustomize.py").write_text(BLOCK_CHARTS)
    path = os.pathsep.join([str(damage), os.environ.get("PYTHONPATH", "")])
    report = tmp_path / "report.txt"
    done = subprocess.run(
        [sys.executable, "-m", "dispatch_console.app", "--self-test", "--report", str(report)],
        env={**os.environ, "PYTHONPATH": path, "QT_QPA_PLATFORM": "offscreen",
             "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    text = report.read_text(encoding="utf-8")
    assert "FAIL QtCharts" in text and "libQt6Charts.so.6" in text and "reinstall" in text
    assert "ok   map" in text  # what does not need the lost module is still checked
    assert (tmp_path / "logs" / "self-test.txt").read_text(encoding="utf-8") == text
