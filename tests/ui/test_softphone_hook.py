"""The softphone hook: a second process hands the incoming call to the running console."""

from __future__ import annotations

import subprocess
import sys
import uuid

import pytest
from PySide6.QtNetwork import QLocalSocket
from pytestqt.qtbot import QtBot

from dispatch_console.ui.calls.hook import (
    IncomingCallServer,
    call_from_url,
    forward_to_running,
    number_from_tel,
)


def test_the_url_protocol_carries_number_and_call_id() -> None:
    assert call_from_url("dispatch://call?from=13812345678&id=abc") == ("13812345678", "abc")
    assert call_from_url("dispatch://call?from=%2B86%20138%201234%205678") == (
        "+86 138 1234 5678",
        None,
    )
    for bad in ("http://call?from=1", "dispatch://call?id=x", "dispatch://hangup?from=1"):
        with pytest.raises(ValueError):
            call_from_url(bad)


def test_a_call_forwarded_from_another_process_reaches_the_running_console(
    qtbot: QtBot,
) -> None:
    name = f"dispatch-test-{uuid.uuid4().hex[:8]}"
    server = IncomingCallServer(name=name)
    assert server.listen()
    with qtbot.waitSignal(server.call, timeout=5000) as got:
        # a separate process, as a softphone would start it
        code = (
            "from PySide6.QtCore import QCoreApplication; app = QCoreApplication([]);"
            "from dispatch_console.ui.calls.hook import forward_to_running;"
            f"raise SystemExit(0 if forward_to_running('138 1234 5678', 'pbx-9', {name!r}) else 1)"
        )
        proc = subprocess.Popen([sys.executable, "-c", code])
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=10000)
    assert proc.returncode == 0
    event = got.args[0]
    assert (event.kind, event.from_number, event.call_id) == ("offered", "138 1234 5678", "pbx-9")

    # garbage from some other program is ignored and the server keeps listening
    stray = QLocalSocket()
    stray.connectToServer(name)
    assert stray.waitForConnected(1000)
    stray.write(b"hello\n")
    stray.waitForBytesWritten(1000)
    with qtbot.waitSignal(server.call, timeout=5000) as again:
        assert forward_to_running("021 3775 5670", None, name)
    assert again.args[0].from_number == "021 3775 5670"
    assert again.args[0].call_id.startswith("hook-")
    stray.close()
    server.server.close()


def test_with_no_console_running_nothing_is_forwarded() -> None:
    assert not forward_to_running("13812345678", None, f"nobody-{uuid.uuid4().hex[:8]}")


def test_a_second_console_does_not_steal_the_hook() -> None:
    name = f"dispatch-test-{uuid.uuid4().hex[:8]}"
    first = IncomingCallServer(name=name)
    assert first.listen()
    second = IncomingCallServer(name=name)
    assert not second.listen()  # the first console keeps receiving the calls
    first.server.close()


def test_a_tel_link_clicked_elsewhere_is_dialled_by_the_running_console(qtbot: QtBot) -> None:
    """With the MSI's optional tel: handler, a phone number clicked in a browser or an e-mail
    reaches the running console as a number to call, not as a ringing call."""
    assert number_from_tel("tel:+86-138-1234-5678") == "+86-138-1234-5678"
    assert number_from_tel("tel:021%2037755670;ext=8001") == "021 37755670"
    for bad in ("tel:", "tel:;ext=1", "mailto:a@b.c"):
        with pytest.raises(ValueError):
            number_from_tel(bad)
    name = f"dispatch-test-{uuid.uuid4().hex[:8]}"
    server = IncomingCallServer(name=name)
    assert server.listen()
    rang: list[object] = []
    server.call.connect(rang.append)
    with qtbot.waitSignal(server.dial, timeout=5000) as dialled:
        assert forward_to_running("+86-138-1234-5678", None, name, dial=True)
    assert dialled.args == ["+86-138-1234-5678"] and rang == []
    server.server.close()
