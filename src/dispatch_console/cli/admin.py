"""`dispatch-admin`: schema, demo and bulk data, users, CSV import and export, backups.

Each command group lives in its own module with a `register(subparsers)` that adds its parser
and sets `handler`. Errors the user can act on end as one line on stderr and a non-zero status.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from ..config.environment import DATABASE_ENV
from ..domain.errors import DatabaseFull, DomainError
from ..runtime import logs
from ..versions import VERSION
from . import (
    backup,
    db,
    export,
    imports,
    notify,
    seed,
    sla,
    technicians,
    telephony,
    tenants,
    users,
)  # fmt: skip
from .common import CliError, database_url, safe_url

log = logging.getLogger(__name__)
PROG = "dispatch-admin"
PROG_LOG = "admin"  # admin.log, beside the console's and the server's
EXIT_DATABASE_FULL = 75  # sysexits EX_TEMPFAIL: the database had no connection slot; try later
EXIT_SOFTWARE = 70  # sysexits: an error of ours, not of the input


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Administer a Dispatch Console database: schema, demo data, users, "
        "imports, exports and backups.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {VERSION}")
    parser.add_argument(
        "--database",
        metavar="URL",
        help=f"sqlite:///path/file.sqlite3 or postgresql://user:pw@host:5432/db (default: "
        f"${DATABASE_ENV}, else the user's own SQLite file)",
    )
    parser.add_argument(
        "--region",
        default="CN",
        metavar="CC",
        help="region of phone numbers written without +country code (default: CN)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    modules = (db, seed, users, technicians, imports, export, backup, telephony, notify, sla,
               tenants)  # fmt: skip
    for module in modules:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error argparse has already explained
        return int(exc.code or 0)
    args.region = str(args.region).upper()
    logs.set_up(PROG_LOG)
    try:
        return int(args.handler(args) or 0)
    except CliError as exc:
        return _fail(str(exc), exc.code)
    except DomainError as exc:
        return _fail(str(exc))
    except DatabaseFull as exc:  # no slot left: worth retrying later, so its own exit status
        return _fail(f"database {safe_url(database_url(args))}: {exc}", EXIT_DATABASE_FULL)
    except DBAPIError as exc:
        # connection refused, authentication failed, database does not exist, locked ...
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        return _fail(f"database {safe_url(database_url(args))}: {detail}")
    except SQLAlchemyError as exc:
        return _fail(f"database error: {str(exc).splitlines()[0]}")
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except BrokenPipeError:  # `dispatch-admin export tickets | head` closed the pipe early
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so that the final flush at exit stays quiet
        return 1
    except Exception:  # a bug: its traceback on stderr and in admin.log, for the report to us
        log.critical("%s %s failed unexpectedly", PROG, args.command, exc_info=True)
        return EXIT_SOFTWARE


def _fail(message: str, code: int = 1) -> int:
    log.info("ended: %s", message)  # the file keeps what stderr said (stderr shows warnings up)
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
