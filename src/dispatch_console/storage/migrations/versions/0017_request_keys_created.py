"""request_keys: an index by time, for purging the outcomes older than the retention a batch
at a time without reading the whole table

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 19:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        op.f("ix_request_keys_created_at"), "request_keys", ["created_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_request_keys_created_at"), table_name="request_keys")
