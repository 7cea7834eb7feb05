"""Reference data rules: QR tokens, warranties and technician shifts."""

from __future__ import annotations

from datetime import date, time

import pytest

from dispatch_console.domain.model import Asset, Technician, new_qr_token


def test_qr_tokens_are_url_safe_unguessable_and_short() -> None:
    tokens = {new_qr_token() for _ in range(200)}
    assert len(tokens) == 200
    for token in tokens:
        assert len(token) == 22  # 16 bytes, base64url without padding
        assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def _asset(warranty_ends_on: date | None) -> Asset:
    return Asset(1, 1, "GW-2000", "SN1", "tok", warranty_ends_on=warranty_ends_on)


def test_warranty_includes_its_last_day() -> None:
    asset = _asset(date(2024, 6, 30))
    assert asset.under_warranty(date(2024, 1, 1))
    assert asset.under_warranty(date(2024, 6, 30))
    assert not asset.under_warranty(date(2024, 7, 1))


def test_no_warranty_date_means_not_under_warranty() -> None:
    assert not _asset(None).under_warranty(date(2024, 1, 1))


def _tech(starts: time, ends: time) -> Technician:
    return Technician(1, "Zhang San", "+8613812345678", None, work_starts=starts, work_ends=ends)


@pytest.mark.parametrize(
    ("at", "on"),
    [
        (time(8, 29), False),
        (time(8, 30), True),
        (time(12), True),
        (time(17, 29), True),
        (time(17, 30), False),
        (time(23), False),
    ],
)
def test_day_shift_includes_start_excludes_end(at: time, on: bool) -> None:
    assert _tech(time(8, 30), time(17, 30)).on_shift(at) is on


@pytest.mark.parametrize(
    ("at", "on"),
    [
        (time(21, 59), False),
        (time(22), True),
        (time(23, 59), True),
        (time(0), True),
        (time(5, 59), True),
        (time(6), False),
        (time(12), False),
    ],
)
def test_night_shift_across_midnight(at: time, on: bool) -> None:
    assert _tech(time(22), time(6)).on_shift(at) is on


def test_technician_defaults() -> None:
    tech = Technician(1, "Zhang San", "+8613812345678", None)
    assert tech.on_shift(time(9))
    assert tech.van_stock == []
    assert Technician(2, "Li Si", "+8613900000000", None).van_stock is not tech.van_stock
