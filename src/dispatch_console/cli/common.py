"""What every command shares: opening the database, the acting admin, clear errors, output files."""

from __future__ import annotations

import argparse
import getpass
import io
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO, Any, cast

from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from ..config.environment import default_database_url
from ..domain.errors import ValidationError
from ..domain.phones import DialPlan
from ..ports import Actor, UnitOfWork, UnitOfWorkFactory
from ..services import Services
from ..storage.store import SqlStore
from ..storage.uow import SqlUnitOfWork
from ..telephony.dial_plan import from_args as dial_plan_from

Handler = Callable[[argparse.Namespace], int]


class CliError(Exception):
    """A problem the user can fix; printed as one line, exit status `code`."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def safe_url(url: str) -> str:
    """The URL with any password masked, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def database_url(args: argparse.Namespace) -> str:
    return str(args.database or default_database_url())


def open_store(
    args: argparse.Namespace,
    *,
    create: bool = False,
    clock: Callable[[], datetime] | None = None,
) -> SqlStore:
    """The store for --database. Without `create`, a missing SQLite file is an error rather than
    a new empty database (a typo in the path would otherwise look like lost data)."""
    url = database_url(args)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise CliError(
            f"--database: {url!r} is not a database URL; use sqlite:///path/to/file.sqlite3 "
            "or postgresql://user:password@host:5432/dbname"
        ) from None
    if parsed.get_backend_name() == "sqlite" and not create:
        path = parsed.database or ""
        if path in ("", ":memory:") or not Path(path).exists():
            raise CliError(
                f"no database file at {path or '(none)'}; create it with `dispatch-admin "
                "--database URL db upgrade`"
            )
    try:
        if clock:
            return SqlStore(url, clock=clock, application_name="dispatch-admin")
        return SqlStore(url, application_name="dispatch-admin")
    except (ValueError, NoSuchModuleError) as exc:
        raise CliError(f"--database {safe_url(url)}: {exc}") from None


def require_schema(store: SqlStore) -> None:
    """Refuse to work on a database whose schema is missing or older than this program."""
    from .db import current_revision, head_revision

    current, head = current_revision(store), head_revision()
    if current is None:
        raise CliError("the database has no schema yet; run `dispatch-admin db upgrade` first")
    if current != head:
        raise CliError(
            f"the database schema is at revision {current} but this program needs {head}; "
            "run `dispatch-admin db upgrade`"
        )


def count(store: SqlStore, table: Any, *where: Any) -> int:
    with store.engine.connect().execution_options(sqlite_begin="DEFERRED") as conn:
        stmt = select(func.count()).select_from(table)
        for clause in where:
            stmt = stmt.where(clause)
        return int(conn.execute(stmt).scalar_one())


class SharedUnitOfWork:
    """Lets many use cases run in ONE transaction: their `with` blocks and commits do not end
    it; whoever opened it commits or rolls back once. With `savepoints`, a use case that fails
    undoes its own writes (as its own transaction would have) and the others stay."""

    def __init__(self, inner: SqlUnitOfWork, *, savepoints: bool = False) -> None:
        self._inner = inner
        self._savepoints = savepoints
        self._nested: list[Any] = []

    def __enter__(self) -> SharedUnitOfWork:
        if self._savepoints:
            self._nested.append(self._inner.session.begin_nested())
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._savepoints:
            nested = self._nested.pop()
            if nested.is_active:
                nested.rollback()

    def commit(self) -> None:
        if self._savepoints:
            self._nested[-1].commit()
        else:
            self._inner.session.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


@contextmanager
def one_transaction(store: SqlStore, *, savepoints: bool = False) -> Iterator[UnitOfWorkFactory]:
    """A unit-of-work factory whose use cases all share one transaction. Committed when the
    block ends normally, rolled back (nothing written) when it raises."""
    with store.unit_of_work() as inner:
        shared = SharedUnitOfWork(inner, savepoints=savepoints)
        yield lambda read_only=False: cast(UnitOfWork, shared)
        inner.commit()


def cli_actor() -> Actor:
    """The audit trail names the operating-system user who ran the tool."""
    try:
        who = getpass.getuser()
    except (OSError, KeyError):
        who = "unknown"
    return Actor(f"cli:{who}"[:80], role="admin")


def services(
    store: SqlStore,
    args: argparse.Namespace,
    actor: Actor | None = None,
    uow: UnitOfWorkFactory | None = None,
) -> Services:
    return Services(
        uow or store.unit_of_work, store.feed, actor or cli_actor(), region=args.region,
        dial_plan=dial_plan(args),
    )  # fmt: skip


def dial_plan(args: argparse.Namespace) -> DialPlan | None:
    """The PBX's dial plan of a command that takes --area-code/--trunk-prefixes (those that read
    PBX numbers), checked as dispatch-server checks it; None for the others."""
    if not hasattr(args, "area_code"):
        return None
    try:
        return dial_plan_from(args, args.region)
    except ValidationError as exc:
        raise CliError(f"--{exc.field.replace('_', '-')}: {exc.reason}", 2) from None


@contextmanager
def csv_output(path: str | None) -> Iterator[IO[str]]:
    """A text stream for CSV: UTF-8 with a BOM (Excel on Chinese Windows then reads it as UTF-8
    rather than GBK), newline="" as the csv module wants. `None` or "-" is standard output."""
    if path and path != "-":
        try:
            with open(path, "w", encoding="utf-8-sig", newline="") as handle:
                yield handle
        except OSError as exc:
            raise CliError(f"cannot write {path}: {exc.strerror or exc}") from None
        return
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a replaced stdout without bytes underneath: write the BOM ourselves
        sys.stdout.write("\ufeff")
        yield sys.stdout
        return
    sys.stdout.flush()
    stream = io.TextIOWrapper(buffer, encoding="utf-8-sig", newline="", write_through=True)
    try:
        yield stream
        stream.flush()
    finally:
        stream.detach()  # leave sys.stdout usable
