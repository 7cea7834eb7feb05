"""No customer's phone number or e-mail address in any log of ours (console, server, admin
tool), since a log file is what a user sends us: a message or traceback that carries one (a
driver's error quoting a value, a library's warning) is masked when the record is made, before
any handler writes it, whoever configured the handlers (uvicorn replaces them when it starts)."""

from __future__ import annotations

import logging
import re
import traceback
from typing import Any

# Phone-shaped numbers only, so that ids a log must show (a GPS device's IMEI, an event id) stay
# readable: E.164 (+8613812345678), a Chinese mobile (13812345678, 8613812345678), a landline
# with its area code (021-61234567), or grouped (138 1234 5678, +86 138 1234 5678)
PHONE = re.compile(
    r"(?<![\w.+])(?:\+\d{7,15}|(?:86)?1[3-9]\d{9}|0\d{2,3}[- ]?\d{7,8}"
    r"|(?:\+\d{1,3}[ -])?\d{3,4}[ -]\d{3,4}[ -]\d{4})(?![\w.])"
)
EMAIL = re.compile(r"[\w.+-]{1,64}@([\w-]{1,63}(?:\.[\w-]{1,63})+)")


def mask(text: str) -> str:
    text = EMAIL.sub(lambda m: f"***@{m.group(1)}", text)
    return PHONE.sub(lambda m: "[phone …" + re.sub(r"\D", "", m.group(0))[-2:] + "]", text)


def install() -> None:
    """Every record made from now on in this process is masked. Idempotent."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "masks_contacts", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is the logging module's to report
            return record
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and record.exc_info[1] is not None:
            # formatted now, so the handler uses this text instead of formatting its own
            record.exc_text = mask("".join(traceback.format_exception(*record.exc_info)).rstrip())
        return record

    factory.masks_contacts = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
