"""Handing a normalised call event to the call-recording use case: the one place that spells out
its arguments, for the server's PBX connection, the admin tool's monitor and the CTI webhook."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from ..domain.call_events import CallEvent


class RecordsCalls(Protocol):
    def record_call_event(
        self, kind: str, call_id: str, at: datetime, *, direction: Any = ...,
        from_number: str = ..., to_number: str = ..., agent_extension: str | None = ...,
        cause: str | None = ...,
    ) -> Any: ...  # fmt: skip


def record(backend: RecordsCalls, event: CallEvent) -> None:
    backend.record_call_event(
        event.kind, event.call_id, event.at, direction=event.direction,
        from_number=event.from_number, to_number=event.to_number,
        agent_extension=event.extension, cause=event.cause,
    )  # fmt: skip
