"""The console's settings, declared once and typed: connection, telephony, map, language.

Sources, strongest first: command-line flags (applied by app.py), environment variables
(`DISPATCH_LANGUAGE`, `DISPATCH_CONNECTION__HOST`, ...), the user's settings file
(`console.toml` in the user config folder, what the settings dialog writes), the machine-wide file
an administrator or the Windows installer writes (same format, in the site config folder), then
the defaults below. Secrets are never in any of these: they live in the OS keyring
(secret_store.py).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_settings import NoDecode

from ..domain.desk_zone import DEFAULT_HOLIDAY_REGION, DEFAULT_TIMEZONE, DeskZone
from ..domain.errors import ValidationError as DomainValidationError
from ..domain.phones import DEFAULT_TRUNK_PREFIXES, DialPlan, check_area_code, check_trunk_prefixes
from ..domain.schedule.calendar import check_region
from .environment import APP_NAME, data_dir

__all__ = [
    "APP_NAME",  # app/logs.py names the logs' folder after it
    "ConnectionSettings",
    "ConsoleSettings",
    "MapSettings",
    "TelephonySettings",
    "pending_writes_file",
    "user_data_dir",
]
Port = Annotated[int, Field(ge=1, le=65535)]
TILE_PLACEHOLDERS = ("{z}", "{x}", "{y}")


user_data_dir = data_dir  # the user's own files: environment.py says where


def pending_writes_file(server_url: str, username: str) -> Path:
    """One per server and user: a write waiting on this PC is sent as whoever wrote it."""
    parts = urlsplit(server_url.strip())  # HTTP://Dispatch:8470/ is the same server
    where = f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path.rstrip('/')}"
    digest = hashlib.sha256(f"{where}\n{username}".encode()).hexdigest()[:20]
    # the folder keeps its first name: writes queued by an older console are still found there
    return user_data_dir() / "outbox" / f"{digest}.sqlite3"


class _Section(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_assignment=True)


class ConnectionSettings(_Section):
    """Where the tickets live. `embedded` is a SQLite file of this user's own."""

    kind: Literal["embedded", "sqlite", "postgresql", "server"] = "embedded"
    sqlite_path: str = ""
    server_url: str = ""  # kind "server": dispatch-server, e.g. http://dispatch.corp:8470
    host: str = "localhost"
    port: Port = 5432
    database: str = "dispatch"
    user: str = "dispatch"

    @model_validator(mode="after")
    def _complete(self) -> ConnectionSettings:
        if self.kind == "sqlite" and not self.sqlite_path.strip():
            raise ValueError("sqlite_path: choose the database file")
        if self.kind == "server" and not re.match(r"https?://[^/\s]+", self.server_url.strip()):
            raise ValueError("server_url: the server's address, e.g. http://dispatch.corp:8470")
        if self.kind == "postgresql":
            for name in ("host", "database", "user"):
                if not getattr(self, name).strip():
                    raise ValueError(f"{name}: required for PostgreSQL")
        return self

    @property
    def secret_key(self) -> str | None:
        """The keyring entry holding this connection's password (PostgreSQL only)."""
        if self.kind != "postgresql":
            return None
        return f"postgresql://{self.user}@{self.host}:{self.port}/{self.database}"

    def url(self, password: str | None = None) -> str:
        """A database URL, or for kind "server" the server's http(s) address."""
        if self.kind == "server":
            return self.server_url.strip().rstrip("/")
        if self.kind == "embedded":
            return f"sqlite:///{user_data_dir() / 'dispatch.sqlite3'}"
        if self.kind == "sqlite":
            return f"sqlite:///{Path(self.sqlite_path).expanduser()}"
        auth = quote(self.user, safe="")
        if password:
            auth += ":" + quote(password, safe="")
        return f"postgresql://{auth}@{self.host}:{self.port}/{quote(self.database, safe='')}"

    def describe(self) -> str:
        """For the status bar and dialogs: never includes a password."""
        if self.kind == "embedded":
            return "SQLite · dispatch.sqlite3"
        if self.kind == "sqlite":
            return f"SQLite · {Path(self.sqlite_path).name}"
        if self.kind == "server":
            return f"Server · {self.server_url.strip()}"
        return f"PostgreSQL · {self.host}:{self.port}/{self.database}"


