"""Issue 25: the QR page's fault report sent twice (a double tap before the page's script has
loaded, a browser without JavaScript, a retry after a lost answer) made two tickets. The form
carries a one-time nonce: the same form sent again, one after the other or both at once, is one
ticket, and every answer leads to its status page. A real server process, on SQLite and on
PostgreSQL."""

from __future__ import annotations

import os
import re
import threading
import uuid
from collections.abc import Iterator

import pytest
import requests

from conftest import PG_SKIP_REASON, PG_URL_ENV
from dispatch_console.domain.enums import Channel
from dispatch_console.domain.tickets import Ticket
from dispatch_console.ports import Actor, TicketQuery
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore
from server.processes import ServerProcess

from .conftest import printer

FORM = {"description": "每页都卡纸", "contact_name": "王芳", "contact_phone": "13812345678"}


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[ServerProcess, Services]]:
    """A server process (on PostgreSQL two workers: the copies of a form may reach different
    processes; SQLite serves from one) and the desk's services on the same database."""
    folder = tmp_path_factory.mktemp("twice")
    admin = ""
    name = f"dispatch_twice_{uuid.uuid4().hex[:8]}"
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'site.sqlite3'}"
    else:
        base = os.environ.get(PG_URL_ENV)
        if not base:
            pytest.skip(PG_SKIP_REASON)
        import psycopg

        admin = base.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(admin, autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        url = admin.rsplit("/", 1)[0] + "/" + name
    store = SqlStore(url)
    store.upgrade()
    workers = ["--workers", "2"] if admin else []
    server = ServerProcess(url, folder / "server.log", args=workers).start()
    try:
        yield server, Services(store.unit_of_work, store.feed, Actor("alice", "agent"))
    finally:
        server.stop()
        store.close()
        if admin:
            import psycopg

            with psycopg.connect(admin, autocommit=True) as c:
                c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _form(server: ServerProcess, qr_token: str) -> dict[str, str]:
    page = requests.get(f"{server.url}/r/{qr_token}", timeout=10)
    assert page.status_code == 200
    found = re.search(r'name="nonce" value="([A-Za-z0-9_-]+)"', page.text)
    assert found, "the report form carries no nonce"
    return {**FORM, "nonce": found.group(1)}


def _send(server: ServerProcess, qr_token: str, form: dict[str, str]) -> requests.Response:
    # multipart, as the page's form sends it (with no photo chosen)
    files = {"photos": ("", b"", "application/octet-stream")}
    return requests.post(f"{server.url}/r/{qr_token}", data=form, files=files,
                         allow_redirects=False, timeout=30)  # fmt: skip


def _reports(desk: Services, asset_id: int) -> list[Ticket]:
    rows = desk.search_tickets(TicketQuery(limit=500)).items
    mine = [r.ticket for r in rows if r.ticket.asset_id == asset_id]
    return [t for t in mine if t.channel is Channel.SELF_SERVICE]


def _followed(server: ServerProcess, answer: requests.Response) -> str:
    assert answer.status_code == 303, answer.text[:300]
    status = requests.get(server.url + answer.headers["location"], timeout=10)
    assert status.status_code == 200
    return status.text


def test_the_same_form_sent_twice_is_one_ticket(served: tuple[ServerProcess, Services]) -> None:
    server, desk = served
    asset = printer(desk, serial="CN-TWICE-1")
    form = _form(server, asset.qr_token)
    first = _send(server, asset.qr_token, form)
    second = _send(server, asset.qr_token, form)
    tickets = _reports(desk, asset.id)
    assert len(tickets) == 1
    assert first.headers["location"] == second.headers["location"]
    for answer in (first, second):
        assert tickets[0].number in _followed(server, answer)
    # a fresh page is a new report (a second fault on the same device)
    assert _send(server, asset.qr_token, _form(server, asset.qr_token)).status_code == 303
    assert len(_reports(desk, asset.id)) == 2


def test_copies_of_a_form_arriving_at_once_are_one_ticket(
    served: tuple[ServerProcess, Services],
) -> None:
    server, desk = served
    asset = printer(desk, serial="CN-TWICE-2")
    form = _form(server, asset.qr_token)
    start = threading.Barrier(4)
    answers: list[requests.Response] = []

    def send() -> None:
        start.wait()
        answers.append(_send(server, asset.qr_token, form))

    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    tickets = _reports(desk, asset.id)
    assert len(tickets) == 1, [t.number for t in tickets]
    assert len({a.headers.get("location") for a in answers}) == 1
    for answer in answers:
        assert tickets[0].number in _followed(server, answer)


def test_a_page_cached_before_the_nonces_still_reports(
    served: tuple[ServerProcess, Services],
) -> None:
    """No nonce (a page from the old server in the browser's cache), or one the server could
    not have given: the report is made, once per sending, as before."""
    server, desk = served
    asset = printer(desk, serial="CN-TWICE-3")
    assert _followed(server, _send(server, asset.qr_token, FORM))
    assert _followed(server, _send(server, asset.qr_token, {**FORM, "nonce": "edited!"}))
    assert len(_reports(desk, asset.id)) == 2


def test_a_form_sent_back_for_a_typo_keeps_its_nonce(
    served: tuple[ServerProcess, Services],
) -> None:
    server, desk = served
    asset = printer(desk, serial="CN-TWICE-4")
    form = _form(server, asset.qr_token)
    typo = _send(server, asset.qr_token, {**form, "contact_name": ""})
    assert typo.status_code == 422 and f'value="{form["nonce"]}"' in typo.text
    first, second = (_send(server, asset.qr_token, form) for _ in range(2))
    assert first.headers["location"] == second.headers["location"]
    assert len(_reports(desk, asset.id)) == 1


def test_a_nonce_from_another_devices_page_is_sent_back_with_a_fresh_one(
    served: tuple[ServerProcess, Services],
) -> None:
    """A nonce opens only its own device's report: on another device's form the page comes
    back (what was typed kept) with a fresh nonce, and no status link of the other report."""
    server, desk = served
    asset, other = printer(desk, serial="CN-TWICE-5"), printer(desk, serial="CN-TWICE-6")
    form = _form(server, asset.qr_token)
    first = _send(server, asset.qr_token, form)
    stolen = _send(server, other.qr_token, form)
    assert stolen.status_code == 422 and form["nonce"] not in stolen.text
    assert "此页面已过期" in stolen.text and "每页都卡纸" in stolen.text
    assert form["nonce"] in first.headers["location"]
    assert _reports(desk, other.id) == []
