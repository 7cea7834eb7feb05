"""Phone numbers in one canonical form (E.164), so that a caller is found by an exact match."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

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


# --- numbers as a PBX hands them over -------------------------------------------------------------
# Chinese PBXs pass the caller ID as it would be dialled from the desk: a local landline without
# its area code, the outside-line digit in front (9, sometimes 0), a carrier's IP long-distance
# prefix (17951 China Mobile, 17911 China Unicom, 17909 China Telecom ...), 86 without the +.
# Tried only when the number as given is not valid, so a real number that happens to start with
# one of them is never cut.
DEFAULT_TRUNK_PREFIXES = (
    "9", "17951", "12593", "17911", "17909", "17908", "17901", "17900", "10193", "0",
)  # fmt: skip
SHORTEST_NUMBER = 7  # fewer digits: an internal extension or a service code (110, 10086, 95588)
LOCAL_LENGTHS = (7, 8)  # a landline dialled inside its own area code
_SIP_URI = re.compile(r"^(?:sips?|tel):", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s\-.()/]")
_CN_AREA_CODE = re.compile(r"10|2\d|[3-9]\d\d")  # 010 Beijing, 021 Shanghai, 0755 Shenzhen ...


@dataclass(frozen=True, slots=True)
class DialPlan:
    """What the desk's PBX leaves out of or adds to a caller ID: the desk's own area code (without
    the trunk 0: "21" for Shanghai) and the prefixes to strip."""

    area_code: str = ""
    trunk_prefixes: tuple[str, ...] = DEFAULT_TRUNK_PREFIXES

    @classmethod
    def of(
        cls, area_code: str = "", trunk_prefixes: Iterable[str] | None = None, region: str = "CN"
    ) -> DialPlan:
        """A checked plan (ValidationError naming the setting when something is wrong)."""
        prefixes = DEFAULT_TRUNK_PREFIXES if trunk_prefixes is None else tuple(trunk_prefixes)
        return cls(check_area_code(area_code, region), check_trunk_prefixes(prefixes))


def check_area_code(text: str, region: str = DEFAULT_REGION) -> str:
    """The area code without its trunk 0 ("021" -> "21"), "" for none, or a ValidationError.
    Known means phonenumbers accepts a landline in it."""
    code = _SEPARATORS.sub("", text or "")
    if not code:
        return ""
    region = region.upper()
    prefix = phonenumbers.PhoneMetadata.metadata_for_region(region)
    trunk = (prefix.national_prefix if prefix is not None else None) or ""
    if trunk and code.startswith(trunk):
        code = code[len(trunk) :]
    if not code.isdigit() or not 1 <= len(code) <= 5:
        raise ValidationError("area_code", f"{text!r} is not an area code such as 021")
    if region == "CN" and not _CN_AREA_CODE.fullmatch(code):
        raise ValidationError("area_code", f"{text!r} is not an area code such as 021")
    for length in LOCAL_LENGTHS:
        for first in "2345678":
            local = (first + "234567890")[:length]
            if _valid(code + local, region) and _landline(code + local, region):
                return code
    raise ValidationError("area_code", f"{text!r} is not an area code such as 021")


def check_trunk_prefixes(prefixes: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for raw in prefixes:
        prefix = str(raw).strip()
        if not prefix:
            continue
        if not prefix.isdigit() or len(prefix) > 6:
            raise ValidationError("trunk_prefixes", f"{raw!r} is not a dialling prefix (digits)")
        if prefix not in out:
            out.append(prefix)
    return tuple(out)


def pbx_number(
    raw: object, region: str = DEFAULT_REGION, plan: DialPlan | None = None
) -> str | None:
    """A caller ID or dialled number as the PBX sent it, in E.164, or None when it is not a phone
    number at all (an extension, anonymous, empty) or none phonenumbers calls valid.

    Order: the number as given (with the area code first when it has a local number's length),
    then international forms (00, 86 without +), then the same again with one trunk prefix
    stripped (twice at most: 9 + 17951 + ...)."""
    text = _caller_digits(raw)
    if text is None:
        return None
    region = region.upper()
    if text.startswith("+"):
        return _first_valid([text], region)
    if len(text) < SHORTEST_NUMBER:
        return None
    found = _first_valid(_local_forms(text, region, plan or DialPlan(), 2), region)
    if found is None and len(text) >= 11 and not text.startswith("0"):
        # E.164 without its '+', as sipgate.io and Zammad's CTI send it (493055571600); only
        # after the desk's own forms, so 13123456789 stays a Chinese mobile
        found = _first_valid(["+" + text], region)
    return found


def phone_label(e164: str) -> str:
    """How a number is filed on a customer: "mobile" or "office" (a landline)."""
    try:
        kind = phonenumbers.number_type(phonenumbers.parse(e164, None))
    except phonenumbers.NumberParseException:
        return "office"
    return "mobile" if kind == phonenumbers.PhoneNumberType.MOBILE else "office"


def _caller_digits(raw: object) -> str | None:
    """Digits with an optional leading +, out of "sip:+86...@host", "(021) 6234-5678", full-width
    digits; None for anything with letters in it (anonymous, unknown, Restricted)."""
    if raw is None or isinstance(raw, bool):
        return None
    text = unicodedata.normalize("NFKC", str(raw)).strip().strip("<>\"'")
    text = _SIP_URI.sub("", text).split("@", 1)[0].split(";", 1)[0]
    text = _SEPARATORS.sub("", text)
    if not re.fullmatch(r"\+?\d+", text):
        return None
    return text


def _local_forms(digits: str, region: str, plan: DialPlan, depth: int) -> Iterator[str]:
    if plan.area_code and len(digits) in LOCAL_LENGTHS:
        yield plan.area_code + digits
    yield digits
    if digits.startswith("00"):
        yield "+" + digits[2:]
    code = str(phonenumbers.country_code_for_region(region))
    if digits.startswith(code) and len(digits) > len(code) + SHORTEST_NUMBER:
        yield "+" + digits
    if depth > 0:
        for prefix in sorted(plan.trunk_prefixes, key=len, reverse=True):
            rest = digits[len(prefix) :]
            if digits.startswith(prefix) and len(rest) >= SHORTEST_NUMBER:
                yield from _local_forms(rest, region, plan, depth - 1)


def _first_valid(candidates: Iterable[str], region: str) -> str | None:
    for candidate in candidates:
        try:
            parsed = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed):
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return None


def _valid(text: str, region: str) -> bool:
    return _first_valid([text], region) is not None


def _landline(text: str, region: str) -> bool:
    kind = phonenumbers.number_type(phonenumbers.parse(text, region))
    return kind in (
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )
