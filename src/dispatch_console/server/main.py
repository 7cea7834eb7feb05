"""`dispatch-server --database URL [--host H] [--port P]`: the REST API for consoles, phones,
the PBX and GPS devices, on SQLite for one site or PostgreSQL for a team."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..domain.call_events import CallEvent
from ..domain.errors import DomainError
from ..notify.settings import add_arguments as add_notify_arguments
from ..notify.settings import from_args as notify_settings
from ..notify.worker import start_worker
from ..ports import Actor
from ..services import Services
from ..storage.engine import DATABASE_ENV, default_database_url
from ..storage.reset import wipe_all
from ..storage.store import SqlStore
from ..telephony.dial_plan import add_arguments as add_dial_plan_arguments
from ..telephony.dial_plan import from_args as dial_plan_from
from ..telephony.sources import PbxSource, pbx_secret, source_for
from ..watch.sla import add_arguments as add_sla_arguments
from ..watch.sla import policy_from, start_watch
from .app import create_app
from .chat import ChatConfig
from .logmask import install as install_log_masking
from .testing import TestHooks
from .web.pages import WebConfig

log = logging.getLogger("dispatch.server")
# Chatwoot webhook secret(s), comma-separated while rotating: deliveries must be signed with one
CHATWOOT_SECRET_ENV = "DISPATCH_CHATWOOT_SECRET"


class SettableClock:
    """The test suite's clock: it moves only when the suite says so."""

    def __init__(self, at: datetime | None = None) -> None:
        self.at = at or datetime.now(UTC)

    def now(self) -> datetime:
        return self.at


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dispatch-server", description=__doc__)
    parser.add_argument("--database", help=f"database URL (default: ${DATABASE_ENV}, else ours)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8470)
    parser.add_argument("--upgrade", action="store_true", help="bring the schema up to date")
    parser.add_argument(
        "--pbx", metavar="URL",
        help="hold the PBX connection here: ami://user@host:5038 or esl://@host:8021, the secret "
        "in $DISPATCH_PBX_SECRET or --pbx-secret-file",
    )  # fmt: skip
    parser.add_argument(
        "--pbx-secret-file", metavar="FILE",
        help="the manager secret or ESL password (kept out of the command line: process lists "
        "show it)",
    )  # fmt: skip
    add_dial_plan_arguments(parser)
    parser.add_argument("--desk-name", default="", help="the desk's name on customers' pages")
    parser.add_argument("--desk-phone", default="", help="the hotline customers' pages show")
    parser.add_argument(
        "--timezone", default="Asia/Shanghai", help="the time zone customers' pages show times in"
    )
    parser.add_argument(
        "--forwarded-allow-ips", default="127.0.0.1", metavar="ADDRESSES",
        help="the reverse proxies (comma-separated addresses) whose X-Forwarded-For is the "
        "client's address; rate limits count per client address",
    )  # fmt: skip
    add_notify_arguments(parser)
    add_sla_arguments(parser)
    parser.add_argument("--test-mode", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        web = WebConfig(args.desk_name, args.desk_phone, args.timezone)
        ZoneInfo(web.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        print(f"--timezone: {args.timezone!r} is not a time zone such as Asia/Shanghai",
              file=sys.stderr)  # fmt: skip
        return 2
    try:
        policy = policy_from(args)
        notify = notify_settings(args)
        plan = dial_plan_from(args)
    except (DomainError, ValueError) as exc:  # ValueError: the SMS template or secret file
        print(exc, file=sys.stderr)
        return 2
    pbx_source = None
    if args.pbx:
        try:
            pbx_source = source_for(args.pbx, pbx_secret(args.pbx, args.pbx_secret_file))
        except ValueError as exc:
            print(f"--pbx: {exc}", file=sys.stderr)
            return 2
    import uvicorn

    install_log_masking()

    url = args.database or default_database_url()
    clock = SettableClock() if args.test_mode else None
    store = SqlStore(url, clock=clock.now) if clock else SqlStore(url)
    if args.upgrade or args.test_mode:
        store.upgrade()
    elif store.needs_upgrade():
        print("the database schema is out of date: run with --upgrade (or dispatch-admin db "
              "upgrade) first", file=sys.stderr)  # fmt: skip
        return 2
    services = Services(
        store.unit_of_work, store.feed, Actor("server", "admin"), clock=clock, dial_plan=plan
    )
    hooks = None
    if clock is not None:

        def set_clock(at: datetime) -> None:
            clock.at = at

        hooks = TestHooks(lambda: wipe_all(store.engine), set_clock)
    # secrets come from the environment, never the command line (which others can list)
    secrets = os.environ.get(CHATWOOT_SECRET_ENV, "").split(",")
    chat = ChatConfig([s.strip() for s in secrets if s.strip()])
    app = create_app(services, test_hooks=hooks, web=web, chat=chat)
    pbx = follow_pbx(pbx_source, services) if pbx_source is not None else None
    notifier = start_worker(services, notify)
    # the test suite moves the clock itself and asks for scans: no scan of its own there
    sla = start_watch(services, policy, 0.0 if args.test_mode else args.sla_every)
    # open event sockets would hold a stop for ever: they reconnect to another instance anyway
    uvicorn.run(
        app, host=args.host, port=args.port, log_level="warning", access_log=False,
        timeout_graceful_shutdown=3, proxy_headers=True,
        forwarded_allow_ips=args.forwarded_allow_ips,
    )  # fmt: skip
    for stop in (pbx, notifier, sla):
        if stop is not None:
            stop.set()
    store.close()
    return 0


def follow_pbx(source: PbxSource, services: Services) -> threading.Event:
    """The server's own AMI or ESL connection: every call it hears is recorded, and consoles
    pop their own from the event log. Returns the event that stops it."""
    from ..telephony.calllog import record

    stop = threading.Event()
    pbx = services.as_actor(Actor("pbx", "pbx"))

    def on_event(event: CallEvent) -> None:
        try:
            record(pbx, event)
        except DomainError as exc:
            log.warning("PBX event not recorded: %s", exc)

    thread = threading.Thread(
        target=source.run, args=(on_event, stop, lambda text: log.warning("PBX: %s", text)),
        name="pbx", daemon=True,
    )  # fmt: skip
    thread.start()
    return stop


if __name__ == "__main__":
    raise SystemExit(main())
