"""Token buckets: how often a device, a user or an address may do something.

RateLimiter counts in memory, per server process: cheap enough for every page view, and with
`--workers N` an address gets up to N times the allowance (acceptable where a guess is futile,
like 144-bit QR tokens). SharedLimiter counts in the database, one round trip per use, so every
process agrees: for what bounds an attacker (sign-ins from an address, reports from an address)."""

from __future__ import annotations

import ipaddress
import threading
import time
import weakref
from typing import ClassVar, Protocol

MAX_BUCKETS = 100_000


def client_key(host: str | None) -> str:
    """Whom a per-address limit counts: an IPv4 address, or an IPv6 client's /64 (one phone or
    home gets a whole /64 and may use a new address for every request)."""
    if not host:
        return "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


class RateLimiter:
    """A token bucket per key (a device, a user name, an address, a QR token)."""

    every: ClassVar[weakref.WeakSet[RateLimiter]] = weakref.WeakSet()

    def __init__(self, rate: float, burst: int) -> None:
        self.rate, self.burst = rate, burst
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()
        RateLimiter.every.add(self)

    @classmethod
    def forget_all(cls) -> None:
        """The test suite's reset: every device starts afresh."""
        for limiter in list(cls.every):
            with limiter._lock:
                limiter._buckets.clear()

    def allow(self, device: str, cost: int = 1) -> bool:
        now = time.monotonic()
        with self._lock:
            tokens, then = self._buckets.get(device, (float(self.burst), now))
            tokens = min(self.burst, tokens + (now - then) * self.rate)
            if tokens < cost:
                self._buckets[device] = (tokens, now)
                return False
            self._buckets[device] = (tokens - cost, now)
            if len(self._buckets) > MAX_BUCKETS:  # forget the idle ones, not everyone's limit
                idle = now - self.burst / self.rate
                self._buckets = {k: v for k, v in self._buckets.items() if v[1] > idle}
            return True

    def refund(self, key: str, cost: int = 1) -> None:
        """Gives back what `allow` took for something that turned out not to count (a report
        refused for a typo must not use up the device's reports)."""
        with self._lock:
            if key in self._buckets:
                tokens, then = self._buckets[key]
                self._buckets[key] = (min(float(self.burst), tokens + cost), then)


class Allowances(Protocol):
    """What SharedLimiter needs of the services (services/credentials.py)."""

    def take_allowance(
        self, scope: str, key: str, rate: float, burst: int, cost: float = 1
    ) -> bool: ...
    def give_back_allowance(self, scope: str, key: str, burst: int, cost: float = 1) -> None: ...


class SharedLimiter:
    """A token bucket per key, like RateLimiter, kept in the database (one row per scope and
    key): every server process takes from the same bucket. Blocking: call it off the loop."""

    def __init__(self, services: Allowances, scope: str, rate: float, burst: int) -> None:
        self.services, self.scope, self.rate, self.burst = services, scope, rate, burst

    def allow(self, key: str, cost: int = 1) -> bool:
        return self.services.take_allowance(self.scope, key, self.rate, self.burst, cost)

    def refund(self, key: str, cost: int = 1) -> None:
        self.services.give_back_allowance(self.scope, key, self.burst, cost)
