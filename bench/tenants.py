"""Three ways to keep many companies (tenants) apart on one PostgreSQL, measured side by side:
a database per tenant, a schema per tenant, and shared tables with row-level security (RLS).

    .venv/bin/python bench/tenants.py [--tenants 50] [--customers 500] [--tickets 2000]
                                      [--active 20] [--seconds 5] [--keep]

Every tenant gets the same kind of data (`bulk_seed`, its own seed): a small company's. The
database-per-tenant copies are seeded first; the schema and RLS variants are filled from them
with COPY, so all three hold exactly the same rows.

Measured for each model:
- provisioning: bringing one tenant's schema to head (Alembic, 18 migrations), and for databases
  `CREATE DATABASE ... TEMPLATE` of a migrated empty one;
- one new migration across all tenants (a column with a default and an index on `tickets`);
- backup and restore of ONE tenant (pg_dump/pg_restore, or COPY of its rows for RLS);
- the queue's searches (`uow.search_tickets`, as bench/ticket_queue.py), median ms;
- connections held while `--active` tenants search at once for `--seconds`, and searches/s;
- disk and catalogue entries per tenant.
Figures for 1,000 tenants are extrapolated linearly from `--tenants` and printed as such.

The RLS variant converts the migrated schema the way a shared model must: a `tenant_id` on every
table, in front of every primary key, unique constraint and index, policies `tenant_id =
current_setting('app.tenant', true)`, queried by a role that is not a superuser (superusers bypass
RLS). Its foreign keys are dropped (they would need `(tenant_id, id)` pairs): a simplification
that makes RLS look slightly better than it would be.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import event

from _common import PG_ADMIN_URL, write_json
from dispatch_console.domain.enums import TicketStatus
from dispatch_console.ports import TicketQuery
from dispatch_console.storage.bulk import bulk_seed
from dispatch_console.storage.limits import PoolLimits
from dispatch_console.storage.store import SqlStore

PREFIX = "tenants_bench_"
TEMPLATE = PREFIX + "template"
SCHEMAS = PREFIX + "schemas"
SHARED = PREFIX + "shared"
APP_ROLE = "tenants_bench_app"  # not a superuser: RLS applies to it
NEW_MIGRATION = (
    "ALTER TABLE tickets ADD COLUMN bench_flag boolean NOT NULL DEFAULT false",
    "CREATE INDEX ix_tickets_bench_flag ON tickets ({tenant}bench_flag, id)",
)
CASES: dict[str, Callable[[dict[str, Any]], TicketQuery]] = {
    "sort newest": lambda f: TicketQuery(),
    "open only, due": lambda f: TicketQuery(open_only=True, sort="due"),
    "unassigned open, priority": lambda f: TicketQuery(
        unassigned=True, open_only=True, sort="priority"
    ),
    "status resolved, priority": lambda f: TicketQuery(
        statuses=[TicketStatus.RESOLVED], sort="priority"
    ),
    "text: phone": lambda f: TicketQuery(text=f["phone"]),
    "text: name prefix": lambda f: TicketQuery(text=f["name"][:2]),
}
_tenant = threading.local()  # which tenant the shared stores' next transaction is for


def url_of(database: str, user: str = "postgres") -> str:
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    return re.sub(r"//[^@/]*@", f"//{user}@", base) + "/" + database


def admin() -> psycopg.Connection[Any]:
    return psycopg.connect(PG_ADMIN_URL, autocommit=True)


def db_name(k: int) -> str:
    return f"{PREFIX}db_{k}"


def drop_all() -> None:
    with admin() as conn:
        names = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", (PREFIX + "%",)
        ).fetchall()
        for (name,) in names:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(f"DROP ROLE IF EXISTS {APP_ROLE}")


def create_db(name: str, template: str | None = None) -> float:
    t0 = time.perf_counter()
    with admin() as conn:
        stmt = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            stmt += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        conn.execute(stmt)
    return time.perf_counter() - t0


def migrate(url: str) -> float:
    t0 = time.perf_counter()
    store = SqlStore(url)
    try:
        store.upgrade()
    finally:
        store.close()
    return time.perf_counter() - t0


def tables_of(conn: psycopg.Connection[Any], schema: str = "public") -> list[str]:
    rows = conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = %s AND tablename <> "
        "'alembic_version' ORDER BY tablename",
        (schema,),
    ).fetchall()
    return [r[0] for r in rows]


def columns_of(conn: psycopg.Connection[Any], table: str) -> list[str]:
    rows = conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
        "AND table_name = %s ORDER BY ordinal_position",
        (table,),
    ).fetchall()
    return [r[0] for r in rows]


def copy_tenant(k: int, into: str, schema: str, tenant_id: int | None) -> None:
    """Tenant k's rows from its own database into `schema` of database `into` (with a
    tenant_id column last when `tenant_id` is given)."""
    with psycopg.connect(url_of(db_name(k))) as src, psycopg.connect(url_of(into)) as dst:
        dst.execute("SET session_replication_role = replica")  # no FK triggers while loading
        if tenant_id is None:  # the migrations' own reference rows make way for the tenant's
            for table in tables_of(dst, schema):
                dst.execute(f'TRUNCATE {schema}."{table}" CASCADE')
        for table in tables_of(src):
            cols = columns_of(src, table)
            select = ", ".join(f'"{c}"' for c in cols)
            target = list(cols) + (["tenant_id"] if tenant_id is not None else [])
            extra = f", {tenant_id}" if tenant_id is not None else ""
            names = ", ".join(f'"{c}"' for c in target)
            with (
                src.cursor().copy(f'COPY (SELECT {select}{extra} FROM "{table}") TO STDOUT') as out,
                dst.cursor().copy(f'COPY {schema}."{table}" ({names}) FROM STDIN') as inp,
            ):
                for chunk in out:
                    inp.write(chunk)
        dst.commit()


def to_shared_model(database: str) -> float:
    """The migrated schema of `database` turned into shared tables with RLS; seconds taken."""
    t0 = time.perf_counter()
    with psycopg.connect(url_of(database), autocommit=True) as conn:
        tables = tables_of(conn)
        for table in tables:  # the migrations' reference rows: each tenant brings its own
            conn.execute(f'TRUNCATE "{table}" CASCADE')
        for table in tables:
            conn.execute(
                f'ALTER TABLE "{table}" ADD COLUMN tenant_id integer NOT NULL '
                "DEFAULT current_setting('app.tenant', true)::integer"
            )
        fks = conn.execute(
            "SELECT conrelid::regclass::text, conname FROM pg_constraint "
            "WHERE contype = 'f' AND connamespace = 'public'::regnamespace"
        ).fetchall()
        for table, name in fks:
            conn.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        keys = conn.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM "
            "pg_constraint WHERE contype IN ('p', 'u') AND connamespace = 'public'::regnamespace"
        ).fetchall()
        for table, name, definition in keys:
            if table == "alembic_version":
                continue
            conn.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            conn.execute(
                f'ALTER TABLE {table} ADD CONSTRAINT "{name}" '
                + definition.replace("(", "(tenant_id, ", 1)
            )
        indexes = conn.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public' "
            "AND i.tablename <> 'alembic_version' AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
            "WHERE c.conname = i.indexname AND c.connamespace = 'public'::regnamespace)"
        ).fetchall()
        for name, definition in indexes:
            if "USING btree (" not in definition:
                continue
            conn.execute(f'DROP INDEX "{name}"')
            conn.execute(definition.replace("USING btree (", "USING btree (tenant_id, ", 1))
        for table in tables:
            conn.execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
            conn.execute(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')
            conn.execute(
                f'CREATE POLICY tenant ON "{table}" USING (tenant_id = '
                "current_setting('app.tenant', true)::integer) WITH CHECK (tenant_id = "
                "current_setting('app.tenant', true)::integer)"
            )
        conn.execute(f"CREATE ROLE {APP_ROLE} LOGIN")
        conn.execute(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {APP_ROLE}")
        conn.execute(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE}")
    return time.perf_counter() - t0


def shared_store(url: str, setting: str, pool: PoolLimits) -> SqlStore:
    """One store for every tenant: each unit of work first says whose it is, with a SET on its
    connection (read-only units run in autocommit, where SET LOCAL would not last)."""
    store = SqlStore(url, pool=pool, application_name=PREFIX + "shared")

    @event.listens_for(store.engine, "begin")
    def _whose(conn: Any) -> None:
        conn.exec_driver_sql(setting.format(k=_tenant.k))

    return store


def fixtures(k: int) -> dict[str, Any]:
    with psycopg.connect(url_of(db_name(k))) as conn:
        row = conn.execute(
            "SELECT t.contact_phone, c.name FROM tickets t JOIN customers c ON c.id = "
            "t.customer_id ORDER BY t.id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM tickets)"
        ).fetchone()
    assert row is not None
    return {"phone": row[0], "name": row[1]}


def search_medians(
    store_for: Callable[[int], SqlStore], sample: list[int], repeat: int
) -> dict[str, float]:
    now = datetime.now(UTC)
    out: dict[str, float] = {}
    found = {k: fixtures(k) for k in sample}
    for case, make in CASES.items():
        times = []
        for k in sample:
            _tenant.k = k
            store = store_for(k)
            query = make(found[k])
            for _ in range(repeat):
                t0 = time.perf_counter()
                with store.unit_of_work(read_only=True) as uow:
                    page = uow.search_tickets(query, now)
                times.append((time.perf_counter() - t0) * 1000)
                assert page.items or case.startswith("unassigned"), (case, k)
        out[case] = round(statistics.median(times), 2)
    return out


def connections(database_like: str) -> int:
    with admin() as conn:
        return int(
            conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname LIKE %s AND pid <> "
                "pg_backend_pid()",
                (database_like,),
            ).fetchone()[0]  # type: ignore[index]
        )


def load(
    store_for: Callable[[int], SqlStore], active: list[int], seconds: float, like: str
) -> dict[str, Any]:
    """`active` tenants search at once for `seconds`: searches/s and the most connections."""
    now = datetime.now(UTC)
    stop = threading.Event()
    done = [0] * len(active)
    errors: list[str] = []

    def work(i: int, k: int) -> None:
        _tenant.k = k
        store = store_for(k)
        while not stop.is_set():
            try:
                with store.unit_of_work(read_only=True) as uow:
                    uow.search_tickets(TicketQuery(open_only=True, sort="due"), now)
                done[i] += 1
            except Exception as exc:  # counted and shown: a refused connection is a figure
                errors.append(type(exc).__name__)
                time.sleep(0.05)

    threads = [threading.Thread(target=work, args=(i, k)) for i, k in enumerate(active)]
    for t in threads:
        t.start()
    most = 0
    end = time.monotonic() + seconds
    try:
        while time.monotonic() < end:
            most = max(most, connections(like))
            time.sleep(0.25)
    finally:
        stop.set()
    for t in threads:
        t.join()
    return {
        "searches_per_s": round(sum(done) / seconds, 1),
        "max_connections": most,
        "errors": len(errors),
    }


@contextmanager
def phase(name: str) -> Iterator[None]:
    print(f"-- {name} ...", flush=True)
    t0 = time.perf_counter()
    yield
    print(f"   {name}: {time.perf_counter() - t0:.1f} s", flush=True)


def pg_dump_restore(args: list[str], database: str) -> tuple[float, float, int]:
    """(dump s, restore s, bytes) of `pg_dump args` restored into a fresh database."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "one.dump"
        t0 = time.perf_counter()
        subprocess.run(
            ["pg_dump", "-h", "127.0.0.1", "-U", "postgres", "-Fc", "-f", str(path), *args,
             database], check=True,
        )  # fmt: skip
        dumped = time.perf_counter() - t0
        create_db(PREFIX + "restored")
        t0 = time.perf_counter()
        subprocess.run(
            ["pg_restore", "-h", "127.0.0.1", "-U", "postgres", "-d", PREFIX + "restored",
             str(path)], check=True,
        )  # fmt: skip
        restored = time.perf_counter() - t0
        size = path.stat().st_size
    with admin() as conn:
        conn.execute(
            sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(PREFIX + "restored"))
        )
    return dumped, restored, size


