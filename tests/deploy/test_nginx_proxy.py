"""deploy/nginx/dispatch.conf, run by Debian's nginx with a certificate made for the test, in
front of a real dispatch-server started with the systemd unit's command line, on PostgreSQL
with two worker processes: everything a desk uses goes through it. Sign-in and a ticket over
REST, the consoles' live events over a WebSocket, a customer's QR page and report, the plain
HTTP port sending browsers to HTTPS; and the server sees the real client's address (here
127.0.0.2, while nginx reaches the server from 127.0.0.1), not nginx's nor one the client made
up, so per-address limits and the sign-in throttle count the right people."""

from __future__ import annotations

import asyncio
import io
import json
import os
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest
import requests
from PIL import Image
from requests.adapters import HTTPAdapter
from websockets.sync.client import connect

from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import Actor, FeedBatch
from dispatch_console.rest.client import RestBackend
from dispatch_console.rest.errors import ServerUnreachable
from dispatch_console.rest.stream import event_batches
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore

from .conftest import BOSS, BOSS_PASSWORD
from .nginx import Proxy, missing, nginx_in_front
from .units import UnitServer, unit_server

CLIENT = "127.0.0.2"  # the loopback network is 127/8: a client nginx is not
MADE_UP = "203.0.113.77"  # what a client could claim in its own X-Forwarded-For


