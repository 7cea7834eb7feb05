"""What went wrong, in the agent's language.

The services explain errors in English with structured fields (field, reason, current state).
Here the field becomes the form's own label and the reasons the console can meet are translated
by pattern; a reason not listed here still reads correctly in English, with the field translated."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from ..domain.enums import TicketStatus
from ..domain.errors import (
    ClaimedElsewhere,
    ConflictError,
    DatabaseFull,
    DomainError,
    DuplicateError,
    IllegalTransition,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from ..rest.errors import Queued, ServerUnreachable
from .tickets.labels import field_label, status_label


def _status(value: str) -> str:
    if value in ABSENCE_KINDS:
        return ABSENCE_KINDS[value]()
    return status_label(TicketStatus(value)) if value in TicketStatus._value2member_map_ else value


# an absence's kind as the services name it in a reason (domain/schedule/records.py:AbsenceKind)
ABSENCE_KINDS: dict[str, Callable[[], str]] = {
    "leave": lambda: QCoreApplication.translate("errors", "leave"),
    "sickness": lambda: QCoreApplication.translate("errors", "sick leave"),
    "training": lambda: QCoreApplication.translate("errors", "training"),
    "other": lambda: QCoreApplication.translate("errors", "time off"),
}


# (pattern of the English reason, how to say it); groups are passed in order as %1, %2 ...
REASONS: list[tuple[str, Callable[[], str]]] = [
    (  # an appointment window (services/schedule/checks.py)
        r"the window ended at (.+), before now",
        lambda: QCoreApplication.translate("errors", "the window ended at %1, before now"),
    ),
    (
        r"(\d{4}-\d{2}-\d{2}) is a public holiday in (\w+) \((.+)\)",
        lambda: QCoreApplication.translate("errors", "%1 is a public holiday in %2 (%3)"),
    ),
    (
        r"give both the start and the end of the window",
        lambda: QCoreApplication.translate(
            "errors", "give both the start and the end of the window"
        ),
    ),
    (r"is required", lambda: QCoreApplication.translate("errors", "is required")),
    (
        r"is (\d+) characters long; the limit is (\d+)",
        lambda: QCoreApplication.translate("errors", "is %1 characters long; the limit is %2"),
    ),
    (
        r"a phone number is required",
        lambda: QCoreApplication.translate("errors", "enter a phone number"),
    ),
    (
        r"('.*?') is not a phone number.*",
        lambda: QCoreApplication.translate("errors", "%1 is not a phone number"),
    ),
    (
        r"('.*?') is not a valid number for region (\w+).*",
        lambda: QCoreApplication.translate(
            "errors", "%1 is not a valid number in %2; check the digits or add the country code"
        ),
    ),
    (
        r"the asset is not at the chosen site",
        lambda: QCoreApplication.translate("errors", "the asset is not at the chosen site"),
    ),
    (
        r"the site belongs to another customer",
        lambda: QCoreApplication.translate("errors", "the site belongs to another customer"),
    ),
    (
        r"moving a ticket to (\w+) needs a reason",
        lambda: QCoreApplication.translate("errors", "say why (needed for %1)"),
    ),
    (
        r"a ticket that is (\w+) needs a technician",
        lambda: QCoreApplication.translate("errors", "choose a technician first"),
    ),
    (
        r"the ticket is already in that department",
        lambda: QCoreApplication.translate("errors", "the ticket is already in that department"),
    ),
    (
        r"parts are used on site; check in first",
        lambda: QCoreApplication.translate("errors", "parts are used on site; check in first"),
    ),
    (
        r"must be at least (\d+) characters",
        lambda: QCoreApplication.translate("errors", "must be at least %1 characters"),
    ),
    (
        r"ask the customer for a score, 1 to 5",
        lambda: QCoreApplication.translate("errors", "ask the customer for a score, 1 to 5"),
    ),
    (
        r"ask whether it is really fixed",
        lambda: QCoreApplication.translate("errors", "ask whether it is really fixed"),
    ),
    (
        r"say what is still wrong: the ticket goes back to dispatch with it",
        lambda: QCoreApplication.translate(
            "errors", "note what is still wrong: the ticket goes back to dispatch with it"
        ),
    ),
    (
        r"a supervisor gave it to (.+)",
        lambda: QCoreApplication.translate("errors", "a supervisor gave it to %1"),
    ),
    (
        r"it changed while you opened it; open it again",
        lambda: QCoreApplication.translate(
            "errors", "it changed while you opened it; open it again"
        ),
    ),
    (
        r"('.*?') is not an active user",
        lambda: QCoreApplication.translate("errors", "%1 is not an active user"),
    ),
    (
        r"this callback is already (\w+)",
        lambda: QCoreApplication.translate("errors", "this callback is already finished"),
    ),
    (
        r"(\S+) is a landline: texts cannot reach it",
        lambda: QCoreApplication.translate("errors", "%1 is a landline: texts cannot reach it"),
    ),
    (
        r"('.*?') is not an e-mail address",
        lambda: QCoreApplication.translate("errors", "%1 is not an e-mail address"),
    ),
    (  # the leave form's (domain/schedule/records.py): said in the dispatcher's language
        r"an absence must end after it starts",
        lambda: QCoreApplication.translate("errors", "the end must be after the start"),
    ),
    (  # the same leave entered twice (services/schedule/hours.py:_refuse_overlap)
        r"(.+) already has (leave|sickness|training|other) (.+?) \(absence \d+\) overlapping it; "
        r"change or remove that one instead",
        lambda: QCoreApplication.translate(
            "errors", "%1 already has %2 %3 overlapping it; change or remove that one instead"
        ),
    ),
    (  # a job someone has in hand (services/schedule/visits.py:_refuse_taking)
        r"(.+) (?:has accepted|is on the way to) this job \((\S+), (\w+)\); to take it from "
        r"them, confirm the take-over \(take_over=true\)",
        lambda: QCoreApplication.translate(
            "errors", "%1 has %2 in hand (%3); confirm taking it from them on the dispatch board"
        ),
    ),
    (
        r"an absence may last at most a year",
        lambda: QCoreApplication.translate("errors", "it may last at most a year"),
    ),
    (
        r"letters, digits and \. _ @ - only",
        lambda: QCoreApplication.translate("errors", "letters, digits and . _ @ - only"),
    ),
]


def reason_text(reason: str) -> str:
    for pattern, template in REASONS:
        match = re.fullmatch(pattern, reason)
        if match:
            text = template()
            for i, group in enumerate(match.groups(), start=1):
                text = text.replace(f"%{i}", _status(group))
            return text
    return reason


def error_text(exc: Exception) -> str:
    """One sentence for a dialog or the status bar."""
    if isinstance(exc, ValidationError):
        return (
            QCoreApplication.translate("errors", "%1: %2")
            .replace("%1", field_label(exc.field.split(".")[0]))
            .replace("%2", reason_text(exc.reason))
        )
    if isinstance(exc, ConflictError):
        who = ", ".join(exc.changed_by) or QCoreApplication.translate("errors", "someone")
        fields = ", ".join(field_label(f) for f in exc.changed_fields)
        return (
            QCoreApplication.translate("errors", "%1 changed this since you opened it (%2).")
            .replace("%1", who)
            .replace("%2", fields)
        )
    if isinstance(exc, IllegalTransition):
        return (
            QCoreApplication.translate("errors", "A ticket that is %1 cannot become %2.")
            .replace("%1", _status(exc.current))
            .replace("%2", _status(exc.target))
        )
    if isinstance(exc, PermissionDenied):
        return QCoreApplication.translate("errors", "You may not do this: %1").replace(
            "%1", str(exc)
        )
    if isinstance(exc, NotFound):
        return QCoreApplication.translate("errors", "It no longer exists: %1").replace(
            "%1", str(exc)
        )
    if isinstance(exc, ClaimedElsewhere):
        return (
            QCoreApplication.translate("errors", "%1 is working on this callback until %2.")
            .replace("%1", exc.holder)
            .replace("%2", exc.until.astimezone().strftime("%H:%M"))
        )
    if isinstance(exc, DuplicateError):
        return (
            QCoreApplication.translate("errors", "%1: %2 is already in use")
            .replace("%1", field_label(exc.field))
            .replace("%2", str(exc.value))
        )
    if isinstance(exc, Queued):
        return _kept(exc).replace("%1", exc.url)
    if isinstance(exc, ServerUnreachable) and not exc.sent:
        return QCoreApplication.translate(
            "errors", "The server at %1 does not answer; nothing was changed. Try again shortly."
        ).replace("%1", exc.url)
    if isinstance(exc, ServerUnreachable):
        return QCoreApplication.translate(
            "errors", "The server at %1 did not answer in time. If you were saving, it may have "
            "been saved: check before you save again.",
        ).replace("%1", exc.url)  # fmt: skip
    if isinstance(exc, DatabaseFull):
        return _full(exc)
    if isinstance(exc, DomainError):
        return str(exc)
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return QCoreApplication.translate("errors", "The database did not answer: %1").replace(
        "%1", first
    )


def _full(exc: DatabaseFull) -> str:
    if exc.limit == "pool":
        return QCoreApplication.translate(
            "errors", "The database is answering too slowly: all of this console's connections "
            "stayed busy (%1). Try again shortly; if it persists, ask IT to check the database.",
        ).replace("%1", exc.detail)  # fmt: skip
    return QCoreApplication.translate(
        "errors", "The database refused the connection: no connection slot left (%1). Ask IT to "
        "raise max_connections, or to move the team to a dispatch-server or a pooler.",
    ).replace("%1", exc.detail)  # fmt: skip


def _kept(exc: Queued) -> str:
    if exc.because == "signed_out":
        return QCoreApplication.translate(
            "errors", "Your session has ended. This is kept on this PC and will be sent once "
            "you sign in again.",
        )  # fmt: skip
    if exc.because == "server_error":
        return QCoreApplication.translate(
            "errors", "The server at %1 cannot take changes right now. This is kept on this PC "
            "and will be sent when it can.",
        )  # fmt: skip
    return QCoreApplication.translate(
        "errors", "The server at %1 does not answer. This is kept on this PC and will be "
        "sent as soon as the server answers again.",
    )  # fmt: skip
