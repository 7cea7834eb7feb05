"""The ticket detail: what the ticket is and everything that happened to it."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from ...domain.calls import Call, Callback
from ...domain.tickets import (
    Attachment,
    CheckIn,
    Comment,
    PartUsage,
    Ticket,
    Transition,
    WorkLogEntry,
)
from ...domain.timeline import TicketHistory
from ..widgets import named
from .actions import ActionBar
from .labels import priority_label, status_label


class DetailPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = named(QLabel(self.tr("Select a ticket")), "detail_title")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.body = named(QTextBrowser(), "timeline")
        self.body.setOpenLinks(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.action_bar = ActionBar()
        self.ticket: Ticket | None = None
        layout.addWidget(self.title)
        layout.addWidget(self.action_bar)
        layout.addWidget(self.body)

    def show_history(self, history: TicketHistory) -> None:
        t = history.ticket
        self.ticket = t
        self.action_bar.show_for(t)
        self.title.setText(
            f"{t.number} · {escape(t.category)} · {priority_label(t.priority)} · "
            f"{status_label(t.status)}"
        )
        lines = [f"<p>{escape(t.description)}</p><hr/>"]
        for at, item in history.timeline():
            when = at.astimezone().strftime("%m-%d %H:%M")
            lines.append(f"<p><b>{when}</b> {self._describe(item)}</p>")
        self.body.setHtml("".join(lines))

    def clear(self) -> None:
        self.ticket = None
        self.action_bar.show_for(None)
        self.title.setText(self.tr("Select a ticket"))
        self.body.clear()

    def _describe(self, item: object) -> str:
        if isinstance(item, Transition):
            text = (
                self.tr("%1 → %2 by %3")
                .replace("%1", status_label(item.from_status) if item.from_status else "—")
                .replace("%2", status_label(item.to_status))
                .replace("%3", escape(item.actor))
            )
            return text + (f" — {escape(item.reason)}" if item.reason else "")
        if isinstance(item, Comment):
            tag = self.tr("internal") if item.visibility.value == "internal" else self.tr("public")
            return f"💬 <i>{escape(item.author)} ({tag})</i>: {escape(item.body)}"
        if isinstance(item, CheckIn):
            flag = "" if item.inside_geofence else " ⚠"
            return (
                self.tr("Checked in %1 m from the site").replace("%1", f"{item.distance_m:,.0f}")
                + flag
            )
        if isinstance(item, WorkLogEntry):
            return self.tr("Work log (%1 min): ").replace("%1", str(item.minutes)) + escape(
                item.note
            )
        if isinstance(item, PartUsage):
            return (
                self.tr("Part used: #%1 × %2")
                .replace("%1", str(item.part_id))
                .replace("%2", str(item.quantity))
            )
        if isinstance(item, Attachment):
            return self.tr("Photo/file: ") + escape(item.filename)
        if isinstance(item, Callback):
            return self.tr("Callback (%1)").replace("%1", item.status.value)
        if isinstance(item, Call):
            return self.tr("Call from %1").replace("%1", escape(item.from_number))
        return escape(type(item).__name__)
