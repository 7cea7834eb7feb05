"""What the settings dialogs can ask the outside world, provided by app.py (the wiring layer)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ...config import TelephonySettings


@dataclass(frozen=True, slots=True)
class Outcome:
    ok: bool
    message: str
    needs_setup: bool = False  # reached a database that has no tables yet


@dataclass(frozen=True, slots=True)
class Probes:
    database: Callable[[str], Outcome]  # url -> can we use it?
    setup_database: Callable[[str], Outcome]  # url -> create the tables
    telephony: Callable[[TelephonySettings, str], Outcome]  # settings, secret -> reachable?
