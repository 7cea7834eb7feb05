"""Phone numbers: every way a caller's number gets typed or sent must match the stored one."""

from __future__ import annotations

import pytest

from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.phones import display_phone, normalise_phone, try_normalise_phone

MOBILE = "+8613812345678"
SHANGHAI_LANDLINE = "+862163215678"


@pytest.mark.parametrize(
    "typed",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "(138) 1234-5678",
        "  13812345678  ",
        "+8613812345678",
        "+86 138 1234 5678",
        "+86-138-1234-5678",
        "+86 (0)138 1234 5678",
        "0086 138 1234 5678",
        "008613812345678",
        "8613812345678",
        "１３８１２３４５６７８",  # full-width digits from a Chinese IME
    ],
)
def test_chinese_mobile_in_every_typed_form_gives_one_e164(typed: str) -> None:
    assert normalise_phone(typed) == MOBILE


@pytest.mark.parametrize(
    "typed",
    [
        "021-6321-5678",
        "021 63215678",
        "02163215678",
        "(021) 6321 5678",
        "(021)6321-5678",
        "+86 21 6321 5678",
        "+86 (0)21 6321 5678",
        "+86-21-63215678",
        "0086-21-63215678",
        "0086 21 6321 5678",
    ],
)
def test_chinese_landline_with_and_without_trunk_zero_gives_one_e164(typed: str) -> None:
    assert normalise_phone(typed) == SHANGHAI_LANDLINE


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("010-8888 6666", "+861088886666"),  # Beijing, 2-digit area code
        ("0755-8888 6666", "+8675588886666"),  # Shenzhen, 3-digit area code
        ("400-810-8888", "+864008108888"),  # national service number
    ],
)
def test_other_chinese_numbers(typed: str, expected: str) -> None:
    assert normalise_phone(typed) == expected


@pytest.mark.parametrize(
    ("typed", "region", "expected"),
    [
        ("020 7946 0958", "GB", "+442079460958"),
        ("020 7946 0958", "gb", "+442079460958"),  # region code is case-insensitive
        ("07911 123456", "GB", "+447911123456"),
        ("(202) 456-1111", "US", "+12024561111"),
        ("030 12345678", "DE", "+493012345678"),
    ],
)
def test_other_regions_through_region_parameter(typed: str, region: str, expected: str) -> None:
    assert normalise_phone(typed, region=region) == expected


def test_same_digits_mean_different_numbers_in_different_regions() -> None:
    assert normalise_phone("020 7946 0958", region="GB") == "+442079460958"
    assert normalise_phone("020 7946 0958") == "+862079460958"  # Guangzhou


def test_international_prefix_overrides_region() -> None:
    assert normalise_phone("+44 20 7946 0958") == "+442079460958"
    assert normalise_phone("+86 138 1234 5678", region="GB") == MOBILE
    assert normalise_phone("0086 138 1234 5678", region="US") == MOBILE


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "   ",
        "12345",
        "1381234567",  # one digit short
        "138123456789",  # one digit too many
        "23812345678",  # no such mobile prefix
        "63215678",  # landline without area code
        "abc",
        "+",
        "anonymous",
    ],
)
def test_invalid_numbers_raise_validation_error_naming_the_field(bad: str) -> None:
    with pytest.raises(ValidationError) as info:
        normalise_phone(bad, field="contact_phone")
    assert info.value.field == "contact_phone"
    assert str(info.value).startswith("contact_phone: ")


def test_default_field_name_is_phone() -> None:
    with pytest.raises(ValidationError) as info:
        normalise_phone("12345")
    assert info.value.field == "phone"


def test_invalid_number_message_says_what_to_do() -> None:
    with pytest.raises(ValidationError) as info:
        normalise_phone("1381234567")
    message = str(info.value)
    assert "1381234567" in message
    assert "CN" in message
    assert "country code" in message


def test_empty_number_says_it_is_required() -> None:
    with pytest.raises(ValidationError, match="required"):
        normalise_phone("")


@pytest.mark.parametrize(
    "caller_id",
    [None, "", "anonymous", "Anonymous", "unknown", "restricted", "sip:1001@pbx", "0000", "12345"],
)
def test_try_normalise_returns_none_for_unusable_caller_ids(caller_id: str | None) -> None:
    assert try_normalise_phone(caller_id) is None  # type: ignore[arg-type]


def test_try_normalise_returns_e164_for_a_real_caller_id() -> None:
    assert try_normalise_phone("0086 138 1234 5678") == MOBILE
    assert try_normalise_phone("020 7946 0958", region="GB") == "+442079460958"


def test_normalise_is_idempotent() -> None:
    assert normalise_phone(normalise_phone("138-1234-5678")) == MOBILE


def test_display_phone_is_readable_international_form() -> None:
    assert display_phone(MOBILE) == "+86 138 1234 5678"
    assert display_phone(SHANGHAI_LANDLINE) == "+86 21 6321 5678"
    assert display_phone("garbage") == "garbage"
