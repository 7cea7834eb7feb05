"""Translations as a frozen build ships them (compiled .qm, no .ts, no lrelease) and as a damaged
install lacks them: the file is named, the fix is said, and the log has a line."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QApplication

from dispatch_console.ui import i18n
from dispatch_console.ui.tickets.appointment import AppointmentField


def _app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app


def _remove(translators: list[object]) -> None:
    for t in translators:
        _app().removeTranslator(t)  # type: ignore[arg-type]


def test_a_build_ships_the_compiled_translation_alone(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = tmp_path / "translations"
    [qm] = i18n.compile_all(shipped)  # what the spec does at build time
    assert qm.name == "dispatch_console_zh_CN.qm"
    assert not list(shipped.glob("*.ts"))
    monkeypatch.setattr(i18n, "TRANSLATIONS", shipped)
    monkeypatch.setattr(i18n, "_lrelease", lambda: tmp_path / "no-lrelease")  # none when frozen
    translators = i18n.install_translations(_app(), "zh_CN", cache=tmp_path / "cache")
    try:
        assert i18n.loaded() == qm
        assert _app().translate("MainWindow", "Dispatch Console") == "派单工作台"
    finally:
        _remove(translators)


def test_a_missing_translation_is_logged_naming_the_file(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(i18n, "TRANSLATIONS", tmp_path)  # the .qm deleted from an install
    with caplog.at_level(logging.ERROR, logger=i18n.__name__):
        translators = i18n.install_translations(_app(), "zh_CN", cache=tmp_path / "cache")
    assert i18n.loaded() is None
    expected = str(tmp_path / "dispatch_console_zh_CN.qm")
    assert any(expected in r.getMessage() for r in caplog.records)
    _remove(translators)


def test_dates_follow_the_chosen_language_not_the_pcs(qapp: object, tmp_path: Path) -> None:
    """A Chinese console on an English PC: the ticket form's date says 周一 and its calendar
    pop-up is Chinese; English chosen on it again: Mon. (The default locale each sets is put
    back by tests/ui/conftest.py:_default_locale_restored.)"""
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    monday = QDate(2026, 3, 2)
    translators = i18n.install_translations(_app(), "zh_CN", cache=tmp_path / "cache")
    try:
        assert QLocale().language() == QLocale.Language.Chinese
        assert QLocale().territory() == QLocale.Country.China
        field = AppointmentField(ZoneInfo("Asia/Shanghai"))
        field.day.setDate(monday)
        assert field.day.text() == "2026-03-02 周一"
        popup = field.day.calendarWidget()
        assert popup.locale().dayName(1, QLocale.FormatType.ShortFormat) == "周一"
        assert popup.locale().monthName(3) == "三月"
    finally:
        _remove(translators)
    translators = i18n.install_translations(_app(), "en", cache=tmp_path / "cache")
    _remove(translators)
    field = AppointmentField(ZoneInfo("Asia/Shanghai"))
    field.day.setDate(monday)
    assert field.day.text() == "2026-03-02 Mon"


def test_english_needs_no_file(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(i18n, "TRANSLATIONS", tmp_path)
    translators = i18n.install_translations(_app(), "en", cache=tmp_path / "cache")
    assert i18n.loaded() is None
    _remove(translators)


def test_a_build_without_translations_fails(tmp_path: Path) -> None:
    with pytest.raises(i18n.TranslationBuildError, match="no dispatch_console_"):
        i18n.compile_all(tmp_path / "out", sources=tmp_path)


def test_a_broken_source_fails_the_build(tmp_path: Path) -> None:
    shutil.copy(i18n.TRANSLATIONS / "dispatch_console_zh_CN.ts", tmp_path)
    (tmp_path / "dispatch_console_zh_CN.ts").write_text("<TS><context>", encoding="utf-8")
    with pytest.raises(i18n.TranslationBuildError, match="cannot compile"):
        i18n.compile_all(tmp_path / "out", sources=tmp_path)


def test_every_shipped_language_is_listed() -> None:
    sources = sorted(p.stem.removeprefix(i18n.PREFIX) for p in i18n.TRANSLATIONS.glob("*.ts"))
    assert sources == sorted(i18n.TRANSLATED)


def test_lupdate_finds_the_consoles_strings_under_their_own_contexts(tmp_path: Path) -> None:
    """lupdate (what brings strings to translators) reads `tr = QCoreApplication.translate;
    tr("Context", "text")` as the context being the text, in a nameless context: the words
    never reach the .ts. The console's modules call translate in full (or self.tr)."""
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not beside this Python")
    package = i18n.TRANSLATIONS.parent.parent
    sources = sorted(str(p) for folder in ("ui", "app") for p in (package / folder).rglob("*.py"))
    out = tmp_path / "found.ts"
    subprocess.run([str(lupdate), *sources, "-ts", str(out)], check=True, capture_output=True)
    found = {
        c.findtext("name"): {m.findtext("source") for m in c.findall("message")}
        for c in ET.parse(out).getroot().findall("context")
    }
    assert not found.get("") and not found.get("QCoreApplication"), found.get("")
    assert {"Leave", "Sick leave", "Training", "Other absence"} <= found["AbsenceEditor"]
    assert {"Monday", "Sunday", "Day"} <= found["WeekEditor"]
    assert {"Mon", "Sun"} <= found["ScheduleBoard"]
    assert "Incoming call: close the pop-up" in found["ScreenPop"]
