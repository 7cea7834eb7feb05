"""What a PBX connection says about itself: a state the console acts on, and words for logs.

A status is a `str` (the English line `telephony monitor` prints and logs keep) that carries its
`state`, a `PbxState` value, and the `detail` in the PBX's own words (a banner, a reason). The
console picks its translated words by state and never reads the English line."""

from __future__ import annotations

from enum import StrEnum


class PbxState(StrEnum):
    CONNECTED = "connected"  # logged in, events flowing
    REFUSED = "refused"  # the PBX refused the login (wrong user or secret, an ACL)
    UNREACHABLE = "unreachable"  # no TCP connection
    DISCONNECTED = "disconnected"  # the PBX closed the connection
    SILENT = "silent"  # the connection stayed open but the PBX stopped answering our pings
    DIAL_FAILED = "dial_failed"  # a click-to-dial call could not be placed
    LISTENING = "listening"  # the loopback CTI webhook listens
    CANNOT_LISTEN = "cannot_listen"  # ... or cannot


class Status(str):
    """`Status(PbxState.CONNECTED, "connected to Asterisk Call Manager/7.0.3 as console")`."""

    state: PbxState
    detail: str

    def __new__(cls, state: PbxState, text: str, detail: str = "") -> Status:
        self = super().__new__(cls, text)
        self.state = PbxState(state)
        self.detail = detail
        return self
