"""The dialogs the main window opens (ticket form, note, callback request, photos, labels,
settings, shortcuts): a mixin of MainWindow, kept apart so that the window's file stays about
laying out and wiring. Words are translated in the MainWindow context, where they always were."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMessageBox, QStatusBar, QWidget

from ..config import ConsoleSettings, Secrets, save_settings
from ..domain.call_events import CallEvent
from ..domain.tickets import Attachment, Ticket
from ..domain.timeline import CallerMatch, TicketHistory
from ..ports import Backend
from ..rest.client import RestBackend
from .callbacks.request import CallbackRequestDialog
from .calls.popup import popup_shortcuts
from .contact_dialog import ContactDialog
from .error_dialog import Diagnostics
from .password_dialog import PasswordDialog
from .phones import display_phone
from .schedule.hours_dialog import WorkingHoursDialog
from .seats_dialog import SeatsDialog
from .settings.probes import Probes
from .tasks import TaskRunner
from .tickets.form import TicketForm
from .tickets.note_dialog import NoteDialog
from .tickets.photo_viewer import PhotoViewer

if TYPE_CHECKING:
    from .callbacks.panel import CallbacksPanel
    from .calls.controller import CallController
    from .labels.dialog import LabelsDialog
    from .pending_writes import PendingWritesMonitor
    from .settings.dialog import SettingsDialog
    from .tickets.detail_panel import DetailPanel

MNEMONIC = re.compile(r"\(&\w\)|&(?=\w)")  # "&File" and "文件(&F)" read as "File", "文件"


class WindowDialogs:
    """Its attributes are the window's (MainWindow sets them)."""

    backend: Backend
    clock: Callable[[], datetime]
    server: RestBackend | None  # the console's server connection, if it works through one
    runner: TaskRunner
    settings: ConsoleSettings
    detail: DetailPanel
    callbacks: CallbacksPanel
    calls: CallController
    pending_writes: PendingWritesMonitor | None
    commands: dict[str, QAction]
    _probes: Probes | None
    _me: str  # the signed-in user's name
    _secrets: Secrets
    _backend_label: str
    diagnostics: Diagnostics | None

    if TYPE_CHECKING:  # MainWindow's own

        def _ticket_changed(self, ticket_id: int) -> None: ...
        def _show_ticket(self, ticket_id: int) -> None: ...
        def statusBar(self) -> QStatusBar: ...  # noqa: N802
        def findChild(self, kind: type[QDockWidget], name: str) -> QDockWidget | None: ...  # noqa: N802

    def _parent(self) -> QWidget:
        """The window, as the parent of the dialogs it opens."""
        return cast(QWidget, self)

    def _ticket_form(self, editing: TicketHistory | None = None) -> TicketForm:
        form = TicketForm(
            self.backend, self.runner, self._parent(), editing=editing, server=self.server,
            zone=self.settings.timezone, now=self.clock,
            holiday_region=self.settings.holiday_region,
        )  # fmt: skip
        form.warned.connect(lambda text: self.statusBar().showMessage(text, 15000))
        return form

    def new_ticket(self) -> TicketForm:
        form = self._ticket_form()
        form.created.connect(lambda ticket: self._ticket_changed(ticket.id))
        form.open()
        return form

    def _note_from_call(self, ticket_id: int) -> None:
        def opened(ticket: Ticket) -> None:
            self._note_dialog(ticket).open()

        self.runner.run(lambda: self.backend.get_ticket(ticket_id), opened, receiver=self._parent())

    def request_callback(self) -> CallbackRequestDialog | None:
        ticket = self.detail.ticket
        if ticket is None:
            return None
        dialog = CallbackRequestDialog(
            self.backend, self.runner, ticket, self.detail.number_to_call() or "", self._parent()
        )
        dialog.scheduled.connect(lambda _cb: self._show_ticket(ticket.id))
        dialog.open()
        return dialog

    def take_callback(self) -> None:
        dock = self.findChild(QDockWidget, "dock_callbacks")
        if dock is not None:
            dock.show()
            dock.raise_()
        self.callbacks.take_next()

    def new_ticket_for_call(self, match: CallerMatch | None, call: CallEvent) -> TicketForm:
        """A ticket for the caller: customer and number filled in, channel phone, and the call
        linked to the ticket once it is saved."""
        form = self._ticket_form()
        number = call.from_number  # in E.164 when it is a phone number: shown as people read it
        shown = display_phone(number, self.settings.region) if number.startswith("+") else number
        form.prefill_caller(match, shown or number)
        call_id = call.call_id

        def created(ticket: Ticket) -> None:
            self._ticket_changed(ticket.id)
            self.runner.run(
                lambda: self.backend.link_call(call_id, ticket.id),
                lambda _c: None,
                receiver=self._parent(),
            )

        form.created.connect(created)
        form.open()
        return form

    def edit_ticket(self) -> TicketForm | None:
        history = self.detail.history
        if history is None:
            return None
        form = self._ticket_form(history)
        form.updated.connect(lambda ticket: self._ticket_changed(ticket.id))
        form.open()
        return form

    def add_note(self) -> NoteDialog | None:
        ticket = self.detail.ticket
        if ticket is None:
            return None
        dialog = self._note_dialog(ticket)
        dialog.open()
        return dialog

    def _note_dialog(self, ticket: Ticket) -> NoteDialog:
        dialog = NoteDialog(self.backend, self.runner, ticket, self._parent())
        dialog.saved.connect(lambda _c: self._show_ticket(ticket.id))
        dialog.kept.connect(self._kept_for_server)
        return dialog

    def _kept_for_server(self, text: str) -> None:
        self.statusBar().showMessage(text, 15000)
        if self.pending_writes is not None:
            self.pending_writes.refresh()

    def open_attachments(self, attachments: list[Attachment], index: int) -> PhotoViewer:
        viewer = PhotoViewer(self.backend, self.runner, attachments, index, self._parent())
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.show()
        return viewer

    def my_contacts(self) -> ContactDialog:
        dialog = ContactDialog(self.backend, self.runner, self._me, self._parent())
        dialog.saved.connect(
            lambda _user: self.statusBar().showMessage(
                QCoreApplication.translate("MainWindow", "Saved: alerts go where you said."), 8000
            )
        )
        dialog.open()
        dialog.load()
        return dialog

    def change_password(self) -> PasswordDialog:
        dialog = PasswordDialog(self.backend, self.runner, self._me, self._parent())
        dialog.changed.connect(
            lambda ended: self.statusBar().showMessage(
                QCoreApplication.translate(
                    "MainWindow", "Password changed; %n other session(s) signed out.", "", ended
                ),
                8000,
            )
        )
        dialog.open()
        return dialog

    def working_hours(self) -> WorkingHoursDialog:
        """Supervisors' hours and leave (the menu entry is theirs; the service checks anyway)."""
        dialog = WorkingHoursDialog(
            self.backend, self.runner, self.settings.timezone, self._parent(),
            holiday_region=self.settings.holiday_region, now=self.clock,
        )  # fmt: skip
        dialog.open()
        dialog.load()
        return dialog

    def seats(self) -> SeatsDialog | None:
        if self.server is None:
            return None
        dialog = SeatsDialog(self.server, self.runner, self._me, self._parent())
        dialog.open()
        dialog.refresh()
        return dialog

    def print_labels(self) -> LabelsDialog:
        from .labels.dialog import LabelsDialog  # segno and the PDF sheet: not at start

        s = self.settings
        server = s.connection.server_url if s.connection.kind == "server" else ""
        dialog = LabelsDialog(
            self.backend, self.runner, s.self_service_url or server, self._parent()
        )
        dialog.address_changed.connect(self._remember_public_address)
        dialog.open()
        return dialog

    def _remember_public_address(self, address: str) -> None:
        if address != self.settings.self_service_url:
            self.settings = self.settings.model_copy(update={"self_service_url": address})
            try:
                save_settings(self.settings)
            except OSError as exc:  # the labels are saved; only the address is not remembered
                self.statusBar().showMessage(str(exc), 15000)

    def open_settings(self) -> SettingsDialog | None:
        if self._probes is None:
            return None
        from .settings.dialog import SettingsDialog  # opened now and then, not at start

        dialog = SettingsDialog(
            self.settings, self._probes, self._secrets, save_settings, self._parent()
        )
        dialog.saved.connect(self._settings_saved)
        dialog.open()
        return dialog

    def _settings_saved(self, settings: ConsoleSettings) -> None:
        restart = (settings.connection, settings.language) != (
            self.settings.connection,
            self.settings.language,
        )
        self.settings = settings
        self.calls.dial_plan = settings.dial_plan()  # the next call already reads it
        if restart:
            self.statusBar().showMessage(
                QCoreApplication.translate(
                    "MainWindow", "Saved. The new connection or language applies when you restart."
                ),
                10000,
            )

    def show_shortcuts(self) -> None:
        lines = [
            f"<tr><td>{MNEMONIC.sub('', a.text())}</td>"
            f"<td><b>{a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)}</b></td></tr>"
            for a in self.commands.values()
            if not a.shortcut().isEmpty()
        ]
        lines += [
            f"<tr><td>{text}</td><td><b>{keys}</b></td></tr>" for text, keys in popup_shortcuts()
        ]
        QMessageBox.information(
            self._parent(),
            QCoreApplication.translate("MainWindow", "Keyboard shortcuts"),
            "<table>" + "".join(lines) + "</table>",
        )

    def show_about(self) -> None:
        from .about import AboutDialog

        AboutDialog(self._backend_label, self.diagnostics, self._parent()).exec()
