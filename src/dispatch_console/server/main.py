"""`dispatch-server --database URL [--host H] [--port P]`: the REST API for consoles, phones,
the PBX and GPS devices, on SQLite for one site or PostgreSQL for a team."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from ..ports import Actor
from ..services import Services
from ..storage.engine import DATABASE_ENV, default_database_url
from ..storage.reset import wipe_all
from ..storage.store import SqlStore
from .app import create_app
from .testing import TestHooks


class SettableClock:
    """The test suite's clock: it moves only when the suite says so."""

    def __init__(self) -> None:
        self.at = datetime.now(UTC)

    def now(self) -> datetime:
        return self.at


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dispatch-server", description=__doc__)
    parser.add_argument("--database", help=f"database URL (default: ${DATABASE_ENV}, else ours)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8470)
    parser.add_argument("--upgrade", action="store_true", help="bring the schema up to date")
    parser.add_argument("--test-mode", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    import uvicorn

    url = args.database or default_database_url()
    clock = SettableClock() if args.test_mode else None
    store = SqlStore(url, clock=clock.now) if clock else SqlStore(url)
    if args.upgrade or args.test_mode:
        store.upgrade()
    elif store.needs_upgrade():
        print("the database schema is out of date: run with --upgrade (or dispatch-admin db "
              "upgrade) first", file=sys.stderr)  # fmt: skip
        return 2
    services = Services(store.unit_of_work, store.feed, Actor("server", "admin"), clock=clock)
    hooks = None
    if clock is not None:

        def set_clock(at: datetime) -> None:
            clock.at = at

        hooks = TestHooks(lambda: wipe_all(store.engine), set_clock)
    app = create_app(services, test_hooks=hooks)
    # open event sockets would hold a stop for ever: they reconnect to another instance anyway
    uvicorn.run(
        app, host=args.host, port=args.port, log_level="warning", access_log=False,
        timeout_graceful_shutdown=3,
    )  # fmt: skip
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
