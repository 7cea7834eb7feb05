"""`dispatch-admin tenant ...` on a real PostgreSQL: create, list, suspend, export, delete, and
migrations across every tenant that go on past a failure and pick up where they stopped."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from alembic import command
from sqlalchemy.engine import make_url

from dispatch_console.storage.store import SqlStore, alembic_config

from .conftest import Result, run

pytestmark = pytest.mark.postgres
PASSWORD = "correct horse 1"


@pytest.fixture
def cat() -> Iterator[tuple[str, str]]:
    """(the catalogue's URL, the prefix of the test's tenant databases); all dropped after."""
    admin_url = os.environ.get("DISPATCH_TEST_DATABASE_URL")
    if not admin_url:
        pytest.skip("DISPATCH_TEST_DATABASE_URL is not set: this needs PostgreSQL")
    admin = make_url(admin_url).set(drivername="postgresql")
    dsn = admin.render_as_string(hide_password=False)
    prefix = f"dispatch_tcli_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{prefix}_cat"')
    try:
        yield admin.set(database=f"{prefix}_cat").render_as_string(hide_password=False), prefix
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            names = conn.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s", (prefix + "%",)
            ).fetchall()
            for (name,) in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _db(cat: tuple[str, str], key: str) -> str:
    return cat[0].rsplit("/", 1)[0] + f"/{cat[1]}_{key}"


def _create(cat: tuple[str, str], key: str, *hosts: str, url: str | None = None) -> Result:
    host_args = [a for h in hosts for a in ("--host", h)]
    return run("tenant", "--catalogue", cat[0], "create", key, *host_args, "--seats", "3",
               "--admin", "boss", "--password", PASSWORD,
               "--database-url", url or _db(cat, key))  # fmt: skip


def _exists(cat: tuple[str, str], key: str) -> bool:
    admin = make_url(cat[0]).set(database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin) as conn:
        found = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (f"{cat[1]}_{key}",)
        ).fetchone()
    return found is not None


def test_create_list_suspend_resume(cat: tuple[str, str]) -> None:
    made = _create(cat, "acme", "Acme.Dispatch.Example", "acme.example.com")
    assert made.code == 0, made.err
    assert "created tenant acme: acme.dispatch.example, acme.example.com; 3 seats" in made.out
    store = SqlStore(_db(cat, "acme"))
    assert not store.needs_upgrade()
    with store.unit_of_work() as uow:
        assert uow.execute("SELECT username, role FROM users").all() == [("boss", "admin")]
    store.close()

    listed = run("tenant", "--catalogue", cat[0], "list")
    assert listed.out.split("\t")[:4] == ["acme", "active", "3 seats",
                                          "acme.dispatch.example acme.example.com"]  # fmt: skip
    stopped = run("tenant", "--catalogue", cat[0], "suspend", "acme", "--reason", "unpaid")
    assert stopped.code == 0 and "suspended (unpaid)" in stopped.out
    assert "suspended (unpaid)" in run("tenant", "--catalogue", cat[0], "list").out
    assert run("tenant", "--catalogue", cat[0], "resume", "acme").code == 0
    assert "\tactive\t" in run("tenant", "--catalogue", cat[0], "list").out


def test_what_create_refuses_leaves_nothing_behind(cat: tuple[str, str]) -> None:
    assert _create(cat, "acme", "acme.example.com").code == 0
    taken = _create(cat, "beta", "ACME.example.com")
    assert taken.code == 1
    assert "host name already in use: acme.example.com (tenant acme)" in taken.err
    assert not _exists(cat, "beta")
    again = _create(cat, "acme", "other.example.com")
    assert "tenant 'acme' exists already" in again.err
    for bad, words in (("Bad_Id", "lower-case letters"), ("x" * 41, "1-40")):
        refused = _create(cat, bad, "x.example.com")
        assert refused.code == 2 and words in refused.err
    host = _create(cat, "gamma", "not a host")
    assert host.code == 2 and "is not a host name" in host.err
    weak = run("tenant", "--catalogue", cat[0], "create", "delta", "--host", "d.example.com",
               "--seats", "3", "--admin", "boss", "--password", "x",
               "--database-url", _db(cat, "delta"))  # fmt: skip
    assert weak.code == 1 and "tenant delta not created" in weak.err
    assert not _exists(cat, "delta")  # made, then dropped again
    listed = run("tenant", "--catalogue", cat[0], "list").out
    assert listed.count("\n") == 1 and listed.startswith("acme\t")
    no_cat = run("tenant", "list")
    if not os.environ.get("DISPATCH_TENANTS_URL"):
        assert no_cat.code == 1 and "give --catalogue URL" in no_cat.err


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
def test_delete_only_after_suspension_and_export_and_then_really_gone(
    cat: tuple[str, str], tmp_path: Path
) -> None:
    assert _create(cat, "acme", "acme.example.com").code == 0
    base = ("tenant", "--catalogue", cat[0])
    active = run(*base, "delete", "acme", "--yes")
    assert active.code == 1 and "is active: suspend it first" in active.err
    assert run(*base, "suspend", "acme", "--reason", "leaving").code == 0
    unexported = run(*base, "delete", "acme", "--yes")
    assert unexported.code == 1 and "no export since its suspension" in unexported.err
    dump = tmp_path / "acme.dump"
    exported = run(*base, "export", "acme", "--to", str(dump))
    assert exported.code == 0, exported.err
    assert dump.stat().st_size > 10_000 and dump.read_bytes().startswith(b"PGDMP")
    assert "exists already" in run(*base, "export", "acme", "--to", str(dump)).err
    unsure = run(*base, "delete", "acme")
    assert unsure.code == 1 and "add --yes" in unsure.err and _exists(cat, "acme")
    gone = run(*base, "delete", "acme", "--yes")
    assert gone.code == 0, gone.err
    assert not _exists(cat, "acme")
    assert "no tenants yet" in run(*base, "list").out
    # the one file holds the company: it restores into a working database
    restored = cat[0].rsplit("/", 1)[0] + f"/{cat[1]}_restored"
    admin = make_url(cat[0]).set(database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{cat[1]}_restored"')
    import subprocess

    subprocess.run(["pg_restore", "--dbname", restored, str(dump)], check=True)
    store = SqlStore(restored)
    with store.unit_of_work() as uow:
        assert uow.execute("SELECT username FROM users").scalar_one() == "boss"
    store.close()


@pytest.mark.parametrize("parallel", ["1", "3"])
def test_migrate_goes_on_past_a_failure_and_resumes(cat: tuple[str, str], parallel: str) -> None:
    for key in ("a", "b", "c"):
        assert _create(cat, key, f"{key}.example.com").code == 0
    for key in ("a", "c"):  # two are a revision behind
        store = SqlStore(_db(cat, key))
        command.downgrade(alembic_config(store.url, store.engine), "-1")
        assert store.needs_upgrade()
        store.close()
    # b's database goes away (its server down, say): a and c are still migrated
    admin = make_url(cat[0]).set(database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{cat[1]}_b" RENAME TO "{cat[1]}_b_away"')
    base = ("tenant", "--catalogue", cat[0])
    first = run(*base, "migrate", "--parallel", parallel)
    assert first.code == 1
    assert "b: migration failed:" in first.err
    assert "2 of 3 tenants at the current schema (2 upgraded now); failed: b" in first.out
    listed = run(*base, "list").out.splitlines()
    assert "migration failed" in next(line for line in listed if line.startswith("b\t"))
    for key in ("a", "c"):
        store = SqlStore(_db(cat, key))
        assert not store.needs_upgrade()
        store.close()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{cat[1]}_b_away" RENAME TO "{cat[1]}_b"')
    again = run(*base, "migrate", "--parallel", parallel)
    assert again.code == 0, again.err
    assert "3 of 3 tenants at the current schema (0 upgraded now)" in again.out
    assert "schema ok" in run(*base, "list").out.splitlines()[1]
