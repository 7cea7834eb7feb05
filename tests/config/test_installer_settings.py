"""What IT sets when it installs the MSI silently (SERVER_URL, DATABASE_URL, LANGUAGE, written to
HKLM\\Software\\DispatchConsole) is the machine-wide layer of every user's settings: beneath the
machine file and the user's own choices, and enough to skip the first-start question."""

from __future__ import annotations

import pytest

from dispatch_console.config import files, machine
from dispatch_console.config.files import has_saved_settings, load_settings, save_settings
from dispatch_console.config.machine import connection_from_url, settings_from_installer

SERVER = "http://dispatch.corp:8470"


def test_the_installers_values_become_settings() -> None:
    given = {"ServerUrl": SERVER, "Language": "zh_CN", "DatabaseUrl": "postgresql://x@db/d"}
    assert settings_from_installer(given) == {
        "language": "zh_CN",
        "connection": {"kind": "server", "server_url": SERVER},
    }
    assert settings_from_installer({"ServerUrl": "", "Language": "", "DatabaseUrl": ""}) == {}
    # the password never becomes a setting
    assert connection_from_url("postgres://agent:secret@db.corp:6432/dispatch") == {
        "kind": "postgresql",
        "host": "db.corp",
        "port": 6432,
        "user": "agent",
        "database": "dispatch",
    }
    assert connection_from_url("sqlite:///C:/Dispatch/site.sqlite3") == {
        "kind": "sqlite",
        "sqlite_path": "C:/Dispatch/site.sqlite3",
    }
    with pytest.raises(ValueError, match="DATABASE_URL"):
        connection_from_url("mysql://db/dispatch")


def test_the_installer_layer_is_beneath_the_users_own(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not has_saved_settings()
    monkeypatch.setattr(
        files, "registry_values", lambda: {"ServerUrl": SERVER, "Language": "zh_CN"}
    )
    assert has_saved_settings()  # IT chose: no first-start question
    settings = load_settings()
    assert settings.connection.kind == "server" and settings.language == "zh_CN"
    save_settings(settings.model_copy(update={"language": "en"}))  # the user prefers English
    again = load_settings()
    assert again.language == "en" and again.connection.server_url == SERVER
    monkeypatch.setattr(files, "registry_values", lambda: {"DatabaseUrl": "oracle://x"})
    with pytest.raises(ValueError, match=r"HKLM.*DispatchConsole.*DATABASE_URL"):
        load_settings()


def test_nothing_is_read_from_a_registry_off_windows() -> None:
    assert machine.registry_values() == {}
