"""Someone else saved the ticket while you were editing it: both versions side by side.

The agent chooses: save their own changes on top of the other person's (only the fields they
changed are written), take the other version (theirs is kept, ours dropped), or go back to the
form. A row where both changed the same field is highlighted; that is where work could be lost."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import Channel, Priority, TicketStatus
from ...domain.tickets import Ticket
from ..widgets import named
from .labels import channel_label, field_label, priority_label, status_label

SHOWN_FIELDS = (
    "status",
    "priority",
    "category",
    "description",
    "assignee_id",
    "customer_id",
    "site_id",
    "asset_id",
    "contact_name",
    "contact_phone",
    "channel",
    "appointment_starts_at",
    "appointment_ends_at",
)
BOTH_CHANGED = QColor("#ffe0b2")


def _text(field: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if field == "status":
        return status_label(TicketStatus(value))
    if field == "priority":
        return priority_label(Priority(value))
    if field == "channel":
        return channel_label(Channel(value))
    if isinstance(value, datetime):
        return f"{value.astimezone():%Y-%m-%d %H:%M}"
    if field.endswith("_id"):
        return f"#{value}"
    return str(value)


class ConflictDialog(QDialog):
    SAVE_MINE = 10
    TAKE_THEIRS = 11

    def __init__(
        self,
        base: Ticket,
        mine: dict[str, Any],
        theirs: Ticket,
        changed_by: Sequence[str],
        parent: QWidget | None = None,
        *,
        back_text: str | None = None,
    ) -> None:
        super().__init__(parent)
        who = ", ".join(changed_by) or self.tr("someone")
        self.setWindowTitle(
            self.tr("%1 was changed by %2").replace("%1", base.number).replace("%2", who)
        )
        intro = QLabel(
            self.tr(
                "%1 saved this ticket while you were editing it. Nothing has been lost yet: "
                "compare and choose."
            ).replace("%1", who)
        )
        intro.setWordWrap(True)
        self.table = named(QTableWidget(0, 4), "conflict_table")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Field"), self.tr("When you opened it"), self.tr("Yours"), self.tr("Now")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        theirs_changed = {f for f in SHOWN_FIELDS if getattr(base, f) != getattr(theirs, f)}
        for name in [f for f in SHOWN_FIELDS if f in mine or f in theirs_changed]:
            row = self.table.rowCount()
            self.table.insertRow(row)
            cells = (
                field_label(name),
                _text(name, getattr(base, name)),
                _text(name, mine[name]) if name in mine else "",
                _text(name, getattr(theirs, name)),
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if name in mine and name in theirs_changed:
                    item.setBackground(BOTH_CHANGED)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)

        buttons = QDialogButtonBox()
        self.save_mine = named(
            QPushButton(self.tr("Save my changes over theirs")), "conflict_save_mine"
        )
        self.take_theirs = named(
            QPushButton(self.tr("Discard mine, keep theirs")), "conflict_take_theirs"
        )
        self.back = named(QPushButton(back_text or self.tr("Back to the form")), "conflict_back")
        buttons.addButton(self.save_mine, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.take_theirs, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(self.back, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_mine.clicked.connect(lambda: self.done(self.SAVE_MINE))
        self.take_theirs.clicked.connect(lambda: self.done(self.TAKE_THEIRS))
        self.back.clicked.connect(self.reject)
        self.back.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(720, 360)
