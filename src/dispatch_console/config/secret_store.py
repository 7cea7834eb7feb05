"""Passwords and PBX secrets in the OS keyring (Windows Credential Manager, macOS Keychain, the
Secret Service on Linux), never in a settings file.

Where no keyring works (a Linux box without a Secret Service, a locked-down desktop), nothing is
stored: the caller says so and asks for the secret when it is needed."""

from __future__ import annotations

import contextlib
import logging

import keyring
import keyring.backend
import keyring.backends.fail
from keyring.errors import KeyringError

log = logging.getLogger(__name__)
SERVICE = "DispatchConsole"


class Secrets:
    def __init__(self, service: str = SERVICE) -> None:
        self.service = service

    @staticmethod
    def available() -> bool:
        try:
            backend = keyring.get_keyring()
        except Exception:  # a backend named in the environment or config that does not load
            log.warning("no usable password store", exc_info=True)
            return False
        if isinstance(backend, keyring.backends.fail.Keyring):
            return False
        backends = getattr(backend, "backends", None)  # the chainer: usable if it chains any
        return backends is None or bool(backends)

    def problem(self) -> str | None:
        """Why the password store is broken (it fails, rather than being absent), or None."""
        name = "keyring"
        try:
            name = type(keyring.get_keyring()).__module__
            if self.available():
                keyring.get_password(self.service, "probe")
        except Exception as exc:
            lines = str(exc).strip().splitlines()
            why = lines[0] if lines else type(exc).__name__
            return f"the password store ({name}) does not work: {why}"
        return None

    def get(self, key: str | None) -> str | None:
        if not key or not self.available():
            return None
        try:
            return keyring.get_password(self.service, key)
        except Exception as exc:  # locked, D-Bus gone, a broken backend: asked for instead
            log.warning("the password store could not give %s: %s", key, exc)  # (problem())
            return None

    def set(self, key: str, secret: str) -> bool:
        """Store (or, with an empty secret, forget) it; False when no keyring could take it."""
        if not self.available():
            return False
        try:
            if secret:
                keyring.set_password(self.service, key, secret)
            else:
                self.delete(key)
        except KeyringError as exc:
            log.warning("the password store could not keep %s: %s", key, exc)
            return False
        return True

    def delete(self, key: str) -> None:
        with contextlib.suppress(KeyringError):  # not there: nothing to forget
            keyring.delete_password(self.service, key)
