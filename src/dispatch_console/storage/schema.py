"""Tables. Column names match the domain dataclasses' fields so that mapping stays mechanical."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from ..domain.lifecycle import OPEN_STATES
from ..domain.notices import NOTICE_KINDS


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, on every database (SQLite has no zones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use aware UTC datetimes")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


Payload = JSON().with_variant(JSONB(), "postgresql")

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: dict[Any, Any] = {  # noqa: RUF012 - SQLAlchemy reads a class attribute
        datetime: UTCDateTime(),
        date: Date(),
        time: Time(),
        str: String(200),
    }


def _fk(target: str, **kw: Any) -> Any:
    return mapped_column(ForeignKey(target, ondelete=kw.pop("ondelete", None)), **kw)


class CompanyRow(Base):
    __tablename__ = "companies"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    version: Mapped[int] = mapped_column(default=1)


class ContractRow(Base):
    __tablename__ = "contracts"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = _fk("companies.id", index=True)
    name: Mapped[str]
    sla_class: Mapped[str] = mapped_column(String(20))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    notify_channels: Mapped[list[str]] = mapped_column(
        Payload, default=list, server_default='["email", "sms"]'
    )


class CustomerRow(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    # lower-cased name for prefix search by an index range, not a LIKE scan
    name_key: Mapped[str] = mapped_column(index=True)
    company_id: Mapped[int | None] = _fk("companies.id", index=True)
    email: Mapped[str | None] = mapped_column(index=True)  # lower-case: chats are matched by it
    language: Mapped[str] = mapped_column(String(10), default="zh_CN")
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime | None]
    notify_email: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    notify_sms: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class CustomerPhoneRow(Base):
    __tablename__ = "customer_phones"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = _fk("customers.id", ondelete="CASCADE", index=True)
    number: Mapped[str] = mapped_column(String(20), index=True)  # E.164, exact-match lookups
    label: Mapped[str] = mapped_column(String(20), default="mobile")


class SiteRow(Base):
    __tablename__ = "sites"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    address: Mapped[str] = mapped_column(String(400))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    customer_id: Mapped[int | None] = _fk("customers.id", index=True)
    company_id: Mapped[int | None] = _fk("companies.id", index=True)
    district: Mapped[str] = mapped_column(String(60), default="")
    version: Mapped[int] = mapped_column(default=1)
    __table_args__ = (
        CheckConstraint("lat BETWEEN -90 AND 90", name="lat_range"),
        CheckConstraint("lon BETWEEN -180 AND 180", name="lon_range"),
    )


class AssetRow(Base):
    __tablename__ = "assets"
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = _fk("sites.id", index=True)
    model: Mapped[str]
    serial: Mapped[str] = mapped_column(String(100), index=True)
    qr_token: Mapped[str] = mapped_column(String(64), unique=True)
    category: Mapped[str] = mapped_column(String(64), default="")
    contract_id: Mapped[int | None] = _fk("contracts.id", index=True)
    warranty_ends_on: Mapped[date | None]
    version: Mapped[int] = mapped_column(default=1)


class DepartmentRow(Base):
    __tablename__ = "departments"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    code: Mapped[str] = mapped_column(String(40), unique=True)


class UserRow(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str]
    role: Mapped[str] = mapped_column(String(20))
    department_id: Mapped[int | None] = _fk("departments.id")
    extension: Mapped[str | None] = mapped_column(String(20), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # where SLA alerts reach them away from the console
    email: Mapped[str | None] = mapped_column(String(254))
    mobile: Mapped[str | None] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(10), default="zh_CN", server_default="zh_CN")
    version: Mapped[int] = mapped_column(default=1)


class PartRow(Base):
    __tablename__ = "parts"
    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str]
    unit: Mapped[str] = mapped_column(String(20), default="pcs")
    fits: Mapped[list[str]] = mapped_column(Payload, default=list, server_default="[]")


class TechnicianRow(Base):
    __tablename__ = "technicians"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    phone: Mapped[str] = mapped_column(String(20))
    department_id: Mapped[int | None] = _fk("departments.id", index=True)
    skills: Mapped[list[str]] = mapped_column(Payload, default=list)
    districts: Mapped[list[str]] = mapped_column(Payload, default=list, server_default="[]")
    user_id: Mapped[int | None] = _fk("users.id", unique=True)
    status: Mapped[str] = mapped_column(String(20), default="off_duty")
    work_starts: Mapped[time]
    work_ends: Mapped[time]
    max_open_jobs: Mapped[int] = mapped_column(default=5)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    position_at: Mapped[datetime | None]
    position_accuracy_m: Mapped[float | None] = mapped_column(Float)
    device_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    version: Mapped[int] = mapped_column(default=1)


class StockRow(Base):
    __tablename__ = "van_stock"
    technician_id: Mapped[int] = _fk("technicians.id", ondelete="CASCADE", primary_key=True)
    part_id: Mapped[int] = _fk("parts.id", primary_key=True)
    quantity: Mapped[int]
    __table_args__ = (CheckConstraint("quantity >= 0", name="non_negative"),)


OPEN_STATUS_VALUES = tuple(sorted(s.value for s in OPEN_STATES))
OPEN_PREDICATE = "status IN ({})".format(", ".join(f"'{v}'" for v in OPEN_STATUS_VALUES))


UNASSIGNED_PREDICATE = "assignee_id IS NULL"
NOTICE_PREDICATE = "kind IN ({})".format(", ".join(f"'{k}'" for k in NOTICE_KINDS))


def _open_index(name: str, *columns: str, unassigned: bool = False) -> Index:
    predicate = OPEN_PREDICATE + (f" AND {UNASSIGNED_PREDICATE}" if unassigned else "")
    where = text(predicate)
    return Index(name, *columns, sqlite_where=where, postgresql_where=where)


class TicketRowORM(Base):
    __tablename__ = "tickets"
    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(64))
    priority: Mapped[str] = mapped_column(String(10))
    priority_rank: Mapped[int] = mapped_column(Integer)  # for sorting; derived from priority
    status: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    sla_class: Mapped[str] = mapped_column(String(20))
    customer_id: Mapped[int | None] = _fk("customers.id")
    site_id: Mapped[int | None] = _fk("sites.id", index=True)
    asset_id: Mapped[int | None] = _fk("assets.id", index=True)
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_phone: Mapped[str | None] = mapped_column(String(20), index=True)
    assignee_id: Mapped[int | None] = _fk("technicians.id")
    department_id: Mapped[int | None] = _fk("departments.id")
    created_by: Mapped[str] = mapped_column(String(80), default="")
    response_due_at: Mapped[datetime | None]
    arrival_due_at: Mapped[datetime | None]
    resolution_due_at: Mapped[datetime | None]
    next_due_at: Mapped[datetime | None]  # derived: the first deadline not yet reached
    responded_at: Mapped[datetime | None]
    arrived_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    hold_started_at: Mapped[datetime | None]
    held_from: Mapped[str | None] = mapped_column(String(20))
    hold_reason: Mapped[str | None] = mapped_column(String(400))
    reopen_count: Mapped[int] = mapped_column(default=0)
    required_skills: Mapped[list[str]] = mapped_column(Payload, default=list, server_default="[]")
    watchers: Mapped[list[str]] = mapped_column(Payload, default=list, server_default="[]")
    appointment_starts_at: Mapped[datetime | None]
    appointment_ends_at: Mapped[datetime | None]
    planned_start_at: Mapped[datetime | None]
    planned_minutes: Mapped[int | None]
    version: Mapped[int] = mapped_column(default=1)
    __table_args__ = (
        # a technician's days on the dispatch board: their jobs in order of planned start
        Index("ix_tickets_assignee_planned", "assignee_id", "planned_start_at"),
        # Each queue view is an ordered range scan of one index, stopped after a page: the sort
        # key follows the filter's equality columns, and id ends every key so pages are total.
        Index("ix_tickets_status_id", "status", "id"),
        Index("ix_tickets_status_priority", "status", "priority_rank", "id"),
        Index("ix_tickets_status_due", "status", "next_due_at", "id"),
        Index("ix_tickets_assignee_id", "assignee_id", "id"),
        Index("ix_tickets_department_id", "department_id", "id"),
        Index("ix_tickets_created_by_id", "created_by", "id"),
        Index("ix_tickets_customer_id", "customer_id", "id"),
        Index("ix_tickets_priority_rank_id", "priority_rank", "id"),
        Index("ix_tickets_due_id", "next_due_at", "id"),
        # The open queue is a few percent of all tickets: partial indexes keep its views small
        # and ordered. The queue query repeats OPEN_PREDICATE word for word so SQLite sees that
        # these indexes apply (it matches partial-index predicates by their terms).
        _open_index("ix_tickets_open_id", "id"),
        _open_index("ix_tickets_open_priority", "priority_rank", "id"),
        _open_index("ix_tickets_open_due", "next_due_at", "id"),
        _open_index("ix_tickets_open_department_due", "department_id", "next_due_at", "id"),
        # each technician's open jobs, counted for the fleet on every ranking (open_job_counts)
        _open_index("ix_tickets_open_assignee", "assignee_id"),
        # the open tickets' booked windows, held on the days on every QR page view
        # (schedule_queries.booked_unplaced)
        _open_index("ix_tickets_open_booked", "appointment_ends_at"),
        # the dispatcher's own queue: open and nobody assigned yet (待派单)
        _open_index("ix_tickets_unassigned_priority", "priority_rank", "id", unassigned=True),
        _open_index("ix_tickets_unassigned_due", "next_due_at", "id", unassigned=True),
    )


class TransitionRow(Base):
    __tablename__ = "ticket_transitions"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = _fk("tickets.id", ondelete="CASCADE", index=True)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(80))
    at: Mapped[datetime]
    reason: Mapped[str | None] = mapped_column(String(400))
    # the dashboard counts resolutions (and reopenings) in a period
    __table_args__ = (Index("ix_ticket_transitions_to_at", "to_status", "at"),)


class CommentRow(Base):
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = _fk("tickets.id", ondelete="CASCADE", index=True)
    author: Mapped[str] = mapped_column(String(80))
    body: Mapped[str] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime]


class BlobRow(Base):
    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class AttachmentRow(Base):
    __tablename__ = "attachments"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = _fk("tickets.id", ondelete="CASCADE", index=True)
    sha256: Mapped[str] = _fk("blobs.sha256")
    filename: Mapped[str]
    content_type: Mapped[str] = mapped_column(String(60))
    size: Mapped[int]
    uploaded_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime]


class WorkLogRow(Base):
    __tablename__ = "work_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = _fk("tickets.id", ondelete="CASCADE", index=True)
    technician_id: Mapped[int] = _fk("technicians.id")
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime]
    note: Mapped[str] = mapped_column(Text)


class PartUsageRow(Base):
    __tablename__ = "part_usage"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = _fk("tickets.id", ondelete="CASCADE", index=True)
    technician_id: Mapped[int] = _fk("technicians.id")
    part_id: Mapped[int] = _fk("parts.id")
    quantity: Mapped[int]
    created_at: Mapped[datetime]


class CheckInRow(Base):
    __tablename__ = "check_ins"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = _fk("tickets.id", ondelete="CASCADE", index=True)
    technician_id: Mapped[int] = _fk("technicians.id")
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    accuracy_m: Mapped[float | None] = mapped_column(Float)
    distance_m: Mapped[float] = mapped_column(Float)
    inside_geofence: Mapped[bool] = mapped_column(Boolean)
    device_time: Mapped[datetime | None]
    server_time: Mapped[datetime]
    on_time: Mapped[bool | None] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(String(400))


class CallRow(Base):
    __tablename__ = "calls"
    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[str] = mapped_column(String(100), unique=True)
    direction: Mapped[str] = mapped_column(String(10))
    from_number: Mapped[str] = mapped_column(String(40), index=True)
    to_number: Mapped[str] = mapped_column(String(40))
    offered_at: Mapped[datetime] = mapped_column(index=True)
    agent_extension: Mapped[str | None] = mapped_column(String(20))
    answered_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    outcome: Mapped[str] = mapped_column(String(10))
    end_cause: Mapped[str | None] = mapped_column(String(60))
    customer_id: Mapped[int | None] = _fk("customers.id", index=True)
    ticket_id: Mapped[int | None] = _fk("tickets.id", index=True)
    version: Mapped[int] = mapped_column(default=1)


class CallbackRow(Base):
    __tablename__ = "callbacks"
    id: Mapped[int] = mapped_column(primary_key=True)
    reason: Mapped[str] = mapped_column(String(20))
    due_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(20))
    phone: Mapped[str] = mapped_column(String(20))
    ticket_id: Mapped[int | None] = _fk("tickets.id", index=True)
    customer_id: Mapped[int | None] = _fk("customers.id", index=True)
    call_id: Mapped[str | None] = mapped_column(String(100))
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=3)
    outcome: Mapped[str | None] = mapped_column(String(20))
    satisfaction: Mapped[int | None]
    problem_fixed: Mapped[bool | None] = mapped_column(Boolean)
    comment: Mapped[str] = mapped_column(Text, default="")
    agent: Mapped[str | None] = mapped_column(String(80))
    completed_at: Mapped[datetime | None]
    created_at: Mapped[datetime | None]
    sla_due_at: Mapped[datetime | None]
    technician_id: Mapped[int | None] = _fk("technicians.id", index=True)
    assigned_to: Mapped[str | None] = mapped_column(String(80))
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    claim_expires_at: Mapped[datetime | None]
    reopened: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(default=1)
    __table_args__ = (
        Index("ix_callbacks_status_due", "status", "due_at"),
        Index("ix_callbacks_completed", "completed_at"),
        Index("ix_callbacks_created", "created_at"),
        CheckConstraint(
            "satisfaction IS NULL OR satisfaction BETWEEN 1 AND 5", name="satisfaction"
        ),
    )


class CallbackRuleRow(Base):
    __tablename__ = "callback_rules"
    id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[str | None] = mapped_column(String(80))
    channel: Mapped[str | None] = mapped_column(String(20))
    delay_kind: Mapped[str] = mapped_column(String(20))
    delay_hours: Mapped[int]
    at_hour: Mapped[int]
    timezone: Mapped[str] = mapped_column(String(60))
    sla_hours: Mapped[int]
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(default=1)


class ApiTokenRow(Base):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    subject: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    user_id: Mapped[int | None] = _fk("users.id", ondelete="CASCADE", index=True)
    version: Mapped[int] = mapped_column(default=1)


class RequestKeyRow(Base):
    __tablename__ = "request_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(80))
    request_key: Mapped[str] = mapped_column(String(100))
    route: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(index=True)  # purged by age
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    status_code: Mapped[int | None]
    response: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1)
    __table_args__ = (UniqueConstraint("subject", "request_key"),)


class SignInFailuresRow(Base):
    __tablename__ = "sign_in_failures"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(64))
    tries: Mapped[int]
    last_at: Mapped[datetime] = mapped_column(index=True)
    blocked_until: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)
    __table_args__ = (UniqueConstraint("username", "address"),)


class CustomerLinkRow(Base):
    __tablename__ = "customer_links"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = _fk("tickets.id", ondelete="CASCADE", index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(default=1)


class EventRow(Base):
    __tablename__ = "events"
    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(80))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(Payload)
    __table_args__ = (
        Index("ix_events_entity", "entity", "entity_id", "id"),
        # A console opening finds the notices it missed: a few events a day among the many
        # (GPS fixes, calls ...), so a partial index keeps them apart at almost no write cost.
        # Queries repeat NOTICE_PREDICATE word for word, as for OPEN_PREDICATE.
        Index("ix_events_notices_at", "at", "id", sqlite_where=text(NOTICE_PREDICATE),
              postgresql_where=text(NOTICE_PREDICATE)),
    )  # fmt: skip


# the chat's and the notifications' tables live in their own modules; importing them here
# registers them on the metadata that migrations, resets and tests read (they need Base)
from . import schema_chat, schema_limits, schema_notify, schema_rules, schema_schedule  # noqa: E402, F401
