"""The upgrade order docs/deploy.md gives (database first, then servers) rests on what a server
does with a schema that is not its own: it refuses to start, and says which way it is out of
step. An old schema is migrated with `db upgrade`; a newer one (the database was upgraded by a
newer version while this server was not) needs this machine upgraded, not the database."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from alembic.script import ScriptDirectory

from dispatch_console.storage.store import SqlStore, alembic_config
from server.processes import free_port


def _start(database: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dispatch_console.server.main", "--database", database,
         "--port", str(free_port())],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def _database(tmp_path: Path, revision: str = "head") -> tuple[Path, str]:
    path = tmp_path / "desk.sqlite3"
    store = SqlStore(f"sqlite:///{path}")
    try:
        store.upgrade(revision)
    finally:
        store.close()
    return path, f"sqlite:///{path}"


def test_a_server_refuses_an_older_schema_and_says_to_migrate_it(tmp_path: Path) -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    head = script.get_revision(script.get_current_head())
    assert head is not None and isinstance(head.down_revision, str)
    _, url = _database(tmp_path, head.down_revision)
    done = _start(url)
    assert done.returncode == 2
    assert "out of date: run with --upgrade (or dispatch-admin db upgrade)" in done.stderr


def test_a_server_refuses_a_newer_schema_and_says_to_upgrade_itself(tmp_path: Path) -> None:
    path, url = _database(tmp_path)
    with closing(sqlite3.connect(path)) as db:  # what a newer version's migration leaves
        db.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
        db.commit()
    done = _start(url)
    assert done.returncode == 2
    assert "(0099_from_the_future) is newer than this dispatch-server" in done.stderr
    assert "install that version here too" in done.stderr
