"""Every sentence the web pages show has its Chinese: a customer scanning a label in Shanghai
never meets an English sentence in the middle of a Chinese page."""

from __future__ import annotations

import re
from pathlib import Path

from dispatch_console.server.web import customer, optout, technician
from dispatch_console.server.web.pages import WEB
from dispatch_console.server.web.words import CATEGORY_WORDS, ZH, choose_language

SOURCES = [*sorted((WEB / "templates").glob("*.html")), Path(customer.__file__)]
CALLS = re.compile(r"""(?<![\w.])(?:_|tr)\(\s*(["'])(.+?)\1\s*\)""")


def test_every_sentence_of_the_pages_has_its_chinese() -> None:
    used = {m.group(2) for path in SOURCES for m in CALLS.finditer(path.read_text())}
    for table in (customer.REQUIRED_WORDS, customer.STEP_WORDS, customer.COVER_WORDS,
                  technician.STATUS_WORDS, optout.WORDS, CATEGORY_WORDS):  # fmt: skip
        used |= set(table.values())
    used |= set(technician.SCRIPT_WORDS)
    assert len(used) > 40  # the pattern finds them
    assert sorted(used - ZH.keys()) == []


def test_the_language_is_the_one_asked_for_then_the_phones() -> None:
    assert choose_language("en", "zh_CN", "zh-CN") == "en"
    assert choose_language(None, "en", "zh-CN") == "en"
    assert choose_language("klingon", None, "en-GB,en;q=0.9") == "en"
    assert choose_language(None, None, "zh-TW,zh;q=0.9") == "zh_CN"
    assert choose_language(None, None, "") == "zh_CN"
