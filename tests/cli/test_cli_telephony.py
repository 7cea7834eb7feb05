"""`dispatch-admin telephony monitor` against a fake Asterisk: prints and records calls."""

from __future__ import annotations

from pathlib import Path

import pytest

from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore
from telephony.peers import FakeAmi, Script
from telephony.test_ami import call

from .conftest import run, sqlite_url


def test_monitor_prints_and_records_answered_and_missed_calls(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "pbx.sqlite3")
    assert run("--database", url, "db", "upgrade").code == 0
    peer = FakeAmi([Script([call(), call("missed.7", answered=False)])])
    try:
        done = run(
            "--database",
            url,
            "telephony",
            "monitor",
            "--source",
            f"ami://console:s3cret@127.0.0.1:{peer.port}",
            "--duration",
            "1.5",
        )
    finally:
        peer.close()
    assert done.code == 0, done.err
    lines = [line for line in done.out.splitlines() if not line.startswith("#")]
    assert [line.split()[1] for line in lines] == [
        "offered",
        "answered",
        "ended",
        "offered",
        "ended",
    ]
    assert "# connected to Asterisk Call Manager/7.0.3 as console" in done.out
    assert "# 5 event(s), 0 not recorded" in done.out

    store = SqlStore(url)
    try:
        backend = Services(store.unit_of_work, store.feed, Actor("test", "admin"))
        calls = {c.call_id: c for c in backend.list_calls()}
        assert calls["asterisk-1740666060.311"].outcome.value == "answered"
        assert calls["missed.7"].outcome.value == "missed"
        callbacks = backend.list_callbacks()
        assert [(c.reason.value, c.phone) for c in callbacks] == [("missed_call", "+8613812345678")]
    finally:
        store.close()


def test_a_source_that_is_not_a_pbx_url_is_refused() -> None:
    done = run("telephony", "monitor", "--source", "http://pbx:5038", "--no-record")
    assert done.code == 2 and "ami://user@host:5038" in done.err


def test_a_recording_replays_to_the_calls_the_live_connection_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`monitor --record` keeps the PBX's bytes (never our login and its secret); `replay` runs
    them through the same translation: the same calls, without a PBX."""
    monkeypatch.setenv("DISPATCH_PBX_SECRET", "s3cret")  # kept out of the command line
    raw = tmp_path / "pbx.raw"
    peer = FakeAmi([Script([call(), call("missed.7", answered=False)])])
    try:
        live = run("telephony", "monitor", "--source", f"ami://console@127.0.0.1:{peer.port}",
                   "--no-record", "--duration", "1.5", "--record", str(raw))  # fmt: skip
    finally:
        peer.close()
    assert live.code == 0, live.err
    assert "# connected to Asterisk Call Manager/7.0.3 as console" in live.out
    data = raw.read_bytes()
    assert data.startswith(b"Asterisk Call Manager/7.0.3\r\n")
    assert b"s3cret" not in data and b"Action: Login" not in data

    again = run("telephony", "replay", str(raw), "--events")
    assert again.code == 0, again.err
    live_events = [line for line in live.out.splitlines() if not line.startswith("#")]
    replayed = again.out.splitlines()
    # the same events (times differ: the replay happens now)
    assert [x.split()[1:] for x in replayed[: len(live_events)]] == [
        x.split()[1:] for x in live_events
    ]
    assert "asterisk-1740666060.311: inbound 13812345678 -> 4008001234 ext 1001, answered" in (
        again.out
    )
    assert "missed.7: inbound 13812345678 -> 4008001234 ext 1001, not answered" in again.out
    assert "# AMI: 2 call(s) from 5 event(s) over 1 connection(s); 0 frame(s) skipped" in again.out


def test_replay_says_what_is_wrong_with_a_file_that_is_no_recording(tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("hello, this is not PBX traffic\n")
    done = run("telephony", "replay", str(junk))
    assert done.code == 2
    assert "neither Asterisk AMI" in done.err and "FreeSWITCH" in done.err
    missing = run("telephony", "replay", str(tmp_path / "nowhere.raw"))
    assert missing.code == 2 and "cannot read" in missing.err
