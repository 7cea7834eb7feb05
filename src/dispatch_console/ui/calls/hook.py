"""The softphone hook: `dispatch-console --incoming-call NUMBER` (or the `dispatch://call?...`
URL the installer registers) hands the call to the console already running for this user, so a
softphone's "run on incoming call" pops the caller with no PBX integration at all.

One JSON line per call over a QLocalSocket named for the user; the running console listens."""

from __future__ import annotations

import getpass
import json
import uuid
from datetime import UTC, datetime
from urllib.parse import parse_qs, unquote, urlsplit

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from ...domain.call_events import CallEvent

CONNECT_TIMEOUT_MS = 1000


def server_name() -> str:
    try:
        who = getpass.getuser()
    except (OSError, KeyError):
        who = "user"
    return f"DispatchConsole-{who}"


def call_from_url(url: str) -> tuple[str, str | None]:
    """`dispatch://call?from=13812345678&id=abc` -> (number, call id)."""
    parts = urlsplit(url)
    if parts.scheme != "dispatch" or (parts.netloc or parts.path.strip("/")) != "call":
        raise ValueError(f"{url!r}: expected dispatch://call?from=NUMBER[&id=CALL_ID]")
    query = parse_qs(parts.query)
    number = (query.get("from") or [""])[0].strip()
    if not number:
        raise ValueError(f"{url!r}: the caller's number (from=...) is missing")
    ids = query.get("id")
    return number, ids[0] if ids else None


def number_from_tel(url: str) -> str:
    """`tel:+86-138-1234-5678` (a phone number clicked in a browser or an e-mail) -> the number
    to dial; RFC 3966 parameters (`;ext=`, `;phone-context=`) are dropped."""
    parts = urlsplit(url)
    if parts.scheme != "tel":
        raise ValueError(f"{url!r}: expected tel:NUMBER")
    number = unquote(parts.path.split(";", 1)[0]).strip()
    if not any(ch.isdigit() for ch in number):
        raise ValueError(f"{url!r}: no number to dial")
    return number


def offered(number: str, call_id: str | None) -> CallEvent:
    return CallEvent(
        "offered", call_id or f"hook-{uuid.uuid4().hex[:12]}", datetime.now(UTC), "inbound", number
    )


def forward_to_running(
    number: str, call_id: str | None, name: str | None = None, *, dial: bool = False
) -> bool:
    """Hand the call (or, `dial`, a number to call) to the running console; False when none
    is running."""
    socket = QLocalSocket()
    socket.connectToServer(name or server_name())
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    message = {"dial": number} if dial else {"from": number, "id": call_id}
    line = json.dumps(message) + "\n"
    socket.write(line.encode())
    socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    socket.disconnectFromServer()
    return True


class IncomingCallServer(QObject):
    """Signals:
    call(object): a CallEvent ("offered") handed over by a softphone hook.
    dial(str): a number to call, from a tel: link.
    """

    call = Signal(object)
    dial = Signal(str)

    def __init__(self, parent: QObject | None = None, name: str | None = None) -> None:
        super().__init__(parent)
        self.server = QLocalServer(self)
        self.name = name or server_name()
        self.server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """False when another console of this user already listens (it keeps the calls)."""
        if self.server.listen(self.name):
            return True
        probe = QLocalSocket()
        probe.connectToServer(self.name)
        if probe.waitForConnected(200):
            probe.disconnectFromServer()
            return False
        QLocalServer.removeServer(self.name)  # a stale socket left by a crashed console
        return self.server.listen(self.name)

    def _accept(self) -> None:
        # slots find their socket through sender(): lambdas holding the Python wrappers of
        # sockets their server owns made PySide delete them twice
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(self._read)
            socket.disconnected.connect(socket.deleteLater)

    def _read(self) -> None:
        socket = self.sender()
        if not isinstance(socket, QLocalSocket):
            return
        while socket.canReadLine():
            raw = bytes(socket.readLine().data()).decode("utf-8", "replace")
            try:
                data = json.loads(raw)
                wanted = str(data["dial"]).strip() if "dial" in data else None
                number = str(data["from"]).strip() if wanted is None else ""
            except (ValueError, KeyError, TypeError, AttributeError):
                continue  # not ours: ignore, keep listening
            if wanted:
                self.dial.emit(wanted)
            elif number:
                self.call.emit(offered(number, data.get("id")))
