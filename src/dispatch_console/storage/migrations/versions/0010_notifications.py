"""notifications: the outbox of progress messages to customers (e-mail, SMS); customers'
opt-outs and the channels a contract allows

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27 12:02:30.943305
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import dispatch_console.storage.schema

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("moment", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=120), nullable=False),
        sa.Column("optout_token", sa.String(length=32), nullable=True),
        sa.Column(
            "created_at", dispatch_console.storage.schema.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "next_attempt_at",
            dispatch_console.storage.schema.UTCDateTime(timezone=True),
            nullable=False,
        ),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=400), nullable=True),
        sa.Column(
            "sent_at", dispatch_console.storage.schema.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("provider_ref", sa.String(length=200), nullable=True),
        sa.Column("resent_from", sa.Integer(), nullable=True),
        sa.Column("requested_by", sa.String(length=80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_notifications_customer_id_customers"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["resent_from"],
            ["notifications.id"],
            name=op.f("fk_notifications_resent_from_notifications"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_notifications_ticket_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_notifications_dedupe_key")),
        sa.UniqueConstraint("optout_token", name=op.f("uq_notifications_optout_token")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notifications_customer_id"), ["customer_id"], unique=False
        )
        batch_op.create_index("ix_notifications_due", ["status", "next_attempt_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_notifications_ticket_id"), ["ticket_id"], unique=False)

    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "notify_channels",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                server_default='["email", "sms"]',
                nullable=False,
            )
        )

    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("notify_email", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("notify_sms", sa.Boolean(), server_default=sa.true(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_column("notify_sms")
        batch_op.drop_column("notify_email")

    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.drop_column("notify_channels")

    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notifications_ticket_id"))
        batch_op.drop_index("ix_notifications_due")
        batch_op.drop_index(batch_op.f("ix_notifications_customer_id"))

    op.drop_table("notifications")
