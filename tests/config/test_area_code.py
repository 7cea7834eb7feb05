"""The desk's area code and the PBX's trunk prefixes: one typed setting, read from the user's
file, the environment or the command line, and turned into the dial plan calls are read with."""

from __future__ import annotations

import pytest

from dispatch_console.app import main as console_main
from dispatch_console.app import with_area_code
from dispatch_console.config import (
    ConsoleSettings,
    TelephonySettings,
    load_settings,
    save_settings,
    user_settings_file,
)
from dispatch_console.domain.phones import DEFAULT_TRUNK_PREFIXES, DialPlan, pbx_number


def test_area_code_and_prefixes_round_trip_through_the_users_file() -> None:
    s = ConsoleSettings(
        telephony=TelephonySettings(
            kind="softphone", area_code="021", trunk_prefixes=["9", "17951"]
        )
    )
    save_settings(s)
    text = user_settings_file().read_text(encoding="utf-8")
    assert 'area_code = "021"' in text and '"17951"' in text
    loaded = load_settings()
    assert loaded == s
    assert loaded.dial_plan() == DialPlan("21", ("9", "17951"))
    assert pbx_number("62345678", loaded.region, loaded.dial_plan()) == "+862162345678"


def test_by_default_no_area_code_and_the_chinese_prefixes() -> None:
    plan = load_settings().dial_plan()
    assert plan == DialPlan("", DEFAULT_TRUNK_PREFIXES)


def test_the_environment_sets_them_as_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPATCH_TELEPHONY__AREA_CODE", "0755")
    monkeypatch.setenv("DISPATCH_TELEPHONY__TRUNK_PREFIXES", "9, 17911")
    plan = load_settings().dial_plan()
    assert plan == DialPlan("755", ("9", "17911"))


def test_an_unknown_area_code_in_a_file_names_the_file_and_the_setting() -> None:
    path = user_settings_file()
    path.parent.mkdir(parents=True)
    path.write_text('[telephony]\narea_code = "099"\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"telephony\.area_code: '099' is not an area code"):
        load_settings()
    path.write_text('[telephony]\ntrunk_prefixes = ["9#"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="trunk_prefixes"):
        load_settings()


def test_the_command_line_beats_the_files(capsys: pytest.CaptureFixture[str]) -> None:
    save_settings(ConsoleSettings(telephony=TelephonySettings(area_code="021")))
    assert with_area_code(load_settings(), "010").dial_plan().area_code == "10"
    assert console_main(["--area-code", "99", "--show-settings"]) == 2
    assert "area_code" in capsys.readouterr().err
    assert console_main(["--area-code", "010", "--show-settings"]) == 0
