"""The Alembic migrations must build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from dispatch_console.storage.schema import Base
from dispatch_console.storage.store import SqlStore


def _diff(store: SqlStore) -> list[object]:
    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(ctx, Base.metadata))


def test_migrations_produce_the_models_on_sqlite(tmp_path: Path) -> None:
    store = SqlStore(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    store.upgrade()
    assert _diff(store) == []
    store.upgrade()  # idempotent: a second upgrade is a no-op, not an error
    assert store.is_initialised()
    store.close()


@pytest.mark.postgres
def test_migrations_produce_the_models_on_postgresql(pg_url: str) -> None:
    store = SqlStore(pg_url)
    store.upgrade()
    assert _diff(store) == []
    store.close()


def test_0013_indexes_the_notice_events_of_an_existing_log(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    store = SqlStore(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    store.upgrade("0011")
    at = datetime(2026, 11, 27, 8, 40)  # SQLite keeps UTC without its zone
    with store.engine.begin() as conn:
        for kind in ("escalated", "updated"):
            conn.execute(
                text("INSERT INTO events (at, actor, entity, entity_id, kind, payload) "
                     "VALUES (:at, 'sla-watch', 'ticket', '7', :kind, '{}')"),
                {"at": at, "kind": kind},
            )  # fmt: skip
    store.upgrade()
    with store.engine.connect() as conn:
        indexes = {r[1] for r in conn.execute(text("PRAGMA index_list('events')"))}
    assert "ix_events_notices_at" in indexes
    with store.unit_of_work(read_only=True) as uow:
        found = uow.notice_events(at.replace(tzinfo=UTC) - timedelta(hours=1), None, 10)
    assert [e.kind for e in found] == ["escalated"]
    store.close()


def test_0014_keeps_the_chats_kept_before_with_no_raw_number(tmp_path: Path) -> None:
    from dispatch_console.domain.chat import Conversation

    store = SqlStore(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    store.upgrade("0013")
    with store.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO conversations (source, external_id, contact_name, contact_phone, "
                 "status, inbox, preview, message_count, version) VALUES ('chatwoot', '207', "
                 "'Zhang', '+8613812345678', 'open', '', '', 0, 1)")
        )  # fmt: skip
    store.upgrade()
    with store.unit_of_work(read_only=True) as uow:
        (conv,) = uow.find(Conversation, external_id="207")
    assert (conv.contact_phone, conv.contact_phone_raw) == ("+8613812345678", None)
    store.close()


def test_0015_keeps_the_technicians_with_no_device_and_one_device_each(tmp_path: Path) -> None:
    from sqlalchemy.exc import IntegrityError

    store = SqlStore(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    store.upgrade("0014")
    insert = text(
        "INSERT INTO technicians (name, phone, skills, districts, status, work_starts, work_ends, "
        "max_open_jobs, version) VALUES (:name, :phone, '[]', '[]', 'off_duty', '08:30:00', "
        "'17:30:00', 5, 1)"
    )
    with store.engine.begin() as conn:
        for n in range(2):
            conn.execute(insert, {"name": f"T{n}", "phone": f"+861390000100{n}"})
    store.upgrade()
    with store.engine.begin() as conn:
        rows = conn.execute(text("SELECT device_id FROM technicians")).all()
        assert rows == [(None,), (None,)]  # many technicians without a device is fine
        conn.execute(text("UPDATE technicians SET device_id = '356938035643809' WHERE id = 1"))
    with pytest.raises(IntegrityError), store.engine.begin() as conn:
        conn.execute(text("UPDATE technicians SET device_id = '356938035643809' WHERE id = 2"))
    store.close()


def test_0016_leaves_the_texts_queued_before_it_to_be_read_from_their_wording(
    tmp_path: Path,
) -> None:
    from dispatch_console.domain.notifications import Notification

    store = SqlStore(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    store.upgrade("0015")
    with store.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO notifications (moment, channel, recipient, recipient_name, "
                 "language, subject, body, dedupe_key, created_at, next_attempt_at, status, "
                 "attempts, requested_by, version) VALUES ('received', 'sms', '+8613812345678', "
                 "'', 'zh_CN', '', '您的报修已受理，工单号T-1，我们将尽快安排师傅。', 'k1', "
                 "'2026-12-07 06:00:00', '2026-12-07 06:00:00', 'pending', 0, 'system', 1)")
        )  # fmt: skip
    store.upgrade()
    with store.unit_of_work(read_only=True) as uow:
        (queued,) = uow.find(Notification, dedupe_key="k1")
    assert queued.template_params is None
    store.close()


def test_the_quick_schema_check_agrees_with_alembic(tmp_path: Path) -> None:
    """Every start asks whether the schema is current; the answer read from the migration files'
    headers (no Alembic import) must be Alembic's own, and an older schema still needs one."""
    from alembic.script import ScriptDirectory

    from dispatch_console.storage.store import alembic_config, head_revisions

    url = f"sqlite:///{tmp_path / 'q.sqlite3'}"
    heads = ScriptDirectory.from_config(alembic_config(url)).get_heads()
    assert head_revisions() == set(heads) and heads
    store = SqlStore(url)
    store.upgrade("0011")
    assert store.needs_upgrade()
    store.upgrade()
    assert not store.needs_upgrade()
    with store.engine.begin() as conn:  # a newer program's schema: not ours to call current
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    assert store.needs_upgrade()  # Alembic judges it, as before
    store.close()
