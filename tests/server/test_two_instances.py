"""Two server processes against one PostgreSQL, as behind a load balancer: a token from one works
on the other, and a change written through one reaches a console following the other, through
the database's change feed (NOTIFY), not through either process's memory."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import requests

from dispatch_console.ports import Actor
from dispatch_console.rest.client import RestBackend
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore

from .processes import ServerProcess

PG = os.environ.get("DISPATCH_TEST_DATABASE_URL")


@pytest.fixture
def database() -> Iterator[str]:
    if not PG:
        pytest.skip("DISPATCH_TEST_DATABASE_URL is not set: two servers need one PostgreSQL")
    name = f"dispatch_two_{uuid.uuid4().hex[:8]}"
    admin = PG.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    url = admin.rsplit("/", 1)[0] + "/" + name
    store = SqlStore(url)
    store.upgrade()
    Services(store.unit_of_work, store.feed, Actor("setup", "admin")).create_first_admin(
        "boss", "Boss", "correct horse 1"
    )
    store.close()
    try:
        yield url
    finally:
        with psycopg.connect(admin, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_two_instances_share_nothing_but_the_database(database: str, tmp_path: Path) -> None:
    one = ServerProcess(database, tmp_path / "one.log").start()
    two = ServerProcess(database, tmp_path / "two.log").start()
    url_one, url_two = one.url, two.url
    try:
        writer, _ = RestBackend.sign_in(url_one, "boss", "correct horse 1")
        reader = RestBackend(url_two, writer.token)  # the same session, the other instance
        assert reader.actor.name == "boss"
        start = reader.last_event_id()  # type: ignore[attr-defined]
        reader.wait_for_events(start, timeout=0.1)  # connected to instance two's stream
        began = time.monotonic()
        customer = writer.create_customer("Li Lei", ["13812345678"])  # type: ignore[attr-defined]
        seen = reader.wait_for_events(start, timeout=10)
        assert [(e.entity, e.entity_id) for e in seen] == [("customer", str(customer.id))]
        assert time.monotonic() - began < 2.0
        writer.sign_out()
        refused = requests.get(
            url_one + "/api/v1/auth/me", headers={"Authorization": f"Bearer {writer.token}"},
            timeout=10,
        )  # fmt: skip
        assert refused.status_code == 401  # the other instance: within its 5-second cache
        writer.close()
        reader.close()
    finally:
        one.stop()
        two.stop()
