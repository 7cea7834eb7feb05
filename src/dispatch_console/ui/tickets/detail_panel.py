"""The ticket detail: who and where at a glance, the steps allowed now, and everything that
happened. The panel only shows and asks; the main window decides what a request does."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...domain.sla import Milestone, Risk
from ...domain.tickets import Ticket
from ...domain.timeline import TicketHistory
from ...ports import Backend
from ..phones import display_phone
from ..tasks import TaskRunner
from ..widgets import named
from .actions import ActionBar
from .labels import RISK_COLOURS, channel_label, duration, priority_label, status_label
from .timeline_text import is_image
from .timeline_view import TimelineView

LABEL_STYLE = 'style="color:#616161; padding-right:10px"'


def milestone_label(m: Milestone) -> str:
    return {
        Milestone.RESPONSE: QCoreApplication.translate("detail", "Response"),
        Milestone.ARRIVAL: QCoreApplication.translate("detail", "Arrival"),
        Milestone.RESOLUTION: QCoreApplication.translate("detail", "Resolution"),
    }[m]


class DetailPanel(QWidget):
    """Signals:
    edit_requested(): the agent wants to edit the shown ticket.
    note_requested(): the agent wants to add a note.
    attachment_requested(object, int): (attachments, index) to open in the viewer.
    resend_requested(int): send this notification to the customer again.
    notify_prefs_requested(object): the shown ticket's customer, to edit their opt-outs.
    shown(): the panel now shows another ticket, or none.
    """

    shown = Signal()  # a ticket (or none) is now shown
    edit_requested = Signal()
    call_requested = Signal()
    note_requested = Signal()
    attachment_requested = Signal(object, int)
    resend_requested = Signal(int)
    notify_prefs_requested = Signal(object)

    def __init__(
        self,
        backend: Backend,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        region: str = "CN",
    ):
        super().__init__(parent)
        self.region = region
        self.title = named(QLabel(self.tr("Select a ticket")), "detail_title")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.summary = named(QLabel(), "detail_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action_bar = ActionBar()
        self.edit_button = named(QPushButton(self.tr("Edit…")), "detail_edit")
        self.edit_button.setToolTip(self.tr("Edit the ticket (Ctrl+E)"))
        self.call_button = named(QPushButton(self.tr("Call")), "detail_call")
        self.call_button.setToolTip(self.tr("Call the customer (Ctrl+Shift+D)"))
        self.note_button = named(QPushButton(self.tr("Note…")), "detail_note")
        self.note_button.setToolTip(self.tr("Add a note (Ctrl+M)"))
        self.notify_button = named(QPushButton(self.tr("Notifications…")), "detail_notify")
        self.notify_button.setToolTip(self.tr("How the customer is told of progress"))
        self.body = named(TimelineView(backend, runner), "timeline")
        self.history: TicketHistory | None = None

        tools = QHBoxLayout()
        tools.addWidget(self.action_bar, 1)
        tools.addWidget(self.call_button)
        tools.addWidget(self.edit_button)
        tools.addWidget(self.note_button)
        tools.addWidget(self.notify_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addLayout(tools)
        layout.addWidget(self.body, 1)
        self.edit_button.clicked.connect(self.edit_requested)
        self.call_button.clicked.connect(self.call_requested)
        self.note_button.clicked.connect(self.note_requested)
        self.body.attachment_clicked.connect(self._open_attachment)
        self.body.resend_clicked.connect(self.resend_requested)
        self.notify_button.clicked.connect(self._notify_prefs)
        self.clear()

    @property
    def ticket(self) -> Ticket | None:
        return self.history.ticket if self.history is not None else None

    def show_history(self, history: TicketHistory) -> None:
        self.history = history
        t = history.ticket
        self.action_bar.show_for(t)
        self.edit_button.setEnabled(True)
        self.note_button.setEnabled(True)
        self.notify_button.setEnabled(history.customer is not None)
        self.call_button.setEnabled(bool(self.number_to_call()))
        self.title.setText(
            f"{t.number} · {escape(t.category)} · {priority_label(t.priority)} · "
            f"{status_label(t.status)}"
        )
        self.summary.setText(summary_html(history, datetime.now(UTC), self.region))
        self.summary.show()
        self.body.show_history(history)
        self.shown.emit()

    def clear(self) -> None:
        self.history = None
        self.action_bar.show_for(None)
        self.edit_button.setEnabled(False)
        self.note_button.setEnabled(False)
        self.notify_button.setEnabled(False)
        self.call_button.setEnabled(False)
        self.title.setText(self.tr("Select a ticket"))
        self.summary.hide()
        self.body.clear_history()
        self.shown.emit()

    def number_to_call(self) -> str | None:
        """The ticket's contact number, else the customer's first."""
        h = self.history
        if h is None:
            return None
        if h.ticket.contact_phone:
            return h.ticket.contact_phone
        if h.customer is not None and h.customer.phones:
            return h.customer.phones[0].number
        return None

    def show_loading(self, number: str) -> None:
        """The agent moved to another ticket: nothing of the previous one stays actionable."""
        self.clear()
        self.title.setText(self.tr("%1 — loading…").replace("%1", number))

    def show_error(self, number: str, message: str) -> None:
        self.clear()
        self.title.setText(self.tr("%1 could not be loaded").replace("%1", number))
        self.summary.setText(message + "  " + self.tr("Press F5 to try again."))
        self.summary.show()

    def _notify_prefs(self) -> None:
        if self.history is not None and self.history.customer is not None:
            self.notify_prefs_requested.emit(self.history.customer)

    def _open_attachment(self, attachment_id: int) -> None:
        if self.history is None:
            return
        clicked = next((a for a in self.history.attachments if a.id == attachment_id), None)
        if clicked is None:
            return
        # photos browse among photos; any other file opens on its own
        group = [a for a in self.history.attachments if is_image(a)] if is_image(clicked) else []
        group = group or [clicked]
        self.attachment_requested.emit(group, group.index(clicked))


def summary_html(history: TicketHistory, now: datetime, region: str = "CN") -> str:
    t = history.ticket
    rows: list[tuple[str, str]] = []
    if history.customer is not None:
        c = history.customer
        phones = " · ".join(escape(display_phone(p.number, region)) for p in c.phones[:3])
        rows.append(
            (QCoreApplication.translate("detail", "Customer"), f"<b>{escape(c.name)}</b> {phones}")
        )
    if t.contact_name or t.contact_phone:
        rows.append(
            (
                QCoreApplication.translate("detail", "Contact"),
                f"{escape(t.contact_name)} {escape(display_phone(t.contact_phone, region))}",
            )
        )
    if history.site is not None:
        s = history.site
        rows.append(
            (
                QCoreApplication.translate("detail", "Site"),
                f"{escape(s.name)}<br/>{escape(s.address)}",
            )
        )
    if history.asset is not None:
        a = history.asset
        rows.append(
            (
                QCoreApplication.translate("detail", "Asset"),
                f"{escape(a.model)} · {escape(a.serial)}",
            )
        )
    if history.technician is not None:
        tech = history.technician
        rows.append(
            (
                QCoreApplication.translate("detail", "Technician"),
                f"{escape(tech.name)} {escape(display_phone(tech.phone, region))}",
            )
        )
    clocks = []
    for clock in t.sla_clocks():
        risk = clock.risk(now)
        colour = RISK_COLOURS.get(risk)
        when = clock.due_at.astimezone().strftime("%m-%d %H:%M")
        if risk in (Risk.MET, Risk.MET_LATE):
            mark = "✓" if risk is Risk.MET else "✓ " + QCoreApplication.translate("detail", "late")
        else:
            mark = duration(clock.time_left(now))
        style = f' style="color:{colour.name()}"' if colour is not None else ""
        clocks.append(f"{milestone_label(clock.milestone)} {when} <span{style}>{mark}</span>")
    if clocks:
        rows.append(("SLA", " · ".join(clocks)))
    opened = t.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
    rows.append(
        (
            QCoreApplication.translate("detail", "Opened"),
            f"{opened} · {channel_label(t.channel)} · {escape(history.who(t.created_by))}",
        )
    )
    cells = "".join(f"<tr><td {LABEL_STYLE}>{k}</td><td>{v}</td></tr>" for k, v in rows)
    return f"<table>{cells}</table>"
