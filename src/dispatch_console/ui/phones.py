"""Phone numbers as people read and dial them: "159 2198 5992" and "021 3775 5670" at home,
"+1 650-253-0000" for a number from another country. Stored numbers stay E.164."""

from __future__ import annotations

import phonenumbers


def display_phone(e164: str | None, home_region: str = "CN") -> str:
    if not e164:
        return ""
    try:
        parsed = phonenumbers.parse(e164, home_region)
    except phonenumbers.NumberParseException:
        return e164
    home = phonenumbers.region_code_for_number(parsed) == home_region
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if home
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(parsed, style)


def dial_digits(e164: str, home_region: str = "CN") -> str:
    """What a PBX dialplan expects: national digits at home (13812345678, 02137755670), the
    international form with 00 otherwise."""
    try:
        parsed = phonenumbers.parse(e164, home_region)
    except phonenumbers.NumberParseException:
        return e164
    if phonenumbers.region_code_for_number(parsed) == home_region:
        national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
        return "".join(ch for ch in national if ch.isdigit())
    return "00" + e164.lstrip("+")
