"""address_allowances: per-address sign-ins and reports, counted in the database so every
server process agrees (a token bucket per scope and address)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 22:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "address_allowances",
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("tokens", sa.Float(), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("scope", "key", name=op.f("pk_address_allowances")),
    )
    op.create_index(op.f("ix_address_allowances_at"), "address_allowances", ["at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_address_allowances_at"), table_name="address_allowances")
    op.drop_table("address_allowances")
