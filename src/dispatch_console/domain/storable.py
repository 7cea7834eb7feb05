"""What no database behind us can store: PostgreSQL refuses NUL in text (SQLite stores it),
neither encodes a lone surrogate, and a whole number beyond 64 bits overflows both. One rule,
asked at the API's door (server/hostile.py), by the use cases (services clean_text) and by the
storage's last line (storage/guard.py)."""

from __future__ import annotations

INT64 = 2**63 - 1  # PostgreSQL's bigint and SQLite's integer; ids and versions are smaller


def text_problem(value: str) -> str | None:
    """Why this text cannot be stored, or None."""
    if "\x00" in value:
        return "contains a NUL character"
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "contains text that is not valid Unicode"
    return None


def number_problem(value: int) -> str | None:
    """Why this whole number cannot be stored, or None."""
    return f"is out of range (at most {INT64})" if abs(value) > INT64 else None
