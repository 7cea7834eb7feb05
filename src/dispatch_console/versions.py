"""Which version this is, and whether a console and a server can work together.

The package version comes from the installed metadata (pyproject.toml). The API version counts
incompatible changes of the REST API (routes, their arguments, their answers): a console works
with a server whose API version it lists in SERVER_APIS, whatever their package versions."""

from __future__ import annotations

import sys
from pathlib import Path

from . import __version__

VERSION = __version__
API_VERSION = 1  # raise it when a console of the previous version could no longer talk to us
SERVER_APIS = frozenset({1})  # the server API versions this console speaks
BUILD_FILE = Path(__file__).resolve().parent / "resources" / "build.txt"  # written by CI


def build() -> str:
    """What a support person needs to find the exact binary: CI's build id when it left one."""
    kind = "frozen" if getattr(sys, "frozen", False) else "Python package"
    try:
        stamp = BUILD_FILE.read_text(encoding="utf-8").strip()
    except OSError:
        stamp = ""
    return f"{kind} · {stamp}" if stamp else kind


def incompatibility(server_url: str, server_version: str | None, server_api: int | None) -> str:
    """Empty when this console can work with that server; otherwise what is wrong and what to
    install, in words for the agent (or the administrator they forward it to)."""
    if server_api in SERVER_APIS:
        return ""
    theirs = server_version or "an older version"
    if server_api is None or server_api < min(SERVER_APIS):
        return (
            f"The server at {server_url} ({theirs}) is older than this console "
            f"(version {VERSION}, API {API_VERSION}) and cannot work with it. "
            f"Ask your administrator to update dispatch-server to {VERSION}, or install "
            f"the Dispatch Console that matches the server."
        )
    return (
        f"The server at {server_url} is version {theirs} (API {server_api}); this console is "
        f"version {VERSION} (API {API_VERSION}) and cannot work with it. "
        f"Install Dispatch Console {theirs} (ask your administrator for its installer)."
    )
