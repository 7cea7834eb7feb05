""" "Save diagnostics…": one zip for support with the logs, the last self-test report, the
settings and what this installation is, and no secret in any of it.

Secrets should never reach a log, but a database URL in an error message or an environment
variable can carry a password: every text going into the zip is scrubbed of URL passwords,
of `password=`-style values and of every secret this PC knows (the keyring's entries for the
configured connection and PBX, DISPATCH_PASSWORD)."""

from __future__ import annotations

import json
import os
import re
import sys
import zipfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from ..config import ConsoleSettings, Secrets
from ..versions import API_VERSION, VERSION, build
from . import logs

HIDDEN = "********"
SECRET_NAME = re.compile(r"pass(word)?|secret|token|key|credential", re.IGNORECASE)
URL_PASSWORD = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^:/@\s]*:)(?P<pw>[^@\s]+)(?=@)", re.I)
ASSIGNED = re.compile(
    r"(?P<head>\b(?:password|passwd|pwd|secret|token|api[_-]?key|key|ak)\b\s*[=:]\s*)(?P<pw>[^\s,;&\"']+)",
    re.IGNORECASE,
)
BEARER = re.compile(r"(?P<head>Bearer\s+)(?P<pw>[A-Za-z0-9._~+/=-]+)", re.IGNORECASE)
REPORT_FILE = "self-test.txt"  # in the log folder; selftest.py writes it


def known_secrets(settings: ConsoleSettings | None, secrets: Secrets | None) -> list[str]:
    found = [os.environ.get("DISPATCH_PASSWORD", "")]
    found += [
        v for k, v in os.environ.items() if k.startswith("DISPATCH_") and SECRET_NAME.search(k)
    ]
    if settings is not None and secrets is not None:
        for key in (settings.connection.secret_key, settings.telephony.secret_key):
            try:
                found.append(secrets.get(key) or "")
            except Exception as exc:  # a broken keyring must not stop the zip
                logs.log.warning("diagnostics: secret %s not read to scrub it: %s", key, exc)
                continue
    return sorted({s for s in found if len(s) >= 3}, key=len, reverse=True)


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    for secret in secrets:
        text = text.replace(secret, HIDDEN)
    for pattern in (URL_PASSWORD, ASSIGNED, BEARER):
        text = pattern.sub(lambda m: m.group("head") + HIDDEN, text)
    return text


def environment() -> str:
    """The DISPATCH_* and Qt variables that change how the console behaves."""
    lines = []
    for name in sorted(os.environ):
        if name.startswith(("DISPATCH_", "QT_", "QTWEBENGINE_", "PYTHON_KEYRING")):
            value = HIDDEN if SECRET_NAME.search(name) else os.environ[name]
            lines.append(f"{name}={value}")
    return "\n".join(lines) + "\n"


def about_text(backend: str = "") -> str:
    try:
        from PySide6 import __version__ as pyside
        from PySide6.QtCore import qVersion

        qt = f"Qt {qVersion()}, PySide6 {pyside}"
    except ImportError as exc:
        qt = f"Qt not loadable: {exc}"
    return (
        f"Dispatch Console {VERSION} (API {API_VERSION}), {build()}\n"
        f"Python {sys.version.split()[0]} on {sys.platform}, {qt}\n"
        f"backend: {backend or 'not opened'}\n"
        f"log folder: {logs.log_dir()}\n"
    )


def save(
    target: Path,
    settings: ConsoleSettings | None,
    secrets: Secrets | None = None,
    backend: str = "",
) -> Path:
    """Writes the zip to `target` (a folder gets a dated file name); returns its path."""
    if target.is_dir():
        target = target / f"dispatch-diagnostics-{datetime.now():%Y%m%d-%H%M%S}.zip"
    hide = known_secrets(settings, secrets)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in logs.log_files():
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError as exc:
                text = f"(could not read {path.name}: {exc})"
            zf.writestr(f"logs/{path.name}", scrub(text, hide))
        if settings is not None:
            dumped = json.dumps(settings.model_dump(mode="json"), indent=2, ensure_ascii=False)
            zf.writestr("settings.json", scrub(dumped, hide))
        zf.writestr("environment.txt", scrub(environment(), hide))
        zf.writestr("about.txt", scrub(about_text(backend), hide))
    logs.log.info("diagnostics saved to %s", target)
    return target
