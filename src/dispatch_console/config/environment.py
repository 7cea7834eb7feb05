"""The environment variables read by name, outside the layered console settings (model.py).

One module names them and reads them, for the console, the admin tool and the server: where the
user's own files live, a database or server given for this run, a password for an unattended
screenshot, and secrets that must not appear on a command line. The console's typed settings
read `DISPATCH_<SECTION>__<NAME>` through pydantic-settings (files.py); nothing here overlaps
them.

Not read here, because their modules sit beside config in the layers and may not import it:
`DISPATCH_PBX_SECRET` (telephony/sources.py), `DISPATCH_TELEPHONY__AREA_CODE` and
`__TRUNK_PREFIXES` as the server's and admin tool's flag defaults (telephony/dial_plan.py), the
SMTP and SMS secrets (notify/settings.py); the server and admin tool pass those on."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "DispatchConsole"
DATA_DIR_ENV = "DISPATCH_DATA_DIR"  # tests and portable installs point it elsewhere
DATABASE_ENV = "DISPATCH_DATABASE_URL"
SERVER_ENV = "DISPATCH_SERVER_URL"
PASSWORD_ENV = "DISPATCH_PASSWORD"  # --screenshot signs in unattended with it
CHATWOOT_SECRET_ENV = "DISPATCH_CHATWOOT_SECRET"  # comma-separated: old and new while rotating


def variable(name: str) -> str:
    """The variable's value, "" when it is unset."""
    return os.environ.get(name, "")


def data_dir() -> Path:
    """%LOCALAPPDATA%\\DispatchConsole on Windows: the user's own files (embedded database, demo,
    what waits for the server)."""
    return Path(variable(DATA_DIR_ENV) or platformdirs.user_data_dir(APP_NAME, appauthor=False))


def database_url() -> str:
    """A database given for this run ($DISPATCH_DATABASE_URL), or ""."""
    return variable(DATABASE_ENV)


def server_url() -> str:
    """A dispatch-server given for this run ($DISPATCH_SERVER_URL), or ""."""
    return variable(SERVER_ENV)


def password() -> str:
    return variable(PASSWORD_ENV)


def default_database_url() -> str:
    """$DISPATCH_DATABASE_URL when set, else the user's own SQLite file."""
    return database_url() or f"sqlite:///{data_dir() / 'dispatch.sqlite3'}"


def chatwoot_secrets() -> list[str]:
    return [s for s in (p.strip() for p in variable(CHATWOOT_SECRET_ENV).split(",")) if s]
