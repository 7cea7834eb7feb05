"""One dispatch-server process serving two companies (issue 26): nothing of company B is
reachable with anything of company A, on every route of the API, the WebSocket, the webhooks and
the web pages; an unknown host and a suspended company are refused with a clear 4xx."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest
import requests
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from dispatch_console.cli.admin import main as admin
from dispatch_console.rest.wire import API, PUBLIC, ROUTES
from dispatch_console.storage.bulk import bulk_seed
from dispatch_console.storage.store import SqlStore

from .conftest import PG
from .processes import ServerProcess

PASSWORD = "correct horse 1"
HOSTS = {"a": "acme.localhost", "b": "beta.example.com"}


@dataclass
class Company:
    key: str
    url: str
    host: str
    token: str = ""  # the administrator's session
    integrations: dict[str, str] = field(default_factory=dict)  # kind -> token
    qr: str = ""
    status_link: str = ""
    secrets: list[str] = field(default_factory=list)  # what must never show elsewhere


@dataclass
class Deployment:
    server: ServerProcess
    catalogue: str
    companies: dict[str, Company]

    def call(self, host: str, verb: str, path: str, **kwargs: Any) -> requests.Response:
        headers = {"Host": host, **kwargs.pop("headers", {})}
        return requests.request(
            verb, self.server.url + path, headers=headers, timeout=30, allow_redirects=False,
            **kwargs,
        )  # fmt: skip


def _scratch(admin_url: str, name: str) -> str:
    return admin_url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    if not PG:
        pytest.skip("DISPATCH_TEST_DATABASE_URL is not set: this needs PostgreSQL")
    admin_url = PG.replace("postgresql+psycopg://", "postgresql://")
    tag = uuid.uuid4().hex[:8]
    names = {"cat": f"dispatch_tcat_{tag}", "a": f"dispatch_ta_{tag}", "b": f"dispatch_tb_{tag}"}
    with psycopg.connect(admin_url, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{names["cat"]}"')
    catalogue = _scratch(admin_url, names["cat"])
    companies = {k: Company(k, _scratch(admin_url, names[k]), HOSTS[k]) for k in ("a", "b")}
    server = None
    try:
        for k, company in companies.items():
            assert admin(["tenant", "--catalogue", catalogue, "create", f"co-{k}",
                          "--host", company.host, "--seats", "5", "--admin", "boss",
                          "--password", PASSWORD, "--database-url", company.url]) == 0  # fmt: skip
            store = SqlStore(company.url)
            bulk_seed(store, 20, 30, seed=ord(k), progress=lambda _m: None)
            with store.unit_of_work() as uow:
                rows = uow.execute("SELECT name FROM customers ORDER BY id LIMIT 10").all()
                qr = uow.execute("SELECT qr_token FROM assets ORDER BY id LIMIT 1").scalar_one()
            store.close()
            company.secrets = [r[0] for r in rows] + [qr]
            company.qr = qr
        log = tmp_path_factory.mktemp("tenants") / "server.log"
        # the proxy allowed to name the host is not this test: its X-Forwarded-Host is ignored
        server = ServerProcess(
            catalogue,
            log,
            option="--tenants",
            args=["--workers", "1", "--forwarded-allow-ips", "10.9.9.9"],
        )
        server.start()
        deployment = Deployment(server, catalogue, companies)
        for company in companies.values():
            _credentials(deployment, company)
        yield deployment
    finally:
        if server is not None:
            server.stop()
        with psycopg.connect(admin_url, autocommit=True) as c:
            for name in names.values():
                c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _credentials(d: Deployment, company: Company) -> None:
    """Everything a company hands out: a session, integration tokens, a QR code, a status link."""
    signed = d.call(company.host, "POST", API + "/auth/login",
                    json={"username": "boss", "password": PASSWORD})  # fmt: skip
    assert signed.status_code == 200, signed.text
    company.token = signed.json()["token"]
    for kind in ("pbx", "gps", "chat"):
        issued = d.call(company.host, "POST", API + "/auth/integration-tokens",
                        json={"kind": kind, "label": f"{kind} of {company.key}"},
                        headers=_bearer(company.token))  # fmt: skip
        assert issued.status_code == 200, issued.text
        company.integrations[kind] = issued.json()["token"]
    reported = d.call(company.host, "POST", f"/r/{company.qr}", data={
        "description": "the printer jams", "contact_name": "Li Lei",
        "contact_phone": "13812345678", "preferred_time": "",
    })  # fmt: skip
    assert reported.status_code == 303, reported.text
    company.status_link = reported.headers["location"].split("?")[0]
    assert d.call(company.host, "GET", company.status_link).status_code == 200


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _path(template: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", template)


def _refused(response: requests.Response, other: Company) -> None:
    assert response.status_code in (401, 403, 404), (response.status_code, response.text[:300])
    for secret in other.secrets:
        assert secret not in response.text


def test_a_session_of_a_opens_nothing_of_b_on_any_route(deployment: Deployment) -> None:
    a, b = deployment.companies["a"], deployment.companies["b"]
    # B's data is there for B's own token, so a refusal below is not a server refusing all
    mine = deployment.call(b.host, "POST", API + "/tickets/search", json={"query": {}},
                           headers=_bearer(b.token))  # fmt: skip
    assert mine.status_code == 200 and any(s in mine.text for s in b.secrets), mine.text[:300]
    assert deployment.call(a.host, "GET", API + "/auth/me", headers=_bearer(a.token)).ok
    tokens = [a.token, *a.integrations.values()]
    checked = 0
    for route in ROUTES:
        path = API + _path(route.path)
        body = None if route.verb == "GET" else {}
        anonymous = deployment.call(b.host, route.verb, path, json=body)
        for token in tokens:
            got = deployment.call(b.host, route.verb, path, json=body, headers=_bearer(token))
            if route.name in PUBLIC:  # open to anyone at B's address: A's token adds nothing
                assert (got.status_code, got.text) == (anonymous.status_code, anonymous.text)
                continue
            _refused(got, b)
            assert got.status_code == 401, (route.name, got.text)
            checked += 1
    assert checked >= 4 * (len(ROUTES) - len(PUBLIC))
    for path in ("/auth/me", "/auth/tokens"):
        _refused(deployment.call(b.host, "GET", API + path, headers=_bearer(a.token)), b)


def test_integration_tokens_of_a_reach_no_webhook_of_b(deployment: Deployment) -> None:
    a, b = deployment.companies["a"], deployment.companies["b"]
    call = deployment.call
    for token in a.integrations.values():
        _refused(call(b.host, "POST", f"{API}/cti/{token}", json={"event": "ring"}), b)
        _refused(call(b.host, "POST", f"{API}/cti", json={}, headers=_bearer(token)), b)
        _refused(call(b.host, "POST", f"{API}/gps/positions", json=[], headers=_bearer(token)), b)
        _refused(call(b.host, "GET", f"{API}/gps/osmand/{token}?id=1&lat=31.2&lon=121.4"), b)
        _refused(call(b.host, "POST", f"{API}/chat/events", json={}, headers=_bearer(token)), b)
    # the same tokens work at A's own address
    ok = call(
        a.host, "POST", f"{API}/gps/positions", json=[], headers=_bearer(a.integrations["gps"])
    )
    assert ok.status_code == 200, ok.text


def test_qr_codes_and_status_links_of_a_show_nothing_at_b(deployment: Deployment) -> None:
    a, b = deployment.companies["a"], deployment.companies["b"]
    call = deployment.call
    assert call(a.host, "GET", f"/r/{a.qr}").status_code == 200
    for response in (
        call(b.host, "GET", f"/r/{a.qr}"),
        call(
            b.host,
            "POST",
            f"/r/{a.qr}",
            data={"description": "x", "contact_name": "x", "contact_phone": "13812345678"},
        ),
        call(b.host, "GET", a.status_link),
        call(b.host, "POST", a.status_link + "/callback", data={}),
    ):
        assert response.status_code == 404, (response.status_code, response.text[:300])
        for secret in b.secrets:
            assert secret not in response.text


def _socket(d: Deployment, host: str, token: str) -> str:
    """How the event stream answers `token` at `host`: the close code, or 'open'."""
    sock = socket.create_connection(("127.0.0.1", d.server.port), timeout=10)
    url = f"ws://{host}:{d.server.port}{API}/events?token={token}"
    try:
        with connect(url, sock=sock, open_timeout=10) as ws:
            try:
                ws.recv(timeout=3)
            except TimeoutError:
                return "open"
            except ConnectionClosed as closed:
                return str(closed.rcvd.code if closed.rcvd else "closed")
            return "open"
    except InvalidStatus as refused:  # closed before the handshake: the HTTP refusal
        return f"http {refused.response.status_code}"


def test_the_event_stream_of_b_refuses_a_token_of_a(deployment: Deployment) -> None:
    a, b = deployment.companies["a"], deployment.companies["b"]
    assert _socket(deployment, a.host, a.token) == "open"
    assert _socket(deployment, b.host, b.token) == "open"
    for token in (a.token, *a.integrations.values()):
        assert _socket(deployment, b.host, token) == "4401"


def test_forwarded_host_is_believed_only_from_the_trusted_proxy(deployment: Deployment) -> None:
    a, b = deployment.companies["a"], deployment.companies["b"]
    # this test is not the proxy (10.9.9.9): sent to B, naming A, it is still B's door
    got = deployment.call(b.host, "GET", API + "/auth/me",
                          headers={**_bearer(a.token), "X-Forwarded-Host": a.host})  # fmt: skip
    assert got.status_code == 401


def test_unknown_hosts_and_suspended_companies_get_a_clear_4xx(deployment: Deployment) -> None:
    a = deployment.companies["a"]
    hostile = ("x" * 3000 + ".example.com", "[::1]:8470", "acme.localhost:notaport", "é.example")
    for host in ("nobody.example.com", "127.0.0.1", "", "acme.localhost.evil.com", *hostile):
        got = deployment.call(host, "GET", API + "/version")
        assert got.status_code == 404 and got.json()["code"] == "unknown_tenant", got.text
        assert "no company is served at" in got.json()["message"]
    assert deployment.call("ACME.localhost.:8470", "GET", API + "/version").status_code == 200
    page = deployment.call("nobody.example.com", "GET", f"/r/{a.qr}?lang=en")  # a phone
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    assert "No service desk answers at this address" in page.text
    zh = deployment.call("nobody.example.com", "GET", f"/r/{a.qr}?lang=zh_CN")
    assert "此地址没有对应的报修服务" in zh.text
    assert admin(["tenant", "--catalogue", deployment.catalogue, "suspend", "co-a",
                  "--reason", "invoice unpaid"]) == 0  # fmt: skip
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            got = deployment.call(a.host, "GET", API + "/auth/me", headers=_bearer(a.token))
            if got.status_code == 403:
                break
            time.sleep(0.5)
        assert got.status_code == 403, got.text
        assert got.json() == {
            "code": "tenant_suspended",
            "message": "this company's service is suspended: invoice unpaid",
        }
        assert _socket(deployment, a.host, a.token) == "http 403"
        page = deployment.call(a.host, "GET", f"/r/{a.qr}?lang=en")
        assert page.status_code == 403 and "not taking reports online" in page.text
        assert "invoice unpaid" not in page.text  # the provider's reason is not the customer's
    finally:
        assert admin(["tenant", "--catalogue", deployment.catalogue, "resume", "co-a"]) == 0
    deadline = time.monotonic() + 15
    while deployment.call(a.host, "GET", API + "/auth/me", headers=_bearer(a.token)).status_code \
            != 200:  # fmt: skip
        assert time.monotonic() < deadline, "not served again after resume"
        time.sleep(0.5)


def test_health_answers_for_the_process_whatever_the_host(deployment: Deployment) -> None:
    got = deployment.call("nobody.example.com", "GET", "/healthz")
    assert got.status_code == 200 and got.json()["tenants_open"] >= 1


def test_seats_limit_who_signs_in_and_say_who_holds_them(
    deployment: Deployment, tmp_path: Path
) -> None:
    url = deployment.companies["a"].url.rsplit("_", 1)[0] + "_c" + uuid.uuid4().hex[:4]
    assert admin(["tenant", "--catalogue", deployment.catalogue, "create", "co-c", "--host",
                  "c.example.com", "--seats", "1", "--admin", "boss", "--password", PASSWORD,
                  "--database-url", url]) == 0  # fmt: skip
    try:
        assert admin(["--database", url, "create-user", "clerk", "--role", "agent",
                      "--password", PASSWORD]) == 0  # fmt: skip
        host = "c.example.com"

        def sign_in(username: str, password: str = PASSWORD) -> requests.Response:
            body = {"username": username, "password": password}
            return deployment.call(host, "POST", API + "/auth/login", json=body)

        deadline = time.monotonic() + 15
        while (first := sign_in("boss")).status_code == 404:  # the catalogue read within 5 s
            assert time.monotonic() < deadline
            time.sleep(0.5)
        assert first.status_code == 200, first.text
        again = sign_in("boss")  # a second device: no second seat
        assert again.status_code == 200, again.text
        boss = again.json()["token"]  # the newest session: ended last below
        wrong = sign_in("clerk", "not the password")
        assert wrong.status_code in (401, 403) and "boss" not in wrong.text  # no names told
        full = sign_in("clerk")
        assert full.status_code == 403, full.text
        assert full.json()["message"].startswith("all 1 seats are taken; signed in now: boss.")
        assert "an administrator ends their session" in full.json()["message"]
        seats = deployment.call(host, "GET", API + "/auth/seats", headers=_bearer(boss)).json()
        assert (seats["limit"], seats["in_use"]) == (1, 1)
        assert seats["signed_in"][0]["username"] == "boss"
        for session in seats["signed_in"][0]["sessions"]:  # the administrator frees the seat
            ended = deployment.call(host, "DELETE", f"{API}/auth/tokens/{session}",
                                    headers=_bearer(boss))  # fmt: skip
            assert ended.status_code == 200, ended.text
        clerk = sign_in("clerk")
        assert clerk.status_code == 200, clerk.text
        denied = deployment.call(host, "GET", API + "/auth/seats",
                                 headers=_bearer(clerk.json()["token"]))  # fmt: skip
        assert denied.status_code == 403
        # the month's use for billing: two people signed in three times; refusals not billed
        usage = tmp_path / "usage.csv"
        month = time.strftime("%Y-%m", time.gmtime())
        assert admin(["tenant", "--catalogue", deployment.catalogue, "usage", "--month", month,
                      "--to", str(usage)]) == 0  # fmt: skip
        rows = {r.split(",")[0]: r.split(",") for r in
                usage.read_text(encoding="utf-8-sig").splitlines()}  # fmt: skip
        assert rows["co-c"][1:] == [month, "active", "1", "2", "3", ""]
    finally:
        admin(["tenant", "--catalogue", deployment.catalogue, "suspend", "co-c", "--reason", "x"])
        dump = tmp_path / "c.dump"
        admin(["tenant", "--catalogue", deployment.catalogue, "export", "co-c", "--to", str(dump)])
        admin(["tenant", "--catalogue", deployment.catalogue, "delete", "co-c", "--yes"])
        server_url = url.rsplit("/", 1)[0] + "/postgres"  # gone already, unless pg_dump is not
        with psycopg.connect(server_url, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def _pg_connections(pid: int) -> int:
    """How many TCP connections to port 5432 the process `pid` holds (Linux's /proc)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            target = os.readlink(fd)
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    count = 0
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            parts = line.split()
            remote_port = int(parts[2].rsplit(":", 1)[1], 16)
            if remote_port == 5432 and parts[3] == "01" and parts[9] in inodes:  # established
                count += 1
    return count


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="counts sockets through /proc")
def test_connections_stay_under_the_cap_while_companies_take_turns(
    deployment: Deployment, tmp_path: Path
) -> None:
    """A cap of 8 with one background worker lets one company be open at a time: the two take
    turns, every answer is right, and the process never holds more than 8 connections to
    PostgreSQL (the background round's included)."""
    capped = ServerProcess(deployment.catalogue, tmp_path / "capped.log", option="--tenants",
                           args=["--workers", "1", "--connection-cap", "8",
                                 "--tenant-workers", "1"])  # fmt: skip
    capped.start()
    try:
        assert capped.process is not None
        most = 0
        for _ in range(3):
            for company in deployment.companies.values():
                got = requests.post(
                    capped.url + API + "/tickets/search", json={"query": {}}, timeout=30,
                    headers={"Host": company.host, **_bearer(company.token)},
                )  # fmt: skip
                assert got.status_code == 200, got.text
                assert any(s in got.text for s in company.secrets)
                most = max(most, _pg_connections(capped.process.pid))
                health = requests.get(capped.url + "/healthz", timeout=10).json()
                assert health["tenants_open"] <= health["tenants_most"] == 1
        assert 0 < most <= 8
        # this server trusts 127.0.0.1 as its proxy (the default): the forwarded host counts
        a = deployment.companies["a"]
        proxied = requests.get(capped.url + API + "/auth/me", timeout=30, headers={
            "Host": "proxy.internal", "X-Forwarded-Host": a.host, **_bearer(a.token)})  # fmt: skip
        assert proxied.status_code == 200 and proxied.json()["name"] == "boss", proxied.text
    finally:
        capped.stop()


