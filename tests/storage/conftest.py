"""Fixtures of the storage tests: scratch PostgreSQL databases."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from dispatch_console.storage.store import SqlStore


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A brand-new, empty PostgreSQL database, dropped afterwards."""
    base = os.environ.get("DISPATCH_TEST_DATABASE_URL")
    if not base:
        pytest.skip(
            "DISPATCH_TEST_DATABASE_URL is not set; .ci/run sets it to the local PostgreSQL"
        )
    admin_url = make_url(base).set(drivername="postgresql+psycopg")
    name = f"dispatch_test_mig_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlStore]:
    """An empty store on each database, not yet migrated."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    else:
        url = request.getfixturevalue("pg_url")
    opened = SqlStore(url)
    yield opened
    opened.close()
