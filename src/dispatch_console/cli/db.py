"""`db upgrade` and `db current`: the schema, managed by Alembic. `db purge`: forget what is kept
only for a while (the outcomes of writes, for clients retrying them; idle sign-in counts)."""

from __future__ import annotations

import argparse
from datetime import timedelta
from typing import Any

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from ..ports import Actor
from ..services import Services
from ..services.tokens import KEEP_OUTCOMES
from ..storage.store import SqlStore, alembic_config
from .common import CliError, database_url, open_store, require_schema, safe_url


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
    purge = sub.add_parser(
        "purge",
        help="forget idempotency outcomes older than --keep-hours and idle sign-in counts "
        "(the server does it hourly)",
        description="Delete the stored outcomes of writes sent with an Idempotency-Key once "
        "they are older than --keep-hours, and the sign-in throttle's and per-address counts "
        "idle for a day, in batches of a thousand rows, each its own transaction. A running "
        "dispatch-server purges them every hour itself.",
    )
    purge.add_argument(
        "--keep-hours", type=float, default=KEEP_OUTCOMES.total_seconds() / 3600,
        metavar="HOURS", help="keep outcomes this recent (default: %(default)g)",
    )  # fmt: skip
    purge.set_defaults(handler=purge_keys)


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


def purge_keys(args: argparse.Namespace) -> int:
    if not args.keep_hours > 0:
        raise CliError("--keep-hours: a number of hours above 0", 2)
    store = open_store(args)
    try:
        require_schema(store)
        services = Services(store.unit_of_work, store.feed, Actor("dispatch-admin", "admin"))
        purged = services.purge_request_keys(timedelta(hours=args.keep_hours))
        idle = services.purge_throttles()
    finally:
        store.close()
    print(f"{purged} idempotency outcome(s) older than {args.keep_hours:g} h purged")
    print(f"{idle} sign-in and address count(s) idle for a day purged")
    return 0
