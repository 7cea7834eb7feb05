"""The new-ticket form: find the customer as you type, pick site and asset, describe the fault.

Every lookup runs off the GUI thread, one at a time per field (a newer keystroke drops the older
result). Validation errors from the services are shown next to the field they name."""

from __future__ import annotations

from typing import Any

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

from ...domain.enums import Channel, Priority
from ...domain.errors import DomainError, ValidationError
from ...domain.model import Asset, Customer, Site
from ...domain.tickets import Ticket, TicketDraft
from ...ports import Backend
from ..tasks import Latest, TaskRunner
from ..widgets import named
from .labels import priority_label

LOOKUP_DELAY_MS = 250
ERROR_STYLE = "border: 1px solid #c62828;"


class TicketForm(QDialog):
    """Signals:
    created(object): the new Ticket, after it was saved.
    """

    created = Signal(object)

    def __init__(self, backend: Backend, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("New ticket"))
        self._backend = backend
        self._runner = runner
        self._customer_lookup = Latest(runner)
        self._site_lookup = Latest(runner)
        self._asset_lookup = Latest(runner)
        self.customer: Customer | None = None

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
        for c, text in (
            (Channel.PHONE, self.tr("Phone")),
            (Channel.SELF_SERVICE, self.tr("QR self-service")),
            (Channel.CHAT, self.tr("Chat")),
            (Channel.EMAIL, self.tr("E-mail")),
            (Channel.AGENT, self.tr("Agent")),
        ):
            self.channel.addItem(text, c)
        self.description = named(QPlainTextEdit(), "description")
        self.contact_name = named(QLineEdit(), "contact_name")
        self.contact_phone = named(QLineEdit(), "contact_phone")
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
        form.addRow(self.tr("Fault"), self.description)
        form.addRow(self.tr("Contact"), self.contact_name)
        form.addRow(self.tr("Contact phone"), self.contact_phone)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setToolTip(self.tr("Ctrl+Enter"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(560, 620)

        self._customer_timer = QTimer(self, singleShot=True, interval=LOOKUP_DELAY_MS)
        self._asset_timer = QTimer(self, singleShot=True, interval=LOOKUP_DELAY_MS)
        self.customer_search.textEdited.connect(self._customer_timer.start)
        self._customer_timer.timeout.connect(self._look_up_customers)
        self.customer_results.itemActivated.connect(self._choose_customer)
        self.customer_results.itemClicked.connect(self._choose_customer)
        self.site.currentIndexChanged.connect(self._load_assets)
        self.asset_code.textEdited.connect(self._asset_timer.start)
        self._asset_timer.timeout.connect(self._look_up_asset)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save)

    # --- customer, site, asset -----------------------------------------------------------------
    def _look_up_customers(self) -> None:
        text = self.customer_search.text().strip()
        if not text:
            self.customer_results.clear()
            self.customer_results.hide()
            return
        self._customer_lookup.run(
            lambda: self._backend.search_customers(text, 8), self._show_customers, self._show_error
        )

    def _show_customers(self, customers: list[Customer]) -> None:
        self.customer_results.clear()
        for c in customers:
            phones = ", ".join(p.number for p in c.phones[:2])
            item = QListWidgetItem(f"{c.name}   {phones}")
            item.setData(Qt.ItemDataRole.UserRole, c)
            self.customer_results.addItem(item)
        self.customer_results.setVisible(bool(customers))
        if customers:
            self.customer_results.setCurrentRow(0)

    def _choose_customer(self, item: QListWidgetItem) -> None:
        customer: Customer = item.data(Qt.ItemDataRole.UserRole)
        self.customer = customer
        self.customer_search.setText(customer.name)
        self.customer_results.clear()
        self.customer_results.hide()
        if not self.contact_name.text():
            self.contact_name.setText(customer.name)
        if not self.contact_phone.text() and customer.phones:
            self.contact_phone.setText(customer.phones[0].number)
        self._site_lookup.run(
            lambda: self._backend.list_sites(customer.id), self._show_sites, self._show_error
        )

    def _show_sites(self, sites: list[Site]) -> None:
        self.site.clear()
        self.site.addItem(self.tr("(no site)"), None)
        for s in sites:
            self.site.addItem(f"{s.name} · {s.address}", s.id)
        if sites:
            self.site.setCurrentIndex(1)

    def _load_assets(self, *_: Any) -> None:
        site_id = self.site.currentData()
        self.asset.clear()
        self.asset.addItem(self.tr("(no asset)"), None)
        if site_id is not None:
            self._asset_lookup.run(
                lambda: self._backend.list_assets(site_id), self._show_assets, self._show_error
            )

    def _show_assets(self, assets: list[Asset]) -> None:
        for a in assets:
            self.asset.addItem(f"{a.model} · {a.serial}", a.id)

    def _look_up_asset(self) -> None:
        code = self.asset_code.text().strip()
        if not code:
            return

        def find() -> Asset | None:
            return self._backend.find_asset(qr_token=code) or self._backend.find_asset(serial=code)

        self._asset_lookup.run(find, self._found_asset, self._show_error)

    def _found_asset(self, asset: Asset | None) -> None:
        if asset is None:
            self.error.setText(self.tr("No asset with that QR token or serial number."))
            return
        self.error.clear()
        self.asset.clear()
        self.asset.addItem(f"{asset.model} · {asset.serial}", asset.id)
        if not self.category.text() and asset.category:
            self.category.setText(asset.category)

    # --- save ----------------------------------------------------------------------------------
    def draft(self) -> TicketDraft:
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
        )

    def save(self) -> None:
        self._clear_marks()
        draft = self.draft()
        self.save_button.setEnabled(False)
        self._runner.run(lambda: self._backend.create_ticket(draft), self._saved, self._refused)

    def _saved(self, ticket: Ticket) -> None:
        self.created.emit(ticket)
        self.accept()

    def _refused(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            widget = self.findChild(QWidget, exc.field)
            if widget is not None:
                widget.setStyleSheet(ERROR_STYLE)
                widget.setFocus()
        self._show_error(exc)

    def _show_error(self, exc: Exception) -> None:
        prefix = "" if isinstance(exc, DomainError) else self.tr("Problem: ")
        self.error.setText(prefix + str(exc) + "  " + self.tr("Nothing was saved."))

    def _clear_marks(self) -> None:
        self.error.clear()
        for name in (
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
