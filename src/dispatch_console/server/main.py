"""`dispatch-server --database URL [--host H] [--port P]`: the REST API for consoles, phones,
the PBX and GPS devices, on SQLite for one site or PostgreSQL for a team."""

from __future__ import annotations

import argparse
import copy
import json
import logging
import os
import signal
import sys
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import FastAPI
from sqlalchemy.engine import make_url

from ..domain.call_events import CallEvent
from ..domain.errors import DomainError
from ..domain.escalation import EscalationPolicy
from ..domain.phones import DialPlan
from ..notify.settings import NotifySettings
from ..notify.settings import add_arguments as add_notify_arguments
from ..notify.settings import from_args as notify_settings
from ..notify.worker import start_worker
from ..ports import Actor
from ..runtime import logs
from ..runtime.supervise import Supervisor
from ..services import Services
from ..services.tokens import KEEP_OUTCOMES
from ..storage.engine import DATABASE_ENV, default_database_url, normalise_url
from ..storage.leader import LeaderLock
from ..storage.reset import wipe_all
from ..storage.store import SqlStore
from ..telephony.dial_plan import add_arguments as add_dial_plan_arguments
from ..telephony.dial_plan import from_args as dial_plan_from
from ..telephony.sources import PbxSource, pbx_secret, source_for
from ..versions import VERSION
from ..watch.sla import add_arguments as add_sla_arguments
from ..watch.sla import policy_from, start_watch
from .app import STALE_AFTER_S, create_app
from .chat import ChatConfig
from .once import RunOnce, Task
from .testing import TestHooks
from .web.pages import WebConfig

log = logging.getLogger(__name__)
# Chatwoot webhook secret(s), comma-separated while rotating: deliveries must be signed with one
CHATWOOT_SECRET_ENV = "DISPATCH_CHATWOOT_SECRET"
ARGV_ENV = "DISPATCH_SERVER_ARGV"  # the command line, for the worker processes
PURGE_EVERY_S = 3600.0
PARENT_CHECK_S = 1.0
# uvicorn restarts a worker that does not answer its supervisor's ping in time; its default (5 s)
# killed busy workers over and over on a loaded 2-core machine, each restart costing a console
# its event stream
WORKER_HEALTHCHECK_S = 30


