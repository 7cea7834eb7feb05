"""Fake PBX peers on real loopback sockets, speaking the real wire formats. Each accepted
connection plays the next script: what to send after the login, chunk by chunk (so frames can be
split anywhere), and whether to hang up afterwards."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

LEFT = object()  # the client closed the connection


@dataclass
class Script:
    chunks: list[bytes] = field(default_factory=list)
    hang_up: bool = False
    # what the peer answers to a command the client sends later (Originate, CoreShowChannels...)
    respond: Callable[[bytes], bytes] | None = None
    # a connection a firewall cut without telling either end: open, but nothing is answered
    silent: bool = False


class FakePeer:
    def __init__(self, scripts: list[Script]) -> None:
        self.scripts = scripts
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.server.getsockname()[1])
        self.received: list[bytes] = []
        self.connections = 0
        self._done = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def close(self) -> None:
        self._done.set()
        self.server.close()

    def _serve(self) -> None:
        while not self._done.is_set():
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            script = self.scripts[min(self.connections, len(self.scripts) - 1)]
            self.connections += 1
            with conn:
                try:
                    if self.session(conn, script) is not LEFT and not script.hang_up:
                        self._done.wait(30)
                except OSError:
                    pass

    def _read_until(self, conn: socket.socket, end: bytes) -> bytes:
        data = b""
        while end not in data:
            chunk = conn.recv(4096)
            if not chunk:
                raise ConnectionResetError
            data += chunk
        self.received.append(data)
        return data

    def session(self, conn: socket.socket, script: Script) -> object:
        raise NotImplementedError

    def listen(self, conn: socket.socket, script: Script) -> object:
        """Answer what the client sends until it goes; LEFT when it closed the connection."""
        conn.settimeout(0.2)
        while not self._done.is_set():
            try:
                data = conn.recv(4096)
            except TimeoutError:
                continue
            if not data:
                return LEFT
            self.received.append(data)
            if script.silent:
                continue
            reply = self.keepalive(data)
            if script.respond is not None:
                reply += script.respond(data)
            if reply:
                conn.sendall(reply)

    def keepalive(self, data: bytes) -> bytes:
        """What the real PBX answers to the client's liveness check."""
        return b""


class FakeAmi(FakePeer):
    def __init__(self, scripts: list[Script], secret: str = "s3cret") -> None:
        self.secret = secret
        super().__init__(scripts)

    def keepalive(self, data: bytes) -> bytes:
        if b"Action: Ping" not in data:
            return b""
        action = (
            data.split(b"ActionID: ", 1)[1].split(b"\r\n", 1)[0] if b"ActionID: " in data else b""
        )
        return (  # as Asterisk 13+ answers it
            b"Response: Success\r\nActionID: " + action + b"\r\nPing: Pong\r\n"
            b"Timestamp: 1733580000.123456\r\n\r\n"
        )

    def session(self, conn: socket.socket, script: Script) -> object:
        conn.sendall(b"Asterisk Call ")
        conn.sendall(b"Manager/7.0.3\r\n")
        login = self._read_until(conn, b"\r\n\r\n").decode()
        if f"Secret: {self.secret}\r\n" not in login:
            conn.sendall(
                b"Response: Error\r\nActionID: login\r\nMessage: Authentication failed\r\n\r\n"
            )
            return
        conn.sendall(
            b"Response: Success\r\nActionID: login\r\nMessage: Authentication accepted\r\n\r\n"
            b"Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n"
        )
        for chunk in script.chunks:
            conn.sendall(chunk)
        if not script.hang_up:  # keep listening: actions such as Originate arrive later
            return self.listen(conn, script)
        return None


class FakeEsl(FakePeer):
    def __init__(self, scripts: list[Script], password: str = "ClueCon") -> None:
        self.password = password
        super().__init__(scripts)

    def keepalive(self, data: bytes) -> bytes:
        if b"api uptime" not in data:
            return b""
        body = b"86400\n"
        return f"Content-Type: api/response\nContent-Length: {len(body)}\n\n".encode() + body

    def session(self, conn: socket.socket, script: Script) -> object:
        conn.sendall(b"Content-Type: auth/request\n\n")
        auth = self._read_until(conn, b"\n\n").decode()
        if auth.strip() != f"auth {self.password}":
            conn.sendall(b"Content-Type: command/reply\nReply-Text: -ERR invalid\n\n")
            conn.sendall(b"Content-Type: text/disconnect-notice\nContent-Length: 0\n\n")
            return
        conn.sendall(b"Content-Type: command/reply\nReply-Text: +OK accepted\n\n")
        self._read_until(conn, b"\n\n")  # event plain ...
        conn.sendall(
            b"Content-Type: command/reply\nReply-Text: +OK event listener enabled plain\n\n"
        )
        for chunk in script.chunks:
            conn.sendall(chunk)
        if not script.hang_up:
            return self.listen(conn, script)
        return None


def ami_event(**fields: str) -> bytes:
    return "".join(f"{k.replace('_', '-')}: {v}\r\n" for k, v in fields.items()).encode() + b"\r\n"


def esl_event(**fields: str) -> bytes:
    from urllib.parse import quote

    def key(k: str) -> str:  # Event_Name -> Event-Name; channel variables keep theirs
        return k if k.startswith("variable_") else k.replace("_", "-")

    body = "".join(f"{key(k)}: {quote(v)}\n" for k, v in fields.items()) + "\n"
    data = body.encode()
    return f"Content-Length: {len(data)}\nContent-Type: text/event-plain\n\n".encode() + data


def esl_job(job_uuid: str, result: str) -> bytes:
    """A BACKGROUND_JOB event: event headers, then the command's output as the event's body."""
    output = result.encode() + b"\n"
    inner = (
        f"Event-Name: BACKGROUND_JOB\nJob-UUID: {job_uuid}\nContent-Length: {len(output)}\n\n"
    ).encode() + output
    return f"Content-Length: {len(inner)}\nContent-Type: text/event-plain\n\n".encode() + inner


def split(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]
