"""conversations and chat_messages: online chats that reach the desk through a webhook, matched
to customers (by mobile number or by e-mail: customers' addresses become lower-case and indexed)
and turned into or linked to tickets

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27 11:59:26.335883
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import dispatch_console.storage.schema

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # customers' addresses are kept lower-case from now on, and found by an index
    op.execute("UPDATE customers SET email = lower(email) WHERE email IS NOT NULL")
    op.create_index(op.f("ix_customers_email"), "customers", ["email"], unique=False)
    op.create_table(
        "conversations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=False),
        sa.Column("contact_name", sa.String(length=200), nullable=False),
        sa.Column("contact_phone", sa.String(length=32), nullable=True),
        sa.Column("contact_email", sa.String(length=254), nullable=True),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("inbox", sa.String(length=120), nullable=False),
        sa.Column(
            "started_at", dispatch_console.storage.schema.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "last_message_at",
            dispatch_console.storage.schema.UTCDateTime(timezone=True),
            nullable=True,
        ),
        sa.Column("preview", sa.String(length=200), nullable=False),
        sa.Column("message_count", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_conversations_customer_id_customers"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_conversations_ticket_id_tickets"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversations")),
        sa.UniqueConstraint("source", "external_id", name=op.f("uq_conversations_source")),
    )
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_conversations_contact_email"), ["contact_email"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_conversations_contact_phone"), ["contact_phone"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_conversations_customer_id"), ["customer_id"], unique=False
        )
        batch_op.create_index(
            "ix_conversations_status_last", ["status", "last_message_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_conversations_ticket_id"), ["ticket_id"], unique=False)

    op.create_table(
        "chat_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=False),
        sa.Column("author", sa.String(length=10), nullable=False),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "sent_at", dispatch_console.storage.schema.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_chat_messages_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_messages")),
        sa.UniqueConstraint(
            "conversation_id", "external_id", name=op.f("uq_chat_messages_conversation_id")
        ),
    )
    with op.batch_alter_table("chat_messages", schema=None) as batch_op:
        batch_op.create_index(
            "ix_chat_messages_conversation_sent", ["conversation_id", "sent_at"], unique=False
        )


def downgrade() -> None:
    op.drop_index(op.f("ix_customers_email"), table_name="customers")
    with op.batch_alter_table("chat_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_chat_messages_conversation_sent")

    op.drop_table("chat_messages")
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conversations_ticket_id"))
        batch_op.drop_index("ix_conversations_status_last")
        batch_op.drop_index(batch_op.f("ix_conversations_customer_id"))
        batch_op.drop_index(batch_op.f("ix_conversations_contact_phone"))
        batch_op.drop_index(batch_op.f("ix_conversations_contact_email"))

    op.drop_table("conversations")
