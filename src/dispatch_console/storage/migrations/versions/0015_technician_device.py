"""technicians: device_id, the id a technician's GPS tracker or app reports (an IMEI, Traccar
Client's identifier), unique, so that a tracker that cannot send a phone number is matched

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 19:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("technicians", schema=None) as batch_op:
        batch_op.add_column(sa.Column("device_id", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_technicians_device_id"), ["device_id"])


def downgrade() -> None:
    with op.batch_alter_table("technicians", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_technicians_device_id"), type_="unique")
        batch_op.drop_column("device_id")
