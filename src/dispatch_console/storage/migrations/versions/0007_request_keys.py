"""request_keys: the first outcome of each write sent with an Idempotency-Key, replayed for
retries of the same request

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import dispatch_console.storage.schema

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "request_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=80), nullable=False),
        sa.Column("request_key", sa.String(length=100), nullable=False),
        sa.Column("route", sa.String(length=60), nullable=False),
        sa.Column(
            "created_at",
            dispatch_console.storage.schema.UTCDateTime(timezone=True),
            nullable=False,
        ),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("response", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_keys")),
        sa.UniqueConstraint("subject", "request_key", name=op.f("uq_request_keys_subject")),
    )


def downgrade() -> None:
    op.drop_table("request_keys")
