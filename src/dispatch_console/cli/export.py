"""`export tickets|calls|callbacks`: CSV for Excel, streamed row by row from the database."""

from __future__ import annotations

import argparse
import csv
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import aliased

from ..domain.desk_zone import DEFAULT_TIMEZONE, check_zone
from ..domain.errors import ValidationError
from ..domain.tickets import Ticket
from ..storage import schema as s
from .common import csv_output, open_store, require_schema

BATCH = 1000
Query = Any  # a Select; its generic parameters differ between SQLAlchemy 2.0 and 2.1
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _tickets() -> Query:
    t, c, site = s.TicketRowORM, aliased(s.CustomerRow), aliased(s.SiteRow)
    tech, dept = aliased(s.TechnicianRow), aliased(s.DepartmentRow)
    return (
        select(
            t.id.label("number"),
            t.status,
            t.priority,
            t.sla_class,
            t.channel,
            t.category,
            dept.name.label("department"),
            c.name.label("customer"),
            t.contact_name,
            t.contact_phone,
            site.name.label("site"),
            site.district,
            site.address,
            tech.name.label("technician"),
            t.created_at,
            t.created_by,
            t.response_due_at,
            t.responded_at,
            t.arrival_due_at,
            t.arrived_at,
            t.resolution_due_at,
            t.resolved_at,
            t.closed_at,
            t.hold_reason,
            t.reopen_count,
            t.description,
        )
        .outerjoin(c, c.id == t.customer_id)
        .outerjoin(site, site.id == t.site_id)
        .outerjoin(tech, tech.id == t.assignee_id)
        .outerjoin(dept, dept.id == t.department_id)
        .order_by(t.id)
    )


def _calls() -> Query:
    k, c = s.CallRow, aliased(s.CustomerRow)
    return (
        select(
            k.call_id,
            k.direction,
            k.outcome,
            k.from_number,
            k.to_number,
            k.agent_extension,
            k.offered_at,
            k.answered_at,
            k.ended_at,
            k.end_cause,
            c.name.label("customer"),
            k.ticket_id.label("ticket"),
        )
        .outerjoin(c, c.id == k.customer_id)
        .order_by(k.offered_at, k.id)
    )


def _callbacks() -> Query:
    b, c = s.CallbackRow, aliased(s.CustomerRow)
    return (
        select(
            b.id,
            b.reason,
            b.status,
            b.due_at,
            b.phone,
            c.name.label("customer"),
            b.ticket_id.label("ticket"),
            b.attempts,
            b.max_attempts,
            b.outcome,
            b.satisfaction,
            b.problem_fixed,
            b.agent,
            b.comment,
            b.created_at,
            b.completed_at,
        )
        .outerjoin(c, c.id == b.customer_id)
        .order_by(b.due_at, b.id)
    )


QUERIES: dict[str, Callable[[], Query]] = {
    "tickets": _tickets,
    "calls": _calls,
    "callbacks": _callbacks,
}
TICKET_REFS = {"number", "ticket"}  # integer ids shown as the T0000123 numbers agents read out


def register(commands: Any) -> None:
    p = commands.add_parser(
        "export",
        help="write tickets, calls or callbacks as CSV",
        description="Write one table as CSV with a header row, UTF-8 with a byte-order mark so "
        "that Excel (also on Chinese Windows) opens it correctly. Rows are streamed: any size "
        "works. Times are the desk's (--timezone) as 'YYYY-MM-DD HH:MM:SS' unless --utc. "
        "Text that Excel would run as a formula (starting with = + - @) is prefixed with ' "
        "unless --raw.",
    )
    p.add_argument("what", choices=sorted(QUERIES), help="what to export")
    p.add_argument("--format", choices=["csv"], default="csv", help="file format (csv)")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (default: standard output)")
    p.add_argument("--utc", action="store_true", help="times as ISO 8601 in UTC")
    p.add_argument(
        "--timezone", type=_zone, default=ZoneInfo(DEFAULT_TIMEZONE), metavar="ZONE",
        help=f"the desk's time zone, that times are written in (default: {DEFAULT_TIMEZONE})",
    )  # fmt: skip
    p.add_argument("--raw", action="store_true", help="no formula protection (for programs)")
    p.set_defaults(handler=export)


def export(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        require_schema(store)
        stmt = QUERIES[args.what]()
        header = [col.name for col in stmt.selected_columns]
        cell = _formatter(utc=args.utc, raw=args.raw, zone=args.timezone)
        refs = [name in TICKET_REFS for name in header]
        written = 0
        engine = store.engine
        with (
            engine.connect().execution_options(sqlite_begin="DEFERRED") as conn,
            csv_output(args.output) as out,
        ):
            writer = csv.writer(out)
            writer.writerow(header)
            rows = conn.execution_options(stream_results=True, yield_per=BATCH).execute(stmt)
            for row in rows:
                writer.writerow(
                    _ticket_ref(v) if ref else cell(v) for v, ref in zip(row, refs, strict=True)
                )
                written += 1
    finally:
        store.close()
    if args.output and args.output != "-":
        print(f"wrote {written} {args.what} to {args.output}")
    return 0


def _ticket_ref(value: Any) -> str:
    return "" if value is None else Ticket.number_of(int(value))


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(check_zone(name))
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.reason) from None


def _formatter(*, utc: bool, raw: bool, zone: ZoneInfo) -> Callable[[Any], Any]:
    def cell(value: Any) -> Any:
        if value is None:
            return ""
        if isinstance(value, datetime):
            value = value if value.tzinfo else value.replace(tzinfo=UTC)
            if utc:
                return value.astimezone(UTC).isoformat()
            return value.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, str) and not raw and value.startswith(FORMULA_START):
            return "'" + value
        return value

    return cell
