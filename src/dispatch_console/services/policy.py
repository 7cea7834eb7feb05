"""Who may call each use case: declared on the use case, checked by the composition root on
every call (services/root.py), so the same call is refused the same way on SQLite, PostgreSQL
and through the server, whose transports only say who is calling.

    class FieldUseCases(UseCases):
        @allow(DESK, technician=OWN_JOB)
        def add_comment(self, ticket_id: int, body: str, ...) -> Comment: ...

`allow(*roles, technician=RULE)`: these roles may call it; a technician only under RULE (on
their own job, their own record, their own jobs' search ...), or not at all without one.
`anyone(reason)`: no role needed; the reason says what stands in for one (a sign-in, a link's
token). A use case with neither refuses everyone, and tests/test_policies.py names it.

The check runs before the use case, in a read-only unit of work of its own when a technician's
rule must look at the job. A use case one feature calls inside another (self-service opening a
ticket) is not checked again: the outer use case's policy covered the whole call."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from ..domain.errors import NotFound, PermissionDenied
from ..domain.model import Technician
from ..domain.tickets import Attachment, Ticket
from ..ports import UnitOfWork

if TYPE_CHECKING:
    from . import Services
    from .base import Context

F = TypeVar("F", bound=Callable[..., Any])

DESK = ("agent", "supervisor", "admin")
SUPERVISORS = ("supervisor", "admin")
ADMINS = ("admin",)
NOT_YOURS = "this job is not assigned to you"


class TechnicianRule(Protocol):
    """What a technician may do with a use case, given their technician id and the call's
    arguments (by name; a rule may replace one, to narrow what the call reads)."""

    def check(self, uow: UnitOfWork, mine: int, arguments: dict[str, Any]) -> None: ...


@dataclass(frozen=True, slots=True)
class OwnJob:
    """Only on a job assigned to them (`ticket_id`, or the ticket of `attachment_id`), under their
    own name (`technician_id`, if the use case takes one), and, for `steps`, only those moves. A
    job that does not exist is answered as a colleague's is: ids are not listed."""

    by_attachment: bool = False
    steps: frozenset[tuple[str, str]] | None = None

    def check(self, uow: UnitOfWork, mine: int, arguments: dict[str, Any]) -> None:
        try:
            if self.by_attachment:
                ticket_id = uow.get(Attachment, int(arguments["attachment_id"])).ticket_id
            else:
                ticket_id = int(arguments["ticket_id"])
            ticket = uow.get(Ticket, ticket_id)
        except (NotFound, KeyError, TypeError, ValueError):
            raise PermissionDenied(NOT_YOURS) from None
        if ticket.assignee_id != mine:
            raise PermissionDenied(NOT_YOURS)
        if arguments.get("technician_id") not in (None, mine):
            raise PermissionDenied("a technician works under their own name")
        if self.steps is not None:
            target = arguments.get("target")
            current, to = ticket.status.value, str(getattr(target, "value", target))
            if (current, to) not in self.steps:
                raise PermissionDenied(
                    f"a technician may not move a job from {current} to {to}"
                    + ("; check in on site instead" if to == "on_site" else "; ask the desk")
                )


@dataclass(frozen=True, slots=True)
class OwnRecord:
    """Only on their own technician record (`technician_id`)."""

    def check(self, uow: UnitOfWork, mine: int, arguments: dict[str, Any]) -> None:
        if arguments.get("technician_id") != mine:
            raise PermissionDenied("a technician may only report and change their own status")


@dataclass(frozen=True, slots=True)
class OwnJobsOnly:
    """A search narrowed to their own jobs, whatever it asks for (`query`)."""

    def check(self, uow: UnitOfWork, mine: int, arguments: dict[str, Any]) -> None:
        arguments["query"] = replace(arguments["query"], assignee_id=mine)


@dataclass(frozen=True, slots=True)
class Linked:
    """Any technician linked to a technician record (the parts list the van draws from)."""

    def check(self, uow: UnitOfWork, mine: int, arguments: dict[str, Any]) -> None:
        return None


