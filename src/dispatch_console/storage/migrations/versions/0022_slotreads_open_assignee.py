"""tickets: a partial index of the open tickets' assignees, for counting each technician's
open jobs (the fleet every ranking reads) without reading every assigned ticket's row

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-08 04:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# a frozen copy of storage.schema.OPEN_PREDICATE (migrations never import the live one)
OPEN_TICKETS = (
    "status IN ('accepted', 'assigned', 'en_route', 'in_progress', 'new', 'on_hold', "
    "'on_site', 'reopened')"
)


def upgrade() -> None:
    op.create_index(
        "ix_tickets_open_assignee", "tickets", ["assignee_id"], unique=False,
        sqlite_where=sa.text(OPEN_TICKETS), postgresql_where=sa.text(OPEN_TICKETS),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_index("ix_tickets_open_assignee", table_name="tickets")
