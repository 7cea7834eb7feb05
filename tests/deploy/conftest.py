"""Scratch PostgreSQL databases for the deployment's tests, made and dropped like a DBA would."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator

import psycopg
import pytest

from conftest import PG_SKIP_REASON, PG_URL_ENV
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore

BOSS, BOSS_PASSWORD = "boss", "correct horse 1"


def _admin() -> str:
    url = os.environ.get(PG_URL_ENV)
    if not url:
        pytest.skip(PG_SKIP_REASON)
    return url.replace("postgresql+psycopg://", "postgresql://")


@contextlib.contextmanager
def empty_database(prefix: str = "dispatch_deploy") -> Iterator[str]:
    """A new, empty database on the test server, dropped afterwards; its URL."""
    admin = _admin()
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def desk_database() -> Iterator[str]:
    """A migrated database with the administrator boss (password BOSS_PASSWORD)."""
    with empty_database() as url:
        store = SqlStore(url)
        try:
            store.upgrade()
            Services(store.unit_of_work, store.feed, Actor("setup", "admin")).create_first_admin(
                BOSS, "Boss", BOSS_PASSWORD
            )
        finally:
            store.close()
        yield url
