"""The settings dialogs' "test connection", done for real: open the database, knock on the PBX.

Lives above storage and telephony and below app.py, which hands these to the UI (the UI itself
never imports storage)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from ..config import TelephonySettings
from ..domain.errors import DatabaseFull
from ..storage.store import SqlStore
from ..telephony.probe import probe_ami, probe_esl
from ..ui.settings.probes import Outcome, Probes
from ..versions import incompatibility

TIMEOUT_S = 5.0


def database(url: str) -> Outcome:
    """Can we use it? A database URL, or a dispatch-server's http(s) address."""
    if url.startswith(("http://", "https://")):
        return _server(url)
    try:
        store = SqlStore(url, connect_timeout=TIMEOUT_S)
    except ValueError as exc:
        return Outcome(False, str(exc), code="unreachable")
    try:
        if not store.is_initialised():
            return Outcome(False, describe(store), needs_setup=True, code="no_tables")
        if store.needs_upgrade():
            return Outcome(False, describe(store), needs_setup=True, code="old_tables")
        return Outcome(True, describe(store), code="ready")
    except Exception as exc:
        return Outcome(False, explain(exc), code="unreachable")
    finally:
        store.close()


def setup_database(url: str) -> Outcome:
    try:
        store = SqlStore(url, connect_timeout=TIMEOUT_S)
        try:
            store.upgrade()
        finally:
            store.close()
    except Exception as exc:
        return Outcome(False, explain(exc), code="unreachable")
    return database(url)


def telephony(settings: TelephonySettings, secret: str) -> Outcome:
    port = settings.effective_port
    if settings.kind == "ami" and port:
        result = probe_ami(settings.host, port, settings.username, secret, TIMEOUT_S)
    elif settings.kind == "esl" and port:
        result = probe_esl(settings.host, port, secret, TIMEOUT_S)
    else:
        return Outcome(True, "", code="pbx_ok")
    return Outcome(result.ok, result.message, code="pbx_ok" if result.ok else "pbx_refused")


def _server(url: str) -> Outcome:
    from ..rest.client import ServerSignIn
    from ..rest.errors import ServerError, ServerUnreachable, TenantRefused

    try:
        server = ServerSignIn(url)
        server.healthy()
        theirs, api = server.versions()
    except TenantRefused as exc:  # a hosted server: the address names no company, or a paused one
        if exc.code == "tenant_suspended":
            reason = exc.message.split("suspended:", 1)[-1].strip()
            return Outcome(False, reason, code="tenant_suspended")
        return Outcome(False, urlsplit(url).hostname or url, code="unknown_tenant")
    except (ServerUnreachable, ServerError) as exc:
        return Outcome(False, str(exc), code="unreachable")
    problem = incompatibility(url, theirs, api)
    if problem:
        return Outcome(False, problem, code="incompatible")
    return Outcome(True, f"dispatch-server {theirs} · {url}", code="ready")


def probes() -> Probes:
    return Probes(database=database, setup_database=setup_database, telephony=telephony)


def describe(store: SqlStore) -> str:
    """What the status bar and dialogs call a database (never with its password)."""
    if store.dialect == "sqlite":
        return f"SQLite · {Path(store.engine.url.database or '').name}"
    return f"PostgreSQL · {store.engine.url.host}/{store.engine.url.database}"


def explain(exc: Exception) -> str:
    """What the connection dialog says: what to do when the database is full, else its words."""
    from ..ui.errors import error_text

    return error_text(exc) if isinstance(exc, DatabaseFull) else first_line(exc)


def first_line(exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__
