"""Deterministic fakes: names, phone numbers, addresses, points, serials and QR tokens.

Everything draws from one `random.Random`, so the same seed gives the same values in the same
order. Phone numbers are checked with the same rules the services apply, and never repeat.
"""

from __future__ import annotations

import base64
import hashlib
import math
import random
from dataclasses import dataclass, field

from ..domain.phones import try_normalise_phone
from .shanghai import (
    BUILDINGS,
    COMPOUND_SURNAMES,
    EMAIL_DOMAINS,
    ENGLISH_NAMES,
    GIVEN_ONE,
    GIVEN_TWO,
    HUBS,
    LANDLINE_FIRST_DIGITS,
    MOBILE_PREFIXES,
    SURNAMES,
    Hub,
)

METRES_PER_DEGREE_LAT = 111_320.0


@dataclass(slots=True)
class Faker:
    """The demo's own small faker: Shanghai-only, reproducible, with unique phone numbers."""

    rng: random.Random
    tag: str = ""  # mixed into tokens so that a forced second run does not collide
    _phones: set[str] = field(default_factory=set)
    _counter: int = 0

    # --- people ------------------------------------------------------------------------------
    def chinese_name(self) -> str:
        rng = self.rng
        surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.02 else rng.choice(SURNAMES)
        given = rng.choice(GIVEN_TWO) if rng.random() < 0.45 else rng.choice(GIVEN_ONE)
        return surname + given

    def english_name(self) -> str:
        return self.rng.choice(ENGLISH_NAMES)

    def email(self, name: str, index: int) -> str:
        if name.isascii():
            local = name.lower().replace(" ", ".").replace("'", "")
            return f"{local}{index}@outlook.com"
        return f"user{index:04d}{self.rng.randint(10, 99)}@{self.rng.choice(EMAIL_DOMAINS)}"

    # --- phones ------------------------------------------------------------------------------
    def mobile(self) -> str:
        """A valid, unused Chinese mobile number, written the way people type it."""
        while True:
            raw = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if self._claim(raw):
                return f"{raw[:3]} {raw[3:7]} {raw[7:]}"

    def landline(self) -> str:
        """A valid, unused Shanghai fixed-line number (021 + 8 digits)."""
        while True:
            raw = (
                "021" + self.rng.choice(LANDLINE_FIRST_DIGITS) + f"{self.rng.randrange(10**7):07d}"
            )
            if self._claim(raw):
                return f"021-{raw[3:]}"

    def _claim(self, raw: str) -> bool:
        e164 = try_normalise_phone(raw, "CN")
        if e164 is None or e164 in self._phones:
            return False
        self._phones.add(e164)
        return True

    # --- places ------------------------------------------------------------------------------
    def hub(self) -> Hub:
        return self.rng.choice(HUBS)

    def point_near(self, lat: float, lon: float, radius_m: float) -> tuple[float, float]:
        """A point uniformly inside a circle, rounded to ~1 m."""
        distance = radius_m * math.sqrt(self.rng.random())
        bearing = self.rng.uniform(0, 2 * math.pi)
        dlat = distance * math.cos(bearing) / METRES_PER_DEGREE_LAT
        dlon = distance * math.sin(bearing) / (METRES_PER_DEGREE_LAT * math.cos(math.radians(lat)))
        return round(lat + dlat, 6), round(lon + dlon, 6)

    def place(self, hub: Hub | None = None) -> tuple[Hub, str, float, float]:
        """(hub, Chinese street address, lat, lon) somewhere in one of the districts."""
        hub = hub or self.hub()
        lat, lon = self.point_near(hub.lat, hub.lon, hub.radius_m)
        street = self.rng.choice(hub.streets)
        number = self.rng.randint(1, 1800)
        address = f"上海市{hub.district}{street}{number}号"
        if self.rng.random() < 0.6:
            address += f"{self.rng.randint(1, 28)}楼"
        return hub, address, lat, lon

    def home_address(self, hub: Hub) -> tuple[str, float, float]:
        lat, lon = self.point_near(hub.lat, hub.lon, hub.radius_m)
        street = self.rng.choice(hub.streets)
        lane = self.rng.randint(10, 1500)
        building = (
            f"{self.rng.randint(1, 40)}号{self.rng.randint(1, 18)}0{self.rng.randint(1, 6)}室"
        )
        return f"上海市{hub.district}{street}{lane}弄{building}", lat, lon

    def building_name(self, street: str) -> str:
        return street.removesuffix("路").removesuffix("大道") + self.rng.choice(BUILDINGS)

    # --- equipment ---------------------------------------------------------------------------
    def serial(self, prefix: str) -> str:
        return f"{prefix}{self.rng.randint(18, 24):02d}{self.rng.randrange(10**7):07d}"

    def qr_token(self) -> str:
        """22 URL-safe characters (128 bits), derived from the seed rather than the OS."""
        self._counter += 1
        material = f"{self.tag}:{self._counter}:{self.rng.getrandbits(64)}".encode()
        digest = hashlib.sha256(material).digest()[:16]
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")
