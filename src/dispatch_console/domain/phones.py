"""Phone numbers in one canonical form (E.164), so that a caller is found by an exact match."""

from __future__ import annotations

import phonenumbers

from .errors import ValidationError

DEFAULT_REGION = "CN"


def normalise_phone(raw: str, region: str = DEFAULT_REGION, field: str = "phone") -> str:
    """Return `raw` as E.164 (+8613812345678) or raise a ValidationError naming `field`.

    Accepts the forms people type and PBXs send: spaces, dashes, brackets, a leading 00 or +,
    a trunk 0 for national numbers. A number that is not valid for its region is refused rather
    than stored in a form no caller lookup would ever match.
    """
    text = (raw or "").strip()
    if not text:
        raise ValidationError(field, "a phone number is required")
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        parsed = phonenumbers.parse(text, region.upper())
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(field, f"{raw!r} is not a phone number ({exc})") from None
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(
            field,
            f"{raw!r} is not a valid number for region {region.upper()}; "
            "check the digits or add the country code (+86 ...)",
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def try_normalise_phone(raw: object, region: str = DEFAULT_REGION) -> str | None:
    """Like normalise_phone but None for anything unusable: for caller IDs that may be anonymous
    (and that some PBX integrations hand over as integers)."""
    if raw is None:
        return None
    try:
        return normalise_phone(str(raw), region)
    except ValidationError:
        return None


def display_phone(e164: str) -> str:
    """A human-friendly international form of a stored number."""
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
