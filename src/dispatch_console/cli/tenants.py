"""`dispatch-admin tenant ...`: the companies a hosted dispatch-server serves (docs/saas.md).

Each company (tenant) has a PostgreSQL database of its own, listed with its host names in the
tenant catalogue (`--catalogue`, or $DISPATCH_TENANTS_URL). `create` makes the database, brings
its schema up to date and adds the first administrator; `migrate` brings every tenant's schema up
to date and can be run again after a failure; `export` writes one tenant to one file; `delete`
drops the database for good, and only once it has been exported after its suspension."""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from ..domain.errors import DomainError
from ..storage.engine import make_engine, normalise_url
from ..storage.store import SqlStore
from ..storage.tenants import SUSPENDED, Catalogue, Tenant, TenantError, check_host, check_id
from .common import CliError, csv_output, safe_url, services
from .users import _ask_password

CATALOGUE_ENV = "DISPATCH_TENANTS_URL"


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    t = commands.add_parser("tenant", help="companies served by a hosted dispatch-server")
    t.add_argument(
        "--catalogue", metavar="URL",
        help=f"the tenant catalogue's PostgreSQL database (default: ${CATALOGUE_ENV})",
    )  # fmt: skip
    sub = t.add_subparsers(dest="tenant_command", metavar="ACTION", required=True)

    c = sub.add_parser("create", help="a new company: database, schema, first administrator")
    c.add_argument("id", help="short name, e.g. acme (lower-case letters, digits, '-')")
    c.add_argument(
        "--host",
        action="append",
        required=True,
        metavar="NAME",
        help="a host name it answers at, e.g. acme.dispatch.example (repeatable)",
    )
    c.add_argument("--seats", type=int, required=True, help="how many may be signed in at once")
    c.add_argument("--admin", required=True, metavar="USER", help="the first administrator")
    c.add_argument("--admin-name", metavar="NAME", help="their display name")
    c.add_argument("--password", metavar="PW", help="avoid on shared machines: shell history")
    c.add_argument(
        "--database-url", metavar="URL",
        help="where its database is to be made (default: dispatch_<id> on the catalogue's "
        "server); another server's URL puts the company there",
    )  # fmt: skip
    c.set_defaults(handler=create)

    sub.add_parser("list", help="every company, its state, seats and hosts").set_defaults(
        handler=list_tenants
    )
    s = sub.add_parser("suspend", help="refuse a company's requests (403, with the reason)")
    s.add_argument("id")
    s.add_argument("--reason", required=True, help="shown to its users, e.g. 'invoice unpaid'")
    s.set_defaults(handler=suspend)
    r = sub.add_parser("resume", help="serve a suspended company again")
    r.add_argument("id")
    r.set_defaults(handler=resume)
    e = sub.add_parser("export", help="everything of one company into one file (pg_dump)")
    e.add_argument("id")
    e.add_argument("--to", required=True, metavar="FILE", help="the file to write")
    e.set_defaults(handler=export)
    d = sub.add_parser("delete", help="drop a suspended, exported company for good")
    d.add_argument("id")
    d.add_argument("--yes", action="store_true", help="yes: its database is dropped for good")
    d.set_defaults(handler=delete)
    u = sub.add_parser("usage", help="a month's use per company, as CSV for billing")
    u.add_argument("--month", required=True, metavar="YYYY-MM", help="e.g. 2026-12")
    u.add_argument("--to", metavar="FILE", help="the CSV file (default: standard output)")
    u.set_defaults(handler=usage)
    m = sub.add_parser("migrate", help="bring every company's schema up to date (resumable)")
    m.add_argument("--only", metavar="ID", action="append", help="just these (repeatable)")
    m.add_argument(
        "--parallel", type=int, default=1, metavar="N",
        help="companies migrated at once, each in a process of its own (default: %(default)s); "
        "each holds one connection to its database",
    )  # fmt: skip
    m.set_defaults(handler=migrate_all)


def catalogue(args: argparse.Namespace) -> Catalogue:
    url = args.catalogue or os.environ.get(CATALOGUE_ENV)
    if not url:
        raise CliError(f"give --catalogue URL (or set ${CATALOGUE_ENV}): the tenant catalogue")
    if make_url(normalise_url(url)).get_backend_name() != "postgresql":
        raise CliError("--catalogue: a PostgreSQL URL (the companies' databases are PostgreSQL)")
    try:
        return Catalogue(url, application_name="dispatch-admin")
    except DBAPIError as exc:
        raise CliError(f"catalogue {safe_url(url)}: {_first_line(exc)}") from None


