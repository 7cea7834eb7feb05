"""Every word the console shows reaches the translators. pyside6-lupdate reads only literal text
in `self.tr("...")`, `QCoreApplication.translate("Context", "...")` and `QT_TRANSLATE_NOOP(...)`:
a variable, an f-string or a helper that takes the text hides it, the .ts never has it and the
Chinese console shows English. These tests read the source as lupdate does and as Python does,
and fail when the two disagree."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QApplication

from dispatch_console.domain.candidates import SlotKind, SlotNote
from dispatch_console.domain.schedule.problems import Conflict, ConflictKind
from dispatch_console.ui import i18n
from dispatch_console.ui.map.slot_words import miss_text
from dispatch_console.ui.schedule.cards import BarState
from dispatch_console.ui.schedule.words import conflict_text, state_label

PACKAGE = i18n.TRANSLATIONS.parent.parent
FOLDERS = ("ui", "app")
# where the text is in each call (after the context, if any)
TEXT_AT = {"translate": 1, "QT_TRANSLATE_NOOP": 1, "tr": 0, "QT_TR_NOOP": 0}
CONTEXT_AT = {"translate": 0, "QT_TRANSLATE_NOOP": 0}


@dataclass(frozen=True)
class Marked:
    """A helper that translates words lupdate found elsewhere: QT_TRANSLATE_NOOP marks them
    in the tables named here, in `context`, and the helper translates them when shown."""

    context: str
    tables: tuple[str, ...]


# (module, function) -> why its non-literal call is right. Nothing else may call translate or tr
# with text lupdate cannot read.
ALLOWED: dict[tuple[str, str], Marked | str] = {
    ("ui/schedule/words.py", "_marked"): Marked(
        "ScheduleWords", ("STATE_WORDS", "ABSENCE_WORDS", "CONFLICT_WORDS")
    ),
    ("ui/map/slot_words.py", "_marked"): Marked(
        "dispatch", ("MISSES", "LEAVE_UNTIL", "ON_LEAVE_UNTIL", "KIND_COUNTED")
    ),
    ("ui/callbacks/export.py", "_tr"): Marked(
        "review", ("HEADERS", "SUMMARY", "TECHNICIAN_COLUMNS")
    ),
    ("app/qt_checks.py", "translations"): (
        "the self-check reads back a sentence of the Help menu (menus.py has it literally) to "
        "prove a translation is installed; it shows no words of its own"
    ),
}


@dataclass(frozen=True)
class Call:
    module: str  # relative to the package, as in ALLOWED
    line: int
    function: str  # the enclosing function, "" at module level
    klass: str  # the enclosing class: self.tr's context
    name: str  # translate, tr, QT_TRANSLATE_NOOP, QT_TR_NOOP
    context: str | None  # None when not a literal
    text: str | None


def _literal(node: ast.Call, at: int | None) -> str | None:
    if at is None or at >= len(node.args):
        return None
    arg = node.args[at]
    return arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None


def _calls(package: Path) -> Iterator[Call]:
    for folder in FOLDERS:
        for path in sorted((package / folder).rglob("*.py")):
            module = path.relative_to(package).as_posix()
            yield from _visit(ast.parse(path.read_text(encoding="utf-8")), module, "", "")


def _visit(node: ast.AST, module: str, function: str, klass: str) -> Iterator[Call]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.ClassDef):
            yield from _visit(child, module, "", child.name)
            continue
        inner = child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else None
        if isinstance(child, ast.Call):
            f = child.func
            name = (
                f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
            )
            if name in TEXT_AT:
                context = _literal(child, CONTEXT_AT.get(name)) if name in CONTEXT_AT else klass
                text = _literal(child, TEXT_AT[name])
                yield Call(module, child.lineno, function, klass, name, context, text)
        yield from _visit(child, module, inner or function, klass)


def _unreadable(package: Path) -> list[Call]:
    return [c for c in _calls(package) if c.context is None or c.text is None]


def _lupdate(package: Path, out: Path) -> dict[str, set[str]]:
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not beside this Python")
    sources = sorted(str(p) for folder in FOLDERS for p in (package / folder).rglob("*.py"))
    subprocess.run([str(lupdate), *sources, "-ts", str(out)], check=True, capture_output=True)
    return {
        c.findtext("name") or "": {m.findtext("source") or "" for m in c.findall("message")}
        for c in ET.parse(out).getroot().findall("context")
    }


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    return _lupdate(PACKAGE, tmp_path_factory.mktemp("lupdate") / "found.ts")


def test_translate_and_tr_get_literal_text() -> None:
    """A helper like `def _tr(text): return translate("Ctx", text)` hides every word it is
    given from lupdate: the words go in tables marked with QT_TRANSLATE_NOOP, or are
    translated in full where they are said."""
    hidden = [
        f"{c.module}:{c.line} in {c.function or '<module>'}: {c.name}(...) with "
        + ("a context" if c.context is None else "text")
        + " lupdate cannot read"
        for c in _unreadable(PACKAGE)
        if (c.module, c.function) not in ALLOWED
    ]
    assert not hidden, "\n".join(hidden)


def test_every_exception_is_still_needed() -> None:
    used = {(c.module, c.function) for c in _unreadable(PACKAGE)}
    assert set(ALLOWED) <= used, set(ALLOWED) - used


def test_every_literal_call_reaches_lupdate(found: dict[str, set[str]]) -> None:
    """What Python reads as a literal call lupdate must find too: it does not look inside an
    f-string, nor follow an alias of translate."""
    missed = [
        f"{c.module}:{c.line}: {c.context!r}, {c.text!r}"
        for c in _calls(PACKAGE)
        if c.context is not None and c.text is not None and c.text not in found.get(c.context, ())
    ]
    assert not missed, "\n".join(missed)


@pytest.mark.parametrize(
    "where", [k for k, v in ALLOWED.items() if isinstance(v, Marked)], ids=lambda k: k[0]
)
def test_marked_tables_reach_lupdate_in_their_helpers_context(
    where: tuple[str, str], found: dict[str, set[str]]
) -> None:
    marked = ALLOWED[where]
    assert isinstance(marked, Marked)
    module = importlib.import_module(
        "dispatch_console." + where[0].removesuffix(".py").replace("/", ".")
    )
    words: set[str] = set()
    for name in marked.tables:
        table = getattr(module, name)
        values = (
            table.values()
            if isinstance(table, dict)
            else [table]
            if isinstance(table, str)
            else table
        )
        words |= {str(v) for v in values}
    assert words, where
    assert words <= found.get(marked.context, set()), words - found.get(marked.context, set())
    marks = {
        (c.context, c.text)
        for c in _calls(PACKAGE)
        if c.module == where[0] and c.name.startswith("QT_")
    }
    assert {(marked.context, w) for w in words} <= marks, "marked in another context"


def test_a_hidden_word_is_caught(tmp_path: Path) -> None:
    """The check itself: a helper that hides its text and an f-string that hides a call."""
    ui = tmp_path / "ui"
    ui.mkdir()
    (tmp_path / "app").mkdir()
    (ui / "words.py").write_text(
        "from PySide6.QtCore import QCoreApplication\n"
        "def _tr(text):\n"
        "    return QCoreApplication.translate('Words', text)\n"
        "def late():\n"
        "    return _tr('Late')\n"
        "def title():\n"
        "    return f\"<b>{QCoreApplication.translate('Words', 'On time')}</b>\"\n",
        encoding="utf-8",
    )
    [hidden] = _unreadable(tmp_path)
    assert (hidden.module, hidden.function, hidden.context) == ("ui/words.py", "_tr", "Words")
    lupdated = _lupdate(tmp_path, tmp_path / "found.ts")
    literal = [c for c in _calls(tmp_path) if c.text is not None]
    assert [c.text for c in literal] == ["On time"]
    assert "On time" not in lupdated.get("Words", set())


def test_the_marked_words_come_out_in_chinese(qapp: object, tmp_path: Path) -> None:
    """The tables' words are translated where they are shown, in the console's language."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translators = i18n.install_translations(app, "zh_CN", cache=tmp_path / "cache")
    try:
        now = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
        assert state_label(BarState.AT_RISK) == "即将超时"
        skill = Conflict(ConflictKind.MISSING_SKILL, "lacks boiler")
        assert conflict_text(skill, ZoneInfo("Asia/Shanghai"), {}) == "缺少技能：boiler"
        assert miss_text(SlotNote(SlotKind.NO_FREE_TIME), now) == "预约时段内已排满"
        sick = SlotNote(SlotKind.ON_LEAVE, until=now, absence="sickness")
        assert miss_text(sick, now).startswith("病假至 ")
    finally:
        for t in translators:
            app.removeTranslator(t)
