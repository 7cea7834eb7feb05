"""Callbacks to CSV and Excel, with the columns the review table shows, in the reader's language.

CSV is written with a byte-order mark: Excel on Chinese Windows otherwise reads UTF-8 as GBK
and garbles every name. The workbook has a second sheet with the period's figures."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ...domain.callbacks import CallbackRow, CallbackStats
from ..phones import display_phone
from ..tickets.labels import callback_outcome_label, callback_reason_label, callback_status_label

LOW_FILL = PatternFill("solid", fgColor="FFEBEE")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
WIDTHS = (17, 17, 12, 12, 20, 16, 11, 12, 10, 12, 8, 6, 6, 50)  # characters, per column


HEADERS = [
    QT_TRANSLATE_NOOP("review", "Created"),
    QT_TRANSLATE_NOOP("review", "Finished"),
    QT_TRANSLATE_NOOP("review", "Agent"),
    QT_TRANSLATE_NOOP("review", "Technician"),
    QT_TRANSLATE_NOOP("review", "Customer"),
    QT_TRANSLATE_NOOP("review", "Phone"),
    QT_TRANSLATE_NOOP("review", "Ticket"),
    QT_TRANSLATE_NOOP("review", "Why"),
    QT_TRANSLATE_NOOP("review", "Status"),
    QT_TRANSLATE_NOOP("review", "Answer"),
    QT_TRANSLATE_NOOP("review", "Satisfaction"),
    QT_TRANSLATE_NOOP("review", "Fixed"),
    QT_TRANSLATE_NOOP("review", "Tries"),
    QT_TRANSLATE_NOOP("review", "Notes"),
]
SUMMARY = [
    QT_TRANSLATE_NOOP("review", "Tickets resolved"),
    QT_TRANSLATE_NOOP("review", "First-time fix rate"),
    QT_TRANSLATE_NOOP("review", "Callbacks due"),
    QT_TRANSLATE_NOOP("review", "Callbacks done"),
    QT_TRANSLATE_NOOP("review", "Completion"),
    QT_TRANSLATE_NOOP("review", "On time"),
]
TECHNICIAN_COLUMNS = [
    QT_TRANSLATE_NOOP("review", "Technician"),
    QT_TRANSLATE_NOOP("review", "Callbacks"),
    QT_TRANSLATE_NOOP("review", "Average"),
    QT_TRANSLATE_NOOP("review", "Low scores"),
]


def _tr(words: list[object]) -> list[str]:
    return [QCoreApplication.translate("review", str(w)) for w in words]


def headers() -> list[str]:
    return _tr(HEADERS)


def safe(value: str | int | None) -> str | int | None:
    """Text a spreadsheet must not run: a leading = + - @ would make it a formula."""
    if isinstance(value, str) and value[:1] in FORMULA_START:
        return "'" + value
    return value


def cells(row: CallbackRow, region: str = "CN") -> list[str | int | None]:
    cb = row.callback
    fixed = {True: QCoreApplication.translate("review", "yes"),
             False: QCoreApplication.translate("review", "no")}  # fmt: skip
    return [
        _when(cb.created_at), _when(cb.completed_at), cb.agent or cb.assigned_to or "",
        row.technician_name or "", row.customer_name or "",
        display_phone(cb.phone, region) or cb.phone, row.ticket_number or "",
        callback_reason_label(cb.reason), callback_status_label(cb.status),
        callback_outcome_label(cb.outcome) if cb.outcome else "", cb.satisfaction,
        fixed.get(cb.problem_fixed, "") if cb.problem_fixed is not None else "",
        cb.attempts, cb.comment,
    ]  # fmt: skip


def _when(value: object) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value is not None else ""  # type: ignore[attr-defined]


def write_csv(rows: Sequence[CallbackRow], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        out = csv.writer(f)
        out.writerow(headers())
        for row in rows:
            out.writerow(["" if c is None else safe(c) for c in cells(row)])


def _append(sheet: Any, values: Sequence[object]) -> None:
    """A row of values: text stays text (openpyxl makes any string starting with = a formula,
    and names, comments and technicians' names are typed by people)."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def write_xlsx(rows: Sequence[CallbackRow], stats: CallbackStats | None, path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = QCoreApplication.translate("review", "Callbacks")
    _append(sheet, headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        _append(sheet, cells(row))
        if row.flagged:
            for cell in sheet[sheet.max_row]:
                cell.fill = LOW_FILL
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHIJKLMN", WIDTHS, strict=True):
        sheet.column_dimensions[column].width = width
    if stats is not None:
        _summary(book, stats)
    book.save(path)


def _summary(book: Workbook, stats: CallbackStats) -> None:
    sheet = book.create_sheet(QCoreApplication.translate("review", "Summary"))
    values = [
        stats.resolved_tickets, stats.first_time_fix_rate, stats.callbacks_due,
        stats.callbacks_done, stats.completion_rate, stats.timeliness,
    ]  # fmt: skip
    for label, value in zip(_tr(SUMMARY), values, strict=True):
        _append(sheet, [label, value])
        if isinstance(value, float):
            sheet.cell(sheet.max_row, 2).number_format = "0.0%"
    sheet.append([])
    _append(sheet, _tr(TECHNICIAN_COLUMNS))
    for tech in stats.technicians:
        _append(sheet, [tech.name, tech.callbacks, tech.average, tech.low])
    sheet.column_dimensions["A"].width = 22
