"""events: a partial index of the notice kinds (escalated, routed, auto_dispatch) by time, for a
console that opens and asks what it missed in the last day without reading the whole log

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-27 14:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# a frozen copy (migrations never import the live predicates)
NOTICES = "kind IN ('auto_dispatch', 'escalated', 'routed')"


def upgrade() -> None:
    op.create_index(
        "ix_events_notices_at", "events", ["at", "id"], unique=False,
        sqlite_where=sa.text(NOTICES), postgresql_where=sa.text(NOTICES),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_index("ix_events_notices_at", table_name="events")
