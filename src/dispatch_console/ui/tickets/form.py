"""The ticket form, new or edit: find the customer as you type, pick site and asset, describe the
fault.

Every lookup runs off the GUI thread, one at a time per field (a newer keystroke drops the older
result). Validation errors from the services are shown next to the field they name. An edit sends
only the fields the agent changed, based on the version the form opened; if someone else saved in
between, the conflict dialog shows both and the agent decides (nothing is lost either way)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.desk_zone import DEFAULT_HOLIDAY_REGION, DEFAULT_TIMEZONE
from ...domain.enums import Channel, Priority, SlaClass
from ...domain.errors import ConflictError, ValidationError
from ...domain.model import Customer
from ...domain.schedule.booking import sla_warning
from ...domain.schedule.calendar import HolidayCalendar
from ...domain.schedule.windows import appointment
from ...domain.sla import targets_for
from ...domain.tickets import Ticket, TicketDraft
from ...domain.timeline import CallerMatch, TicketHistory
from ...ports import Backend
from ...rest.client import RestBackend
from ..errors import error_text
from ..schedule.words import when
from ..tasks import Latest, TaskRunner
from ..widgets import named
from .appointment import AppointmentField
from .conflict import ConflictDialog
from .draft_keeper import DraftKeeper, RestoredBanner
from .duplicates import DuplicateWarning
from .form_links import FormLinks
from .labels import channel_label, priority_label

LOOKUP_DELAY_MS = 250
APPOINTMENT = ("appointment_starts_at", "appointment_ends_at")
ERROR_STYLE = "border: 1px solid #c62828;"


class TicketForm(QDialog, FormLinks):
    """Signals:
    created(object): the new Ticket, after it was saved.
    updated(object): the edited Ticket, after it was saved.
    warned(str): it was saved, but with a warning to pass on (its window misses the SLA).
    """

    created = Signal(object)
    updated = Signal(object)
    warned = Signal(str)

    def __init__(
        self,
        backend: Backend,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        editing: TicketHistory | None = None,
        server: RestBackend | None = None,
        zone: str = DEFAULT_TIMEZONE,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        holiday_region: str = DEFAULT_HOLIDAY_REGION,
    ):
        """`server`: the console's server connection, if it works through one: a new ticket
        it could not take is kept on this PC (draft_keeper.py). `zone`, `holiday_region`: the
        desk's, in which the appointment window is typed and first judged (the booking use
        case judges it again where the ticket's department counts its days)."""
        super().__init__(parent)
        self.base: Ticket | None = editing.ticket if editing else None
        if self.base is None:
            self.setWindowTitle(self.tr("New ticket"))
        else:
            self.setWindowTitle(self.tr("Edit %1").replace("%1", self.base.number))
        self._backend = backend
        self._runner = runner
        self._customer_lookup = Latest(runner, self)
        self._site_lookup = Latest(runner, self)
        self._asset_lookup = Latest(runner, self)
        self.customer: Customer | None = None
        # how a new ticket is saved: a chat's form saves through ticket_from_chat instead
        self.creates_with: Callable[[TicketDraft], Ticket] = backend.create_ticket

        self.customer_search = named(QLineEdit(), "customer_search")
        self.customer_search.setPlaceholderText(self.tr("Name or phone number"))
        self.customer_results = named(QListWidget(), "customer_results")
        self.customer_results.setMaximumHeight(110)
        self.customer_results.hide()  # shown while there are matches to choose from
        self.site = named(QComboBox(), "site")
        self.asset = named(QComboBox(), "asset")
        self.asset_code = named(QLineEdit(), "asset_code")
        self.asset_code.setPlaceholderText(self.tr("Scan or type the QR token or serial number"))
        self.category = named(QLineEdit(), "category")
        self.priority = named(QComboBox(), "priority")
        for p in Priority:
            self.priority.addItem(priority_label(p), p)
        self.priority.setCurrentIndex(list(Priority).index(Priority.NORMAL))
        self.channel = named(QComboBox(), "channel")
        for c in Channel:
            self.channel.addItem(channel_label(c), c)
        self.appointment = AppointmentField(
            ZoneInfo(zone), HolidayCalendar(holiday_region), now=now
        )
        self.description = named(QPlainTextEdit(), "description")
        self.description.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.contact_name = named(QLineEdit(), "contact_name")
        self.contact_phone = named(QLineEdit(), "contact_phone")
        self.duplicate = DuplicateWarning()
        self._open_lookup = Latest(runner, self)
        self.restored = RestoredBanner()
        self.error = named(QLabel(), "form_error")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Customer"), self.customer_search)
        form.addRow("", self.customer_results)
        form.addRow(self.tr("Site"), self.site)
        form.addRow(self.tr("Asset"), self.asset)
        form.addRow(self.tr("QR / serial"), self.asset_code)
        form.addRow(self.tr("Category"), self.category)
        form.addRow(self.tr("Priority"), self.priority)
        form.addRow(self.tr("Channel"), self.channel)
        form.addRow(self.tr("Appointment"), self.appointment)
        form.addRow(self.tr("Fault"), self.description)
        form.addRow(self.tr("Contact"), self.contact_name)
        form.addRow(self.tr("Contact phone"), self.contact_phone)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setToolTip(self.tr("Ctrl+Enter"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.restored)
        layout.addLayout(form)
        layout.addWidget(self.duplicate)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(560, 620)

        self._customer_timer = QTimer(self, singleShot=True, interval=LOOKUP_DELAY_MS)
        self._asset_timer = QTimer(self, singleShot=True, interval=LOOKUP_DELAY_MS)
        self.customer_search.textEdited.connect(self._customer_timer.start)
        self._customer_timer.timeout.connect(self._look_up_customers)
        self.customer_results.itemActivated.connect(self._choose_customer)
        self.customer_results.itemClicked.connect(self._choose_customer)
        self.site.activated.connect(self._touch_links)
        self.asset.activated.connect(self._touch_links)
        self.site.currentIndexChanged.connect(self._load_assets)
        self.site.currentIndexChanged.connect(self._warn_duplicate)
        self.asset.currentIndexChanged.connect(self._warn_duplicate)
        self.priority.currentIndexChanged.connect(self._estimate_arrival)
        self.asset_code.textEdited.connect(self._asset_timer.start)
        self._asset_timer.timeout.connect(self._look_up_asset)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save)
        self.conflict: ConflictDialog | None = None  # the open one, if any
        # an edit sends customer/site/asset only once the agent picked one: the pickers fill in
        # the background, and a quick save must not read "nothing chosen yet" as "clear them"
        self._links_touched = False
        self._wanted_site: int | None = None
        self._wanted_asset: int | None = None
        if editing is not None:
            self._fill(editing)
        else:
            self._estimate_arrival()
        self.drafts = DraftKeeper(self, server, runner)

    def want_links(self, site_id: int | None, asset_id: int | None) -> None:
        self._wanted_site, self._wanted_asset = site_id, asset_id

    def choose_customer(self, item: QListWidgetItem) -> None:
        self._choose_customer(item)

    def prefill_caller(self, match: CallerMatch | None, number: str) -> None:
        """From a screen-pop: the caller (if one customer has the number), their number, and
        the phone channel."""
        self.channel.setCurrentIndex(self.channel.findData(Channel.PHONE))
        self.contact_phone.setText(number)
        if match is not None and len(match.customers) == 1:
            customer = match.customers[0]
            item = QListWidgetItem(customer.name)
            item.setData(Qt.ItemDataRole.UserRole, customer)
            self._choose_customer(item)
        elif match is not None and match.customers:
            self._show_customers(match.customers)  # several share the number: the agent picks
        self.description.setFocus()

    def _fill(self, history: TicketHistory) -> None:
        """Show the ticket as it is; the pickers select its site and asset once they have loaded."""
        t = history.ticket
        self._wanted_site, self._wanted_asset = t.site_id, t.asset_id
        if history.customer is not None:
            self.customer = history.customer
            self.customer_search.setText(history.customer.name)
            customer_id = history.customer.id
            self._site_lookup.run(
                lambda: self._backend.list_sites(customer_id), self._show_sites, self._show_error
            )
        elif history.asset is not None:
            self.asset.clear()
            self.asset.addItem(f"{history.asset.model} · {history.asset.serial}", history.asset.id)
        self.category.setText(t.category)
        self.priority.setCurrentIndex(self.priority.findData(t.priority))
        self.channel.setCurrentIndex(self.channel.findData(t.channel))
        self.description.setPlainText(t.description)
        self.contact_name.setText(t.contact_name)
        self.contact_phone.setText(t.contact_phone or "")
        self.appointment.set_window(appointment(t))
        self.appointment.set_arrival_due(t.arrival_due_at if t.arrived_at is None else None)

    def _estimate_arrival(self, *_: object) -> None:
        """A ticket not yet saved has no deadline: the standard contract's, counted from now,
        is what it will most likely get (an asset under another contract changes it)."""
        if self.base is not None:
            return
        target = targets_for(SlaClass.STANDARD, self.priority.currentData()).arrival
        self.appointment.set_arrival_due(
            self.appointment.now() + target, self.tr("estimate: standard SLA, opened now")
        )

    # --- save ----------------------------------------------------------------------------------
    def draft(self) -> TicketDraft:
        window = self.appointment.value()
        return TicketDraft(
            channel=self.channel.currentData(),
            category=self.category.text(),
            priority=self.priority.currentData(),
            description=self.description.toPlainText(),
            customer_id=self.customer.id if self.customer else None,
            site_id=None if self.asset.currentData() else self.site.currentData(),
            asset_id=self.asset.currentData(),
            contact_name=self.contact_name.text(),
            contact_phone=self.contact_phone.text() or None,
            appointment_starts_at=window.starts_at if window else None,
            appointment_ends_at=window.ends_at if window else None,
        )

    def changes(self) -> dict[str, Any]:
        """The fields the agent changed in this edit, as update_ticket takes them."""
        assert self.base is not None
        base, draft = self.base, self.draft()
        values: dict[str, Any] = {}
        for key in ("channel", "category", "priority", "description", "contact_name"):
            if getattr(draft, key) != getattr(base, key):
                values[key] = getattr(draft, key)
        if (draft.contact_phone or None) != base.contact_phone:
            values["contact_phone"] = draft.contact_phone
        links_moved = draft.customer_id != base.customer_id or draft.asset_id != base.asset_id
        if draft.asset_id is None and draft.site_id != base.site_id:
            links_moved = True
        if links_moved and self._links_touched:
            values.update(
                customer_id=draft.customer_id, site_id=draft.site_id, asset_id=draft.asset_id
            )
        for key in APPOINTMENT:
            if getattr(draft, key) != getattr(base, key):
                values.update({k: getattr(draft, k) for k in APPOINTMENT})
                break
        return values

    def save(self) -> None:
        self._clear_marks()
        try:
            self.appointment.value()
        except ValidationError as exc:
            self._refused(exc)
            return
        if self.base is None:
            draft = self.draft()
            self.save_button.setEnabled(False)
            creates_with, keyed = self.creates_with, self.drafts.keyed

            def create() -> Ticket:
                with keyed():
                    return creates_with(draft)

            self._runner.run(create, self._saved, self._refused, receiver=self)
            return
        values = self.changes()
        if not values:
            self.reject()  # nothing changed, nothing to save
            return
        self._update(self.base.version, values)

    def _update(self, version: int, values: dict[str, Any]) -> None:
        assert self.base is not None
        ticket_id, backend = self.base.id, self._backend
        self.save_button.setEnabled(False)

        def update() -> Ticket:
            """The ticket's fields, then its window (its own use case) on the version the first
            write left: a window moved is checked as a booking is."""
            fields = {k: v for k, v in values.items() if k not in APPOINTMENT}
            ticket = backend.update_ticket(ticket_id, version, **fields) if fields else None
            if APPOINTMENT[0] not in values:
                assert ticket is not None
                return ticket
            booking = backend.set_appointment(
                ticket_id,
                ticket.version if ticket else version,
                values[APPOINTMENT[0]],
                values[APPOINTMENT[1]],
            )
            return booking.ticket

        self._runner.run(
            update,
            self._saved,
            lambda exc: self._update_refused(exc, values),
            receiver=self,
        )

    def _saved(self, ticket: Ticket) -> None:
        self.drafts.saved()
        warning = sla_warning(ticket)
        if warning is not None and warning.starts_at is not None:
            due = when(warning.starts_at, self.appointment.zone)
            self.warned.emit(
                self.tr("%1 saved; its appointment window misses the SLA (arrival due %2).")
                .replace("%1", ticket.number)
                .replace("%2", due)
            )
        (self.created if self.base is None else self.updated).emit(ticket)
        self.accept()

    def _update_refused(self, exc: Exception, mine: dict[str, Any]) -> None:
        if not isinstance(exc, ConflictError):
            self._refused(exc)
            return
        assert self.base is not None
        ticket_id = self.base.id
        self._runner.run(
            lambda: self._backend.get_ticket(ticket_id),
            lambda current: self._resolve_conflict(exc, mine, current),
            self._refused,
            receiver=self,
        )

    def _resolve_conflict(self, exc: ConflictError, mine: dict[str, Any], current: Ticket) -> None:
        assert self.base is not None
        self.conflict = ConflictDialog(self.base, mine, current, exc.changed_by, self)
        self.conflict.finished.connect(lambda choice: self._decided(choice, exc, mine, current))
        self.conflict.open()

    def _decided(
        self, choice: int, exc: ConflictError, mine: dict[str, Any], current: Ticket
    ) -> None:
        self.save_button.setEnabled(True)
        if choice == ConflictDialog.SAVE_MINE:
            self.base = current
            self._update(current.version, mine)
        elif choice == ConflictDialog.TAKE_THEIRS:
            self.updated.emit(current)
            self.reject()
        else:
            self.error.setText(
                self.tr("Not saved yet: %1 changed this ticket. Save again when ready.").replace(
                    "%1", ", ".join(exc.changed_by) or self.tr("someone")
                )
            )

    def _refused(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        if self.drafts.kept(exc):
            self.error.setText(
                error_text(exc) + "  " + self.tr("The ticket is kept on this PC: if you close "
                "this form, New ticket offers it back.")
            )  # fmt: skip
            return
        if isinstance(exc, ValidationError):
            name = "appointment_date" if exc.field.startswith("appointment") else exc.field
            widget = self.findChild(QWidget, name)
            if widget is not None:
                widget.setStyleSheet(ERROR_STYLE)
                widget.setFocus()
        self._show_error(exc)

    def _show_error(self, exc: Exception) -> None:
        self.error.setText(error_text(exc) + "  " + self.tr("Nothing was saved."))

    def _clear_marks(self) -> None:
        self.error.clear()
        for name in (
            "appointment_date",
            "category",
            "description",
            "contact_phone",
            "contact_name",
            "priority",
            "channel",
        ):
            widget = self.findChild(QWidget, name)
            if widget is not None:
                widget.setStyleSheet("")
