"""Rate limits count the right someone: one phone on IPv6 is one /64, not millions of keys;
a refund gives back what a request that did not count took."""

from __future__ import annotations

from dispatch_console.server.limits import RateLimiter, client_key


def test_a_phone_on_ipv6_is_counted_by_its_network() -> None:
    assert client_key("2408:8207:1850:4d0::1") == client_key("2408:8207:1850:4d0:dead:beef::9")
    assert client_key("2408:8207:1850:4d0::1") == "2408:8207:1850:4d0::/64"
    assert client_key("203.0.113.7") == "203.0.113.7" and client_key(None) == "unknown"


def test_a_refund_gives_back_what_did_not_count() -> None:
    limits = RateLimiter(rate=0.0001, burst=2)
    assert limits.allow("printer") and limits.allow("printer") and not limits.allow("printer")
    limits.refund("printer")
    assert limits.allow("printer") and not limits.allow("printer")
    limits.refund("never-seen")  # nothing taken, nothing given
    assert limits.allow("never-seen")
