"""What every use case shares: the unit-of-work factory, the acting user, the clock, validation."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from ..domain.errors import PermissionDenied, ValidationError
from ..domain.events import NewEvent
from ..domain.phones import DialPlan, pbx_number
from ..domain.storable import text_problem
from ..ports import Actor, ChangeFeed, Clock, UnitOfWork, UnitOfWorkFactory
from .reactions import Reactions, Recorded, reacting

if TYPE_CHECKING:
    from . import Services

T = TypeVar("T")


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class ServiceBase:
    """Holds the dependencies; the use-case mixins add the behaviour."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        feed: ChangeFeed,
        actor: Actor,
        *,
        clock: Clock | None = None,
        region: str = "CN",
        shared: dict[str, Any] | None = None,
        dial_plan: DialPlan | None = None,
        reactions: Reactions | None = None,
    ) -> None:
        from .wiring import standard_reactions  # the handlers import the use cases

        self._store_uow = uow
        self._reactions = reactions if reactions is not None else standard_reactions()
        # every unit of work a use case opens lets the reactions run before it commits
        self._uow = reacting(uow, self._react)
        self._feed = feed
        self.actor = actor
        self._clock: Clock = clock or SystemClock()
        self.region = region
        # how the desk's PBX writes numbers (area code, trunk prefixes): caller IDs and look-ups
        self.dial_plan = dial_plan or DialPlan()
        # what every copy acting for someone else shares: caches of the database's settings
        self._shared: dict[str, Any] = {} if shared is None else shared

    def as_actor(self, actor: Actor) -> Self:
        """The same services acting for someone else (the server builds one per request)."""
        return type(self)(
            self._store_uow, self._feed, actor, clock=self._clock, region=self.region,
            shared=self._shared, dial_plan=self.dial_plan, reactions=self._reactions,
        )  # fmt: skip

    def within(self, uow: UnitOfWork) -> Self:
        """The same services, every use case a savepoint of `uow`'s transaction: one request,
        one commit (what it wrote and the record of its answer together, or nothing)."""
        return type(self)(
            uow.savepoints(), self._feed, self.actor, clock=self._clock, region=self.region,
            shared=self._shared, dial_plan=self.dial_plan, reactions=self._reactions,
        )  # fmt: skip

    def open_unit_of_work(self) -> UnitOfWork:
        """A transaction for `within` (the server's Idempotency-Key handling)."""
        return self._uow()

    def _react(self, uow: UnitOfWork, event: Recorded) -> None:
        self._reactions.run(cast("Services", self), uow, event)

    def _now(self) -> datetime:
        return self._clock.now()

    def now(self) -> datetime:
        """The clock the use cases read (the server compares token expiry against it)."""
        return self._clock.now()

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
        """Append the change's event; its reactions run when the use case commits."""
        return uow.append_event(
            self.actor.name, NewEvent(entity, str(entity_id), kind, _jsonable(payload))
        )

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
