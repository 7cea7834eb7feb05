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
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import FastAPI
from sqlalchemy.engine import make_url

from ..config.environment import DATABASE_ENV, chatwoot_secrets, default_database_url
from ..domain.call_events import CallEvent
from ..domain.desk_zone import DEFAULT_HOLIDAY_REGION, DEFAULT_TIMEZONE, DeskZone
from ..domain.errors import DomainError
from ..domain.escalation import EscalationPolicy
from ..domain.phones import DialPlan
from ..notify.settings import NotifySettings
from ..notify.settings import add_arguments as add_notify_arguments
from ..notify.settings import from_args as notify_settings
from ..notify.worker import NotificationWorker, senders_for, start_worker
from ..ports import Actor
from ..runtime import logs
from ..runtime.supervise import Supervisor
from ..services import Services
from ..services.tokens import KEEP_OUTCOMES
from ..storage.engine import normalise_url
from ..storage.leader import LeaderLock
from ..storage.limits import PoolLimits
from ..storage.reset import wipe_all
from ..storage.store import SqlStore, utcnow
from ..storage.tenants import Catalogue, Tenant
from ..telephony.dial_plan import add_arguments as add_dial_plan_arguments
from ..telephony.dial_plan import from_args as dial_plan_from
from ..telephony.sources import PbxSource, pbx_secret, source_for
from ..versions import VERSION
from ..watch.sla import add_arguments as add_sla_arguments
from ..watch.sla import policy_from, start_watch
from ..watch.sla import run_once as run_sla_scan
from .app import STALE_AFTER_S, app_for, open_company, shared_app
from .chat import ChatConfig
from .company import Company
from .memory import give_large_blocks_back
from .once import RunOnce, Task
from .rounds import VISIT_CONNECTIONS, TenantRounds
from .seats import Seats
from .tenancy import Refusal, TenantRouter
from .testing import TestHooks
from .web.pages import WebConfig

