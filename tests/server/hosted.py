"""A real hosted dispatch-server (`--tenants`) over scratch PostgreSQL databases, for tests
that need one: companies made by `dispatch-admin tenant create`, dropped afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

from dispatch_console.cli.admin import main as admin

from .conftest import PG
from .processes import ServerProcess

PASSWORD = "correct horse 1"


@dataclass
class Hosted:
    server: ServerProcess
    catalogue: str
    databases: dict[str, str]  # company id -> its database URL

    def url(self, host: str) -> str:
        return f"http://{host}:{self.server.port}"

    def admin(self, *args: str) -> int:
        return admin(["tenant", "--catalogue", self.catalogue, *args])


def _scratch(name: str) -> str:
    assert PG is not None
    return PG.replace("postgresql+psycopg://", "postgresql://").rsplit("/", 1)[0] + "/" + name


@contextmanager
def hosted(log: Path, companies: dict[str, tuple[str, int]]) -> Iterator[Hosted]:
    """`companies`: id -> (host name, seats); each has the administrator "boss" (PASSWORD)."""
    assert PG is not None, "needs DISPATCH_TEST_DATABASE_URL"
    tag = uuid.uuid4().hex[:8]
    names = {"": f"dispatch_hcat_{tag}", **{k: f"dispatch_h{k}_{tag}" for k in companies}}
    admin_url = PG.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin_url, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{names[""]}"')
    catalogue = _scratch(names[""])
    server = None
    try:
        for key, (host, seats) in companies.items():
            assert admin(["tenant", "--catalogue", catalogue, "create", key, "--host", host,
                          "--seats", str(seats), "--admin", "boss", "--password", PASSWORD,
                          "--database-url", _scratch(names[key])]) == 0  # fmt: skip
        server = ServerProcess(catalogue, log, option="--tenants", args=["--workers", "1"])
        server.start()
        yield Hosted(server, catalogue, {k: _scratch(names[k]) for k in companies})
    finally:
        if server is not None:
            server.stop()
        with psycopg.connect(admin_url, autocommit=True) as c:
            for name in names.values():
                c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
