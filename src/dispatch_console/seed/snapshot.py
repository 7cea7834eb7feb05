"""The demo from a shipped snapshot, moved to the present: seconds instead of half a minute.

`scripts/build_demo_snapshot.py` runs the seeder (`seed_demo`, every record through the use
cases) once at a fixed anchor and ships the SQLite file, gzipped, as package data. A first start
unpacks it, brings its schema up to date with the migrations (a snapshot older than the program
still works), and moves every instant by the time between the snapshot's anchor and now: the
tickets that came in ten minutes before the snapshot came in ten minutes ago. Instants inside
JSON (the event log's changes) move too; calendar dates move by whole days.

A SQLite target is the unpacked file itself, shifted in place; any other database gets the rows
copied over with Core inserts (`bench/demo_seed.py` has the figures)."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Connection,
    Date,
    DateTime,
    Table,
    delete,
    insert,
    select,
    text,
)

from ..storage.schema import Base, UTCDateTime
from ..storage.store import SqlStore
from .planning import SHANGHAI

SNAPSHOT_DIR = Path(__file__).resolve().parents[1] / "resources" / "demo"
SNAPSHOT = SNAPSHOT_DIR / "demo.sqlite3.gz"
SNAPSHOT_INFO = SNAPSHOT_DIR / "demo.json"
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_ISO_IN_TEXT = re.compile(r'"(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}[^"]*)"')
_SHORT = re.compile(r"(?<![\d-])(\d{2})-(\d{2}) (\d{2}):(\d{2})(?!\d)")
MESSAGES = {"notifications": ("subject", "body")}  # text that says when, as customers read it
_CHUNK = 2000


@dataclass(frozen=True, slots=True)
class Restored:
    anchor: datetime
    shifted_by: timedelta
    rows: int
    seconds: float


def snapshot_anchor(info: Path = SNAPSHOT_INFO) -> datetime:
    return datetime.fromisoformat(json.loads(info.read_text("utf-8"))["anchor"]).astimezone(UTC)


def restore_demo(
    url: str,
    now: datetime | None = None,
    *,
    snapshot: Path = SNAPSHOT,
    info: Path = SNAPSHOT_INFO,
) -> Restored:
    """Put the demo into `url` (a new SQLite file, or an empty database elsewhere) as of `now`."""
    started = time.perf_counter()
    anchor = snapshot_anchor(info)
    moment = (now or datetime.now(UTC)).replace(microsecond=0)
    shift = Shift(moment - anchor, _days_between(anchor, moment), anchor)
    with tempfile.TemporaryDirectory(prefix="dispatch-demo-") as tmp:
        unpacked = Path(tmp) / "demo.sqlite3"
        with gzip.open(snapshot, "rb") as packed, unpacked.open("wb") as out:
            shutil.copyfileobj(packed, out)
        source = SqlStore(f"sqlite:///{unpacked}")
        try:
            source.upgrade()  # no-op when the snapshot is as new as the program
            target_file = _sqlite_file(url)
            if target_file is not None:
                with source.engine.begin() as conn:
                    rows = _shift_in_place(conn, shift)
                source.close()
                if target_file.exists():
                    raise FileExistsError(f"{target_file} exists; the demo goes into a new file")
                target_file.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(unpacked, target_file)
            else:
                rows = _copy_into(source, url, shift)
        finally:
            source.close()
    return Restored(anchor, shift.delta, rows, time.perf_counter() - started)


@dataclass(frozen=True, slots=True)
class Shift:
    delta: timedelta
    days: int
    anchor: datetime

    def value(self, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, datetime):
            return value + self.delta
        if isinstance(value, date):
            return value + timedelta(days=self.days)
        return self.json(value)

    def json_text(self, text: str | None) -> str | None:
        """The same for JSON as stored: each quoted ISO instant in the text, moved."""
        if text is None:
            return text
        moved = _ISO_IN_TEXT.sub(lambda m: '"' + str(self.json(m.group(1))) + '"', text)
        return self.message(moved)

    def message(self, text: str | None) -> str | None:
        """Times as the customers' messages write them ("12-07 15:51", Shanghai time)."""
        if not text or not _SHORT.search(text):
            return text
        local = self.anchor.astimezone(SHANGHAI)

        def moved(m: re.Match[str]) -> str:
            month, day, hour, minute = (int(g) for g in m.groups())
            try:
                at = local.replace(month=month, day=day, hour=hour, minute=minute, second=0)
            except ValueError:
                return m.group(0)
            if at - local > timedelta(days=180):  # December's anchor, January's date
                at = at.replace(year=at.year - 1)
            elif local - at > timedelta(days=180):
                at = at.replace(year=at.year + 1)
            return (at + self.delta).strftime("%m-%d %H:%M")

        return _SHORT.sub(moved, text)

    def json(self, value: Any) -> Any:
        """Instants written as ISO text anywhere inside a JSON value."""
        if isinstance(value, str) and not _ISO.match(value):
            return self.message(value)
        if isinstance(value, str):
            try:
                at = datetime.fromisoformat(value)
            except ValueError:
                return value
            moved = (at + self.delta).isoformat(sep=value[10])
            return moved
        if isinstance(value, list):
            return [self.json(v) for v in value]
        if isinstance(value, dict):
            return {k: self.json(v) for k, v in value.items()}
        return value


