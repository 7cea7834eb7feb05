""" "Test connection" against fake PBX peers on real sockets, speaking the real wire formats:
banners, split reads, event chatter before the answer, wrong passwords, silent servers."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator

import pytest

from dispatch_console.telephony.probe import probe_ami, probe_esl

Handler = Callable[[socket.socket], None]


@pytest.fixture
def peer() -> Iterator[Callable[[Handler], int]]:
    servers: list[socket.socket] = []

    def start(handler: Handler) -> int:
        server = socket.create_server(("127.0.0.1", 0))
        servers.append(server)

        def serve() -> None:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                handler(conn)

        threading.Thread(target=serve, daemon=True).start()
        return int(server.getsockname()[1])

    yield start
    for s in servers:
        s.close()


def _read_block(conn: socket.socket, end: bytes) -> str:
    data = b""
    while end not in data:
        chunk = conn.recv(1024)
        if not chunk:
            break
        data += chunk
    return data.decode()


def _ami(secret: str) -> Handler:
    def handle(conn: socket.socket) -> None:
        for piece in (b"Asterisk Call ", b"Manager/7.0.3\r", b"\n"):  # a banner in pieces
            conn.sendall(piece)
        login = _read_block(conn, b"\r\n\r\n")
        action_id = next(
            line.split(": ")[1] for line in login.splitlines() if line.startswith("ActionID")
        )
        conn.sendall(b"Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n")
        if f"Secret: {secret}\r\n" in login:
            conn.sendall(
                f"Response: Success\r\nActionID: {action_id}\r\n"
                "Message: Authentication accepted\r\n\r\n".encode()
            )
            _read_block(conn, b"\r\n\r\n")  # Logoff
        else:
            conn.sendall(
                f"Response: Error\r\nActionID: {action_id}\r\n"
                "Message: Authentication failed\r\n\r\n".encode()
            )

    return handle


def test_ami_login_accepted(peer: Callable[[Handler], int]) -> None:
    port = peer(_ami("s3cret"))
    result = probe_ami("127.0.0.1", port, "console", "s3cret", timeout=3)
    assert result.ok, result.message
    assert "Asterisk Call Manager/7.0.3" in result.message


def test_ami_wrong_secret_says_so(peer: Callable[[Handler], int]) -> None:
    port = peer(_ami("s3cret"))
    result = probe_ami("127.0.0.1", port, "console", "wrong", timeout=3)
    assert not result.ok and "Authentication failed" in result.message


def test_something_that_is_not_ami(peer: Callable[[Handler], int]) -> None:
    port = peer(lambda c: c.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n"))
    result = probe_ami("127.0.0.1", port, "u", "s", timeout=3)
    assert not result.ok and "not as Asterisk AMI" in result.message


def test_a_silent_server_times_out(peer: Callable[[Handler], int]) -> None:
    done = threading.Event()
    port = peer(lambda c: done.wait(5))
    result = probe_ami("127.0.0.1", port, "u", "s", timeout=0.3)
    done.set()
    assert not result.ok and "did not answer within 0.3 s" in result.message


def test_nobody_listening() -> None:
    with socket.create_server(("127.0.0.1", 0)) as s:
        port = s.getsockname()[1]
    result = probe_ami("127.0.0.1", port, "u", "s", timeout=1)
    assert not result.ok and "cannot reach" in result.message


def _esl(password: str) -> Handler:
    def handle(conn: socket.socket) -> None:
        conn.sendall(b"Content-Type: auth/request\n\n")
        auth = _read_block(conn, b"\n\n")
        if auth.strip() == f"auth {password}":
            conn.sendall(b"Content-Type: command/reply\nReply-Text: +OK accepted\n\n")
            _read_block(conn, b"\n\n")
        else:
            conn.sendall(b"Content-Type: command/reply\nReply-Text: -ERR invalid\n\n")

    return handle


def test_esl_password_accepted_and_refused(peer: Callable[[Handler], int]) -> None:
    assert probe_esl("127.0.0.1", peer(_esl("ClueCon")), "ClueCon", timeout=3).ok
    refused = probe_esl("127.0.0.1", peer(_esl("ClueCon")), "nope", timeout=3)
    assert not refused.ok and "-ERR invalid" in refused.message
