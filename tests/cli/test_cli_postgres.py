"""The same commands against PostgreSQL: schema, a small demo, export, and a pg_dump backup."""

from __future__ import annotations

import csv
import io
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ANCHOR, run

pytestmark = pytest.mark.postgres
PG_URL_ENV = "DISPATCH_TEST_DATABASE_URL"


@pytest.fixture
def pg_url() -> Iterator[str]:
    admin_url = os.environ.get(PG_URL_ENV)
    if not admin_url:
        pytest.skip(f"{PG_URL_ENV} is not set; set it to run the PostgreSQL CLI tests")
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"dispatch_cli_{uuid.uuid4().hex[:10]}"
    admin = make_url(admin_url).set(drivername="postgresql")
    dsn = admin.render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_upgrade_seed_export_and_backup_on_postgres(pg_url: str, tmp_path: Path) -> None:
    assert run("--database", pg_url, "db", "upgrade").code == 0
    assert run("--database", pg_url, "db", "current").out.strip().endswith("(head)")
    seeded = run("--database", pg_url, "seed", "--demo", "--scale", "0.05", "--anchor", ANCHOR)
    assert seeded.code == 0, seeded.err
    assert run("--database", pg_url, "seed", "--demo").code == 1  # it has tickets now
    exported = run("--database", pg_url, "export", "tickets")
    assert exported.code == 0, exported.err
    tickets = list(csv.DictReader(io.StringIO(exported.out.lstrip("\ufeff"), newline="")))
    assert len(tickets) >= 11
    target = tmp_path / "dispatch.dump"
    result = run("--database", pg_url, "backup", "-o", str(target))
    if shutil.which("pg_dump") is None:
        assert result.code == 1 and "pg_dump" in result.err
    else:
        assert result.code == 0, result.err
        assert target.read_bytes().startswith(b"PGDMP")  # pg_dump's custom format


def test_a_database_with_no_connection_slot_left_is_explained(pg_url: str) -> None:
    """PostgreSQL refusing a connection (here a role's CONNECTION LIMIT, the same refusal as
    max_connections) is one line saying what to do, its own exit status, no traceback."""
    import psycopg
    from sqlalchemy.engine import make_url

    from dispatch_console.cli.admin import EXIT_DATABASE_FULL

    role = f"dispatch_pg_limits_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute(f'CREATE ROLE "{role}" LOGIN CONNECTION LIMIT 1')
        try:
            url = make_url(pg_url).set(username=role).render_as_string(hide_password=False)
            with psycopg.connect(url):  # another program holds the only slot
                result = run("--database", url, "db", "current")
        finally:
            admin.execute(f'DROP ROLE IF EXISTS "{role}"')
    assert result.code == EXIT_DATABASE_FULL
    assert result.err.startswith("dispatch-admin: error: database ")
    assert f'too many connections for role "{role}"' in result.err
    assert "max_connections" in result.err and "dispatch-server" in result.err
    assert "Traceback" not in result.err and len(result.err.strip().splitlines()) == 1
