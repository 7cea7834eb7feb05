"""schedule: appointment windows and planned visits on tickets; working hours (a department's
default week, a technician's own) and technicians' absences (issue 25)

The ticket columns are nullable and added in place, without rebuilding the tickets table (a
desk's largest); the downgrade drops them the same way (SQLite 3.35+ drops columns natively).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 22:30:00
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import dispatch_console.storage.schema

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TICKET_COLUMNS = (
    "appointment_starts_at",
    "appointment_ends_at",
    "planned_start_at",
    "planned_minutes",
)


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    utc = dispatch_console.storage.schema.UTCDateTime(timezone=True)
    for name in TICKET_COLUMNS[:3]:
        op.add_column("tickets", sa.Column(name, utc, nullable=True))
    op.add_column("tickets", sa.Column("planned_minutes", sa.Integer(), nullable=True))
    op.create_index(
        "ix_tickets_assignee_planned", "tickets", ["assignee_id", "planned_start_at"], unique=False
    )
    op.create_table(
        "department_hours",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("week", _json(), nullable=False),
        sa.Column("timezone", sa.String(length=60), nullable=False),
        sa.Column("holiday_region", sa.String(length=10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_department_hours_department_id_departments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_department_hours")),
        sa.UniqueConstraint("department_id", name=op.f("uq_department_hours_department_id")),
    )
    op.create_table(
        "technician_hours",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("technician_id", sa.Integer(), nullable=False),
        sa.Column("week", _json(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["technician_id"],
            ["technicians.id"],
            name=op.f("fk_technician_hours_technician_id_technicians"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_technician_hours")),
        sa.UniqueConstraint("technician_id", name=op.f("uq_technician_hours_technician_id")),
    )
    op.create_table(
        "technician_absences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("technician_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("starts_at", utc, nullable=False),
        sa.Column("ends_at", utc, nullable=False),
        sa.Column("note", sa.String(length=400), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("created_at", utc, nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "ends_at > starts_at", name=op.f("ck_technician_absences_ends_after_start")
        ),
        sa.ForeignKeyConstraint(
            ["technician_id"],
            ["technicians.id"],
            name=op.f("fk_technician_absences_technician_id_technicians"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_technician_absences")),
    )
    op.create_index(
        "ix_technician_absences_technician_starts",
        "technician_absences",
        ["technician_id", "starts_at"],
        unique=False,
    )
    op.create_index("ix_technician_absences_ends", "technician_absences", ["ends_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_technician_absences_ends", table_name="technician_absences")
    op.drop_index("ix_technician_absences_technician_starts", table_name="technician_absences")
    op.drop_table("technician_absences")
    op.drop_table("technician_hours")
    op.drop_table("department_hours")
    op.drop_index("ix_tickets_assignee_planned", table_name="tickets")
    for name in reversed(TICKET_COLUMNS):
        op.drop_column("tickets", name)
