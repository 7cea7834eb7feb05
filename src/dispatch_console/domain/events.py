"""The event log: the audit trail and the change feed consoles follow."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    at: datetime
    actor: str
    entity: str
    entity_id: str
    kind: str
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class NewEvent:
    """An event a use case records; the store gives it its sequence id and time."""

    entity: str
    entity_id: str
    kind: str
    payload: dict[str, Any]


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for every field whose value differs; the payload of an update event."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def changed_ticket_ids(entities: Iterable[tuple[str, str]]) -> list[int]:
    """The ids of the tickets among (entity, entity_id) pairs, each once, in order."""
    seen: dict[int, None] = {}
    for entity, entity_id in entities:
        if entity == "ticket" and entity_id.isdigit():
            seen.setdefault(int(entity_id), None)
    return list(seen)
