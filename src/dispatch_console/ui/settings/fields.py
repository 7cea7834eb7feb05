"""Small helpers the settings pages share: a red line under a field, errors by setting name."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from pydantic import ValidationError
from PySide6.QtWidgets import QLabel, QWidget

from ...config import settings_error
from ..widgets import named

ERROR_STYLE = "border: 1px solid #c62828;"
T = TypeVar("T")


def error_label(name: str) -> QLabel:
    label = named(QLabel(), name)
    label.setStyleSheet("color: #c62828;")
    label.setWordWrap(True)
    return label


def mark(widgets: dict[str, QWidget], problems: str) -> QWidget | None:
    """Outline the widgets whose setting a pydantic message names ('port: ...'); the first one."""
    first: QWidget | None = None
    for widget in widgets.values():
        widget.setStyleSheet("")
    for part in problems.split("; "):
        name = part.split(":", 1)[0].rsplit(".", 1)[-1].strip()
        marked = widgets.get(name)
        if marked is not None:
            marked.setStyleSheet(ERROR_STYLE)
            first = first or marked
    return first


def validated(build: Callable[[], T], widgets: dict[str, QWidget], error: QLabel) -> T | None:
    """Build a settings section; on a validation error, outline the fields it names and say
    what is wrong. None when invalid."""
    try:
        settings = build()
    except ValidationError as exc:
        problems = settings_error(exc)
        mark(widgets, problems)
        error.setText(problems)
        return None
    mark(widgets, "")
    error.clear()
    return settings
