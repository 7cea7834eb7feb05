"""`backup`: a consistent copy of the database, taken while consoles keep working."""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL, make_url

from ..storage import schema as s
from .common import CliError, count, database_url, open_store, require_schema


def register(commands: Any) -> None:
    p = commands.add_parser(
        "backup",
        help="copy the database to a file while it is in use",
        description="SQLite: an online, consistent copy through SQLite's backup API (consoles "
        "may keep working meanwhile); the copy is a single self-contained file. PostgreSQL: "
        "pg_dump in its custom format (restore with pg_restore); pg_dump must be on PATH.",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="default: dispatch-backup-<time>.*")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    p.set_defaults(handler=backup)


def backup(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        require_schema(store)
        dialect = store.dialect
        tickets = count(store, s.TicketRowORM)
    finally:
        store.close()
    url = make_url(database_url(args))
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    suffix = ".sqlite3" if dialect == "sqlite" else ".dump"
    target = Path(args.output or f"dispatch-backup-{stamp}{suffix}")
    if target.exists() and not args.force:
        raise CliError(f"{target} exists; choose another -o FILE or add --force")
    if dialect == "sqlite":
        _sqlite_backup(Path(url.database or ""), target)
    else:
        _pg_dump(url, target)
    size = target.stat().st_size
    print(f"backed up {tickets} tickets to {target} ({size / 1048576:.1f} MB)")
    return 0


def _sqlite_backup(source: Path, target: Path) -> None:
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)  # one step: a snapshot as of one moment, whatever writers do
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal
            check = dst.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            dst.close()
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise CliError(f"backup of {source} failed: {exc}") from None
    finally:
        src.close()
    if check != "ok":
        partial.unlink(missing_ok=True)
        raise CliError(f"the copy failed its integrity check: {check}")
    os.replace(partial, target)


def _pg_dump(url: URL, target: Path) -> None:
    exe = shutil.which("pg_dump")
    if exe is None:
        raise CliError(
            "pg_dump was not found on PATH; install the PostgreSQL client tools of the "
            "server's version (e.g. apt install postgresql-client) or back up on the server"
        )
    env = dict(os.environ)
    if url.password:  # through the environment, never on a command line others can read
        env["PGPASSWORD"] = str(url.password)
    dsn = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    partial = target.with_name(target.name + ".partial")
    cmd = [exe, "--format=custom", "--no-owner", f"--file={partial}", f"--dbname={dsn}"]
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        lines = (result.stderr or "").strip().splitlines()
        raise CliError(f"pg_dump failed: {lines[-1] if lines else f'exit {result.returncode}'}")
    os.replace(partial, target)
