"""Writes a console could not deliver because the server did not answer, kept in a file on this
PC until the server takes them.

Only writes that mean the same whenever they arrive are queued: a comment, a callback's outcome,
a work log entry or a check-in (which carry their own times). Each is stored as the exact HTTP
request with its Idempotency-Key, so a write that did reach the server before the answer was
lost is not done twice when it is sent again. Items leave the file only once the server has
answered: taken, or refused for good (then kept, marked, for the agent to read and copy)."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

QUEUEABLE = frozenset(
    {"add_comment", "record_callback", "record_callback_with_suggestions", "log_work", "check_in"}
)
TEXT_FIELDS = ("body", "comment", "note", "reason")

SCHEMA = """
CREATE TABLE IF NOT EXISTS pending (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    request_key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    verb TEXT NOT NULL,
    path TEXT NOT NULL,
    body TEXT NOT NULL,
    subject_id INTEGER,
    text TEXT NOT NULL,
    written_at TEXT NOT NULL,
    refused TEXT,
    attempts INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS drafts (
    name TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    saved_at TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Pending:
    """One write waiting for the server. `subject_id` is the ticket or callback it is about;
    `text` what the agent typed (what they would want back if it is refused)."""

    key: str
    name: str
    verb: str
    path: str
    body: dict[str, Any]
    subject_id: int | None
    text: str
    written_at: datetime
    refused: str | None = None


@dataclass(frozen=True)
class Flushed:
    sent: int
    refused: int
    waiting: int  # still queued: the server is still away (or asked us to come back later)
    stopped: str | None = None  # why the rest waits: unreachable, signed_out, server_error


class PendingWrites:
    """A SQLite file per server and user (a write is sent as whoever wrote it)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.flushing = threading.Lock()  # one delivery at a time keeps the agent's order
        with self._db() as db:
            db.executescript(SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        # a connection per use: the console writes from pool threads, sqlite3 objects are not
        # to be shared between them, and a second console of the same user may hold the file
        with closing(sqlite3.connect(self.path, timeout=10)) as db, db:
            yield db

    def put(self, key: str, name: str, verb: str, path: str, body: dict[str, Any]) -> Pending:
        item = Pending(
            key, name, verb, path, body, _subject(path),
            next((str(body[f]) for f in TEXT_FIELDS if body.get(f)), ""),
            datetime.now(UTC),
        )  # fmt: skip
        with self._db() as db:
            db.execute(
                "INSERT OR IGNORE INTO pending (request_key, name, verb, path, body, subject_id,"
                " text, written_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (key, name, verb, path, json.dumps(body, ensure_ascii=False), item.subject_id,
                 item.text, item.written_at.isoformat()),
            )  # fmt: skip
        return item

    def items(self) -> list[Pending]:
        """Everything not delivered, oldest first: waiting and refused."""
        with self._db() as db:
            rows = db.execute(
                "SELECT request_key, name, verb, path, body, subject_id, text, written_at,"
                " refused FROM pending ORDER BY seq"
            ).fetchall()
        return [
            Pending(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5], r[6],
                    datetime.fromisoformat(r[7]), r[8])
            for r in rows
        ]  # fmt: skip

    def waiting(self) -> list[Pending]:
        return [p for p in self.items() if p.refused is None]

    def delivered(self, key: str) -> None:
        with self._db() as db:
            db.execute("DELETE FROM pending WHERE request_key = ?", (key,))

    def tried(self, key: str) -> int:
        """Counts one more attempt the server answered without taking it; returns the count."""
        with self._db() as db:
            db.execute("UPDATE pending SET attempts = attempts + 1 WHERE request_key = ?", (key,))
            row = db.execute(
                "SELECT attempts FROM pending WHERE request_key = ?", (key,)
            ).fetchone()
        return int(row[0]) if row else 0

    def refuse(self, key: str, reason: str) -> None:
        with self._db() as db:
            db.execute("UPDATE pending SET refused = ? WHERE request_key = ?", (reason, key))

    def discard(self, key: str) -> None:
        """The agent read a refused item and let it go."""
        self.delivered(key)

    # --- drafts: forms that could not be saved, kept across a restart -----------------------
    def keep_draft(self, name: str, body: dict[str, Any]) -> None:
        with self._db() as db:
            db.execute(
                "INSERT OR REPLACE INTO drafts (name, body, saved_at) VALUES (?, ?, ?)",
                (name, json.dumps(body, ensure_ascii=False), datetime.now(UTC).isoformat()),
            )

    def draft(self, name: str) -> tuple[dict[str, Any], datetime] | None:
        with self._db() as db:
            row = db.execute("SELECT body, saved_at FROM drafts WHERE name = ?", (name,)).fetchone()
        return None if row is None else (json.loads(row[0]), datetime.fromisoformat(row[1]))

    def drop_draft(self, name: str) -> None:
        with self._db() as db:
            db.execute("DELETE FROM drafts WHERE name = ?", (name,))


def _subject(path: str) -> int | None:
    """The id in /tickets/12/comments or /callbacks/7/outcome."""
    for part in path.split("/"):
        if part.isdigit():
            return int(part)
    return None
