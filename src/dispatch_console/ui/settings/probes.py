"""What the settings dialogs can ask the outside world, provided by app.py (the wiring layer)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ...config import TelephonySettings


@dataclass(frozen=True, slots=True)
class Outcome:
    """`code` says what happened (the UI words it in the agent's language); `message` carries
    the specifics: the database's name, or the server's own words when it refused."""

    ok: bool
    message: str
    needs_setup: bool = False  # reached a database that has no tables yet, or old ones
    # ready | no_tables | old_tables | unreachable | incompatible | unknown_tenant |
    # tenant_suspended | pbx_ok | pbx_refused
    code: str = ""


@dataclass(frozen=True, slots=True)
class Probes:
    database: Callable[[str], Outcome]  # url -> can we use it?
    setup_database: Callable[[str], Outcome]  # url -> create the tables
    telephony: Callable[[TelephonySettings, str], Outcome]  # settings, secret -> reachable?
