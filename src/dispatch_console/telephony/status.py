"""What a PBX connection says about itself: a state the console can act on, and words for logs.

A status is a `str` (the English line `telephony monitor` prints and logs keep) that also carries
its `state`, so the console picks its own translated words by state, never by matching English."""

from __future__ import annotations

from typing import Literal

State = Literal[
    "connected",  # logged in, events flowing
    "refused",  # the PBX refused the login (wrong user or secret, an ACL)
    "unreachable",  # no TCP connection
    "disconnected",  # the PBX closed the connection
    "silent",  # the connection stayed open but the PBX stopped answering our pings
    "dial_failed",  # a click-to-dial call could not be placed
    "listening",  # the loopback CTI webhook listens
    "cannot_listen",  # ... or cannot
]


class Status(str):
    """`Status("connected", "connected to Asterisk Call Manager/7.0.3 as console")`."""

    state: State
    detail: str

    def __new__(cls, state: State, text: str, detail: str = "") -> Status:
        self = super().__new__(cls, text)
        self.state = state
        self.detail = detail
        return self
