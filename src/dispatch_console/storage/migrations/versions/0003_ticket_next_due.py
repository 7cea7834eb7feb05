"""tickets.next_due_at: the deadline a ticket works toward now; the queue sorts and filters on it

"SLA left" shows the first milestone not yet reached (response, then arrival, then resolution);
sorting and the "breaching" filter used the resolution deadline, so a new ticket whose response
was overdue could sit far down the queue. The due indexes move to the new column.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import dispatch_console.storage.schema

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# frozen copies (migrations never import the live predicates)
OPEN_TICKETS = (
    "status IN ('accepted', 'assigned', 'en_route', 'in_progress', 'new', 'on_hold', "
    "'on_site', 'reopened')"
)
OPEN_UNASSIGNED = OPEN_TICKETS + " AND assignee_id IS NULL"
# (name, columns, partial-index predicate)
DUE_INDEXES = (
    ("ix_tickets_status_due", ["status", "{due}", "id"], None),
    ("ix_tickets_due_id", ["{due}", "id"], None),
    ("ix_tickets_open_due", ["{due}", "id"], OPEN_TICKETS),
    ("ix_tickets_open_department_due", ["department_id", "{due}", "id"], OPEN_TICKETS),
    ("ix_tickets_unassigned_due", ["{due}", "id"], OPEN_UNASSIGNED),
)


def _indexes(batch: object, due: str) -> None:
    for name, columns, where in DUE_INDEXES:
        kw = {"sqlite_where": sa.text(where), "postgresql_where": sa.text(where)} if where else {}
        batch.create_index(name, [c.format(due=due) for c in columns], unique=False, **kw)  # type: ignore[attr-defined]


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(
            sa.Column(
                "next_due_at",
                dispatch_console.storage.schema.UTCDateTime(timezone=True),
                nullable=True,
            )
        )
        for name, _, _ in DUE_INDEXES:
            batch.drop_index(name)
    op.execute(
        "UPDATE tickets SET next_due_at = CASE "
        "WHEN responded_at IS NULL AND response_due_at IS NOT NULL THEN response_due_at "
        "WHEN arrived_at IS NULL AND arrival_due_at IS NOT NULL THEN arrival_due_at "
        "ELSE resolution_due_at END"
    )
    with op.batch_alter_table("tickets") as batch:
        _indexes(batch, "next_due_at")


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        for name, _, _ in DUE_INDEXES:
            batch.drop_index(name)
        batch.drop_column("next_due_at")
    with op.batch_alter_table("tickets") as batch:
        _indexes(batch, "resolution_due_at")
