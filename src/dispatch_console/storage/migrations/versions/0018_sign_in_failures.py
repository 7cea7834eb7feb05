"""sign_in_failures: wrong passwords per user name and address, for the sign-in throttle's
backoff (kept in the database so every server instance and dispatch-admin's unlock see it)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import dispatch_console.storage.schema

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    utc = dispatch_console.storage.schema.UTCDateTime(timezone=True)
    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("last_at", utc, nullable=False),
        sa.Column("blocked_until", utc, nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_failures")),
        sa.UniqueConstraint("username", "address", name=op.f("uq_sign_in_failures_username")),
    )
    op.create_index(
        op.f("ix_sign_in_failures_last_at"), "sign_in_failures", ["last_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_sign_in_failures_last_at"), table_name="sign_in_failures")
    op.drop_table("sign_in_failures")
