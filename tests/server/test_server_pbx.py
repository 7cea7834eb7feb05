"""The server holding the PBX connection itself (`dispatch-server --pbx ami://...`): calls it
hears are recorded, for consoles to pop from the event log; no desktop needs PBX credentials."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from dispatch_console.ports import Actor
from dispatch_console.rest.client import RestBackend
from telephony.peers import FakeAmi, Script
from telephony.test_ami import call


def test_calls_the_server_hears_on_ami_are_recorded(tmp_path: Path) -> None:
    peer = FakeAmi([Script([call("asterisk-1.7", answered=False)])])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "dispatch_console.server.main", "--database",
         f"sqlite:///{tmp_path / 's.sqlite3'}", "--port", str(port), "--test-mode",
         "--pbx", f"ami://console:s3cret@127.0.0.1:{peer.port}"],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        calls: list[object] = []
        while time.monotonic() < deadline:
            try:
                token = requests.post(
                    url + "/_test/token", json={"name": "a", "role": "agent"}, timeout=2
                ).json()["token"]
            except requests.ConnectionError:
                time.sleep(0.2)
                continue
            backend = RestBackend(url, token, Actor("a", "agent"))
            calls = backend.list_calls()
            backend.close()
            if calls and calls[0].outcome.value == "missed":  # type: ignore[attr-defined]
                break
            time.sleep(0.2)
        assert calls, (tmp_path / "server.log").read_text(errors="replace")
        (missed,) = calls
        assert missed.call_id == "asterisk-1.7"  # type: ignore[attr-defined]
        assert missed.agent_extension == "1001"  # type: ignore[attr-defined]
    finally:
        server.terminate()
        server.wait(15)
        log.close()
        peer.close()
