"""Typed settings (model.py), where they are read from and written to (files.py), and the OS
keyring that holds their secrets (secret_store.py). Qt-free: the console, the admin tool and the
server read the same settings."""

from .files import (
    has_saved_settings,
    load_settings,
    save_settings,
    settings_error,
    user_settings_file,
)
from .model import ConnectionSettings, ConsoleSettings, MapSettings, TelephonySettings
from .secret_store import Secrets

__all__ = [
    "ConnectionSettings",
    "ConsoleSettings",
    "MapSettings",
    "Secrets",
    "TelephonySettings",
    "has_saved_settings",
    "load_settings",
    "save_settings",
    "settings_error",
    "user_settings_file",
]
