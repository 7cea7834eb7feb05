"""Tables of the limits several server processes must agree on. Kept apart from schema.py,
which holds the core records; both share one metadata."""

from __future__ import annotations

from sqlalchemy import Float, String
from sqlalchemy.orm import Mapped, mapped_column

from .schema import Base


class AddressAllowanceRow(Base):
    """One bucket: `scope` says what is counted (sign-ins, reports), `key` whom (an address)."""

    __tablename__ = "address_allowances"
    scope: Mapped[str] = mapped_column(String(40), primary_key=True)
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    tokens: Mapped[float] = mapped_column(Float)
    at: Mapped[float] = mapped_column(Float, index=True)  # last taken, epoch seconds: purged by age