def rls_backup_restore(k: int) -> tuple[float, float, int]:
    """Tenant k's rows out of the shared tables and back in (deleted first), as a superuser."""
    saved: dict[str, bytes] = {}
    with psycopg.connect(url_of(SHARED)) as conn:
        t0 = time.perf_counter()
        for table in tables_of(conn):
            buf = bytearray()
            with conn.cursor().copy(
                f'COPY (SELECT * FROM "{table}" WHERE tenant_id = {k}) TO STDOUT'
            ) as out:
                for chunk in out:
                    buf += chunk
            saved[table] = bytes(buf)
        dumped = time.perf_counter() - t0
        t0 = time.perf_counter()
        conn.execute("SET session_replication_role = replica")
        for table, data in saved.items():
            conn.execute(f'DELETE FROM "{table}" WHERE tenant_id = {k}')
            with conn.cursor().copy(f'COPY "{table}" FROM STDIN') as inp:
                inp.write(data)
        conn.commit()
        restored = time.perf_counter() - t0
    return dumped, restored, sum(len(v) for v in saved.values())


def run(a: argparse.Namespace) -> dict[str, Any]:
    n, scale = a.tenants, 1000 / a.tenants
    tenants = list(range(n))
    sample = tenants[: min(5, n)]
    active = tenants[: min(a.active, n)]
    result: dict[str, Any] = {"tenants": n, "customers": a.customers, "tickets": a.tickets,
                              "active": len(active), "models": {}}  # fmt: skip
    drop_all()

    with phase("database per tenant: create, migrate, seed"):
        create_db(TEMPLATE)
        template_migrate = migrate(url_of(TEMPLATE))
        from_template = [create_db(PREFIX + f"tpl_{i}", TEMPLATE) for i in range(min(5, n))]
        creates, migrations = [], []
        for k in tenants:
            creates.append(create_db(db_name(k)))
            migrations.append(migrate(url_of(db_name(k))))
            store = SqlStore(url_of(db_name(k)))
            bulk_seed(store, a.customers, a.tickets, seed=k, progress=lambda _m: None)
            store.close()
    with phase("schema per tenant: create, migrate, fill"):
        create_db(SCHEMAS)
        schema_migrations = []
        for k in tenants:
            with psycopg.connect(url_of(SCHEMAS), autocommit=True) as conn:
                conn.execute(f"CREATE SCHEMA t_{k}")
            t0 = time.perf_counter()
            migrate(url_of(SCHEMAS) + f"?options=-csearch_path%3Dt_{k}")
            schema_migrations.append(time.perf_counter() - t0)
            copy_tenant(k, SCHEMAS, f"t_{k}", None)
    with phase("shared tables with RLS: migrate once, convert, fill"):
        create_db(SHARED)
        shared_migrate = migrate(url_of(SHARED))
        convert = to_shared_model(SHARED)
        for k in tenants:
            copy_tenant(k, SHARED, "public", k)
        with psycopg.connect(url_of(SHARED), autocommit=True) as conn:
            conn.execute("ANALYZE")
        with psycopg.connect(url_of(SCHEMAS), autocommit=True) as conn:
            conn.execute("ANALYZE")

    # --- searches and load
    pool = PoolLimits(size=1, overflow=1, timeout_s=10.0)
    per_db = {k: SqlStore(url_of(db_name(k)), pool=pool, application_name=PREFIX + "db")
              for k in tenants}  # fmt: skip
    shared_pool = PoolLimits(size=a.pool, overflow=0, timeout_s=30.0)
    schema_store = shared_store(url_of(SCHEMAS), "SET search_path TO t_{k}", shared_pool)
    rls_store = shared_store(url_of(SHARED, APP_ROLE), "SET app.tenant = '{k}'",
                             shared_pool)  # fmt: skip
    stores: dict[str, Callable[[int], SqlStore]] = {
        "database": lambda k: per_db[k],
        "schema": lambda _k: schema_store,
        "rls": lambda _k: rls_store,
    }
    with phase("searches"):
        searches = {m: search_medians(f, sample, a.repeat) for m, f in stores.items()}
    with phase("load"):
        likes = {"database": PREFIX + "db_%", "schema": SCHEMAS, "rls": SHARED}
        loads = {m: load(f, active, a.seconds, likes[m]) for m, f in stores.items()}
    for s in [*per_db.values(), schema_store, rls_store]:
        s.close()

    # --- one more migration across all tenants
    with phase("a new migration across tenants"):
        t0 = time.perf_counter()
        for k in tenants:
            with psycopg.connect(url_of(db_name(k)), autocommit=True) as conn:
                for stmt in NEW_MIGRATION:
                    conn.execute(stmt.format(tenant=""))
        new_db = time.perf_counter() - t0
        t0 = time.perf_counter()
        with psycopg.connect(url_of(SCHEMAS), autocommit=True) as conn:
            for k in tenants:
                conn.execute(f"SET search_path TO t_{k}")
                for stmt in NEW_MIGRATION:
                    conn.execute(stmt.format(tenant=""))
        new_schema = time.perf_counter() - t0
        t0 = time.perf_counter()
        with psycopg.connect(url_of(SHARED), autocommit=True) as conn:
            for stmt in NEW_MIGRATION:
                conn.execute(stmt.format(tenant="tenant_id, "))
        new_rls = time.perf_counter() - t0
        t0 = time.perf_counter()
        for k in tenants:  # what `migrate-all` pays per tenant when nothing is to do
            store = SqlStore(url_of(db_name(k)))
            store.needs_upgrade()
            store.close()
        check_db = time.perf_counter() - t0

    with phase("backup and restore of one tenant"):
        b_db = pg_dump_restore([], db_name(0))
        b_schema = pg_dump_restore(["-n", "t_0"], SCHEMAS)
        b_rls = rls_backup_restore(0)

    with admin() as conn:
        sizes = dict(conn.execute(
            "SELECT datname, pg_database_size(datname) FROM pg_database WHERE datname LIKE %s",
            (PREFIX + "%",)).fetchall())  # fmt: skip
    with psycopg.connect(url_of(SCHEMAS)) as conn:
        relations = conn.execute(
            "SELECT count(*) FROM pg_class WHERE relnamespace = 't_0'::regnamespace"
        ).fetchone()[0]  # type: ignore[index]

    def x1000(seconds: float) -> float:
        return round(seconds * scale, 1)

    med = statistics.median
    result["models"] = {
        "database": {
            "provision_s": {"migrate": round(med(migrations), 2),
                            "template_migrate": round(template_migrate, 2),
                            "create_db": round(med(creates), 3),
                            "from_template": round(med(from_template), 3)},
            "new_migration_all_s": round(new_db, 2), "new_migration_1000_s": x1000(new_db),
            "check_at_head_all_s": round(check_db, 2), "check_at_head_1000_s": x1000(check_db),
            "backup": dict(zip(("dump_s", "restore_s", "bytes"), b_db, strict=True)),
            "searches_ms": searches["database"], "load": loads["database"],
            "bytes_per_tenant": int(med(sizes[db_name(k)] for k in tenants)),
            "empty_template_bytes": sizes[TEMPLATE],
        },
        "schema": {
            "provision_s": {"migrate": round(med(schema_migrations), 2)},
            "new_migration_all_s": round(new_schema, 2),
            "new_migration_1000_s": x1000(new_schema),
            "backup": dict(zip(("dump_s", "restore_s", "bytes"), b_schema, strict=True)),
            "searches_ms": searches["schema"], "load": loads["schema"],
            "bytes_per_tenant": int(sizes[SCHEMAS] / n), "relations_per_tenant": relations,
        },
        "rls": {
            "provision_s": {"migrate_once": round(shared_migrate, 2),
                            "convert_once": round(convert, 2), "new_tenant": 0.0},
            "new_migration_all_s": round(new_rls, 2),
            "backup": dict(zip(("dump_s", "restore_s", "bytes"), b_rls, strict=True)),
            "searches_ms": searches["rls"], "load": loads["rls"],
            "bytes_per_tenant": int(sizes[SHARED] / n),
        },
    }  # fmt: skip
    result["shared_pool"] = a.pool
    return result


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--tenants", type=int, default=50)
    p.add_argument("--customers", type=int, default=500, help="per tenant")
    p.add_argument("--tickets", type=int, default=2000, help="per tenant")
    p.add_argument("--active", type=int, default=20, help="tenants searching at once")
    p.add_argument("--seconds", type=float, default=5.0, help="how long they search")
    p.add_argument("--pool", type=int, default=5, help="the shared models' pool")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    a = p.parse_args()
    try:
        result = run(a)
    finally:
        if not a.keep:
            drop_all()
    import json

    print(json.dumps(result, indent=2))
    write_json("tenants", result)


if __name__ == "__main__":
    main()
