"""The console as a user (or the installer's check) starts it: a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from dispatch_console.services import Services

from .conftest import open_tickets


def _console(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
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
    out = tmp_path / "window.png"
    url = str(store.url)  # type: ignore[attr-defined]
    done = _console(
        "--database", url, "--user", "agent1", "--screenshot", str(out), "--after", "0.2"
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
    assert "sqlite, last event" in done.stdout


def test_self_test_fails_on_a_database_without_schema(tmp_path: Path) -> None:
    done = _console("--self-test", "--database", f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    assert done.returncode == 1
    assert "FAIL database" in done.stdout and "db upgrade" in done.stdout


def test_first_start_sets_up_the_embedded_database(tmp_path: Path) -> None:
    env_home = {"XDG_DATA_HOME": str(tmp_path / "data"), "DISPATCH_DATABASE_URL": ""}
    out = tmp_path / "first.png"
    done = subprocess.run(
        [sys.executable, "-m", "dispatch_console.app", "--screenshot", str(out), "--after", "0"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env_home},
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "data" / "DispatchConsole" / "dispatch.sqlite3").exists()
    assert QImage(str(out)).width() >= 800


def test_an_explicit_database_without_schema_is_refused_with_the_fix(tmp_path: Path) -> None:
    done = _console(
        "--database", f"sqlite:///{tmp_path / 'x.sqlite3'}", "--screenshot", str(tmp_path / "x.png")
    )
    assert done.returncode == 2
    assert "db upgrade" in done.stderr