class SettableClock:
    """The test suite's clock: it moves only when the suite says so."""

    def __init__(self, at: datetime | None = None) -> None:
        self.at = at or datetime.now(UTC)

    def now(self) -> datetime:
        return self.at


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dispatch-server", description=__doc__)
    parser.add_argument("--database", help=f"database URL (default: ${DATABASE_ENV}, else ours)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8470)
    parser.add_argument("--version", action="version", version=f"%(prog)s {VERSION}")
    parser.add_argument(
        "--log-level", default="warning", choices=("debug", "info", "warning", "error"),
        help="what goes to stderr (default: warning)",
    )  # fmt: skip
    parser.add_argument(
        "--access-log", action=argparse.BooleanOptionalAction, default=False,
        help="one line per request (default: off)",
    )  # fmt: skip
    parser.add_argument(
        "--workers", type=int, metavar="N",
        help="server processes behind the one address (default on PostgreSQL: one per core; "
        "SQLite, and the test mode: 1)",
    )  # fmt: skip
    parser.add_argument("--upgrade", action="store_true", help="bring the schema up to date")
    parser.add_argument(
        "--stale-after", type=float, default=STALE_AFTER_S, metavar="SECONDS",
        help="how long the live events may go without an answer from the database before "
        "/healthz answers 503 (default: %(default)g)",
    )  # fmt: skip
    parser.add_argument(
        "--keep-request-keys", type=float, default=KEEP_OUTCOMES.total_seconds() / 3600,
        metavar="HOURS",
        help="how long a write's outcome is kept for clients retrying it with the same "
        "Idempotency-Key (default: %(default)g)",
    )  # fmt: skip
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
    return parser


@dataclass
class Config:
    """The command line, checked: what every worker process builds its app from."""

    args: argparse.Namespace
    url: str
    web: WebConfig
    policy: EscalationPolicy
    notify: NotifySettings
    plan: DialPlan
    pbx: PbxSource | None
    workers: int


def configure(argv: list[str] | None) -> Config | str:
    """The checked configuration, or what is wrong with the command line."""
    args = build_parser().parse_args(argv)
    try:
        web = WebConfig(args.desk_name, args.desk_phone, args.timezone)
        ZoneInfo(web.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return f"--timezone: {args.timezone!r} is not a time zone such as Asia/Shanghai"
    try:
        policy = policy_from(args)
        notify = notify_settings(args)
        plan = dial_plan_from(args)
    except (DomainError, ValueError) as exc:  # ValueError: the SMS template or secret file
        return str(exc)
    if not args.keep_request_keys > 0:
        return "--keep-request-keys: a number of hours above 0"
    if not args.stale_after > 0:
        return "--stale-after: a number of seconds above 0"
    pbx_source = None
    if args.pbx:
        try:
            pbx_source = source_for(args.pbx, pbx_secret(args.pbx, args.pbx_secret_file))
        except ValueError as exc:
            return f"--pbx: {exc}"
    url = args.database or default_database_url()
    shared = make_url(normalise_url(url)).get_backend_name() == "postgresql"
    workers = args.workers
    if workers is None:
        workers = cores() if shared and not args.test_mode else 1
    elif workers < 1:
        return "--workers: at least 1"
    elif workers > 1 and not shared:
        # SQLite lets one process write at a time: more processes would queue for the file's
        # lock, and the once-only work would have nothing to elect its leader with
        return "--workers: SQLite serves from one process; use PostgreSQL for several workers"
    elif workers > 1 and args.test_mode:  # its clock and test tokens live in the process
        return "--workers: the test mode runs one process"
    return Config(args, url, web, policy, notify, plan, pbx_source, workers)


def cores() -> int:
    """The cores this process may run on (a container's share, not the host's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # Windows, macOS
        return max(1, os.cpu_count() or 1)


def main(argv: list[str] | None = None) -> int:
    config = configure(argv)
    if isinstance(config, str):
        print(config, file=sys.stderr)
        return 2
    args = config.args
    set_up_logging(args.log_level)
    store = SqlStore(config.url)
    try:
        if args.upgrade or args.test_mode:
            store.upgrade()
        elif store.needs_upgrade():
            print("the database schema is out of date: run with --upgrade (or dispatch-admin db "
                  "upgrade) first", file=sys.stderr)  # fmt: skip
            return 2
    finally:
        store.close()
    import uvicorn

    # open event sockets would hold a stop for ever: they reconnect to another instance anyway
    options: dict[str, Any] = dict(
        host=args.host, port=args.port, log_level=None,
        log_config=uvicorn_logging(args.log_level), access_log=args.access_log,
        timeout_graceful_shutdown=3, proxy_headers=True,
        forwarded_allow_ips=args.forwarded_allow_ips,
    )  # fmt: skip
    # said before uvicorn binds: a taken port follows as uvicorn's own error line
    where = f"[{args.host}]" if ":" in args.host else args.host
    print(f"dispatch-server {VERSION} listening on http://{where}:{args.port}",
          file=sys.stderr, flush=True)  # fmt: skip
    if config.workers == 1:
        uvicorn.run(build_app(config), **options)
        return 0
    # each worker is a fresh process that builds its own app (and EventHub) from the same
    # command line, which reaches it through the environment
    os.environ[ARGV_ENV] = json.dumps(sys.argv[1:] if argv is None else argv)
    log.warning("serving with %d worker processes", config.workers)
    uvicorn.run(
        f"{__name__}:worker_app", factory=True, workers=config.workers,
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_S, **options,
    )  # fmt: skip
    return 0


def worker_app() -> FastAPI:
    """uvicorn's factory in each worker process (`--workers` above 1)."""
    config = configure(json.loads(os.environ[ARGV_ENV]))
    assert not isinstance(config, str)  # checked by the parent already
    set_up_logging(config.args.log_level)
    watch_parent()
    return build_app(config)


def watch_parent() -> None:
    """A worker whose supervisor died (killed, out of memory) stops too: an orphan would keep
    the address and the leader lock, serving without anyone to restart or stop it."""
    parent = os.getppid()

    def watch(stop: threading.Event) -> None:
        while os.getppid() == parent:
            if stop.wait(PARENT_CHECK_S):
                return
        log.warning("the supervising process %d is gone: this worker stops", parent)
        os.kill(os.getpid(), signal.SIGTERM)  # uvicorn's own graceful shutdown

    Supervisor().start("watch-parent", watch)


def build_app(config: Config) -> FastAPI:
    args = config.args
    clock = SettableClock() if args.test_mode else None
    store = SqlStore(config.url, clock=clock.now) if clock else SqlStore(config.url)
    services = Services(
        store.unit_of_work, store.feed, Actor("server", "admin"), clock=clock,
        dial_plan=config.plan,
    )  # fmt: skip
    hooks = None
    if clock is not None:

        def set_clock(at: datetime) -> None:
            clock.at = at

        hooks = TestHooks(lambda: wipe_all(store.engine), set_clock)
    # secrets come from the environment, never the command line (which others can list)
    secrets = os.environ.get(CHATWOOT_SECRET_ENV, "").split(",")
    chat = ChatConfig([s.strip() for s in secrets if s.strip()])
    pbx_source = config.pbx
    keep = timedelta(hours=args.keep_request_keys)
    loops = Supervisor()  # every long-lived thread of this process; /healthz lists them
    tasks = [
        # the test suite moves the clock itself and asks for scans: no scan of its own there
        Task("the SLA scan", lambda: start_watch(
            services, config.policy, 0.0 if args.test_mode else args.sla_every, loops)),
        Task("the notification sender", lambda: start_worker(services, config.notify, loops)),
        Task("the idempotency purge", lambda: start_purge(services, keep, loops)),
    ]  # fmt: skip
    if pbx_source is not None:
        tasks.append(Task("the PBX connection", lambda: follow_pbx(pbx_source, services, loops)))
    once = RunOnce(LeaderLock(config.url), tasks, supervisor=loops)
    return create_app(services, test_hooks=hooks, web=config.web, chat=chat, once=once,
                      on_close=store.close, stale_after=args.stale_after,
                      supervisor=loops)  # fmt: skip


def set_up_logging(level: str) -> None:
    """The shared set-up (runtime/logs.py): server.log, and `level` and above on stderr; each
    line has the process id, as several workers share both; contacts masked."""
    stderr_level = logging.getLevelNamesMapping()[level.upper()]
    logs.set_up("server", stderr_level=stderr_level)


def start_purge(
    services: Services, keep: timedelta, supervisor: Supervisor | None = None
) -> threading.Event:
    """Forgets idempotency outcomes older than `keep`, now and every PURGE_EVERY_S."""

    def loop(stop: threading.Event) -> None:
        while True:
            try:
                purged = services.purge_request_keys(keep)
                if purged:
                    log.info("forgot %d idempotency outcomes older than %s", purged, keep)
            except Exception:  # the database restarting: the next round catches up
                log.exception("purging idempotency outcomes failed; trying again later")
            if stop.wait(PURGE_EVERY_S):
                return

    return (supervisor or Supervisor()).start("purge-request-keys", loop)


def uvicorn_logging(level: str) -> dict[str, Any]:
    """uvicorn's own logging at `level`, except its access log: when switched on, its lines
    show whatever the level (uvicorn's log_level would silence them below info)."""
    import uvicorn.config

    config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    for name in ("uvicorn", "uvicorn.error"):
        config["loggers"][name]["level"] = level.upper()
    # uvicorn's own lines go through our handlers: into server.log, in our format
    config["loggers"]["uvicorn"].update(handlers=[], propagate=True)
    return config


def follow_pbx(
    source: PbxSource, services: Services, supervisor: Supervisor | None = None
) -> threading.Event:
    """The server's own AMI or ESL connection: every call it hears is recorded, and consoles
    pop their own from the event log. Returns the event that stops it."""
    from ..telephony.calllog import record

    pbx = services.as_actor(Actor("pbx", "pbx"))

    def on_event(event: CallEvent) -> None:
        try:
            record(pbx, event)
        except DomainError as exc:
            log.warning("PBX event not recorded: %s", exc)

    def loop(stop: threading.Event) -> None:
        source.run(on_event, stop, lambda status: log.warning("PBX: %s", status))

    return (supervisor or Supervisor()).start("pbx", loop)


if __name__ == "__main__":
    raise SystemExit(main())
