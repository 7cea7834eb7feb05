"""From settings to an open database and a signed-in user, asking the agent only what is missing.

Which database: `--demo`, `--database`, DISPATCH_DATABASE_URL, else the saved settings; on the
very first start, or when the saved database cannot be opened, the connection dialog asks (and
says why). Who: the demo agent, `--user` with DISPATCH_PASSWORD (kiosks, scripts), else the
sign-in dialog (which creates the first administrator on an empty database)."""

from __future__ import annotations

from argparse import Namespace
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog

from ..config import ConsoleSettings, Secrets, environment, has_saved_settings, save_settings
from ..domain.errors import DatabaseFull
from ..domain.model import User
from ..ports import Actor
from ..rest.client import ServerSignIn
from ..rest.errors import ServerError, ServerUnreachable
from ..services import Services
from ..storage.limits import CONSOLE_POOL
from ..storage.store import SqlStore
from ..ui.errors import error_text
from ..ui.login import LoginDialog
from ..ui.settings.first_start import ConnectionDialog
from ..versions import incompatibility
from . import failures, logs, probes
from .demo import DEMO_PASSWORD, DEMO_USER, demo_database

APPLICATION_NAME = "dispatch-console"  # how a DBA tells consoles apart in pg_stat_activity


@dataclass
class Opened:
    store: SqlStore | None  # None: the console works through a dispatch-server
    settings: ConsoleSettings
    label: str
    server: ServerSignIn | None = None

    def close(self) -> None:
        if self.store is not None:
            self.store.close()


class Refused(Exception):
    """A database named on the command line cannot be used; the message says how to fix it.
    `kind` chooses what the start-up box tells the agent to do."""

    def __init__(self, message: str, kind: str = "unreachable") -> None:
        super().__init__(message)
        self.kind = kind  # "unreachable", "schema" or "version"


def open_database(args: Namespace, settings: ConsoleSettings, secrets: Secrets) -> Opened | None:
    """None when the agent closed the connection dialog."""
    explicit = args.database or environment.database_url()
    server = getattr(args, "server", None) or environment.server_url()
    if server and not args.demo and not args.database:
        return _open_server(server, settings)
    if args.demo:
        return _open(demo_database(), settings, ours=True, explicit=False)
    if explicit:
        return _open(explicit, settings, ours=False, explicit=True)
    url = None
    if has_saved_settings():
        c = settings.connection
        url = c.url(secrets.get(c.secret_key))
    problem = None
    while True:
        if url is None or problem is not None:
            if args.screenshot:  # unattended: nobody would answer the dialog
                raise Refused(problem or "no connection chosen yet: pass --database URL")
            dialog = ConnectionDialog(settings, probes.probes(), secrets, save_settings, problem)
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
                return None
            settings = settings.model_copy(update={"connection": dialog.chosen})
            url = dialog.chosen.url(dialog.page.secret() or None)
        try:
            if settings.connection.kind == "server":
                return _open_server(url, settings)
            return _open(url, settings, ours=settings.connection.kind == "embedded", explicit=False)
        except Refused as exc:
            problem = str(exc)


def _open_server(url: str, settings: ConsoleSettings) -> Opened:
    server = ServerSignIn(url)
    try:
        server.healthy()
        theirs, api = server.versions()
    except (ServerUnreachable, ServerError) as exc:
        raise Refused(f"{exc}; check the address, or ask your administrator") from exc
    problem = incompatibility(server.base_url, theirs, api)
    if problem:  # before the sign-in: its answers might not even parse
        raise Refused(problem, "version")
    return Opened(None, settings, url, server)


def _open(url: str, settings: ConsoleSettings, *, ours: bool, explicit: bool) -> Opened:
    store = SqlStore(url, pool=CONSOLE_POOL, application_name=APPLICATION_NAME)
    try:
        ready = store.is_initialised()
    except Exception as exc:
        store.close()
        raise Refused(why_not(exc)) from exc
    if not ready:
        if not ours:
            store.close()
            name = probes.describe(store)
            raise Refused(
                f"{name}: no tables; run `dispatch-admin --database URL db upgrade`"
                if explicit
                else f"{name}: no tables yet. Set it up below, or ask your administrator.",
                "schema",
            )
        store.upgrade()  # our own file (embedded default, demo): set it up on first start
    elif store.needs_upgrade():
        if not ours:
            store.close()
            raise Refused(
                f"{probes.describe(store)}: its tables are from an older version; "
                "run `dispatch-admin --database URL db upgrade` (or ask your administrator)",
                "schema",
            )
        store.upgrade()  # our own file, made by an older version: bring it up to date
    return Opened(store, settings, probes.describe(store))


def sign_in(args: Namespace, opened: Opened) -> User | None:
    """The signed-in agent, or None when they cancelled."""
    anonymous: Any
    if opened.store is None:
        assert opened.server is not None
        anonymous = opened.server  # signing in keeps the server session (opened.server.backend)
    else:
        anonymous = Services(
            opened.store.unit_of_work, opened.store.feed, Actor("sign-in", "agent")
        )
    user: User | None = None
    if args.demo:
        user = anonymous.authenticate(DEMO_USER, DEMO_PASSWORD)
    elif args.user and environment.password():
        user = anonymous.authenticate(args.user, environment.password())
    elif args.screenshot:  # unattended: nobody would answer the dialog
        raise Refused(f"--screenshot needs --user NAME and {environment.PASSWORD_ENV} (or --demo)")
    else:
        remembered = QSettings().value("login/last_user", "")
        dialog = LoginDialog(
            anonymous,
            opened.label,
            args.user or str(remembered or ""),
            first_admin=anonymous.setup_needed(),
        )
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.user is None:
            return None
        user = dialog.user
        QSettings().setValue("login/last_user", user.username)
    return user


def begin(
    app: QApplication, args: Namespace, settings: ConsoleSettings, secrets: Secrets, *, gui: bool
) -> tuple[Opened, User] | int:
    """Translations, the password store, the database or server, the agent: each problem shown
    (`gui`) with what to do. The opened backend and the signed-in agent, else the exit status."""
    failures.check_translations(app, args.lang or settings.language, gui=gui)
    broken = secrets.problem()
    if broken:
        failures.tell(broken, failures.broken_keyring(), gui=gui, fatal=False)
    try:
        opened = open_database(args, settings, secrets)
    except Refused as exc:
        return failures.tell(str(exc), failures.refused(exc.kind), gui=gui)
    if opened is None:
        return 1
    try:
        user = sign_in(args, opened)
    except Exception as exc:  # --user with a wrong DISPATCH_PASSWORD, a database gone meanwhile
        opened.close()
        return failures.tell(f"sign-in failed: {exc}", failures.sign_in_failed(), gui=gui)
    if user is None:
        opened.close()
        return 1
    logs.log.info("signed in as %s on %s", user.username, opened.label)
    return opened, user


def why_not(exc: Exception) -> str:
    """A refusal for lack of connection slots says what to do; anything else, the first line."""
    return error_text(exc) if isinstance(exc, DatabaseFull) else probes.first_line(exc)
