"""What every use case shares: the context (units of work, the acting user, the clock), the
features' common base, validation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from ..domain.desk_zone import DeskZone
from ..domain.errors import PermissionDenied, ValidationError
from ..domain.events import NewEvent
from ..domain.phones import DialPlan, pbx_number
from ..domain.storable import text_problem
from ..ports import Actor, ChangeFeed, Clock, UnitOfWork, UnitOfWorkFactory

T = TypeVar("T")


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Context:
    """What every feature's use cases are built from: units of work (whose reactions run before
    they commit), the change feed, who acts, the clock, how the desk writes numbers, and the
    caches every copy of the services over one database shares."""

    uow: UnitOfWorkFactory
    feed: ChangeFeed
    actor: Actor
    clock: Clock
    region: str
    dial_plan: DialPlan
    shared: dict[str, Any] = field(default_factory=dict)
    # where appointments are judged when a ticket's department has no hours set
    desk: DeskZone = field(default_factory=DeskZone)
    # inside another use case's transaction (Services.within): what it reads may yet be rolled
    # back, so no cache in `shared` may learn from it
    nested: bool = False

    def now(self) -> datetime:
        return self.clock.now()

    def record(
        self, uow: UnitOfWork, entity: str, entity_id: object, kind: str, **payload: Any
    ) -> int:
        """Append the change's event; its reactions run when the use case commits."""
        return uow.append_event(
            self.actor.name, NewEvent(entity, str(entity_id), kind, _jsonable(payload))
        )


class UseCases:
    """A feature's use cases: one class per feature, each built from the shared Context."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._uow = ctx.uow
        self._feed = ctx.feed
        self._shared = ctx.shared
        self.actor = ctx.actor
        self.region = ctx.region
        self.dial_plan = ctx.dial_plan
        self.desk = ctx.desk

    def _now(self) -> datetime:
        return self._ctx.clock.now()

    def _pbx_number(self, raw: object) -> str | None:
        """A number as a PBX (or an agent copying it from one) writes it, in E.164; None when it
        is no phone number (an extension, anonymous)."""
        return pbx_number(raw, self.region, self.dial_plan)

    def _load(self, uow: UnitOfWork, kind: type[T], id: int, expected_version: int) -> T:
        """Read a record a user wants to change; a stale version fails before any rule is judged,
        so the user hears "someone changed this" rather than a rule about a state they never saw."""
        obj = uow.get(kind, id)
        if getattr(obj, "version") != expected_version:  # noqa: B009
            uow.update(obj, expected_version)  # raises ConflictError naming what changed
        return obj

    def _record(
        self, uow: UnitOfWork, entity: str, entity_id: object, kind: str, **payload: Any
    ) -> int:
        return self._ctx.record(uow, entity, entity_id, kind, **payload)

    def _require_role(self, *roles: str) -> None:
        if self.actor.role not in roles and self.actor.role != "admin":
            raise PermissionDenied(f"{self.actor.name} ({self.actor.role}) may not do this")


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):  # datetime, date, time
        return value.isoformat()
    return value


def clean_text(value: object, field: str, *, max_len: int, required: bool = True) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise ValidationError(field, "is required")
    if len(text) > max_len:
        raise ValidationError(field, f"is {len(text)} characters long; the limit is {max_len}")
    if (problem := text_problem(text)) is not None:  # both databases refuse it alike
        raise ValidationError(field, problem)
    return text


def check_version(expected_version: object) -> int:
    if isinstance(expected_version, bool) or not isinstance(expected_version, int):
        raise ValidationError("version", "the version the change is based on is required")
    return expected_version
