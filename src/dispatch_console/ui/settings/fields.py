"""Small helpers the settings pages share: a red line under a field, errors by setting name."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from ..widgets import named

ERROR_STYLE = "border: 1px solid #c62828;"


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
