"""The console as a user (or the installer's check) starts it: a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import Actor
from dispatch_console.services import Services

from .conftest import open_tickets


def _console(*args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    if password:
        env["DISPATCH_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "dispatch_console.app", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_screenshot_renders_the_loaded_window(
    tmp_path: Path, backend: Services, store: object
) -> None:
    open_tickets(backend, 12)
    backend.as_actor(Actor("setup", "admin")).create_user("agent1", "坐席", "agent", "pw-agent-1")
    out = tmp_path / "window.png"
    url = str(store.url)  # type: ignore[attr-defined]
    done = _console(
        "--database",
        url,
        "--user",
        "agent1",
        "--screenshot",
        str(out),
        "--after",
        "0.2",
        password="pw-agent-1",
    )
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert image.width() >= 800 and image.height() >= 500
    # not a blank image: the queue's rows put many distinct colours on screen
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 20


def test_self_test_reports_qt_modules_and_the_database(store: object) -> None:
    done = _console("--self-test", "--database", str(store.url))  # type: ignore[attr-defined]
    assert done.returncode == 0, done.stdout + done.stderr
    assert "QtWebEngineWidgets" in done.stdout
    assert "ok   database             SQLite · ui.sqlite3, schema 0" in done.stdout
    assert "ok   map" in done.stdout and "ok   translations" in done.stdout


def test_self_test_fails_on_a_database_without_schema(tmp_path: Path) -> None:
    done = _console("--self-test", "--database", f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    assert done.returncode == 1
    assert "FAIL database" in done.stdout and "db upgrade" in done.stdout


def test_self_test_with_demo_checks_the_demo_database_and_creates_nothing(
    tmp_path: Path, store: Any
) -> None:
    """`--self-test --demo` looks at the demo's own file, not the user's database, and neither
    seeds it nor leaves an empty one behind."""
    done = _console("--self-test", "--demo")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "demo database, prepared at the first --demo start" in done.stdout
    assert not list((tmp_path / "data").rglob("*.sqlite3"))
    store.close()  # the demo as a first --demo start would have left it: a database with tables
    demo = tmp_path / "data" / "demo.sqlite3"
    demo.parent.mkdir(parents=True, exist_ok=True)
    demo.write_bytes(Path(store.engine.url.database).read_bytes())
    done = _console("--self-test", "--demo")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok   database             SQLite · demo.sqlite3, schema 0" in done.stdout
    assert sorted(p.name for p in (tmp_path / "data").rglob("*.sqlite3")) == ["demo.sqlite3"]


def test_self_test_of_a_missing_database_file_says_so_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "elsewhere" / "tickets.sqlite3"
    done = _console("--self-test", "--database", f"sqlite:///{missing}")
    assert done.returncode == 1
    assert "FAIL database" in done.stdout and "no such file" in done.stdout
    assert not missing.exists() and not missing.parent.exists()


def test_a_fresh_installation_passes_its_self_test_and_shows_its_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the Windows CI runs on the installed .exe: nothing set up yet is fine (the user's own
    database is made at first start); the schema scripts were shipped and run; and what IT set
    reaches the console's settings."""
    monkeypatch.delenv("DISPATCH_DATABASE_URL", raising=False)
    report = tmp_path / "report.txt"
    done = _console("--self-test", "--report", str(report))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok   schema" in report.read_text() and "made at first start" in report.read_text()
    assert not list(tmp_path.rglob("*.sqlite3"))  # checked, not made: no empty file left behind
    monkeypatch.setenv("DISPATCH_CONNECTION__KIND", "server")
    monkeypatch.setenv("DISPATCH_CONNECTION__SERVER_URL", "http://127.0.0.1:9")
    shown = _console("--show-settings")
    assert shown.returncode == 0 and '"server_url": "http://127.0.0.1:9"' in shown.stdout
    unreachable = _console("--self-test")
    assert unreachable.returncode == 1 and "FAIL server" in unreachable.stdout