# the steps of a job that are the technician's to take (from -> to); on site comes only through
# a check-in (with its position and geofence), and cancelling, closing, holding or reopening
# are the desk's
FIELD_STEPS = frozenset({
    ("assigned", "accepted"), ("assigned", "new"), ("accepted", "new"),
    ("accepted", "en_route"), ("en_route", "accepted"),
    ("on_site", "in_progress"), ("on_site", "resolved"), ("in_progress", "resolved"),
})  # fmt: skip
OWN_JOB = OwnJob()
OWN_JOB_STEPS = OwnJob(steps=FIELD_STEPS)
OWN_ATTACHMENT = OwnJob(by_attachment=True)
OWN_RECORD = OwnRecord()
OWN_JOBS_ONLY = OwnJobsOnly()
LINKED = Linked()


@dataclass(frozen=True, slots=True)
class Policy:
    roles: frozenset[str]
    technician: TechnicianRule | None = None
    open_because: str | None = None  # anyone may call it; what stands in for a role

    def apply(
        self, ctx: Context, method: Callable[..., Any], args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> tuple[tuple[Any, ...], dict[str, Any]]:  # fmt: skip
        """The arguments to call `method` with, or PermissionDenied."""
        actor = ctx.actor
        if self.open_because is not None or actor.role in self.roles:
            return args, kwargs
        if actor.role != "technician" or self.technician is None:
            what = method.__name__.replace("_", " ")
            raise PermissionDenied(f"{actor.name} ({actor.role}) may not {what}")
        bound = inspect.signature(method).bind_partial(None, *args, **kwargs)
        with ctx.uow(read_only=True) as uow:
            mine = _technician_of(ctx, uow)
            self.technician.check(uow, mine, bound.arguments)
        return bound.args[1:], bound.kwargs


def _technician_of(ctx: Context, uow: UnitOfWork) -> int:
    """The acting technician's record: the one the sign-in named, else the one linked to their
    user (a console signed in straight to the database knows only the user)."""
    actor = ctx.actor
    if actor.technician_id is not None:
        return actor.technician_id
    if actor.user_id is not None:
        record = uow.find_one(Technician, user_id=actor.user_id)
        if record is not None:
            return record.id
    raise PermissionDenied(f"{actor.name} is not linked to a technician record")


def allow(
    *roles: str | Iterable[str], technician: TechnicianRule | None = None
) -> Callable[[F], F]:
    """Declare who may call the use case below: `roles` (names or groups such as DESK), and a
    technician under `technician`'s rule."""
    names = frozenset(r for group in roles for r in ((group,) if isinstance(group, str) else group))
    return _declare(Policy(names, technician))


def anyone(reason: str) -> Callable[[F], F]:
    """Declare the use case open to every caller; `reason` says why that is safe."""
    return _declare(Policy(frozenset(), open_because=reason))


def _declare(policy: Policy) -> Callable[[F], F]:
    def mark(method: F) -> F:
        method.__policy__ = policy  # type: ignore[attr-defined]
        return method

    return mark


def policy_of(method: Callable[..., Any]) -> Policy | None:
    found = getattr(method, "__policy__", None)
    return found if isinstance(found, Policy) else None


def check(
    ctx: Context, method: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """What the root runs before each use case: its policy's verdict (none declared: refused)."""
    policy = policy_of(method)
    if policy is None:
        raise PermissionDenied(f"{method.__name__} declares no policy: nobody may call it")
    return policy.apply(ctx, method, args, kwargs)


def authorize(services: Services, use_case: str, **arguments: Any) -> None:
    """PermissionDenied unless `services`' actor may call `use_case` with these arguments (those
    given): for a transport that must refuse before it reads a request's body or opens a stream."""
    method = getattr(type(services), use_case).__wrapped__
    check(services.context, method, (), arguments)
