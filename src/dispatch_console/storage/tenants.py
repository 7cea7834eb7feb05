"""The tenant catalogue of a hosted deployment: which company answers at which host names, in
which database, and whether it may work (docs/saas.md).

Each tenant has a database of its own (the isolation docs/saas.md chose by measurement); the
catalogue is a small database apart that every server process reads, so processes stay stateless
and a tenant's database may live on any PostgreSQL server (sharding by tenant). It has no
Alembic history: its two tables are created when missing, and a change to them would be a
`tenants_v2` beside them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from .engine import make_engine
from .limits import PoolLimits

ID_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")
HOST_PATTERN = re.compile(r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$")
ACTIVE, SUSPENDED = "active", "suspended"

metadata = MetaData()
tenants_table = Table(
    "tenants",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("database_url", Text, nullable=False),
    Column("status", String(20), nullable=False, default=ACTIVE),
    Column("reason", Text, nullable=False, default=""),
    Column("seat_limit", Integer, nullable=False, default=5),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("status_at", DateTime(timezone=True)),
    Column("exported_at", DateTime(timezone=True)),
    Column("migrated_at", DateTime(timezone=True)),
    Column("migration_error", Text, nullable=False, default=""),
)
hosts_table = Table(
    "tenant_hosts",
    metadata,
    # one host answers for one tenant only: the primary key refuses a second claim
    Column("host", String(253), primary_key=True),
    Column("tenant_id", String(40), ForeignKey("tenants.id", ondelete="CASCADE"), index=True),
)


class TenantError(ValueError):
    """A tenant id, host or state change the catalogue refuses, in words for the operator."""


@dataclass(frozen=True)
class Tenant:
    id: str
    database_url: str
    status: str = ACTIVE
    reason: str = ""
    seat_limit: int = 5
    hosts: tuple[str, ...] = ()
    created_at: datetime | None = None
    status_at: datetime | None = None
    exported_at: datetime | None = None
    migrated_at: datetime | None = None
    migration_error: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return self.status == ACTIVE


def normalise_host(host: str) -> str:
    """`Acme.Dispatch.Example.:8470` -> `acme.dispatch.example`: what a Host header names."""
    host = host.strip().lower()
    if host.startswith("["):  # an IPv6 literal: no tenant is reached by address
        return host.split("]", 1)[0] + "]"
    if host.count(":") > 1:
        return host
    name, _, port = host.partition(":")
    return name.rstrip(".") if port.isdigit() or not port else ""  # "name:junk" names nothing


def check_id(tenant_id: str) -> str:
    if not ID_PATTERN.match(tenant_id):
        raise TenantError(
            f"tenant id {tenant_id!r}: 1-40 lower-case letters, digits or '-' (e.g. acme)"
        )
    return tenant_id


def check_host(host: str) -> str:
    name = normalise_host(host)
    if not HOST_PATTERN.match(name) or ".." in name:
        raise TenantError(f"host {host!r} is not a host name such as acme.dispatch.example")
    return name


def _tenant(r: Any, hosts: tuple[str, ...]) -> Tenant:
    return Tenant(
        id=r.id, database_url=r.database_url, status=r.status, reason=r.reason,
        seat_limit=r.seat_limit, hosts=hosts, created_at=r.created_at, status_at=r.status_at,
        exported_at=r.exported_at, migrated_at=r.migrated_at, migration_error=r.migration_error,
    )  # fmt: skip


class Catalogue:
    """The tenants and their host names, in the catalogue database at `url`."""

    def __init__(self, url: str, *, application_name: str = "dispatch-catalogue") -> None:
        self.url = url
        self.engine: Engine = make_engine(
            url, pool=PoolLimits(size=1, overflow=1, timeout_s=10.0),
            application_name=application_name,
        )  # fmt: skip
        metadata.create_all(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def all(self) -> list[Tenant]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(tenants_table).order_by(tenants_table.c.id)).all()
            hosts = conn.execute(select(hosts_table).order_by(hosts_table.c.host)).all()
        names: dict[str, list[str]] = {}
        for host, tenant_id in hosts:
            names.setdefault(tenant_id, []).append(host)
        return [_tenant(r, tuple(names.get(r.id, ()))) for r in rows]

    def get(self, tenant_id: str) -> Tenant:
        for tenant in self.all():
            if tenant.id == tenant_id:
                return tenant
        raise TenantError(f"no tenant {tenant_id!r} (dispatch-admin tenant list shows them)")

    def by_host(self) -> dict[str, Tenant]:
        return {host: t for t in self.all() for host in t.hosts}

    def add(
        self,
        tenant_id: str,
        database_url: str,
        hosts: list[str],
        seat_limit: int,
        *,
        status: str = ACTIVE,
        reason: str = "",
    ) -> Tenant:
        check_id(tenant_id)
        names = sorted({check_host(h) for h in hosts})
        if not names:
            raise TenantError("a tenant needs at least one host name (--host)")
        if seat_limit < 1:
            raise TenantError("--seats: at least 1")
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    insert(tenants_table).values(
                        id=tenant_id, database_url=database_url, status=status, reason=reason,
                        seat_limit=seat_limit, created_at=datetime.now(UTC),
                        status_at=datetime.now(UTC), migration_error="",
                    )
                )  # fmt: skip
                for host in names:
                    conn.execute(insert(hosts_table).values(host=host, tenant_id=tenant_id))
        except IntegrityError:
            taken = self.by_host()
            clash = [f"{h} (tenant {taken[h].id})" for h in names if h in taken]
            if clash:
                raise TenantError("host name already in use: " + ", ".join(clash)) from None
            raise TenantError(f"tenant {tenant_id!r} exists already") from None
        return self.get(tenant_id)

    def set_status(self, tenant_id: str, status: str, reason: str = "") -> Tenant:
        if status not in (ACTIVE, SUSPENDED):
            raise TenantError(f"status {status!r}: active or suspended")
        self._update(tenant_id, status=status, reason=reason, status_at=datetime.now(UTC))
        return self.get(tenant_id)

    def mark_exported(self, tenant_id: str) -> None:
        self._update(tenant_id, exported_at=datetime.now(UTC))

    def mark_migrated(self, tenant_id: str, error: str = "") -> None:
        if error:
            self._update(tenant_id, migration_error=error)
        else:
            self._update(tenant_id, migrated_at=datetime.now(UTC), migration_error="")

    def remove(self, tenant_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(hosts_table).where(hosts_table.c.tenant_id == tenant_id))
            conn.execute(delete(tenants_table).where(tenants_table.c.id == tenant_id))

    def _update(self, tenant_id: str, **values: object) -> None:
        with self.engine.begin() as conn:
            done = conn.execute(
                update(tenants_table).where(tenants_table.c.id == tenant_id).values(**values)
            )
        if done.rowcount != 1:
            raise TenantError(f"no tenant {tenant_id!r} (dispatch-admin tenant list shows them)")
