"""`--area-code` / `--trunk-prefixes` in the admin tool: the telephony commands read a PBX's
local-form numbers as dispatch-server does, so a replay matches the customers the server would."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from dispatch_console.ports import Actor
from dispatch_console.server.main import main as server_main
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore
from telephony.peers import FakeAmi, Script
from telephony.test_ami import call

from .conftest import run, sqlite_url

SHANGHAI = "+862162345678"


def _database(tmp_path: Path) -> str:
    """A database where 王伟 has the Shanghai landline 021-6234 5678."""
    url = sqlite_url(tmp_path / "desk.sqlite3")
    assert run("--database", url, "db", "upgrade").code == 0
    store = SqlStore(url)
    try:
        Services(store.unit_of_work, store.feed, Actor("test", "admin")).create_customer(
            "王伟", ["021-62345678"]
        )
    finally:
        store.close()
    return url


def _recording(tmp_path: Path) -> Path:
    """Two calls as a Shanghai PBX sends them: local form, and with the outside-line 9."""
    raw = tmp_path / "local.raw"
    raw.write_bytes(
        b"Asterisk Call Manager/7.0.3\r\n"
        + call("local.1", caller="62345678")
        + call("nine.2", answered=False, caller="962345678")
    )
    return raw


def test_replay_with_the_area_code_matches_the_customer_the_server_would(tmp_path: Path) -> None:
    url, raw = _database(tmp_path), _recording(tmp_path)
    done = run("--database", url, "telephony", "replay", str(raw), "--area-code", "021",
               "--customers")  # fmt: skip
    assert done.code == 0, done.err
    lines = done.out.splitlines()
    local = lines.index("local.1: inbound 62345678 -> 4008001234 ext 1001, answered "
                        "(Normal Clearing)")  # fmt: skip
    wang = r": 王伟 \(customer \d+\)"
    assert re.fullmatch(rf"  caller 62345678 is \{SHANGHAI}{wang}", lines[local + 1])
    nine = lines.index("nine.2: inbound 962345678 -> 4008001234 ext 1001, not answered "
                       "(No answer)")  # fmt: skip
    assert re.fullmatch(rf"  caller 962345678 is \{SHANGHAI}{wang}", lines[nine + 1])


def test_without_the_area_code_a_local_number_matches_nobody(tmp_path: Path) -> None:
    url, raw = _database(tmp_path), _recording(tmp_path)
    done = run("--database", url, "telephony", "replay", str(raw), "--customers")
    assert done.code == 0, done.err
    assert "  caller 62345678: no phone number (kept as sent, matches nobody)" in done.out
    # no prefixes to strip either: the outside line 9 stays on
    bare = run("telephony", "replay", str(raw), "--trunk-prefixes", "")
    assert "  caller 962345678: no phone number" in bare.out


def test_the_area_code_comes_from_the_environment_as_for_the_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISPATCH_TELEPHONY__AREA_CODE", "21")
    monkeypatch.setenv("DISPATCH_TELEPHONY__TRUNK_PREFIXES", "9;17951")
    done = run("telephony", "replay", str(_recording(tmp_path)))  # no database needed
    assert done.code == 0, done.err
    assert f"  caller 62345678 is {SHANGHAI}" in done.out.splitlines()
    assert f"  caller 962345678 is {SHANGHAI}" in done.out.splitlines()


def test_monitor_records_a_local_caller_on_their_customer_and_callback(tmp_path: Path) -> None:
    url = _database(tmp_path)
    peer = FakeAmi([Script([call("local.1", caller="62345678"),
                            call("missed.2", answered=False, caller="962345678")])])  # fmt: skip
    try:
        done = run("--database", url, "telephony", "monitor", "--area-code", "021", "--source",
                   f"ami://console:s3cret@127.0.0.1:{peer.port}", "--duration", "1.5")  # fmt: skip
    finally:
        peer.close()
    assert done.code == 0, done.err
    assert "# 5 event(s), 0 not recorded" in done.out
    store = SqlStore(url)
    try:
        backend = Services(store.unit_of_work, store.feed, Actor("test", "admin"))
        (wang,) = backend.search_customers("王伟")
        calls = {c.call_id: c for c in backend.list_calls()}
        assert (calls["local.1"].from_number, calls["local.1"].customer_id) == (SHANGHAI, wang.id)
        assert calls["missed.2"].customer_id == wang.id
        assert [(c.phone, c.customer_id) for c in backend.list_callbacks()] == [(SHANGHAI, wang.id)]
    finally:
        store.close()


def test_a_wrong_area_code_is_refused_before_anything_happens(tmp_path: Path) -> None:
    raw = _recording(tmp_path)
    done = run("telephony", "replay", str(raw), "--area-code", "099")
    assert done.code == 2
    assert "--area-code: '099' is not an area code such as 021" in done.err
    # the monitor says so before it connects (nothing listens on port 9)
    early = run("telephony", "monitor", "--source", "ami://x@127.0.0.1:9", "--no-record",
                "--trunk-prefixes", "9,+1")  # fmt: skip
    assert early.code == 2 and "--trunk-prefixes: '+1' is not a dialling prefix" in early.err


def _help(entry: object, *argv: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        entry([*argv, "--help"])  # type: ignore[operator]
    return " ".join(out.getvalue().split())


@pytest.mark.parametrize("command", ["monitor", "replay"])
def test_the_options_read_as_the_servers_do(command: str) -> None:
    server = _help(server_main)
    admin = run("telephony", command, "--help")
    assert admin.code == 0
    admin_help = " ".join(admin.out.split())
    for option in ("--area-code CODE", "--trunk-prefixes LIST"):
        said = re.search(re.escape(option) + r" (.*?)(?= --|$)", server)
        assert said is not None
        assert f"{option} {said.group(1)}" in admin_help
