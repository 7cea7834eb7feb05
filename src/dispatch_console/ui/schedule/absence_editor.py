"""Leave, sickness and training (请假) as a supervisor enters them: the kind, from, to and a
note; the technician's absences already entered listed below, to remove one entered by
mistake. What the dialog saves and the warning it shows are the dialog's; this is the form."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QDateTime, QTimeZone
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from ...domain.schedule import Absence, AbsenceKind
from ..widgets import named
from .words import absence_label, span

ABSENCE_ROLE = 256


def kind_name(kind: AbsenceKind) -> str:
    """The kind as a noun for the picker (absence_label reads "they are <on leave> then")."""
    # spelt out in full each time: pyside6-lupdate finds only literal translate calls
    return {
        AbsenceKind.LEAVE: QCoreApplication.translate("AbsenceEditor", "Leave"),
        AbsenceKind.SICKNESS: QCoreApplication.translate("AbsenceEditor", "Sick leave"),
        AbsenceKind.TRAINING: QCoreApplication.translate("AbsenceEditor", "Training"),
        AbsenceKind.OTHER: QCoreApplication.translate("AbsenceEditor", "Other absence"),
    }[kind]


class AbsenceEditor(QWidget):
    def __init__(self, zone: ZoneInfo, now: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("absence_editor")
        self.zone = zone
        self.kind = named(QComboBox(), "absence_kind")
        for kind in AbsenceKind:
            self.kind.addItem(kind_name(kind), kind)
        self.starts = named(QDateTimeEdit(), "absence_starts")
        self.ends = named(QDateTimeEdit(), "absence_ends")
        qzone = QTimeZone(zone.key.encode())
        day = now.astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)
        tomorrow, after = day + timedelta(days=1), day + timedelta(days=2)
        for edit, at in ((self.starts, tomorrow), (self.ends, after)):
            edit.setTimeZone(qzone)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(at.timestamp())))
        self.note = named(QLineEdit(), "absence_note")
        self.note.setMaxLength(400)
        self.listed = named(QListWidget(), "absence_list")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("From"), self.starts)
        form.addRow(self.tr("Until"), self.ends)
        form.addRow(self.tr("Note"), self.note)
        form.addRow(self.tr("Entered"), self.listed)

    def span(self) -> tuple[datetime, datetime]:
        def aware(edit: QDateTimeEdit) -> datetime:
            return datetime.fromtimestamp(edit.dateTime().toSecsSinceEpoch(), self.zone)

        return aware(self.starts), aware(self.ends)

    def values(self) -> tuple[AbsenceKind, datetime, datetime, str]:
        starts, ends = self.span()
        return self.kind.currentData(), starts, ends, self.note.text().strip()

    def set_absences(self, absences: list[Absence]) -> None:
        self.listed.clear()
        for a in absences:
            text = f"{kind_name(a.kind)} · {span(a.starts_at, a.ends_at, self.zone)}"
            if a.note:
                text += f" · {a.note}"
            item = QListWidgetItem(text)
            item.setData(ABSENCE_ROLE, a)
            item.setToolTip(absence_label(a.kind))
            self.listed.addItem(item)

    def selected(self) -> Absence | None:
        item = self.listed.currentItem()
        chosen: Absence | None = None if item is None else item.data(ABSENCE_ROLE)
        return chosen
