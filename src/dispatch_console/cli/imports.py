"""`import customers FILE.csv`: every row is checked first; all rows are imported, or none."""

from __future__ import annotations

import argparse
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import phonenumbers

from ..domain.errors import DomainError, ValidationError
from ..domain.model import Company
from ..domain.phones import normalise_phone
from ..ports import UnitOfWorkFactory
from ..services import Services
from .common import CliError, one_transaction, open_store, require_schema, services

COLUMNS = ("name", "phones", "email", "language", "company", "notes")
REQUIRED = ("name",)
PHONE_SEPARATORS = (";", "；")  # the full-width one is what a Chinese input method types

FORMAT_HELP = """\
CSV format (a header row, then one customer per row; comma-separated):

  name      required; the customer's name, e.g. 王伟 or James Wilson
  phones    numbers separated by ";" (e.g. "138 1234 5678; 021-6288 8000"); national numbers are
            read in --region (CN by default), others need +country code
  email     optional
  language  zh_CN (default) or en
  company   optional company name; an existing company of exactly that name is used, otherwise
            one is created
  notes     optional free text

Only "name" must be present as a column; the order of columns is free. The file may be UTF-8
(with or without a byte-order mark, as Excel saves "CSV UTF-8") or GB18030/GBK (as Excel on
Chinese Windows saves plain "CSV"); --encoding overrides the guess.

Every row is checked before anything is written. If any row is wrong, each problem is printed as
"line N: field: reason", nothing is imported and the exit status is 1. Otherwise all rows are
imported in one transaction (each with its "customer created" event).

Example:
  name,phones,email,language,company,notes
  王伟,13812345678;021-62888000,wang.wei@example.com,zh_CN,申江物业管理有限公司,VIP
  James Wilson,+86 139 1234 5678,,en,,
"""


@dataclass(slots=True)
class Row:
    line: int
    values: dict[str, str]
    phones: list[tuple[str, str]] = field(default_factory=list)


def register(commands: Any) -> None:
    p = commands.add_parser("import", help="import customers from a CSV file")
    sub = p.add_subparsers(dest="import_what", metavar="WHAT", required=True)
    c = sub.add_parser(
        "customers",
        help="import customers (all or nothing)",
        description="Import customers from a CSV file.",
        epilog=FORMAT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    c.add_argument("file", metavar="FILE.csv", type=Path)
    c.add_argument("--encoding", help="the file's encoding (default: UTF-8, else GB18030)")
    c.set_defaults(handler=import_customers)


def import_customers(args: argparse.Namespace) -> int:
    rows, problems = read_rows(args.file, args.encoding, args.region)
    store = open_store(args)
    try:
        require_schema(store)
        with one_transaction(store, savepoints=True) as uow:
            svc = services(store, args, uow=uow)
            created, new_companies = _create_all(svc, uow, rows, problems)
            if problems:
                for line, fld, reason in sorted(problems):
                    print(f"line {line}: {fld}: {reason}")
                bad = len({line for line, _, _ in problems})
                raise CliError(f"{bad} of {len(rows)} rows have problems; nothing was imported")
    finally:
        store.close()
    plural = "company" if new_companies == 1 else "companies"
    companies = f" and {new_companies} new {plural}" if new_companies else ""
    print(f"imported {created} customers{companies} from {args.file}")
    return 0


def read_rows(
    path: Path, encoding: str | None, region: str
) -> tuple[list[Row], list[tuple[int, str, str]]]:
    """Parse and check the file; returns the rows and every problem as (line, field, reason)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror or exc}") from None
    text = _decode(data, encoding, path)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    problems: list[tuple[int, str, str]] = []
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        problems.append((1, "header", f"unknown columns {unknown}; expected {list(COLUMNS)}"))
    for name in REQUIRED:
        if name not in header:
            problems.append((1, "header", f"the column {name!r} is missing"))
    if problems:
        return [], problems
    reader.fieldnames = header
    rows: list[Row] = []
    line = 2
    for raw in reader:
        extra: Any = raw.get(None)
        if extra:  # more cells than columns
            cells = len(header) + len(extra)
            problems.append((line, "row", f"{cells} cells for {len(header)} columns"))
        values = {k: (v or "").strip() for k, v in raw.items() if k is not None}
        if any(values.values()):  # skip blank lines Excel leaves at the end
            row = Row(line, values)
            _check_phones(row, region, problems)
            rows.append(row)
        line = reader.line_num + 1
    if not rows and not problems:
        problems.append((1, "file", "no customers in the file"))
    return rows, problems


def _decode(data: bytes, encoding: str | None, path: Path) -> str:
    for candidate in [encoding] if encoding else ["utf-8-sig", "gb18030"]:
        try:
            return data.decode(candidate)
        except UnicodeDecodeError:
            continue
        except LookupError:
            raise CliError(f"--encoding: unknown encoding {candidate!r}") from None
    raise CliError(f"{path} is not valid {encoding or 'UTF-8 or GB18030'} text")


def _check_phones(row: Row, region: str, problems: list[tuple[int, str, str]]) -> None:
    text = row.values.get("phones", "")
    for sep in PHONE_SEPARATORS[1:]:
        text = text.replace(sep, PHONE_SEPARATORS[0])
    for raw in filter(None, (p.strip() for p in text.split(PHONE_SEPARATORS[0]))):
        try:
            number = normalise_phone(raw, region, "phones")
        except ValidationError as exc:
            problems.append((row.line, "phones", exc.reason))
            continue
        parsed = phonenumbers.parse(number)
        mobile = phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.MOBILE
        row.phones.append((number, "mobile" if mobile else "office"))


def _create_all(
    svc: Services,
    uow: UnitOfWorkFactory,
    rows: list[Row],
    problems: list[tuple[int, str, str]],
) -> tuple[int, int]:
    """Run every row through the use case, in the caller's one transaction, and collect the
    problems. Rows with a bad phone still run, so that their other fields are checked too."""
    companies: dict[str, int] = {}
    created = new_companies = 0
    for row in rows:
        v = row.values
        try:
            company_id = None
            if v.get("company"):
                if v["company"] not in companies:
                    companies[v["company"]], is_new = _company(svc, uow, v["company"])
                    new_companies += is_new
                company_id = companies[v["company"]]
            svc.create_customer(
                v.get("name", ""),
                row.phones,
                email=v.get("email") or None,
                language=v.get("language") or "zh_CN",
                notes=v.get("notes", ""),
                company_id=company_id,
            )
            created += 1
        except ValidationError as exc:
            field_name = exc.field.split("[")[0]
            problems.append((row.line, field_name, exc.reason))
        except DomainError as exc:
            problems.append((row.line, "row", str(exc)))
    return created, new_companies


def _company(svc: Services, uow: UnitOfWorkFactory, name: str) -> tuple[int, bool]:
    with uow() as work:  # the shared transaction: sees companies created by earlier rows
        found = work.find_one(Company, name=name)
    if found is not None:
        return found.id, False
    return svc.create_company(name).id, True
