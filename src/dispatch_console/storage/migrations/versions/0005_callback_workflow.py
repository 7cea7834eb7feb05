"""Callback workflow: rules for calling back resolved tickets, each callback's own deadline, the
technician it rates, a supervisor's assignment, the claim that keeps two agents off one callback

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import dispatch_console.storage.schema

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _when(name: str) -> sa.Column[object]:
    return sa.Column(
        name, dispatch_console.storage.schema.UTCDateTime(timezone=True), nullable=True
    )


def upgrade() -> None:
    rules = op.create_table(
        "callback_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=80), nullable=True),
        sa.Column("channel", sa.String(length=20), nullable=True),
        sa.Column("delay_kind", sa.String(length=20), nullable=False),
        sa.Column("delay_hours", sa.Integer(), nullable=False),
        sa.Column("at_hour", sa.Integer(), nullable=False),
        sa.Column("timezone", sa.String(length=60), nullable=False),
        sa.Column("sla_hours", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_callback_rules")),
    )
    # what a service desk does unless told otherwise: every resolved ticket, next business day
    op.bulk_insert(
        rules,
        [
            {"delay_kind": "next_business_day", "delay_hours": 24, "at_hour": 10,
             "timezone": "Asia/Shanghai", "sla_hours": 8, "enabled": True, "version": 1}
        ],
    )  # fmt: skip
    op.create_index("ix_ticket_transitions_to_at", "ticket_transitions", ["to_status", "at"])
    with op.batch_alter_table("callbacks") as batch:
        batch.add_column(_when("sla_due_at"))
        batch.add_column(sa.Column("technician_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("assigned_to", sa.String(length=80), nullable=True))
        batch.add_column(sa.Column("claimed_by", sa.String(length=80), nullable=True))
        batch.add_column(_when("claim_expires_at"))
        batch.add_column(
            sa.Column("reopened", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.create_foreign_key(
            batch.f("fk_callbacks_technician_id_technicians"),
            "technicians",
            ["technician_id"],
            ["id"],
        )
        batch.create_index(batch.f("ix_callbacks_technician_id"), ["technician_id"], unique=False)
        batch.create_index("ix_callbacks_completed", ["completed_at"], unique=False)
        batch.create_index("ix_callbacks_created", ["created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("callbacks") as batch:
        batch.drop_index("ix_callbacks_created")
        batch.drop_index("ix_callbacks_completed")
        batch.drop_index(batch.f("ix_callbacks_technician_id"))
        batch.drop_constraint(batch.f("fk_callbacks_technician_id_technicians"), type_="foreignkey")
        for column in ("reopened", "claim_expires_at", "claimed_by", "assigned_to",
                       "technician_id", "sla_due_at"):  # fmt: skip
            batch.drop_column(column)
    op.drop_index("ix_ticket_transitions_to_at", table_name="ticket_transitions")
    op.drop_table("callback_rules")
