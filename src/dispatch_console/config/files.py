"""Reading the layered settings and writing the user's own file (TOML)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import platformdirs
import tomli_w
from pydantic import ValidationError
from pydantic_settings import (
    BaseSettings,
    InitSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from .environment import APP_NAME, variable
from .machine import REGISTRY_KEY, registry_values, settings_from_installer
from .model import ConsoleSettings

CONFIG_DIR_ENV = "DISPATCH_CONFIG_DIR"  # tests and portable installs point these elsewhere
MACHINE_CONFIG_DIR_ENV = "DISPATCH_MACHINE_CONFIG_DIR"
FILE_NAME = "console.toml"


def user_settings_file() -> Path:
    folder = variable(CONFIG_DIR_ENV) or platformdirs.user_config_dir(APP_NAME, appauthor=False)
    return Path(folder) / FILE_NAME


def machine_settings_file() -> Path:
    """Written by IT or the installer (`msiexec ... SERVER_URL=...`); read, never written here."""
    folder = variable(MACHINE_CONFIG_DIR_ENV) or platformdirs.site_config_dir(
        APP_NAME, appauthor=False
    )
    return Path(folder) / FILE_NAME


def has_saved_settings() -> bool:
    """Someone chose a connection already (this user, IT, or the environment): no welcome dialog."""
    return (
        user_settings_file().exists()
        or machine_settings_file().exists()
        or bool(registry_values())
        or any(k.startswith("DISPATCH_CONNECTION__") for k in os.environ)
    )


def load_settings(
    user_file: Path | None = None, machine_file: Path | None = None
) -> ConsoleSettings:
    """Defaults < the installer's values (Windows registry) < machine file < user file <
    environment. Raises ValueError naming the file and
    the setting when a file holds something invalid."""
    files = [machine_file or machine_settings_file(), user_file or user_settings_file()]
    try:
        from_installer = settings_from_installer(registry_values())
    except ValueError as exc:
        raise ValueError(f"HKLM\\{REGISTRY_KEY} (set by the installer): {exc}") from exc

    class Layered(ConsoleSettings, BaseSettings):
        model_config = SettingsConfigDict(
            env_prefix="DISPATCH_", env_nested_delimiter="__", extra="ignore"
        )

        @classmethod
        def settings_customise_sources(
            cls,
            settings_cls: type[BaseSettings],
            init_settings: PydanticBaseSettingsSource,
            env_settings: PydanticBaseSettingsSource,
            dotenv_settings: PydanticBaseSettingsSource,
            file_secret_settings: PydanticBaseSettingsSource,
        ) -> tuple[PydanticBaseSettingsSource, ...]:
            existing = [f for f in files if f.exists()]
            installer = InitSettingsSource(settings_cls, from_installer)
            return (
                init_settings, env_settings, TomlConfigSettingsSource(settings_cls, existing),
                installer,
            )  # fmt: skip

    try:
        layered = Layered()
    except ValidationError as exc:
        where = " or ".join(str(f) for f in files if f.exists()) or "the environment"
        raise ValueError(f"{where}: {settings_error(exc)}") from exc
    except Exception as exc:  # a file that is not TOML at all
        raise ValueError(f"{files[1]}: {exc}") from exc
    return ConsoleSettings.model_validate(layered.model_dump())


def save_settings(settings: ConsoleSettings, user_file: Path | None = None) -> Path:
    """Write the user's file atomically (a crash mid-write leaves the old file). Only what
    differs from the layers below is written, so IT's later changes to the machine-wide file
    still reach every setting the user never changed."""
    path = user_file or user_settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    below = load_settings(user_file=path.with_name(path.name + ".none"))
    data = _difference(
        settings.model_dump(mode="json", exclude_none=True),
        below.model_dump(mode="json", exclude_none=True),
    )
    tmp = path.with_suffix(".tmp")
    tmp.write_text(tomli_w.dumps(data), encoding="utf-8")
    tmp.replace(path)
    return path


def _difference(mine: dict[str, Any], below: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in mine.items():
        if isinstance(value, dict):
            nested = _difference(value, below.get(key) or {})
            if nested:
                out[key] = nested
        elif below.get(key) != value:
            out[key] = value
    return out


def settings_error(exc: ValidationError) -> str:
    """One readable line per problem: 'connection.port: ...'."""
    lines = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"])
        message = str(err["msg"]).removeprefix("Value error, ")
        lines.append(f"{where}: {message}" if where else message)
    return "; ".join(lines)
