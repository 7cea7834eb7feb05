"""Tables of the technicians' schedule: working hours (a department's default week, a
technician's own) and absences. Kept apart from schema.py, which holds the core records (the
appointment and the planned visit are columns of tickets there); both share one metadata."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .schema import Base, Payload, _fk


class DepartmentHoursRow(Base):
    """One per department: its default week (domain WeeklyHours as JSON), time zone and the
    region whose public holidays it keeps."""

    __tablename__ = "department_hours"
    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = _fk("departments.id", ondelete="CASCADE", unique=True)
    week: Mapped[dict[str, Any]] = mapped_column(Payload)
    timezone: Mapped[str] = mapped_column(String(60))
    holiday_region: Mapped[str] = mapped_column(String(10))
    version: Mapped[int] = mapped_column(default=1)


class TechnicianHoursRow(Base):
    """One per technician who does not work their department's default week."""

    __tablename__ = "technician_hours"
    id: Mapped[int] = mapped_column(primary_key=True)
    technician_id: Mapped[int] = _fk("technicians.id", ondelete="CASCADE", unique=True)
    week: Mapped[dict[str, Any]] = mapped_column(Payload)
    version: Mapped[int] = mapped_column(default=1)


class AbsenceRow(Base):
    __tablename__ = "technician_absences"
    id: Mapped[int] = mapped_column(primary_key=True)
    technician_id: Mapped[int] = _fk("technicians.id", ondelete="CASCADE")
    kind: Mapped[str] = mapped_column(String(20))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    note: Mapped[str] = mapped_column(String(400), default="")
    created_by: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)
    __table_args__ = (
        # one technician's absences in a period; the board's "everyone away in these days"
        # is a range scan of the ends (absences that ended long ago are most of the table)
        Index("ix_technician_absences_technician_starts", "technician_id", "starts_at"),
        Index("ix_technician_absences_ends", "ends_at"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )
