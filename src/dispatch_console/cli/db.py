"""`db upgrade` and `db current`: the schema, managed by Alembic."""

from __future__ import annotations

import argparse
from typing import Any

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from ..storage.store import SqlStore, alembic_config
from .common import database_url, open_store, safe_url


def current_revision(store: SqlStore) -> str | None:
    with store.engine.connect().execution_options(sqlite_begin="DEFERRED") as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def register(commands: Any) -> None:
    db = commands.add_parser("db", help="create, migrate or inspect the database schema")
    sub = db.add_subparsers(dest="db_command", metavar="COMMAND", required=True)
    up = sub.add_parser(
        "upgrade",
        help="create the schema or migrate it to the newest revision (safe to repeat)",
        description="Create the schema in an empty database, or migrate an existing one to the "
        "newest revision. Running it on an up-to-date database changes nothing.",
    )
    up.set_defaults(handler=upgrade)
    cur = sub.add_parser(
        "current",
        help="print the schema revision of the database",
        description="Print the database's schema revision and whether it is the newest. "
        "Exit status 1 when the database has no schema yet.",
    )
    cur.set_defaults(handler=current)


def upgrade(args: argparse.Namespace) -> int:
    store = open_store(args, create=True)
    try:
        before = current_revision(store)
        store.upgrade()
        after = current_revision(store)
    finally:
        store.close()
    where = safe_url(database_url(args))
    if before == after:
        print(f"{where}: already at revision {after} (head)")
    else:
        print(f"{where}: upgraded from {before or 'an empty database'} to {after} (head)")
    return 0


def current(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        revision = current_revision(store)
    finally:
        store.close()
    head = head_revision()
    if revision is None:
        print(f"none (no schema; newest is {head}: run `dispatch-admin db upgrade`)")
        return 1
    print(f"{revision} (head)" if revision == head else f"{revision} (newest is {head})")
    return 0
