"""The one call-event model every adapter produces: offered, answered, ended."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Kind = Literal["offered", "answered", "ended"]
Direction = Literal["inbound", "outbound"]


@dataclass(frozen=True, slots=True)
class CallEvent:
    kind: Kind
    call_id: str  # correlates every leg of one call (Asterisk Linkedid, FreeSWITCH call UUID)
    at: datetime
    direction: Direction = "inbound"
    from_number: str = ""
    to_number: str = ""
    extension: str | None = None  # the agent's extension that rings or answered
    cause: str | None = None  # why it ended (Q.850 text or the PBX's own words)

    def line(self) -> str:
        """One human line for logs and `telephony monitor`."""
        who = f" ext {self.extension}" if self.extension else ""
        why = f" ({self.cause})" if self.cause else ""
        return (
            f"{self.at.isoformat(timespec='seconds')} {self.kind:8s} {self.call_id} "
            f"{self.direction} {self.from_number} -> {self.to_number}{who}{why}"
        )
