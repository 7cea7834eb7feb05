"""What IT set for every user of a PC when it installed the console from the MSI
(`msiexec /i ... /qn SERVER_URL=... DATABASE_URL=... LANGUAGE=zh_CN`). The installer writes the
values to HKLM\\Software\\DispatchConsole; they are the lowest layer of settings, beneath the
machine-wide file and each user's own. Empty values mean "not set". A database password is
never there: each user's console asks once and keeps it in the user's credential store."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

REGISTRY_KEY = r"Software\DispatchConsole"
NAMES = ("ServerUrl", "DatabaseUrl", "Language")


def registry_values() -> dict[str, str]:
    """The installer's values on Windows (64-bit view); nothing elsewhere."""
    if sys.platform != "win32":
        return {}
    import winreg

    found: dict[str, str] = {}
    try:
        access = winreg.KEY_READ | winreg.KEY_WOW64_64KEY
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, REGISTRY_KEY, 0, access) as key:
            for name in NAMES:
                try:
                    value, _kind = winreg.QueryValueEx(key, name)
                except FileNotFoundError:
                    continue
                if isinstance(value, str) and value.strip():
                    found[name] = value.strip()
    except OSError:  # not installed from the MSI, or not readable: no machine layer
        return {}
    return found


def settings_from_installer(values: Mapping[str, str]) -> dict[str, Any]:
    """The settings those values stand for. A server wins over a database: a console set up
    for a server must not also open the database behind it."""
    out: dict[str, Any] = {}
    language = values.get("Language", "").strip()
    if language:
        out["language"] = language
    server = values.get("ServerUrl", "").strip()
    database = values.get("DatabaseUrl", "").strip()
    if server:
        out["connection"] = {"kind": "server", "server_url": server}
    elif database:
        out["connection"] = connection_from_url(database)
    return out


def connection_from_url(url: str) -> dict[str, Any]:
    """postgresql://user@host:5432/dispatch (a password in it is ignored) or sqlite:///path."""
    if url.startswith("sqlite:///"):
        return {"kind": "sqlite", "sqlite_path": url.removeprefix("sqlite:///")}
    parts = urlsplit(url.replace("postgres://", "postgresql://", 1))
    if parts.scheme not in ("postgresql", "postgresql+psycopg") or not parts.hostname:
        raise ValueError(f"DATABASE_URL: {url!r} is not postgresql://user@host/database")
    out: dict[str, Any] = {"kind": "postgresql", "host": parts.hostname}
    if parts.port:
        out["port"] = parts.port
    if parts.username:
        out["user"] = unquote(parts.username)
    if parts.path.strip("/"):
        out["database"] = unquote(parts.path.strip("/"))
    return out
