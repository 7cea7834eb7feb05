"""Migration 0019 (the schedule) over a populated database, on SQLite and PostgreSQL: the
upgrade keeps every row, the schedule's records round-trip, and the downgrade gives back
exactly the 0018 schema with the same rows."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from dispatch_console.domain.model import Department, Technician
from dispatch_console.domain.schedule import (
    Absence,
    AbsenceKind,
    DayHours,
    DepartmentHours,
    TechnicianHours,
    TimeSpan,
    WeeklyHours,
)
from dispatch_console.domain.tickets import Ticket
from dispatch_console.storage.bulk import bulk_seed
from dispatch_console.storage.schema import Base
from dispatch_console.storage.store import SqlStore, alembic_config

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
BEFORE = "0018"
NEW_TABLES = {"department_hours", "technician_hours", "technician_absences"}
KEPT = ("tickets", "technicians", "departments", "customers", "sites", "events", "callbacks")


def _schema(store: SqlStore) -> dict[str, Any]:
    """Everything the database says about its tables, to compare two schemas by."""
    if store.dialect == "sqlite":
        with store.engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT type, name, sql FROM sqlite_master WHERE name NOT "
                    "LIKE 'sqlite_%' ORDER BY name"
                )
            )  # ANALYZE's statistics
            return {name: (kind, " ".join((sql or "").split())) for kind, name, sql in rows}
    found = inspect(store.engine)
    return {
        table: (
            [
                (c["name"], str(c["type"]), c["nullable"], c.get("default"))
                for c in found.get_columns(table)
            ],
            sorted(
                (i["name"], tuple(i["column_names"]), i["unique"], str(i.get("dialect_options")))
                for i in found.get_indexes(table)
            ),
            sorted(str(fk) for fk in found.get_foreign_keys(table)),
            sorted(str(u) for u in found.get_unique_constraints(table)),
            sorted(str(c) for c in found.get_check_constraints(table)),
        )
        for table in found.get_table_names()
    }


def _rows(store: SqlStore) -> dict[str, Any]:
    with store.engine.connect() as conn:
        counts = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in KEPT}
        tickets = conn.execute(
            text("SELECT id, status, assignee_id, next_due_at, version FROM tickets ORDER BY id")
        ).all()
    return {"counts": counts, "tickets": [tuple(r) for r in tickets]}


def _diff(store: SqlStore) -> list[object]:
    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(ctx, Base.metadata))


def _schedule(store: SqlStore) -> tuple[DepartmentHours, TechnicianHours, Absence, int]:
    """One of each schedule record, and a ticket with an appointment and a planned visit."""
    with store.unit_of_work() as uow:
        department = uow.find(Department, limit=1)[0]
        technician = uow.find(Technician, limit=1)[0]
        dept = uow.add(DepartmentHours(0, department.id, WeeklyHours.office(), "Asia/Shanghai"))
        night = DayHours(time(22), time(6), (TimeSpan(time(2), time(2, 30)),))
        own = uow.add(
            TechnicianHours(
                0, technician.id, WeeklyHours((night,) * 5 + (None,) * 2, observes_holidays=False)
            )
        )
        away = uow.add(
            Absence(
                0,
                technician.id,
                AbsenceKind.SICKNESS,
                NOW,
                NOW + timedelta(days=2),
                note="病假",
                created_by="supervisor1",
                created_at=NOW,
            )
        )
        ticket = uow.find(Ticket, limit=1)[0]
        ticket.appointment_starts_at = NOW + timedelta(days=1, hours=5)
        ticket.appointment_ends_at = NOW + timedelta(days=1, hours=9)
        ticket.planned_start_at = NOW + timedelta(days=1, hours=6)
        ticket.planned_minutes = 90
        uow.update(ticket, ticket.version)
        uow.commit()
    return dept, own, away, ticket.id


def test_0019_upgrades_and_downgrades_over_a_populated_database(store: SqlStore) -> None:
    store.upgrade(BEFORE)
    before = _schema(store)
    store.upgrade()
    bulk_seed(store, 60, 400, seed=3, progress=lambda *_: None, now=NOW)
    dept, own, away, ticket_id = _schedule(store)
    with store.unit_of_work(read_only=True) as uow:
        assert uow.find(DepartmentHours) == [dept]
        assert uow.find(TechnicianHours) == [own]  # the week with its night shift, as JSON
        assert uow.find(Absence, technician_id=away.technician_id) == [away]
        stored = uow.get(Ticket, ticket_id)
    assert (stored.planned_minutes, stored.appointment_ends_at) == (90, NOW + timedelta(hours=33))
    populated = _rows(store)
    assert populated["counts"]["tickets"] >= 400

    command.downgrade(alembic_config(store.url, store.engine), BEFORE)
    assert _schema(store) == before  # exactly 0018's tables, columns and indexes again
    assert NEW_TABLES.isdisjoint(inspect(store.engine).get_table_names())
    assert _rows(store) == populated

    store.upgrade()  # and up again, over the same rows
    assert _diff(store) == []
    assert _rows(store) == populated
    with store.unit_of_work(read_only=True) as uow:
        again = uow.get(Ticket, ticket_id)
        assert uow.find(Absence) == []
    assert (again.appointment_starts_at, again.planned_start_at, again.planned_minutes) == (
        None,
        None,
        None,
    )


def test_an_absence_that_ends_before_it_starts_is_refused_by_the_database(tmp_path: Path) -> None:
    from sqlalchemy.exc import IntegrityError

    store = SqlStore(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    store.upgrade()
    bulk_seed(store, 0, 0, progress=lambda *_: None, now=NOW)
    with pytest.raises(IntegrityError), store.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO technician_absences (technician_id, kind, starts_at, ends_at, note, "
                "created_by, version) SELECT id, 'leave', '2026-12-08 09:00:00', "
                "'2026-12-08 08:00:00', '', '', 1 FROM technicians LIMIT 1"
            )
        )
    store.close()
