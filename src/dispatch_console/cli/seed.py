"""`seed`: the Shanghai demo data set, or bulk data for load tests."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from ..domain.model import User
from ..ports import Actor
from ..services import Services
from ..storage import schema as s
from ..storage.store import SqlStore
from .common import CliError, count, one_transaction, open_store

DEFAULT_PASSWORD = "demo1234"
SUMMARY_TABLES: tuple[tuple[str, Any], ...] = (
    ("departments", s.DepartmentRow),
    ("parts", s.PartRow),
    ("companies", s.CompanyRow),
    ("contracts", s.ContractRow),
    ("customers", s.CustomerRow),
    ("customer phones", s.CustomerPhoneRow),
    ("sites", s.SiteRow),
    ("assets", s.AssetRow),
    ("users", s.UserRow),
    ("technicians", s.TechnicianRow),
    ("tickets", s.TicketRowORM),
    ("transitions", s.TransitionRow),
    ("comments", s.CommentRow),
    ("check-ins", s.CheckInRow),
    ("work log entries", s.WorkLogRow),
    ("parts used", s.PartUsageRow),
    ("calls", s.CallRow),
    ("callbacks", s.CallbackRow),
    ("events", s.EventRow),
)


def register(commands: Any) -> None:
    p = commands.add_parser(
        "seed",
        help="load the Shanghai demo data set, or bulk data for load tests",
        description="--demo creates a realistic Shanghai data set through the use cases, so "
        "every ticket has its history and events; the same --seed and --anchor give the same "
        "data. --customers/--tickets generate bulk data for load tests. The schema is created "
        "or migrated first. A database that already has tickets is refused unless --force.",
    )
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--demo", action="store_true", help="the demo data set (~400 tickets)")
    mode.add_argument("--customers", type=_count, metavar="N", help="bulk: N customers")
    p.add_argument("--tickets", type=_count, metavar="M", help="bulk: M tickets (with --customers)")
    p.add_argument("--seed", type=int, default=0, metavar="N", help="random seed (default 0)")
    p.add_argument(
        "--password",
        default=DEFAULT_PASSWORD,
        metavar="PW",
        help=f"password of every demo login (default {DEFAULT_PASSWORD}; demo only)",
    )
    p.add_argument(
        "--anchor",
        type=_instant,
        metavar="ISO-TIME",
        help="the demo's 'now' (default: the current minute); history lies in the weeks before",
    )
    p.add_argument(
        "--scale", type=float, default=1.0, metavar="F", help="demo size factor (default 1.0)"
    )
    p.add_argument("--force", action="store_true", help="seed even if there are tickets already")
    p.set_defaults(handler=seed)


def seed(args: argparse.Namespace) -> int:
    if args.tickets is not None and args.customers is None:
        raise CliError("--tickets goes with --customers (bulk seeding)")
    if not 0.05 <= args.scale <= 20:
        raise CliError("--scale must be between 0.05 and 20")
    if args.demo:
        return _demo(args)
    return _bulk(args)


def _prepare(store: SqlStore, force: bool) -> int:
    """Migrate, then refuse a database with tickets unless forced; returns the last event id."""
    store.upgrade()
    tickets = count(store, s.TicketRowORM)
    if tickets and not force:
        raise CliError(
            f"the database already has {tickets} tickets; seeding would mix demo data into it. "
            "Use a new database, or --force to add anyway"
        )
    return store.feed.last_id()


def _demo(args: argparse.Namespace) -> int:
    from ..seed.clock import SimClock
    from ..seed.demo import seed_demo

    anchor = args.anchor or datetime.now(UTC).replace(second=0, microsecond=0)
    clock = SimClock(anchor)
    store = open_store(args, create=True, clock=clock.now)
    try:
        last_event = _prepare(store, args.force)
        print(f"seeding the demo (seed {args.seed}, anchor {anchor.isoformat()}) ...")
        # one transaction: much faster than thousands of commits, and a failure leaves nothing
        with one_transaction(store) as uow:

            def services_for(actor: Actor) -> Services:
                return Services(uow, store.feed, actor, clock=clock, region=args.region)

            def taken(username: str) -> bool:
                with uow() as work:
                    return work.find_one(User, username=username) is not None

            result = seed_demo(
                services_for,
                clock,
                anchor=anchor,
                seed=args.seed,
                password=args.password,
                scale=args.scale,
                tag=f"r{last_event}" if last_event else "",
                usernames_taken=taken,
                progress=print,
            )
        print(f"done in {result.seconds:.1f} s ({result.steps} history steps)\n")
        _summary(store)
    finally:
        store.close()
    _logins(result.logins, args.password)
    return 0


def _bulk(args: argparse.Namespace) -> int:
    store = open_store(args, create=True)
    try:
        _prepare(store, args.force)
        # HOOK (scale seeding): dispatch_console/storage/bulk.py is written separately; it is
        # imported only here, so the rest of the tool works without it.
        try:
            from ..storage.bulk import bulk_seed
        except ModuleNotFoundError as exc:
            if exc.name != "dispatch_console.storage.bulk":
                raise
            raise CliError("bulk seeding is not available in this build (storage.bulk)") from None
        try:
            result = bulk_seed(
                store,
                customers=args.customers,
                tickets=args.tickets or 0,
                seed=args.seed,
                progress=print,
            )
        except ValueError as exc:
            raise CliError(str(exc)) from None
        for key, value in result.items():
            print(f"{key}: {value}")
    finally:
        store.close()
    return 0


def _summary(store: SqlStore) -> None:
    width = max(len(name) for name, _ in SUMMARY_TABLES)
    for name, row in SUMMARY_TABLES:
        print(f"  {name:<{width}}  {count(store, row):>6}")
    print("\ntickets by state:")
    with store.engine.connect().execution_options(sqlite_begin="DEFERRED") as conn:
        rows = conn.execute(
            select(s.TicketRowORM.status, func.count()).group_by(s.TicketRowORM.status)
        ).all()
    for status, n in sorted(rows, key=lambda r: (-r[1], r[0])):
        print(f"  {status:<{width}}  {n:>6}")
    for label, column in (
        ("calls by outcome", s.CallRow.outcome),
        ("callbacks by status", s.CallbackRow.status),
    ):
        with store.engine.connect().execution_options(sqlite_begin="DEFERRED") as conn:
            rows = conn.execute(select(column, func.count()).group_by(column)).all()
        print(f"\n{label}: " + ", ".join(f"{k} {n}" for k, n in sorted(rows)))


def _logins(logins: list[Any], password: str) -> None:
    if not logins:
        print("\nno new logins (they existed already)")
        return
    shown = password if password == DEFAULT_PASSWORD else "(the one given with --password)"
    print(f"\nlogins (password: {shown}):")
    staff = [login for login in logins if login.role != "technician"]
    techs = [login for login in logins if login.role == "technician"]
    for login in staff:
        ext = f"  extension {login.extension}" if login.extension else ""
        print(f"  {login.username:<12} {login.role:<11} {login.name}{ext}")
    if techs:
        print(
            f"  {techs[0].username} ... {techs[-1].username}: {len(techs)} technicians "
            f"(e.g. {techs[0].username} = {techs[0].name})"
        )


def _count(text: str) -> int:
    value = int(text.replace("_", "").replace(",", ""))
    if value < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return value


def _instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO time") from None
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError("give a time zone, e.g. 2026-03-02T09:00+08:00")
    return value.astimezone(UTC)