def create(args: argparse.Namespace) -> int:
    try:
        check_id(args.id)
        hosts = [check_host(h) for h in args.host]
    except TenantError as exc:
        raise CliError(str(exc), 2) from None
    if args.seats < 1:
        raise CliError("--seats: at least 1", 2)
    password = args.password if args.password is not None else _ask_password()
    cat = catalogue(args)
    try:
        target = args.database_url or str(
            make_url(cat.url).set(database=f"dispatch_{args.id.replace('-', '_')}")
        )
        # claimed first, suspended: the host names are the tenant's before anything is made
        cat.add(args.id, target, hosts, args.seats, status=SUSPENDED, reason="being created")
        made = False
        try:
            made = _create_database(target)
            store = SqlStore(target, application_name="dispatch-admin")
            try:
                store.upgrade()
                services(store, args).create_first_admin(
                    args.admin, args.admin_name or args.admin, password
                )
            finally:
                store.close()
        except (DomainError, SQLAlchemyError, CliError) as exc:
            cat.remove(args.id)
            if made:
                _drop_database(target)
            message = _first_line(exc) if isinstance(exc, DBAPIError) else str(exc)
            raise CliError(f"tenant {args.id} not created: {message}") from None
        cat.set_status(args.id, "active")
        cat.mark_migrated(args.id)
    except TenantError as exc:
        raise CliError(str(exc)) from None
    finally:
        cat.close()
    print(f"created tenant {args.id}: {', '.join(hosts)}; {args.seats} seats; administrator "
          f"{args.admin!r}; database {safe_url(target)}")  # fmt: skip
    return 0


def list_tenants(args: argparse.Namespace) -> int:
    cat = catalogue(args)
    try:
        tenants = cat.all()
    finally:
        cat.close()
    if not tenants:
        print("no tenants yet: dispatch-admin tenant create ID --host NAME --seats N --admin U")
        return 0
    for t in tenants:
        state = t.status + (f" ({t.reason})" if t.reason else "")
        schema = f"migration failed: {t.migration_error}" if t.migration_error else "schema ok"
        exported = f"exported {t.exported_at:%Y-%m-%d %H:%M}" if t.exported_at else "not exported"
        print(f"{t.id}\t{state}\t{t.seat_limit} seats\t{' '.join(t.hosts)}\t"
              f"{safe_url(t.database_url)}\t{schema}\t{exported}")  # fmt: skip
    return 0


def suspend(args: argparse.Namespace) -> int:
    return _set_status(args, SUSPENDED, args.reason.strip() or "suspended")


def resume(args: argparse.Namespace) -> int:
    return _set_status(args, "active", "")


def _set_status(args: argparse.Namespace, status: str, reason: str) -> int:
    cat = catalogue(args)
    try:
        tenant = cat.set_status(args.id, status, reason)
    except TenantError as exc:
        raise CliError(str(exc)) from None
    finally:
        cat.close()
    print(f"tenant {tenant.id}: {tenant.status}" + (f" ({reason})" if reason else "")
          + "; every server follows within 5 s")  # fmt: skip
    return 0


def export(args: argparse.Namespace) -> int:
    cat = catalogue(args)
    try:
        tenant = _get(cat, args.id)
        path = Path(args.to)
        if path.exists():
            raise CliError(f"--to {path}: the file exists already; choose another name")
        _pg_dump(tenant, path)
        cat.mark_exported(tenant.id)
    finally:
        cat.close()
    print(f"tenant {tenant.id} exported to {path} ({path.stat().st_size:,} bytes; restore with "
          f"pg_restore -d NEWDB {path})")  # fmt: skip
    return 0


def delete(args: argparse.Namespace) -> int:
    cat = catalogue(args)
    try:
        tenant = _get(cat, args.id)
        if tenant.status != SUSPENDED:
            raise CliError(f"tenant {tenant.id} is active: suspend it first (dispatch-admin "
                           f"tenant suspend {tenant.id} --reason ...)")  # fmt: skip
        if tenant.exported_at is None or (
            tenant.status_at is not None and tenant.exported_at < tenant.status_at
        ):
            raise CliError(f"tenant {tenant.id} has no export since its suspension: run "
                           f"dispatch-admin tenant export {tenant.id} --to FILE first")  # fmt: skip
        if not args.yes:
            raise CliError(f"this drops {safe_url(tenant.database_url)} for good: add --yes")
        _drop_database(tenant.database_url)
        cat.remove(tenant.id)
    finally:
        cat.close()
    print(f"tenant {tenant.id} deleted: its database and host names are gone")
    return 0


def migrate_all(args: argparse.Namespace) -> int:
    """Every tenant's schema to head, `--parallel` at a time; a failure is recorded and the
    rest go on. Running it again picks up where it failed: tenants at head cost one query.

    Several at once run in processes, not threads: Alembic keeps the migration under way in
    module-level state (its `op` and `context`), which two threads would share."""
    if not 1 <= args.parallel <= 64:
        raise CliError("--parallel: from 1 to 64", 2)
    cat = catalogue(args)
    failed: list[str] = []
    done = 0
    try:
        tenants = [t for t in cat.all() if not args.only or t.id in args.only]
        missing = set(args.only or ()) - {t.id for t in tenants}
        if missing:
            raise CliError("--only: no tenant " + ", ".join(sorted(missing)))
        for tenant, outcome in _migrated(tenants, args.parallel):
            if isinstance(outcome, str):  # any failure: recorded, said, and the others go on
                cat.mark_migrated(tenant.id, outcome)
                failed.append(tenant.id)
                print(f"{tenant.id}: migration failed: {outcome}", file=sys.stderr)
                continue
            done += outcome
            cat.mark_migrated(tenant.id)
    finally:
        cat.close()
    print(f"{len(tenants) - len(failed)} of {len(tenants)} tenants at the current schema "
          f"({done} upgraded now)" + (f"; failed: {', '.join(failed)} - fix and run again"
                                      if failed else ""))  # fmt: skip
    return 1 if failed else 0