def test_first_start_asks_where_and_sets_up_this_computers_database(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No settings yet: the connection dialog asks (the agent keeps "this computer"), the
    embedded database is created, and the empty database asks for its first administrator."""
    from dispatch_console.app import parse_args
    from dispatch_console.app.startup import open_database, sign_in
    from dispatch_console.config import Secrets, load_settings
    from dispatch_console.ui.login import LoginDialog
    from dispatch_console.ui.settings.first_start import ConnectionDialog

    monkeypatch.delenv("DISPATCH_DATABASE_URL", raising=False)  # DISPATCH_DATA_DIR: conftest
    asked: list[str] = []

    def press_continue(dialog: ConnectionDialog) -> int:
        asked.append(dialog.page.kind.currentData())
        dialog.continue_button.click()
        return dialog.result()

    def create_admin(dialog: LoginDialog) -> int:
        assert dialog.first_admin
        dialog.username.setText("admin")
        dialog.password.setText("first-admin-pw")
        dialog.repeat.setText("first-admin-pw")
        with qtbot.waitSignal(dialog.accepted, timeout=10000):
            dialog.submit()
        return dialog.result()

    monkeypatch.setattr(ConnectionDialog, "exec", press_continue)
    monkeypatch.setattr(LoginDialog, "exec", create_admin)
    args = parse_args([])
    opened = open_database(args, load_settings(), Secrets())
    assert opened is not None and asked == ["embedded"]
    assert (tmp_path / "data" / "dispatch.sqlite3").exists()
    user = sign_in(args, opened)
    assert user is not None and user.role.value == "admin"
    opened.store.close()

    # the next start asks nothing: the choice was saved
    asked.clear()
    again = open_database(args, load_settings(), Secrets())
    assert again is not None and asked == []
    again.store.close()


def test_an_unattended_start_without_a_connection_fails_instead_of_waiting(
    tmp_path: Path,
) -> None:
    done = _console("--screenshot", str(tmp_path / "x.png"))
    assert done.returncode == 2 and "--database" in done.stderr


def test_an_explicit_database_without_schema_is_refused_with_the_fix(tmp_path: Path) -> None:
    done = _console(
        "--database", f"sqlite:///{tmp_path / 'x.sqlite3'}", "--screenshot", str(tmp_path / "x.png")
    )
    assert done.returncode == 2
    assert "db upgrade" in done.stderr


def test_own_databases_are_brought_up_to_date_and_shared_ones_are_refused(
    tmp_path: Path,
) -> None:
    from dispatch_console.app.startup import Refused, _open
    from dispatch_console.config import ConsoleSettings
    from dispatch_console.storage.store import SqlStore

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    old = SqlStore(url)
    old.upgrade("0001")  # made by the first version
    old.close()
    with pytest.raises(Refused) as refused:
        _open(url, ConsoleSettings(), ours=False, explicit=True)
    assert "older version" in str(refused.value) and "db upgrade" in str(refused.value)
    opened = _open(url, ConsoleSettings(), ours=True, explicit=False)
    assert not opened.store.needs_upgrade()
    opened.store.close()


def test_the_application_icon_ships_and_renders(qtbot: QtBot) -> None:
    from dispatch_console.ui.icons import app_icon

    icon = app_icon()
    image = icon.pixmap(32, 32).toImage()
    assert not icon.isNull() and image.width() == 32
    assert image.pixelColor(3, 16).name() == "#1565c0"  # the blue square, drawn from the SVG


def test_the_console_works_through_a_server_and_says_when_it_cannot_reach_it(
    tmp_path: Path, rest_server: Any, clock: Any
) -> None:
    admin = rest_server.fresh(Actor("setup", "admin"), clock)
    admin.create_user("agent1", "坐席", "agent", "pw-agent-1")
    customer = admin.create_customer("客户 1", ["13812345678"])
    for i in range(5):
        admin.create_ticket(
            TicketDraft("phone", "printer", "normal", f"f{i}", customer_id=customer.id)
        )
    out = tmp_path / "window.png"
    done = _console(
        "--server", rest_server.url, "--user", "agent1", "--screenshot", str(out),
        "--after", "0.2", password="pw-agent-1",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert QImage(str(out)).width() >= 800
    gone = _console("--server", "http://127.0.0.1:9", "--screenshot", str(out))
    assert gone.returncode == 2 and "does not answer" in gone.stderr
    wrong = _console(
        "--server", rest_server.url, "--user", "agent1", "--screenshot", str(out),
        password="wrong",
    )  # fmt: skip
    assert wrong.returncode == 2 and "wrong password" in wrong.stderr


def test_a_console_set_up_for_a_server_starts_through_it(
    tmp_path: Path, rest_server: Any, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dispatch_console.config import ConnectionSettings, ConsoleSettings, save_settings

    admin = rest_server.fresh(Actor("setup", "admin"), clock)
    admin.create_user("agent1", "坐席", "agent", "pw-agent-1")
    monkeypatch.setenv("DISPATCH_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("DISPATCH_DATABASE_URL", raising=False)
    monkeypatch.delenv("DISPATCH_SERVER_URL", raising=False)
    save_settings(
        ConsoleSettings(connection=ConnectionSettings(kind="server", server_url=rest_server.url))
    )
    out = tmp_path / "window.png"
    done = _console("--user", "agent1", "--screenshot", str(out), password="pw-agent-1")
    assert done.returncode == 0, done.stderr
    assert QImage(str(out)).width() >= 800