class FromClient(HTTPAdapter):
    """Connections from CLIENT's address."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (CLIENT, 0)
        super().init_poolmanager(*args, **kwargs)


@dataclass
class Desk:
    proxy: Proxy
    server: UnitServer
    database: str
    session: requests.Session

    def api(self, path: str) -> str:
        return self.proxy.https + "/api/v1" + path


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory, desk_database: str) -> Iterator[Desk]:
    why = missing()
    if why:
        pytest.skip(why)
    folder = tmp_path_factory.mktemp("nginx")
    database = desk_database
    with (
        unit_server(database, folder, "--workers", "2", "--access-log") as server,
        nginx_in_front(folder, server.port) as proxy,
        requests.Session() as session,
    ):
        session.mount("https://", FromClient())
        session.mount("http://", FromClient())
        session.verify = str(proxy.certificate)
        session.trust_env = False  # REQUESTS_CA_BUNDLE, where set, would overrule `verify`
        yield Desk(proxy, server, database, session)


def _signed_in(desk: Desk) -> dict[str, str]:
    answer = desk.session.post(
        desk.api("/auth/login"), json={"username": BOSS, "password": BOSS_PASSWORD}, timeout=30
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def _new_ticket(desk: Desk, auth: dict[str, str], description: str) -> dict[str, Any]:
    customer = desk.session.post(
        desk.api("/customers"), json={"name": "Acme 上海工厂", "phones": ["13812345678"]},
        headers=auth, timeout=30,
    )  # fmt: skip
    assert customer.status_code == 200, customer.text
    draft = {"channel": "phone", "category": "printer", "priority": "high",
             "description": description, "customer_id": customer.json()["id"]}  # fmt: skip
    created = desk.session.post(
        desk.api("/tickets"), json={"draft": draft}, headers=auth, timeout=30
    )
    assert created.status_code == 200, created.text
    return dict(created.json())


def test_plain_http_sends_browsers_to_https(desk: Desk) -> None:
    answer = desk.session.get(desk.proxy.http + "/r/abc?lang=en", allow_redirects=False,
                              timeout=30)  # fmt: skip
    assert answer.status_code == 301
    assert answer.headers["location"].startswith("https://127.0.0.1/r/abc?lang=en")


def test_sign_in_and_a_ticket_over_https(desk: Desk) -> None:
    home = desk.session.get(desk.proxy.https + "/", timeout=30)
    assert home.status_code == 200 and "/docs" in home.text
    auth = _signed_in(desk)
    me = desk.session.get(desk.api("/auth/me"), headers=auth, timeout=30)
    assert me.json()["name"] == BOSS
    ticket = _new_ticket(desk, auth, "卡纸，屏幕显示 E-203")
    read = desk.session.get(desk.api(f"/tickets/{ticket['id']}"), headers=auth, timeout=30)
    assert read.status_code == 200
    assert read.json()["description"] == "卡纸，屏幕显示 E-203"
    assert read.json()["customer_id"] == ticket["customer_id"] and read.json()["status"] == "new"


def test_live_events_over_a_websocket_through_nginx(desk: Desk) -> None:
    auth = _signed_in(desk)
    before = _new_ticket(desk, auth, "before the stream opened")
    tls = ssl.create_default_context(cafile=str(desk.proxy.certificate))
    url = desk.proxy.https.replace("https://", "wss://") + "/api/v1/events?after=0&rows=true"
    with connect(url, ssl=tls, additional_headers=auth, source_address=(CLIENT, 0),
                 open_timeout=30) as stream:  # fmt: skip
        caught_up = _events(stream.recv(timeout=30))
        assert ("ticket", str(before["id"])) in {(e["entity"], e["entity_id"]) for e in caught_up}
        after = _new_ticket(desk, auth, "while the stream is open")
        seen: set[tuple[str, str]] = set()
        while ("ticket", str(after["id"])) not in seen:  # live batches, pushed by the server
            seen |= {(e["entity"], e["entity_id"]) for e in _events(stream.recv(timeout=30))}


def _events(message: str | bytes) -> list[dict[str, Any]]:
    body = json.loads(message)
    return list(body["events"] if isinstance(body, dict) else body)


def test_a_customers_qr_page_and_report_through_nginx(desk: Desk) -> None:
    store = SqlStore(desk.database)
    try:
        office = Services(store.unit_of_work, store.feed, Actor("root", "admin"))
        customer = office.create_customer("Acme", ["13812345678"])
        place = office.create_site("Plant", "1 Road", lat=31.2, lon=121.4,
                                   customer_id=customer.id)  # fmt: skip
        token = office.create_asset(place.id, "HP LaserJet M404", "CN-NGINX-1").qr_token
    finally:
        store.close()
    page = desk.session.get(f"{desk.proxy.https}/r/{token}?lang=en", timeout=30)
    assert page.status_code == 200 and "HP LaserJet M404" in page.text
    report = {"description": "paper jams", "contact_name": "王芳",
              "contact_phone": "13812345679", "preferred_time": ""}  # fmt: skip
    photo = _noise_png()  # larger than nginx's default limit on bodies (1 MB)
    assert len(photo) > 2 * 1024 * 1024
    sent = desk.session.post(f"{desk.proxy.https}/r/{token}?lang=en", data=report,
                             files={"photos": ("jam.png", photo, "image/png")},
                             allow_redirects=False, timeout=60)  # fmt: skip
    assert sent.status_code == 303, sent.text
    status = desk.session.get(desk.proxy.https + sent.headers["location"], timeout=30)
    assert status.status_code == 200 and "Keep this page" in status.text
    with psycopg.connect(desk.database) as db:  # the ticket, with its photo
        found = db.execute(
            "SELECT t.description, count(a.id) FROM tickets t JOIN assets s ON s.id = t.asset_id"
            " LEFT JOIN attachments a ON a.ticket_id = t.id WHERE s.qr_token = %s"
            " GROUP BY t.id", (token,),
        ).fetchall()  # fmt: skip
    assert found == [("paper jams", 1)]


def _noise_png() -> bytes:
    """A photo that does not compress."""
    image = Image.frombytes("RGB", (1000, 800), os.urandom(1000 * 800 * 3))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_the_server_sees_the_real_clients_address(desk: Desk) -> None:
    wrong = desk.session.post(
        desk.api("/auth/login"), json={"username": BOSS, "password": "wrong-password"},
        headers={"X-Forwarded-For": MADE_UP}, timeout=30,
    )  # fmt: skip
    assert wrong.status_code == 403, wrong.text  # a wrong password
    with psycopg.connect(desk.database) as db:  # the sign-in throttle's record of who tried
        addresses = {row[0] for row in db.execute(
            "SELECT address FROM sign_in_failures WHERE username = %s", (BOSS,))}  # fmt: skip
    assert addresses == {CLIENT}
    log = desk.server.log_text()
    assert f'{CLIENT}:0 - "POST /api/v1/auth/login' in log, log[-3000:]
    assert MADE_UP not in log


def test_the_consoles_own_client_works_through_nginx_once_it_trusts_the_certificate(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The console's REST client checks certificates against certifi's public CAs (a
    self-signed or company certificate is refused) unless REQUESTS_CA_BUNDLE names another
    file; its event stream uses the system's trust store (SSL_CERT_FILE here)."""
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    with pytest.raises(ServerUnreachable):
        RestBackend.sign_in(desk.proxy.https, BOSS, BOSS_PASSWORD)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(desk.proxy.certificate))
    monkeypatch.setenv("SSL_CERT_FILE", str(desk.proxy.certificate))
    console, _ = RestBackend.sign_in(desk.proxy.https, BOSS, BOSS_PASSWORD)
    try:
        customer = console.create_customer("Acme 北京", ["13812345670"])
        ticket = console.create_ticket(
            TicketDraft("phone", "printer", "normal", "through the console's client",
                        customer_id=customer.id)
        )  # fmt: skip
        assert console.get_ticket(ticket.id).description == "through the console's client"
        batches = asyncio.run(_first_batches(desk.proxy.https, console.token, 2))
    finally:
        console.close()
    assert batches[0].events == []  # "online": the stream is open
    assert any(e.entity == "ticket" and e.entity_id == str(ticket.id) for e in batches[1].events)


async def _first_batches(url: str, token: str, count: int) -> list[FeedBatch]:
    batches: list[FeedBatch] = []
    stream = event_batches(url, token, 0, {})
    try:
        async for batch in stream:
            batches.append(batch)
            if len(batches) == count:
                break
    finally:
        await stream.aclose()
    return batches
