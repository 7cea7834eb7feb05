"""E-mail addresses and message languages, checked the same way for customers and staff."""

from __future__ import annotations

import re

from .errors import ValidationError

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LANGUAGES = ("zh_CN", "en")


def clean_email(raw: str | None, field: str = "email") -> str | None:
    """None for an empty address; lower-case otherwise, so that a chat or a mail from
    Zhang.Wei@ finds zhang.wei@."""
    email = (raw or "").strip() or None
    if email and (len(email) > 254 or not _EMAIL.match(email)):
        raise ValidationError(field, f"{email!r} is not an e-mail address")
    return email.lower() if email else None


def check_language(raw: str | None, field: str = "language") -> str:
    lang = raw or "zh_CN"
    if lang not in LANGUAGES:
        raise ValidationError(field, "use zh_CN or en")
    return lang
