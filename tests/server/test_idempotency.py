"""Writes sent with an Idempotency-Key are done once: a retry gets the first answer (or the
first refusal) again. The console's client sends every write with a key and retries it when the
answer is lost on the way, so nothing is lost and nothing is doubled."""

from __future__ import annotations

import socket
import threading

import requests

from conftest import FakeClock, RestServer
from dispatch_console.ports import Actor
from dispatch_console.rest.client import RestBackend


def test_a_retried_write_is_done_once(rest_server: RestServer, clock: FakeClock) -> None:
    desk = rest_server.fresh(Actor("alice", "agent"), clock)
    url = rest_server.url + "/api/v1/customers"
    headers = {"Authorization": f"Bearer {desk.token}", "Idempotency-Key": "k-1"}
    body = {"name": "Li Lei", "phones": ["13812345678"]}
    first = requests.post(url, json=body, headers=headers, timeout=10)
    again = requests.post(url, json=body, headers=headers, timeout=10)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert len(desk.search_customers("Li Lei")) == 1
    other = requests.post(
        rest_server.url + "/api/v1/departments", json={"name": "N", "code": "N"},
        headers=headers, timeout=10,
    )  # fmt: skip
    assert other.status_code == 422 and other.json()["field"] == "Idempotency-Key"
    bad = {**headers, "Idempotency-Key": "k-2"}
    refused = requests.post(url, json={"name": "", "phones": []}, headers=bad, timeout=10)
    replayed = requests.post(url, json={"name": "", "phones": []}, headers=bad, timeout=10)
    assert refused.status_code == replayed.status_code == 422
    assert refused.json() == replayed.json()


class LosesFirstAnswer:
    """A proxy that passes requests on but throws away the first answer, as a dropped
    connection would after the server has done the work."""

    def __init__(self, target_port: int) -> None:
        self.target = target_port
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.lost = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            with client:
                request = _read_request(client)
                request = request.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n", 1)
                with socket.create_connection(("127.0.0.1", self.target)) as upstream:
                    upstream.sendall(request)
                    answer = b""
                    while chunk := upstream.recv(65536):
                        answer += chunk
                if b"POST" in request[:10] and self.lost == 0:
                    self.lost += 1
                    continue  # the work is done; the answer never arrives
                client.sendall(answer)

    def close(self) -> None:
        self.server.close()


def _read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        data += conn.recv(65536)
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    while len(rest) < length:
        rest += conn.recv(65536)
    return head + b"\r\n\r\n" + rest


def test_the_console_retries_a_write_whose_answer_was_lost_and_nothing_doubles(
    rest_server: RestServer, clock: FakeClock
) -> None:
    desk = rest_server.fresh(Actor("alice", "agent"), clock)
    proxy = LosesFirstAnswer(int(rest_server.url.rsplit(":", 1)[1]))
    try:
        flaky = RestBackend(f"http://127.0.0.1:{proxy.port}", desk.token, desk.actor)
        customer = flaky.create_customer("王芳", ["13812345678"])  # type: ignore[attr-defined]
        flaky.close()
    finally:
        proxy.close()
    assert proxy.lost == 1
    (only,) = desk.search_customers("王芳")
    assert only.id == customer.id
