"""`dispatch-admin telephony monitor` against a fake Asterisk: prints and records calls."""

from __future__ import annotations

from pathlib import Path

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
    assert done.code == 2 and "ami://user:secret@host:5038" in done.err
