"""The errors the domain and the services raise: each says what is wrong and what to do."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any


class DomainError(Exception):
    """Base class of every error a use case reports to its caller."""

    code = "domain_error"

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": str(self)}


class ValidationError(DomainError):
    """One or more fields hold a value that cannot be accepted."""

    code = "validation_error"

    def __init__(self, field: str, reason: str, *, row: int | None = None) -> None:
        self.field = field
        self.reason = reason
        self.row = row
        where = f"row {row}: " if row is not None else ""
        super().__init__(f"{where}{field}: {reason}")

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "field": self.field, "reason": self.reason, "row": self.row}


class NotFound(DomainError):
    code = "not_found"

    def __init__(self, entity: str, key: object) -> None:
        self.entity = entity
        self.key = key
        super().__init__(f"{entity} {key!s} does not exist")

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "entity": self.entity, "key": str(self.key)}


class DuplicateError(DomainError):
    """A value that must be unique is already taken (a QR token, a username, a serial)."""

    code = "duplicate"

    def __init__(self, field: str, value: object) -> None:
        self.field = field
        self.value = value
        super().__init__(f"{field}: {value!s} is already in use")

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "field": self.field, "value": str(self.value)}


class IllegalTransition(DomainError):
    code = "illegal_transition"

    def __init__(self, current: str, target: str, allowed: Sequence[str]) -> None:
        self.current = current
        self.target = target
        self.allowed = tuple(allowed)
        options = ", ".join(self.allowed) or "none (the ticket is final)"
        super().__init__(
            f"a ticket that is {current} cannot become {target}; allowed next states: {options}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            **super().to_dict(),
            "current": self.current,
            "target": self.target,
            "allowed": list(self.allowed),
        }


class ConflictError(DomainError):
    """A write was based on a version that someone else has changed since."""

    code = "conflict"

    def __init__(
        self,
        entity: str,
        entity_id: object,
        expected_version: int,
        current_version: int,
        changed_fields: Sequence[str] = (),
        changed_by: Sequence[str] = (),
        current: Mapping[str, Any] | None = None,
    ) -> None:
        self.entity = entity
        self.entity_id = entity_id
        self.expected_version = expected_version
        self.current_version = current_version
        self.changed_fields = tuple(changed_fields)
        self.changed_by = tuple(changed_by)
        self.current = dict(current or {})
        what = ", ".join(self.changed_fields) or "unknown fields"
        who = f" by {', '.join(self.changed_by)}" if self.changed_by else ""
        super().__init__(
            f"{entity} {entity_id} was changed{who} since you opened it "
            f"(your version {expected_version}, now {current_version}; changed: {what}). "
            "Reload it and apply your change again."
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            **super().to_dict(),
            "entity": self.entity,
            "entity_id": self.entity_id,
            "expected_version": self.expected_version,
            "current_version": self.current_version,
            "changed_fields": list(self.changed_fields),
            "changed_by": list(self.changed_by),
            "current": self.current,  # the record as it is now, to merge with
        }


class PermissionDenied(DomainError):
    code = "permission_denied"


class TooManyAttempts(PermissionDenied):
    """Sign-in attempts (or other requests) too fast: wait, then try again. `retry_after`:
    seconds until a try is taken again, when known (HTTP's Retry-After)."""

    code = "too_many_attempts"

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        self.retry_after = retry_after
        super().__init__(message)

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "retry_after": self.retry_after}


class InProgress(DomainError):
    """The same request (same Idempotency-Key) is being done right now: ask again shortly."""

    code = "in_progress"


class NotSignedIn(PermissionDenied):
    """No token, or one that is unknown, expired or revoked: sign in (again)."""

    code = "not_signed_in"


class ClaimedElsewhere(DomainError):
    """Another agent is working on this callback; their claim runs out at `until`."""

    code = "claimed"

    def __init__(self, holder: str, until: datetime) -> None:
        self.holder = holder
        self.until = until
        super().__init__(
            f"{holder} is working on this callback (until {until:%H:%M} UTC); take another one"
        )

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "holder": self.holder, "until": self.until.isoformat()}


class DatabaseFull(Exception):
    """The database refused a connection because its slots are all taken (`max_connections`, a
    role's or database's CONNECTION LIMIT), or this program's own pool stayed busy too long.

    Not a DomainError: nothing the user entered is wrong; what helps is more connection slots
    or fewer holders (the team on a dispatch-server, or a pooler). `limit` is "server", "role",
    "database" or "pool"; `detail` is the database's own words (or the pool's figures)."""

    def __init__(self, limit: str, detail: str) -> None:
        self.limit = limit
        self.detail = detail
        if limit == "pool":
            advice = (
                "the database is answering slowly or a query is stuck; try again shortly, "
                "and ask IT to check the database server if it keeps happening"
            )
            what = "all of this program's database connections stayed busy"
        else:
            advice = (
                "ask IT to raise the database's max_connections (or the role's CONNECTION "
                "LIMIT), or put the team on a dispatch-server or a connection pooler "
                "(docs/postgresql.md)"
            )
            what = "the database refused a new connection: all its connection slots are in use"
        super().__init__(f"{what} ({detail}); {advice}")
