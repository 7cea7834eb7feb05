"""events: the notices' partial index also holds "running_late" (a technician marked a visit
late: the desk hears of it in the console)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-08 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# frozen copies (migrations never import the live predicates)
BEFORE = "kind IN ('auto_dispatch', 'escalated', 'routed')"
AFTER = "kind IN ('auto_dispatch', 'escalated', 'routed', 'running_late')"


def _index(predicate: str) -> None:
    op.drop_index("ix_events_notices_at", table_name="events")
    op.create_index(
        "ix_events_notices_at", "events", ["at", "id"], unique=False,
        sqlite_where=sa.text(predicate), postgresql_where=sa.text(predicate),
    )  # fmt: skip


def upgrade() -> None:
    _index(AFTER)


def downgrade() -> None:
    _index(BEFORE)
