"""A large answer travels gzipped to a client that accepts it (the dispatch board's one read is
a megabyte for a desk's day), as is to one that does not, and the console reads it either way."""

from __future__ import annotations

import gzip
from datetime import datetime
from typing import Any

import pytest
import requests

from conftest import FakeClock, RestServer
from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import Actor

SINCE, UNTIL = "2026-03-02T00:00:00+08:00", "2026-03-05T00:00:00+08:00"
JOBS = 50  # about 25 KB of board rows: over the packing threshold


@pytest.fixture
def desk(rest_server: RestServer, clock: FakeClock) -> Any:
    backend = rest_server.fresh(Actor("boss", role="supervisor"), clock)
    try:
        yield backend
    finally:
        rest_server.close_all()


def _board(desk: Any, encoding: str) -> requests.Response:
    return requests.get(
        desk.base_url + "/api/v1/schedule/board",
        params={"since": SINCE, "until": UNTIL},
        headers={"Authorization": f"Bearer {desk.token}", "Accept-Encoding": encoding},
        timeout=30,
        stream=True,
    )


def test_the_board_travels_packed_to_who_accepts_it(desk: Any) -> None:
    customer = desk.create_customer("上海申通电梯工程有限公司", ("13812340001",))
    site = desk.create_site(
        "徐汇区漕溪北路大楼", "1 Road", 31.2304, 121.4737, customer_id=customer.id
    )
    for k in range(JOBS):
        desk.create_ticket(
            TicketDraft("phone", "lift", "high", f"电梯{k}号异响", customer.id, site.id)
        )
    packed, plain = _board(desk, "gzip, deflate"), _board(desk, "identity")
    assert packed.status_code == plain.status_code == 200
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain.headers
    wire = packed.raw.read(decode_content=False)
    text = plain.raw.read()
    assert gzip.decompress(wire) == text
    assert len(wire) * 4 < len(text)
    # the console's client asks for it packed and reads every waiting job
    view = desk.schedule_board(datetime.fromisoformat(SINCE), datetime.fromisoformat(UNTIL))
    assert len(view.unscheduled) == JOBS
    assert {r.customer_name for r in view.unscheduled} == {customer.name}