def _migrated(tenants: list[Tenant], parallel: int) -> Iterator[tuple[Tenant, bool | str]]:
    """Each tenant with its outcome as it comes: upgraded now (True), already current
    (False), or why it failed."""
    if parallel == 1 or len(tenants) < 2:
        for tenant in tenants:
            yield tenant, migrate_one(tenant.database_url)
        return
    with ProcessPoolExecutor(parallel) as pool:
        futures = {pool.submit(migrate_one, t.database_url): t for t in tenants}
        for future in as_completed(futures):
            try:
                outcome = future.result()
            except Exception as exc:  # the worker process itself died
                outcome = _first_line(exc) or type(exc).__name__
            yield futures[future], outcome


def migrate_one(url: str) -> bool | str:
    """One tenant's schema to head: True when upgraded, False when it was current, else why
    not (in a worker process: only plain values cross back)."""
    try:
        store = SqlStore(url, application_name="dispatch-admin migrate")
        try:
            if store.at_head() or not store.needs_upgrade():
                return False
            store.upgrade()
            return True
        finally:
            store.close()
    except Exception as exc:
        return _first_line(exc) or type(exc).__name__


USAGE = text(
    "SELECT count(DISTINCT payload->>'subject'), count(*) FROM events WHERE entity = 'token' "
    "AND kind = 'signed_in' AND at >= :start AND at < :end"
)


def usage(args: argparse.Namespace) -> int:
    """Per company and month: its seat limit, how many different people signed in, how often.
    A company whose database does not answer gets its row with the reason, not a gap."""
    try:
        start = datetime.strptime(args.month, "%Y-%m").replace(tzinfo=UTC)
    except ValueError:
        raise CliError(f"--month {args.month!r}: a month such as 2026-12", 2) from None
    end = (start + timedelta(days=32)).replace(day=1)
    cat = catalogue(args)
    try:
        tenants = cat.all()
    finally:
        cat.close()
    with csv_output(args.to) as out:
        writer = csv.writer(out)
        writer.writerow(["tenant", "month", "status", "seat_limit", "people_signed_in",
                         "sign_ins", "error"])  # fmt: skip
        for t in tenants:
            engine = make_engine(t.database_url, application_name="dispatch-admin")
            try:
                with engine.connect() as conn:
                    people, sign_ins = conn.execute(USAGE, {"start": start, "end": end}).one()
                row = [people, sign_ins, ""]
            except SQLAlchemyError as exc:
                row = ["", "", _first_line(exc)]
            finally:
                engine.dispose()
            writer.writerow([t.id, args.month, t.status, t.seat_limit, *row])
    return 0


def _get(cat: Catalogue, tenant_id: str) -> Tenant:
    try:
        return cat.get(tenant_id)
    except TenantError as exc:
        raise CliError(str(exc)) from None


def _maintenance(url: str) -> tuple[URL, str]:
    """The server's `postgres` database (to create or drop `url`'s), and `url`'s name."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() != "postgresql" or not parsed.database:
        raise CliError(f"{safe_url(url)}: a tenant's database is a PostgreSQL database")
    return parsed.set(database="postgres"), parsed.database


def _create_database(url: str) -> bool:
    """Creates `url`'s database; False when it exists (then it must hold no users yet)."""
    server, name = _maintenance(url)
    engine = make_engine(server.render_as_string(hide_password=False),
                         isolation_level="AUTOCOMMIT")  # fmt: skip
    try:
        with engine.connect() as conn:
            found = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            if found.first() is not None:
                return False
            conn.execute(text(f'CREATE DATABASE "{name}"'))
            return True
    finally:
        engine.dispose()


def _drop_database(url: str) -> None:
    server, name = _maintenance(url)
    engine = make_engine(server.render_as_string(hide_password=False),
                         isolation_level="AUTOCOMMIT")  # fmt: skip
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()


def _pg_dump(tenant: Tenant, path: Path) -> None:
    program = shutil.which("pg_dump")
    if program is None:
        raise CliError("pg_dump is not installed here (Debian: apt-get install postgresql-client)")
    url = make_url(normalise_url(tenant.database_url)).set(drivername="postgresql")
    env = dict(os.environ)
    if url.password:  # kept out of the command line, which other users can list
        env["PGPASSWORD"] = str(url.password)
    dsn = url.set(password=None).render_as_string(hide_password=False)
    done = subprocess.run(
        [program, "--format=custom", f"--file={path}", f"--dbname={dsn}"],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        path.unlink(missing_ok=True)
        raise CliError(f"pg_dump of tenant {tenant.id} failed: {done.stderr.strip()[:300]}")


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return lines[0] if lines else type(orig).__name__