def _days_between(anchor: datetime, now: datetime) -> int:
    return (now.astimezone(SHANGHAI).date() - anchor.astimezone(SHANGHAI).date()).days


def _timed_columns(table: Table) -> list[str]:
    return [
        c.name
        for c in table.columns
        if isinstance(c.type, UTCDateTime | DateTime | Date | JSON) and not c.primary_key
    ]


def _shift_in_place(conn: Connection, shift: Shift) -> int:
    """SQLite: one UPDATE per column, the arithmetic done by SQLite (instants are stored as
    'YYYY-MM-DD HH:MM:SS.ffffff'; the shift is whole seconds, so the fraction stays), JSON
    through a function that moves the ISO instants in the text. A round trip of every row
    through Python took several times as long (docs/performance.md)."""
    raw = conn.connection.driver_connection
    assert raw is not None
    raw.create_function("dc_shift_json", 1, shift.json_text, deterministic=True)
    seconds, days = int(shift.delta.total_seconds()), shift.days
    raw.create_function("dc_shift_message", 1, shift.message, deterministic=True)
    changed = 0
    for table_name, columns in MESSAGES.items():
        for name in columns:
            conn.exec_driver_sql(
                f'UPDATE "{table_name}" SET "{name}" = dc_shift_message("{name}") '
                f"WHERE \"{name}\" GLOB '*[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]*'"
            )
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if column.primary_key:
                continue
            name = f'"{column.name}"'
            if isinstance(column.type, UTCDateTime | DateTime):
                moved = f"strftime('%Y-%m-%d %H:%M:%S', {name}, '{seconds:+d} seconds')"
                value = f"{moved} || substr({name}, 20)"
            elif isinstance(column.type, Date):
                value = f"date({name}, '{days:+d} days')"
            elif isinstance(column.type, JSON):
                value = f"dc_shift_json({name})"
            else:
                continue
            done = conn.exec_driver_sql(
                f'UPDATE "{table.name}" SET {name} = {value} WHERE {name} IS NOT NULL'
            )
            changed += done.rowcount
    return changed


def _copy_into(source: SqlStore, url: str, shift: Shift) -> int:
    """Every table's rows, shifted, into a database that has no tickets yet."""
    target = SqlStore(url)
    rows = 0
    try:
        target.upgrade()
        tables = Base.metadata.sorted_tables
        with source.engine.connect() as src, target.engine.begin() as dst:
            for table in reversed(tables):  # what the migrations put there (default rules)
                dst.execute(delete(table))
            for table in tables:
                timed = set(_timed_columns(table))
                texts = set(MESSAGES.get(table.name, ()))
                found = src.execute(select(table)).mappings().all()
                batch = [
                    {
                        k: (shift.value(v) if k in timed else shift.message(v) if k in texts else v)
                        for k, v in row.items()
                    }
                    for row in found
                ]
                for i in range(0, len(batch), _CHUNK):
                    dst.execute(insert(table), batch[i : i + _CHUNK])
                rows += len(batch)
            if dst.dialect.name == "postgresql":
                _reset_sequences(dst)
    finally:
        target.close()
    return rows


def _reset_sequences(conn: Connection) -> None:
    """Rows came with their ids: the next id each table hands out follows the largest."""
    for table in Base.metadata.sorted_tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or keys[0].autoincrement is False:
            continue
        seq = conn.execute(
            text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": keys[0].name}
        ).scalar()
        if seq:
            conn.execute(
                text(f"SELECT setval(:s, COALESCE((SELECT MAX({keys[0].name}) FROM "
                     f"{table.name}), 0) + 1, false)"),
                {"s": seq},
            )  # fmt: skip


def _sqlite_file(url: str) -> Path | None:
    if not url.startswith("sqlite:///"):
        return None
    return Path(url.removeprefix("sqlite:///"))
