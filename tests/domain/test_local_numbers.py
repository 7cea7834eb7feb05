"""Caller IDs as Chinese PBXs really hand them over, for a desk in Shanghai (area code 021):
each form must become the E.164 number the customer is stored under, or "not a phone" (None),
in which case the call keeps the number as sent and matches nobody."""

from __future__ import annotations

import pytest

from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.phones import (
    DEFAULT_TRUNK_PREFIXES,
    DialPlan,
    check_area_code,
    check_trunk_prefixes,
    pbx_number,
    phone_label,
)

SHANGHAI = DialPlan.of("021")
LANDLINE = "+862162345678"  # 021 6234 5678
MOBILE = "+8613812345678"
BEIJING = "+861088886666"

TABLE = [
    # a landline in the desk's own area, without and with its area code
    ("62345678", LANDLINE),
    ("6234 5678", LANDLINE),
    ("6234-5678", LANDLINE),
    ("02162345678", LANDLINE),
    ("021-6234-5678", LANDLINE),
    ("2162345678", LANDLINE),  # area code without the trunk 0
    # another city's landline: its own area code wins over the desk's
    ("01088886666", BEIJING),
    ("1088886666", BEIJING),
    ("075588886666", "+8675588886666"),
    # outside-line prefixes the PBX leaves in
    ("962345678", LANDLINE),  # 9 + local
    ("902162345678", LANDLINE),  # 9 + 0 + national
    ("9 021 6234 5678", LANDLINE),
    ("913812345678", MOBILE),  # 9 + mobile
    ("9013812345678", MOBILE),  # 9 + 0 + mobile
    ("002162345678", LANDLINE),  # 0 (outside line) + 0 + national: not a valid +21...
    # carriers' IP long-distance prefixes
    ("1795102162345678", LANDLINE),
    ("1795113812345678", MOBILE),
    ("1791113812345678", MOBILE),
    ("1259313812345678", MOBILE),
    ("1790901088886666", BEIJING),
    ("9 17951 13812345678", MOBILE),  # outside line + IP prefix
    # mobiles with a leading 0, 86, +86, 0086
    ("13812345678", MOBILE),
    ("013812345678", MOBILE),
    ("8613812345678", MOBILE),
    ("+8613812345678", MOBILE),
    ("+86 138 1234 5678", MOBILE),
    ("008613812345678", MOBILE),
    ("0086 138 1234 5678", MOBILE),
    ("0086013812345678", MOBILE),
    ("862162345678", LANDLINE),
    ("+86 (0)21 6234 5678", LANDLINE),
    # SIP URIs and full-width digits (an agent's IME, some softphones)
    ("sip:62345678@192.168.1.10", LANDLINE),
    ("<sip:+8613812345678@pbx.example.cn;user=phone>", MOBILE),
    ("tel:+86-21-6234-5678", LANDLINE),
    ("１３８１２３４５６７８", MOBILE),
    (13812345678, MOBILE),  # some CTI scripts send the number as a JSON integer
    # national service numbers are phones too
    ("4008108888", "+864008108888"),
    # overseas callers
    ("+14155550123", "+14155550123"),
    ("0014155550123", "+14155550123"),
    ("90014155550123", "+14155550123"),
    ("+44 20 7946 0958", "+442079460958"),
    ("+852 2123 4567", "+85221234567"),
    # not a phone: internal extensions, service codes, anonymous, empty
    ("8001", None),
    ("1001", None),
    ("801234", None),
    ("95588", None),
    ("10086", None),
    ("110", None),
    ("anonymous", None),
    ("Anonymous", None),
    ("unknown", None),
    ("Restricted", None),
    ("", None),
    ("   ", None),
    (None, None),
    ("s", None),
    ("sip:1001@pbx", None),
    # looks like a number, but phonenumbers calls it invalid: never passed off as E.164
    ("6234567", None),  # 7 digits: Shanghai numbers have 8
    ("23812345678", None),  # no such mobile prefix
    ("1381234567", None),  # a mobile one digit short
    ("17951", None),
    ("+8662345678", None),  # +86 and a local number: the area code is missing
]


@pytest.mark.parametrize(("sent", "expected"), TABLE)
def test_pbx_forms_for_a_desk_in_shanghai(sent: object, expected: str | None) -> None:
    assert pbx_number(sent, "CN", SHANGHAI) == expected


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        ("62345678", None),  # a local number needs the desk's area code
        ("962345678", None),
        ("02162345678", LANDLINE),
        ("1795113812345678", MOBILE),  # prefixes are stripped with the default plan too
        ("913812345678", MOBILE),
    ],
)
def test_without_an_area_code(sent: str, expected: str | None) -> None:
    assert pbx_number(sent, "CN") == expected


def test_a_local_number_belongs_to_the_desks_area() -> None:
    assert pbx_number("62345678", "CN", DialPlan.of("010")) == "+861062345678"
    assert pbx_number("8888 6666", "CN", DialPlan.of("0755")) == "+8675588886666"


def test_prefixes_are_the_desks_own() -> None:
    no_nine = DialPlan.of("021", ["17951"])
    assert pbx_number("962345678", "CN", no_nine) is None
    assert pbx_number("1795113812345678", "CN", no_nine) == MOBILE


def test_other_regions() -> None:
    san_francisco = DialPlan.of("415", [], region="US")
    assert pbx_number("555 0123", "US", san_francisco) == "+14155550123"
    assert pbx_number("4155550123", "US", san_francisco) == "+14155550123"
    assert pbx_number("020 7946 0958", "GB") == "+442079460958"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("021", "21"), ("21", "21"), ("010", "10"), ("0755", "755"), (" 0571 ", "571"), ("", "")],
)
def test_area_codes_are_kept_without_their_trunk_zero(typed: str, stored: str) -> None:
    assert check_area_code(typed) == stored


@pytest.mark.parametrize("bad", ["99", "138", "0", "abc", "021-62", "0213"])
def test_an_unknown_area_code_is_refused(bad: str) -> None:
    with pytest.raises(ValidationError) as info:
        check_area_code(bad)
    assert info.value.field == "area_code"


def test_trunk_prefixes_are_digits() -> None:
    assert check_trunk_prefixes([" 9 ", "17951", "", "9"]) == ("9", "17951")
    with pytest.raises(ValidationError):
        check_trunk_prefixes(["9#"])
    assert DialPlan.of().trunk_prefixes == DEFAULT_TRUNK_PREFIXES


def test_numbers_are_filed_as_mobile_or_office() -> None:
    assert phone_label(MOBILE) == "mobile"
    assert phone_label(LANDLINE) == "office"
