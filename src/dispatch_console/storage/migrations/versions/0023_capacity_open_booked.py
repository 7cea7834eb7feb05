"""tickets: a partial index of the open tickets' booked window ends, for the visits customers
booked that no one has planned yet, which the QR page's offered windows hold on the days on
every page view (issue 25)

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-08 05:25:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# a frozen copy of storage.schema.OPEN_PREDICATE (migrations never import the live one)
OPEN_TICKETS = (
    "status IN ('accepted', 'assigned', 'en_route', 'in_progress', 'new', 'on_hold', "
    "'on_site', 'reopened')"
)


def upgrade() -> None:
    op.create_index(
        "ix_tickets_open_booked", "tickets", ["appointment_ends_at"], unique=False,
        sqlite_where=sa.text(OPEN_TICKETS), postgresql_where=sa.text(OPEN_TICKETS),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_index("ix_tickets_open_booked", table_name="tickets")