log = logging.getLogger(__name__)
ARGV_ENV = "DISPATCH_SERVER_ARGV"  # the command line, for the worker processes
PURGE_EVERY_S = 3600.0
OUTBOX_BATCHES = 10
COMPANIES_KEPT = 1000  # closed companies' objects a hosted server keeps for reopening
PARENT_CHECK_S = 1.0
# uvicorn restarts a worker that does not answer its supervisor's ping in time; its default (5 s)
# killed busy workers over and over on a loaded 2-core machine, each restart costing a console
# its event stream
WORKER_HEALTHCHECK_S = 30
# with --tenants, each open company holds at most: its calls' pool (1 kept, 2 for a burst) and
# the change feed's LISTEN; the catalogue holds 2 at most; each background visit 2 (rounds.py)
TENANT_POOL = PoolLimits(size=1, overflow=2, timeout_s=10.0)
TENANT_CONNECTIONS = TENANT_POOL.most + 1
VISIT_POOL = PoolLimits(size=1, overflow=VISIT_CONNECTIONS - 1, timeout_s=10.0)
CATALOGUE_CONNECTIONS = 2
DEFAULT_CAP = 80


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
        "--timezone", default=DEFAULT_TIMEZONE,
        help="the desk's time zone: customers' pages, and appointments and reminders of "
        "departments without working hours (default: %(default)s)",
    )  # fmt: skip
    parser.add_argument(
        "--holiday-region", default=DEFAULT_HOLIDAY_REGION, metavar="CODE",
        help="whose public holidays appointments of departments without working hours keep "
        "(default: %(default)s)",
    )  # fmt: skip
    parser.add_argument(
        "--forwarded-allow-ips", default="127.0.0.1", metavar="ADDRESSES",
        help="the reverse proxies (comma-separated addresses) whose X-Forwarded-For is the "
        "client's address; rate limits count per client address",
    )  # fmt: skip
    parser.add_argument(
        "--tenants", metavar="URL",
        help="serve many companies: the tenant catalogue's database (dispatch-admin tenant "
        "create fills it); each request goes to the company of its host name (docs/saas.md)",
    )  # fmt: skip
    parser.add_argument(
        "--connection-cap", type=int, default=DEFAULT_CAP, metavar="N",
        help="with --tenants: the most PostgreSQL connections this process holds for all its "
        "companies together (default: %(default)s)",
    )  # fmt: skip
    parser.add_argument(
        "--tenant-idle", type=float, default=300.0, metavar="SECONDS",
        help="with --tenants: a company's connections close after this long without a request "
        "(default: %(default)g)",
    )  # fmt: skip
    parser.add_argument(
        "--tenant-workers", type=int, default=2, metavar="N",
        help="with --tenants: how many companies' background work (SLA scan, notifications) "
        "runs at once; every active company gets a turn each --sla-every seconds (default: "
        "%(default)s)",
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
    desk: DeskZone = field(default_factory=DeskZone)


def configure(argv: list[str] | None) -> Config | str:
    """The checked configuration, or what is wrong with the command line."""
    args = build_parser().parse_args(argv)
    try:
        desk = DeskZone.checked(args.timezone, args.holiday_region)
    except DomainError as exc:
        return f"--{str(exc).replace('_', '-')}"
    web = WebConfig(args.desk_name, args.desk_phone, desk.timezone)
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
    if args.tenants:
        if args.database:
            return ("--database and --tenants: a server for many companies finds each one's "
                    "database in the catalogue; give only --tenants")  # fmt: skip
        if args.pbx:
            return "--pbx and --tenants: each company's PBX posts to its own host (--pbx is one)"
        if args.upgrade:
            return "--upgrade and --tenants: migrate companies with dispatch-admin tenant migrate"
        if not 1 <= args.tenant_workers <= 64:
            return "--tenant-workers: from 1 to 64"
        least = TENANT_CONNECTIONS + CATALOGUE_CONNECTIONS + args.tenant_workers * VISIT_CONNECTIONS
        if args.connection_cap < least:
            return (f"--connection-cap: at least {least} (one company's connections, the "
                    "catalogue's and the background work's)")  # fmt: skip
        if not args.tenant_idle > 0:
            return "--tenant-idle: a number of seconds above 0"
    url = args.tenants or args.database or default_database_url()
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
    return Config(args, url, web, policy, notify, plan, pbx_source, workers, desk)


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
    if not args.tenants:  # a hosted server checks each company's schema when opening it
        store = SqlStore(config.url)
        try:
            if args.upgrade or args.test_mode:
                store.upgrade()
            elif store.needs_upgrade():
                print(schema_out_of_step(store), file=sys.stderr)
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
    if args.tenants:  # the router reads the peer first (X-Forwarded-Host), then applies them
        options["proxy_headers"] = False
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


def schema_out_of_step(store: SqlStore) -> str:
    """Why this program will not serve the database: its schema is older (migrate it) or newer
    (another server was upgraded first: during an upgrade, an old server restarted on the
    migrated database would otherwise be told to migrate it, which it cannot)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from ..storage.store import alembic_config

    script = ScriptDirectory.from_config(alembic_config(store.url, store.engine))
    known = {revision.revision for revision in script.walk_revisions()}
    with store.engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    newer = sorted(current - known)
    if newer:
        return (
            f"the database schema ({', '.join(newer)}) is newer than this dispatch-server "
            f"{VERSION} knows: the database was upgraded by a newer version; install that "
            "version here too"
        )
    return ("the database schema is out of date: run with --upgrade (or dispatch-admin db "
            "upgrade) first")  # fmt: skip


def worker_app() -> Any:
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


def build_app(config: Config) -> Any:
    """The single-company app, or with --tenants the router over every company's own."""
    give_large_blocks_back()  # in each worker process: uploads' memory goes back when freed
    if config.args.tenants:
        return tenant_router(config)
    return company_app(config, config.url)


def tenant_router(config: Config) -> TenantRouter:
    from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

    args = config.args
    trusted = args.forwarded_allow_ips

    # companies closed for the cap are kept, their connections closed: reopening one costs a
    # connection, not its engine's first-connect queries nor its objects (~100 kB each)
    kept: OrderedDict[tuple[str, str], tuple[SqlStore, Company]] = OrderedDict()
    kept_lock = threading.Lock()

    def opener(tenant: Tenant) -> Company | Refusal:
        key = (tenant.id, tenant.database_url)  # a company moved to another server: anew
        with kept_lock:
            found = kept.get(key)
            if found is not None:
                kept.move_to_end(key)
        if found is not None:
            store, company = found
        else:
            store, company = new_company(tenant)
        # one query on its own pool (inside the cap); Alembic only when that is not conclusive
        try:
            stale = not store.at_head() and store.needs_upgrade()
        except Exception as exc:  # its database is away: the request is told, nothing else
            log.warning("tenant %s: database unavailable: %s", tenant.id, type(exc).__name__)
            store.close()
            return Refusal(503, "unavailable", "this company's database is not answering; "
                           "try again shortly")  # fmt: skip
        if stale:
            store.close()
            log.warning("tenant %s: schema out of date (dispatch-admin tenant migrate)",
                        tenant.id)  # fmt: skip
            return Refusal(503, "upgrading", "this company's database is being upgraded; "
                           "try again in a few minutes")  # fmt: skip
        if found is None:
            with kept_lock:
                kept[key] = (store, company)
                while len(kept) > COMPANIES_KEPT:  # an evicted open one lives on until closed
                    kept.popitem(last=False)
        return company

    def new_company(tenant: Tenant) -> tuple[SqlStore, Company]:
        clock = SettableClock() if args.test_mode else None
        name = f"dispatch-server {tenant.id}"
        store = SqlStore(tenant.database_url, clock=clock.now if clock else utcnow,
                         pool=TENANT_POOL, application_name=name)  # fmt: skip

        def limit() -> int:  # the catalogue's current figure, as the router last read it
            current = router.tenant(tenant.id)
            return current.seat_limit if current is not None else tenant.seat_limit

        return store, company_parts(config, tenant.database_url, store=store, clock=clock,
                                    seat_limit=limit, background=False)  # fmt: skip

    catalogue = Catalogue(config.url, application_name="dispatch-server catalogue")
    background = args.tenant_workers * VISIT_CONNECTIONS
    most = max(1, (args.connection_cap - CATALOGUE_CONNECTIONS - background) // TENANT_CONNECTIONS)
    # every company's routes, built once (server/company.py)
    app = shared_app(config.web, ChatConfig(chatwoot_secrets()), test_routes=args.test_mode,
                     stale_after=args.stale_after)  # fmt: skip
    proxied: Any = ProxyHeadersMiddleware(app, trusted_hosts=trusted)  # type: ignore[arg-type]
    router = TenantRouter(catalogue, opener, proxied, trusted=trusted, max_open=most,
                          idle_s=args.tenant_idle,
                          rounds=tenant_rounds(config, catalogue))  # fmt: skip
    return router


def tenant_rounds(config: Config, catalogue: Catalogue) -> TenantRounds | None:
    """Every active company's SLA scan, notifications and purges (server/rounds.py); none in
    the test mode, whose suite moves each company's clock and asks for scans itself."""
    args = config.args
    if args.test_mode or not args.sla_every > 0:  # 0: no scans (as on a company's own server)
        return None
    keep = timedelta(hours=args.keep_request_keys)
    senders = senders_for(config.notify)
    if not senders:
        log.warning("no SMTP server or SMS gateway configured: notifications stay queued")
    purged_at: dict[str, float] = {}

    def visit(tenant: Tenant, store: SqlStore) -> None:
        services = Services(store.unit_of_work, store.feed, Actor("server", "admin"),
                            dial_plan=config.plan, desk=config.desk)  # fmt: skip
        run_sla_scan(services, config.policy)
        if senders:
            worker = NotificationWorker(services, senders, key_scope=tenant.id,
                                        lease=timedelta(seconds=config.notify.lease_s))  # fmt: skip
            for _ in range(OUTBOX_BATCHES):  # the rest at its next turn: others wait meanwhile
                if not worker.run_once():
                    break
        if time.monotonic() - purged_at.get(tenant.id, -PURGE_EVERY_S) >= PURGE_EVERY_S:
            services.purge_request_keys(keep)
            services.purge_throttles()
            purged_at[tenant.id] = time.monotonic()

    # kept between rounds, their connections closed after each visit: a new engine would run
    # its first-connect queries on every visit (~30 ms of CPU), 1,000 times a minute
    stores: dict[tuple[str, str], SqlStore] = {}
    stores_lock = threading.Lock()

    def store_for(tenant: Tenant) -> SqlStore:
        key = (tenant.id, tenant.database_url)
        with stores_lock:
            store = stores.get(key)
            if store is None:
                store = stores[key] = SqlStore(
                    tenant.database_url, pool=VISIT_POOL,
                    application_name=f"dispatch-server rounds {tenant.id}",
                )  # fmt: skip
            return store

    def tenants() -> list[Tenant]:
        try:
            listed = catalogue.all()
        except Exception as exc:  # the catalogue away: this round is skipped
            log.warning("tenant catalogue unreadable for the background work: %s",
                        type(exc).__name__)  # fmt: skip
            return []
        current = {(t.id, t.database_url) for t in listed}
        with stores_lock:  # deleted or moved companies' engines go
            for key in [k for k in stores if k not in current]:
                stores.pop(key).close()
        return listed

    return TenantRounds(tenants, visit, every_s=args.sla_every, workers=args.tenant_workers,
                        store_for=store_for)  # fmt: skip


def company_app(config: Config, url: str) -> FastAPI:
    """One company's own server: its app on its database at `url`."""
    company = company_parts(config, url)
    chat = ChatConfig(chatwoot_secrets())
    return app_for(company, config.web, chat, stale_after=config.args.stale_after)


def company_parts(
    config: Config,
    url: str,
    *,
    store: SqlStore | None = None,
    clock: SettableClock | None = None,
    seat_limit: Callable[[], int] | None = None,
    background: bool = True,
) -> Company:
    """One company's objects on its database at `url` (through `store` when the caller made
    it; `clock` is then the store's settable clock in the test mode). `background`: whether it
    runs its own once-only work (a hosted server's scheduler runs it instead)."""
    args = config.args
    if store is None:
        clock = SettableClock() if args.test_mode else None
        store = SqlStore(url, clock=clock.now) if clock else SqlStore(url)
    caches: dict[str, Any] = {}  # what the use cases keep of the database (the rule book)
    services = Services(
        store.unit_of_work, store.feed, Actor("server", "admin"), clock=clock,
        dial_plan=config.plan, shared=caches, desk=config.desk,
    )  # fmt: skip
    hooks = None
    if clock is not None:

        def set_clock(at: datetime) -> None:
            clock.at = at

        def reset() -> None:
            wipe_all(store.engine)
            caches.clear()  # ids start again at 1: a cached rule book would look current

        hooks = TestHooks(reset, set_clock)
    pbx_source = config.pbx
    keep = timedelta(hours=args.keep_request_keys)
    loops = Supervisor()  # every long-lived thread of this process; /healthz lists them
    once = None
    if background:
        tasks = [
            # the test suite moves the clock itself and asks for scans: no scan of its own there
            Task("the SLA scan", lambda: start_watch(
                services, config.policy, 0.0 if args.test_mode else args.sla_every, loops)),
            Task("the notification sender", lambda: start_worker(services, config.notify, loops)),
            Task("the purges of old outcomes and counts",
                 lambda: start_purge(services, keep, loops)),
        ]  # fmt: skip
        if pbx_source is not None:
            tasks.append(Task("the PBX connection",
                              lambda: follow_pbx(pbx_source, services, loops)))  # fmt: skip
        once = RunOnce(LeaderLock(url), tasks, supervisor=loops)
    company = open_company(services, test_hooks=hooks, once=once, on_close=store.close,
                           stale_after=args.stale_after,
                           seats=Seats(store.engine, seat_limit) if seat_limit else None,
                           supervisor=loops)  # fmt: skip
    company.lazy = not background  # hosted: no thread nor LISTEN for a company without sockets
    return company


def set_up_logging(level: str) -> None:
    """The shared set-up (runtime/logs.py): server.log, and `level` and above on stderr; each
    line has the process id, as several workers share both; contacts masked."""
    stderr_level = logging.getLevelNamesMapping()[level.upper()]
    logs.set_up("server", stderr_level=stderr_level)


def start_purge(
    services: Services, keep: timedelta, supervisor: Supervisor | None = None
) -> threading.Event:
    """Forgets idempotency outcomes older than `keep`, and sign-in throttle counts and address
    allowances idle for a day (they would start afresh anyway), now and every PURGE_EVERY_S."""

    def loop(stop: threading.Event) -> None:
        while True:
            try:
                purged = services.purge_request_keys(keep)
                if purged:
                    log.info("forgot %d idempotency outcomes older than %s", purged, keep)
                purged = services.purge_throttles()
                if purged:
                    log.info("forgot %d idle sign-in and address counts", purged)
            except Exception:  # the database restarting: the next round catches up
                log.exception("purging old outcomes and counts failed; trying again later")
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
