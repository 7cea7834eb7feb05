"""Fixtures for the server's own tests."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import psycopg
import pytest

from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore

PG = os.environ.get("DISPATCH_TEST_DATABASE_URL")


@pytest.fixture
def pg_desk() -> Iterator[str]:
    """A scratch PostgreSQL database of its own, migrated, with the administrator "boss"
    (password "correct horse 1"): for server processes a test may cut off or kill."""
    if not PG:
        pytest.skip("DISPATCH_TEST_DATABASE_URL is not set: this needs PostgreSQL")
    name = f"dispatch_workers_{uuid.uuid4().hex[:8]}"
    admin = PG.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    url = admin.rsplit("/", 1)[0] + "/" + name
    try:
        store = SqlStore(url)
        store.upgrade()
        Services(store.unit_of_work, store.feed, Actor("setup", "admin")).create_first_admin(
            "boss", "Boss", "correct horse 1"
        )
        store.close()
        yield url
    finally:
        with psycopg.connect(admin, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