def test_the_console_takes_a_company_address_as_any_server() -> None:
    from dispatch_console.config.model import ConnectionSettings

    chosen = ConnectionSettings(kind="server", server_url=" https://acme.dispatch.example/ ")
    assert chosen.url() == "https://acme.dispatch.example"  # its host name picks the company


def test_the_command_line_says_what_does_not_go_with_tenants() -> None:
    from dispatch_console.server.main import configure

    cat = "postgresql://dispatch@db/catalogue"
    assert "give only --tenants" in str(configure(["--tenants", cat, "--database", cat]))
    assert "dispatch-admin tenant migrate" in str(configure(["--tenants", cat, "--upgrade"]))
    assert "its own host" in str(configure(["--tenants", cat, "--pbx", "ami://u@pbx:5038"]))
    assert configure(["--tenants", cat, "--connection-cap", "9"]) == (
        "--connection-cap: at least 10 (one company's connections, the catalogue's and the "
        "background work's)"
    )
    assert "from 1 to 64" in str(configure(["--tenants", cat, "--tenant-workers", "0"]))
    assert "above 0" in str(configure(["--tenants", cat, "--tenant-idle", "0"]))
    assert not isinstance(configure(["--tenants", cat, "--connection-cap", "10"]), str)


def test_a_companys_live_events_reach_its_own_consoles_and_no_others(
    deployment: Deployment,
) -> None:
    """The hosted server follows a company's change feed only while one of its consoles listens
    (server/events.py, lazy): a change at A reaches A's open stream, never B's."""
    a, b = deployment.companies["a"], deployment.companies["b"]

    def stream(stack: contextlib.ExitStack, company: Company) -> Any:
        sock = socket.create_connection(("127.0.0.1", deployment.server.port), timeout=10)
        url = f"ws://{company.host}:{deployment.server.port}{API}/events?token={company.token}"
        ws = stack.enter_context(connect(url, sock=sock, open_timeout=10))
        with contextlib.suppress(TimeoutError):
            while True:  # the catch-up, until it goes quiet
                ws.recv(timeout=2)
        return ws

    with contextlib.ExitStack() as stack:
        at_a, at_b = stream(stack, a), stream(stack, b)
        name = f"Live {uuid.uuid4().hex[:6]}"
        made = deployment.call(a.host, "POST", API + "/customers",
                               json={"name": name, "phones": ["13912345678"]},
                               headers=_bearer(a.token))  # fmt: skip
        assert made.status_code == 200, made.text
        seen = ""
        deadline = time.monotonic() + 15
        while '"customer"' not in seen and time.monotonic() < deadline:
            with contextlib.suppress(TimeoutError):
                seen += str(at_a.recv(timeout=1))
        assert '"customer"' in seen  # the event of A's new customer, live
        with pytest.raises(TimeoutError):
            at_b.recv(timeout=2)
