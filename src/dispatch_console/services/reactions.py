"""Cross-feature reactions: what must happen because of a change (tell the customer, dispatch
the new ticket, alert the staff, keep the SLA scan's memory true), run as handlers of the
change's events inside its transaction, just before it commits.

A use case records its events as usual; the unit of work it opened (`ReactingUnitOfWork`)
keeps them and, when the use case commits, hands each to the handlers registered for it,
oldest first. Events a handler records react in turn. A handler that fails fails the use case:
nothing of it is committed, the error is logged here and raised to the caller. Handlers are
registered explicitly, in one place (services/wiring.py), never discovered.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar, cast

from ..domain.errors import DomainError
from ..domain.events import NewEvent
from ..ports import UnitOfWork, UnitOfWorkFactory

if TYPE_CHECKING:
    from . import Services

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Recorded:
    """An event as its handlers see it: appended, not yet committed."""

    id: int
    actor: str
    entity: str
    entity_id: str
    kind: str
    payload: dict[str, Any]


# `app`: every use case, acting for whoever made the change, in the change's transaction
Handler = Callable[["Services", UnitOfWork, Recorded], None]


class Reactions:
    """Which handlers react to which events: (entity, kind) -> handlers, in registration order."""

    def __init__(self) -> None:
        self._handlers: dict[tuple[str, str], list[Handler]] = {}

    def on(self, entity: str, kinds: Iterable[str], handler: Handler) -> None:
        for kind in kinds:
            self._handlers.setdefault((entity, kind), []).append(handler)

    def handlers(self, event: Recorded) -> Sequence[Handler]:
        return self._handlers.get((event.entity, event.kind), ())

    def run(self, app: Services, uow: UnitOfWork, event: Recorded) -> None:
        for handler in self.handlers(event):
            try:
                handler(app, uow, event)
            except DomainError as exc:
                log.warning(
                    "%s refused %s %s %s (%s): nothing of the change is kept",
                    _name(handler), event.entity, event.entity_id, event.kind, exc,
                )  # fmt: skip
                raise
            except Exception:
                log.exception(
                    "%s failed on %s %s %s: nothing of the change is kept",
                    _name(handler), event.entity, event.entity_id, event.kind,
                )  # fmt: skip
                raise


def _name(handler: Handler) -> str:
    return getattr(handler, "__qualname__", repr(handler))


class ReactingUnitOfWork:
    """A unit of work that keeps the events appended to it and lets their handlers run just
    before it commits. Everything else is the store's unit of work, unchanged."""

    def __init__(self, inner: UnitOfWork, react: Callable[[UnitOfWork, Recorded], None]) -> None:
        self._inner = inner
        self._react = react
        self._pending: list[Recorded] = []
        self._memo: dict[str, Any] = {}  # reads the reactions to one change share

    def __enter__(self) -> ReactingUnitOfWork:
        self._inner.__enter__()
        self._pending.clear()
        self._memo.clear()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._pending.clear()  # not committed: nothing to react to
        self._memo.clear()
        self._inner.__exit__(exc_type, exc, tb)

    def append_event(self, actor: str, event: NewEvent) -> int:
        event_id = self._inner.append_event(actor, event)
        self._keep(event_id, actor, event)
        return event_id

    def append_events(self, actor: str, events: Sequence[NewEvent]) -> list[int]:
        ids = self._inner.append_events(actor, events)
        for event_id, event in zip(ids, events, strict=True):
            self._keep(event_id, actor, event)
        return ids

    def _keep(self, event_id: int, actor: str, event: NewEvent) -> None:
        self._pending.append(
            Recorded(event_id, actor, event.entity, event.entity_id, event.kind, event.payload)
        )

    def commit(self) -> None:
        done = 0
        while done < len(self._pending):  # what a handler records reacts too
            event = self._pending[done]
            done += 1
            self._react(self.as_unit_of_work(), event)
        self._pending.clear()
        self._memo.clear()
        self._inner.commit()

    def as_unit_of_work(self) -> UnitOfWork:
        return cast(UnitOfWork, self)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def shared_read(uow: UnitOfWork, key: str, read: Callable[[], T]) -> T:
    """A read the reactions to one change may share, made once in its transaction: the SLA
    scan commits ~100 escalation steps at a time, and each step's staff alert asked for the
    active supervisors again (3,600 reads a scan where one per batch did). Outside a reacting
    unit of work, simply `read()`."""
    if not isinstance(uow, ReactingUnitOfWork):
        return read()
    if key not in uow._memo:
        uow._memo[key] = read()
    return cast(T, uow._memo[key])


def reacting(
    factory: UnitOfWorkFactory, react: Callable[[UnitOfWork, Recorded], None]
) -> UnitOfWorkFactory:
    """`factory`'s units of work, each letting `react` see its events before it commits."""

    def open_unit(*, read_only: bool = False) -> UnitOfWork:
        inner = factory(read_only=read_only)
        if read_only:  # records nothing: the store's own, at no cost
            return inner
        return ReactingUnitOfWork(inner, react).as_unit_of_work()

    return open_unit
