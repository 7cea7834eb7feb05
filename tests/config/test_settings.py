"""Settings: layered sources, validation that names the setting, secrets kept out of files."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from dispatch_console.config import (
    ConnectionSettings,
    ConsoleSettings,
    MapSettings,
    Secrets,
    TelephonySettings,
    load_settings,
    save_settings,
    user_settings_file,
)
from dispatch_console.config.files import machine_settings_file
from dispatch_console.domain.desk_zone import DeskZone


def test_defaults_use_this_computer_and_osm() -> None:
    s = load_settings()
    assert s.connection.kind == "embedded" and s.connection.url().startswith("sqlite:///")
    assert s.map.datum == "wgs84" and s.language == "system" and s.region == "CN"


def test_user_file_beats_machine_file_and_environment_beats_both(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    machine = machine_settings_file()
    machine.parent.mkdir(parents=True)
    machine.write_text(
        '[connection]\nkind = "postgresql"\nhost = "db.corp"\ndatabase = "dispatch"\n'
        'language = "zh_CN"\n',
        encoding="utf-8",
    )
    assert load_settings().connection.host == "db.corp"  # IT's choice for every user

    save_settings(
        ConsoleSettings(
            connection=ConnectionSettings(kind="postgresql", host="db.branch", port=6543)
        )
    )
    assert (load_settings().connection.host, load_settings().connection.port) == (
        "db.branch",
        6543,
    )

    monkeypatch.setenv("DISPATCH_CONNECTION__HOST", "db.override")
    monkeypatch.setenv("DISPATCH_LANGUAGE", "en")
    s = load_settings()
    assert (s.connection.host, s.connection.port, s.language) == ("db.override", 6543, "en")


def test_a_bad_file_is_refused_naming_the_file_and_the_setting() -> None:
    path = user_settings_file()
    path.parent.mkdir(parents=True)
    path.write_text('[connection]\nkind = "postgresql"\nport = 70000\n', encoding="utf-8")
    with pytest.raises(ValueError) as err:
        load_settings()
    assert str(path) in str(err.value) and "connection.port" in str(err.value)

    path.write_text("this is [not toml", encoding="utf-8")
    with pytest.raises(ValueError) as err:
        load_settings()
    assert str(path) in str(err.value)


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: ConnectionSettings(kind="sqlite"), "sqlite_path"),
        (lambda: ConnectionSettings(kind="postgresql", host=" "), "host"),
        (lambda: TelephonySettings(kind="ami", host="pbx", username=""), "username"),
        (lambda: TelephonySettings(kind="esl"), "host"),
        (lambda: TelephonySettings(extension="12a"), "extension"),
        (lambda: MapSettings(tile_url="https://tiles.example/{z}/{x}.png"), "tile_url"),
        (lambda: MapSettings(tile_url="file:///{z}/{x}/{y}.png"), "tile_url"),
        (lambda: ConsoleSettings(region="XX"), "region"),
        (lambda: ConsoleSettings(timezone="Asia/Nowhere"), "timezone"),
        (lambda: ConsoleSettings(holiday_region="XX"), "holiday_region"),
    ],
)
def test_invalid_settings_name_what_to_fix(build: object, field: str) -> None:
    with pytest.raises(ValidationError) as err:
        build()  # type: ignore[operator]
    assert field in str(err.value)


def test_passwords_go_to_the_keyring_never_to_the_file(memory_keyring: object) -> None:
    c = ConnectionSettings(kind="postgresql", host="db", user="agent", database="d")
    assert c.url("p@ss:w/rd") == "postgresql://agent:p%40ss%3Aw%2Frd@db:5432/d"
    secrets = Secrets()
    assert secrets.available()
    assert secrets.set(c.secret_key or "", "p@ss:w/rd")
    path = save_settings(ConsoleSettings(connection=c))
    assert "p@ss" not in path.read_text(encoding="utf-8")
    assert secrets.get(c.secret_key) == "p@ss:w/rd"
    assert secrets.set(c.secret_key or "", "")  # an empty secret forgets it
    assert secrets.get(c.secret_key) is None


def test_without_an_os_keyring_nothing_is_stored(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    import keyring.backends.fail

    monkeypatch.setattr(keyring, "get_keyring", keyring.backends.fail.Keyring)
    secrets = Secrets()
    assert not secrets.available()
    assert secrets.set("k", "secret") is False
    assert secrets.get("k") is None


def test_saving_is_atomic_and_round_trips(tmp_path: Path) -> None:
    s = ConsoleSettings(
        language="zh_CN",
        telephony=TelephonySettings(kind="esl", host="10.0.0.5", extension="8001"),
        map=MapSettings(datum="gcj02"),
    )
    path = save_settings(s)
    assert not path.with_suffix(".tmp").exists()
    assert load_settings() == s


def test_saving_writes_only_what_differs_from_it_and_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    machine = machine_settings_file()
    machine.parent.mkdir(parents=True)
    machine.write_text('[connection]\nkind = "postgresql"\nhost = "db.corp"\n', encoding="utf-8")
    monkeypatch.setenv("DISPATCH_CONNECTION__PORT", "6543")
    settings = load_settings().model_copy(update={"language": "zh_CN"})
    path = save_settings(settings)
    assert path.read_text(encoding="utf-8").strip() == 'language = "zh_CN"'
    # IT moves the server later: the user follows, keeping their own language
    machine.write_text('[connection]\nkind = "postgresql"\nhost = "db2.corp"\n', encoding="utf-8")
    again = load_settings()
    assert (again.connection.host, again.language) == ("db2.corp", "zh_CN")


def test_the_desks_zone_and_holidays_come_from_the_settings() -> None:
    """Where appointments of departments without hours are judged (docs/schedule.md)."""
    assert ConsoleSettings().desk_zone() == DeskZone("Asia/Shanghai", "CN")
    hong_kong = ConsoleSettings(timezone=" Asia/Hong_Kong ", holiday_region="hk")
    assert hong_kong.desk_zone() == DeskZone("Asia/Hong_Kong", "HK")