class TelephonySettings(_Section):
    """How calls reach this console. The secret (AMI secret, ESL password) is in the keyring."""

    # "server": dispatch-server holds the PBX connection and pushes calls to this console
    kind: Literal["none", "softphone", "ami", "esl", "webhook", "server"] = "none"
    host: str = ""
    port: Port | None = None
    username: str = ""
    extension: str = ""
    webhook_port: Port = 8765
    dial_url: Literal["tel", "sip", "callto"] = "tel"  # without a PBX: handed to the softphone
    # how the PBX writes numbers: callers in the desk's own area arrive without the area code
    # (021 for Shanghai), some with an outside-line digit or an IP long-distance prefix in front
    area_code: str = ""
    # a comma-separated list in the environment or on the command line ("9,17951")
    trunk_prefixes: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: list(DEFAULT_TRUNK_PREFIXES)
    )

    @field_validator("extension")
    @classmethod
    def _extension(cls, value: str) -> str:
        value = value.strip()
        if value and not re.fullmatch(r"[0-9*#]{2,12}", value):
            raise ValueError("extension: 2 to 12 digits")
        return value

    @field_validator("area_code")
    @classmethod
    def _area_code(cls, value: str) -> str:
        value = re.sub(r"[\s-]", "", value)
        if value and not re.fullmatch(r"[0-9]{1,6}", value):
            raise ValueError("area_code: digits, e.g. 021")
        return value

    @field_validator("trunk_prefixes", mode="before")
    @classmethod
    def _trunk_prefixes(cls, value: object) -> object:
        if isinstance(value, str):
            value = re.split(r"[\s,;]+", value)
        try:
            return list(check_trunk_prefixes(value))  # type: ignore[arg-type]
        except DomainValidationError as exc:
            raise ValueError(str(exc)) from None

    @model_validator(mode="after")
    def _complete(self) -> TelephonySettings:
        if self.kind in ("ami", "esl") and not self.host.strip():
            raise ValueError("host: required to reach the PBX")
        if self.kind == "ami" and not self.username.strip():
            raise ValueError("username: the AMI user from manager.conf")
        return self

    @property
    def effective_port(self) -> int | None:
        if self.kind == "webhook":
            return self.webhook_port
        return self.port or {"ami": 5038, "esl": 8021}.get(self.kind)

    @property
    def secret_key(self) -> str | None:
        """The keyring entry of the AMI secret, the ESL password or the webhook token."""
        if self.kind == "webhook":
            return f"webhook://127.0.0.1:{self.webhook_port}"
        if self.kind not in ("ami", "esl"):
            return None
        return f"{self.kind}://{self.username}@{self.host}:{self.effective_port}"


class MapSettings(_Section):
    """Where map tiles come from. `datum` is the coordinate system the tiles are drawn in
    (Chinese providers use GCJ-02 or BD-09); positions are stored in WGS-84 regardless."""

    tile_url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    datum: Literal["wgs84", "gcj02", "bd09"] = "wgs84"
    mbtiles_path: str = ""
    offline: bool = False
    attribution: str = "© OpenStreetMap contributors"
    route_url: str = ""  # an OSRM or Valhalla service for travel times by road; empty: estimate
    route_kind: Literal["osrm", "valhalla"] = "osrm"

    @field_validator("tile_url")
    @classmethod
    def _tile_url(cls, value: str) -> str:
        value = value.strip()
        if value and not all(p in value for p in TILE_PLACEHOLDERS):
            raise ValueError("tile_url: must contain {z}, {x} and {y}")
        if value and not re.match(r"https?://", value):
            raise ValueError("tile_url: must start with http:// or https://")
        return value

    @field_validator("route_url")
    @classmethod
    def _route_url(cls, value: str) -> str:
        value = value.strip()
        if value and not re.match(r"https?://", value):
            raise ValueError("route_url: must start with http:// or https://")
        return value


class ConsoleSettings(_Section):
    language: Literal["system", "en", "zh_CN"] = "system"
    region: str = "CN"
    # the desk's working day (callbacks, dashboards by day) and the clock and holidays of
    # appointments whose department has no working hours set (docs/schedule.md, "Time zones")
    timezone: str = DEFAULT_TIMEZONE
    holiday_region: str = DEFAULT_HOLIDAY_REGION
    # where customers' phones reach dispatch-server (QR labels point there); often not the
    # address the console uses inside the office
    self_service_url: str = ""
    connection: ConnectionSettings = Field(default_factory=ConnectionSettings)
    telephony: TelephonySettings = Field(default_factory=TelephonySettings)
    map: MapSettings = Field(default_factory=MapSettings)

    @field_validator("region")
    @classmethod
    def _region(cls, value: str) -> str:
        value = value.strip().upper()
        if value not in phonenumbers.SUPPORTED_REGIONS:
            raise ValueError(f"region: {value!r} is not a region code such as CN or US")
        return value

    @model_validator(mode="after")
    def _known_area_code(self) -> ConsoleSettings:
        try:  # whether phonenumbers knows it depends on the region
            check_area_code(self.telephony.area_code, self.region)
        except DomainValidationError as exc:
            raise ValueError(f"telephony.{exc}") from None
        return self

    def dial_plan(self) -> DialPlan:
        """The rules that turn the PBX's caller IDs into the numbers customers are stored under."""
        return DialPlan.of(self.telephony.area_code, self.telephony.trunk_prefixes, self.region)

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value.strip())
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"timezone: {value!r} is not a time zone such as {DEFAULT_TIMEZONE}"
            ) from None
        return value.strip()

    @field_validator("holiday_region")
    @classmethod
    def _holiday_region(cls, value: str) -> str:
        try:
            return check_region(value)
        except DomainValidationError as exc:
            raise ValueError(str(exc)) from None

    def desk_zone(self) -> DeskZone:
        """Where the desk's appointments are judged when their department has no hours."""
        return DeskZone(self.timezone, self.holiday_region)
