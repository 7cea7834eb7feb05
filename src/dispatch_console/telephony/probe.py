""" "Test connection" for a PBX: reach it, check it is the PBX we expect, log in, log out.

Blocking sockets with a deadline; run off the GUI thread. The answers say what to fix."""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass

AMI_BANNER = "Asterisk Call Manager/"


@dataclass(frozen=True, slots=True)
class ProbeResult:
    ok: bool
    message: str


class _Reader:
    """Line and block reads over a socket, bounded by one deadline for the whole probe."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self.sock = sock
        self.deadline = deadline
        self.buffer = b""

    def _fill(self) -> None:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        self.sock.settimeout(left)
        chunk = self.sock.recv(4096)
        if not chunk:
            raise ConnectionResetError("the PBX closed the connection")
        self.buffer += chunk

    def until(self, marker: bytes) -> str:
        while marker not in self.buffer:
            if len(self.buffer) > 65536:
                raise ValueError("no answer in the expected format")
            self._fill()
        head, _, self.buffer = self.buffer.partition(marker)
        return head.decode("utf-8", "replace")


def _headers(block: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in block.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            out.setdefault(key.strip().lower(), value.strip())
    return out


def probe_ami(
    host: str, port: int, username: str, secret: str, timeout: float = 5.0
) -> ProbeResult:
    deadline = time.monotonic() + timeout
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            reader = _Reader(sock, deadline)
            banner = reader.until(b"\r\n").strip()
            if not banner.startswith(AMI_BANNER):
                return ProbeResult(False, f"{host}:{port} answered, but not as Asterisk AMI")
            sock.sendall(
                (
                    f"Action: Login\r\nActionID: probe-1\r\nUsername: {username}\r\n"
                    f"Secret: {secret}\r\nEvents: off\r\n\r\n"
                ).encode()
            )
            while True:
                message = _headers(reader.until(b"\r\n\r\n"))
                if "response" in message and message.get("actionid") in (None, "probe-1"):
                    break
            if message["response"].lower() != "success":
                why = message.get("message", "login refused")
                return ProbeResult(False, f"{banner}: {why}; check the user and secret")
            sock.sendall(b"Action: Logoff\r\nActionID: probe-2\r\n\r\n")
            return ProbeResult(True, f"{banner}: logged in as {username}")
    except TimeoutError:
        return ProbeResult(False, f"{host}:{port} did not answer within {timeout:g} s")
    except OSError as exc:
        return ProbeResult(False, f"cannot reach {host}:{port}: {exc.strerror or exc}")
    except ValueError as exc:
        return ProbeResult(False, f"{host}:{port}: {exc}")


def probe_esl(host: str, port: int, password: str, timeout: float = 5.0) -> ProbeResult:
    deadline = time.monotonic() + timeout
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            reader = _Reader(sock, deadline)
            greeting = _headers(reader.until(b"\n\n"))
            if greeting.get("content-type") != "auth/request":
                return ProbeResult(False, f"{host}:{port} answered, but not as FreeSWITCH ESL")
            sock.sendall(f"auth {password}\n\n".encode())
            reply = _headers(reader.until(b"\n\n"))
            text = reply.get("reply-text", "")
            if not text.startswith("+OK"):
                return ProbeResult(False, f"FreeSWITCH refused the password ({text or 'no reply'})")
            sock.sendall(b"exit\n\n")
            return ProbeResult(True, f"FreeSWITCH event socket at {host}:{port}: password accepted")
    except TimeoutError:
        return ProbeResult(False, f"{host}:{port} did not answer within {timeout:g} s")
    except OSError as exc:
        return ProbeResult(False, f"cannot reach {host}:{port}: {exc.strerror or exc}")
    except ValueError as exc:
        return ProbeResult(False, f"{host}:{port}: {exc}")
