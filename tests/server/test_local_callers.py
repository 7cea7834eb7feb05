"""dispatch-server with the desk's area code (`--area-code` or its environment variable): a PBX
that reports the caller in local form (62345678, 9 + ..., 17951 + ...) has the call matched to
the customer in the call log, and the desk's console pops them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from dispatch_console.ports import Actor
from dispatch_console.rest.client import RestBackend
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore

from .processes import ServerProcess


@pytest.fixture
def shanghai(tmp_path: Path) -> Iterator[tuple[ServerProcess, str, RestBackend, int]]:
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    store = SqlStore(url)
    store.upgrade()
    root = Services(store.unit_of_work, store.feed, Actor("setup", "admin"))
    root.create_first_admin("boss", "Boss", "correct horse 1")
    customer = root.create_customer("上海申达物业", [("021 6234 5678", "office")])
    raw, _ = root.create_integration_token("pbx", "FreePBX")
    store.close()
    process = ServerProcess(
        url, tmp_path / "server.log", env={"DISPATCH_TELEPHONY__AREA_CODE": "021"}
    ).start()
    console, _ = RestBackend.sign_in(process.url, "boss", "correct horse 1")
    try:
        yield process, raw, console, customer.id
    finally:
        console.close()
        process.stop()


@pytest.mark.parametrize("sent", ["62345678", "962345678", "1795102162345678"])
def test_a_local_caller_id_from_the_pbx_matches_the_customer_in_the_call_log(
    shanghai: tuple[ServerProcess, str, RestBackend, int], sent: str
) -> None:
    process, token, console, customer_id = shanghai
    ring = {"event": "newCall", "from": sent, "to": "4008001234", "direction": "in",
            "callId": "1718000000.42", "user": ["8001"]}  # fmt: skip
    done = requests.post(f"{process.url}/api/v1/cti?token={token}", json=ring, timeout=10)
    assert done.status_code == 200, done.text
    (call,) = console.list_calls()
    assert (call.from_number, call.customer_id) == ("+862162345678", customer_id)
    assert [c.id for c in console.lookup_caller(sent).customers] == [customer_id]
    offered = [e for e in console.events_after(0) if e.entity == "call"]
    assert offered[0].payload["pbx_from_number"] == sent


def test_a_wrong_area_code_stops_the_server_at_start(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="is not an area code"):
        ServerProcess(
            f"sqlite:///{tmp_path / 'x.db'}", tmp_path / "server.log",
            env={"DISPATCH_TELEPHONY__AREA_CODE": "099"},
        ).start()  # fmt: skip
