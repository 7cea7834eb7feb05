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
    bindparam,
    delete,
    insert,
    select,
    text,
    update,
)

from ..storage.schema import Base, UTCDateTime
from ..storage.store import SqlStore
from .planning import SHANGHAI

SNAPSHOT_DIR = Path(__file__).resolve().parents[1] / "resources" / "demo"
SNAPSHOT = SNAPSHOT_DIR / "demo.sqlite3.gz"
SNAPSHOT_INFO = SNAPSHOT_DIR / "demo.json"
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
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
    shift = Shift(moment - anchor, _days_between(anchor, moment))
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

    def value(self, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, datetime):
            return value + self.delta
        if isinstance(value, date):
            return value + timedelta(days=self.days)
        return self.json(value)

    def json(self, value: Any) -> Any:
        """Instants written as ISO text anywhere inside a JSON value."""
        if isinstance(value, str) and _ISO.match(value):
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
    rows = 0
    for table in Base.metadata.sorted_tables:
        timed = _timed_columns(table)
        keys = list(table.primary_key.columns)
        if not timed or not keys:
            continue
        found = conn.execute(select(*keys, *(table.c[n] for n in timed))).mappings().all()
        if not found:
            continue
        stmt = (
            update(table)
            .where(*(k == bindparam(f"k_{k.name}") for k in keys))
            .values({n: bindparam(f"v_{n}") for n in timed})
        )
        params = [
            {
                **{f"k_{k.name}": row[k.name] for k in keys},
                **{f"v_{n}": shift.value(row[n]) for n in timed},
            }
            for row in found
        ]
        for i in range(0, len(params), _CHUNK):
            conn.execute(stmt, params[i : i + _CHUNK])
        rows += len(params)
    return rows


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
                found = src.execute(select(table)).mappings().all()
                batch = [
                    {k: (shift.value(v) if k in timed else v) for k, v in row.items()}
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
