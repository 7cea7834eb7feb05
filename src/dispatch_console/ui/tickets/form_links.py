"""The ticket form's customer, site and asset: the customer found as you type, the sites and
assets of the chosen one, an asset by its QR token or serial number, and the warning that this
customer already has an open ticket for it. Every look-up runs off the GUI thread, the latest
typing wins. A mixin of TicketForm (its widgets are the form's); words in its context."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QListWidget, QListWidgetItem

from ...domain.model import Asset, Customer, Site
from ...domain.tickets import Ticket, TicketRow
from ...ports import Backend, TicketQuery
from ..phones import display_phone
from ..tasks import Latest
from .duplicates import DuplicateWarning


class FormLinks:
    """Its attributes are the form's (TicketForm sets them)."""

    base: Ticket | None
    customer: Customer | None
    customer_search: QLineEdit
    customer_results: QListWidget
    contact_name: QLineEdit
    contact_phone: QLineEdit
    site: QComboBox
    asset: QComboBox
    asset_code: QLineEdit
    category: QLineEdit
    error: QLabel
    duplicate: DuplicateWarning
    _backend: Backend
    _customer_lookup: Latest
    _site_lookup: Latest
    _asset_lookup: Latest
    _open_lookup: Latest
    _wanted_site: int | None
    _wanted_asset: int | None
    _links_touched: bool

    if TYPE_CHECKING:  # the form's own

        def _show_error(self, exc: Exception) -> None: ...

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
            phones = ", ".join(display_phone(p.number) for p in c.phones[:2])
            item = QListWidgetItem(f"{c.name}   {phones}")
            item.setData(Qt.ItemDataRole.UserRole, c)
            self.customer_results.addItem(item)
        self.customer_results.setVisible(bool(customers))
        if customers:
            self.customer_results.setCurrentRow(0)

    def _touch_links(self, *_: object) -> None:
        self._links_touched = True

    def _choose_customer(self, item: QListWidgetItem) -> None:
        self._links_touched = True
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
        if self.base is None:  # a new ticket: is this already being worked on?
            query = TicketQuery(customer_id=customer.id, open_only=True, limit=50)
            self._open_lookup.run(
                lambda: self._backend.search_tickets(query).items,
                self._open_loaded,
                lambda _e: None,
            )

    def _open_loaded(self, rows: list[TicketRow]) -> None:
        self.duplicate.set_open(rows)
        self._warn_duplicate()

    def _warn_duplicate(self, *_: object) -> None:
        if self.base is None:
            self.duplicate.check(self.site.currentData(), self.asset.currentData())

    def _show_sites(self, sites: list[Site]) -> None:
        self.site.clear()
        self.site.addItem(QCoreApplication.translate("TicketForm", "(no site)"), None)
        for s in sites:
            self.site.addItem(f"{s.name} · {s.address}", s.id)
        wanted = self.site.findData(self._wanted_site) if self._wanted_site else -1
        self._wanted_site = None
        if wanted > 0:
            self.site.setCurrentIndex(wanted)
        elif sites:
            self.site.setCurrentIndex(1)

    def _load_assets(self, *_: Any) -> None:
        site_id = self.site.currentData()
        self.asset.clear()
        self.asset.addItem(QCoreApplication.translate("TicketForm", "(no asset)"), None)
        if site_id is not None:
            self._asset_lookup.run(
                lambda: self._backend.list_assets(site_id), self._show_assets, self._show_error
            )

    def _show_assets(self, assets: list[Asset]) -> None:
        for a in assets:
            self.asset.addItem(f"{a.model} · {a.serial}", a.id)
        if self._wanted_asset is not None:
            self.asset.setCurrentIndex(max(0, self.asset.findData(self._wanted_asset)))
            self._wanted_asset = None

    def _look_up_asset(self) -> None:
        code = self.asset_code.text().strip()
        if not code:
            return

        def find() -> Asset | None:
            return self._backend.find_asset(qr_token=code) or self._backend.find_asset(serial=code)

        self._asset_lookup.run(find, self._found_asset, self._show_error)

    def _found_asset(self, asset: Asset | None) -> None:
        if asset is None:
            self.error.setText(
                QCoreApplication.translate(
                    "TicketForm", "No asset with that QR token or serial number."
                )
            )
            return
        self.error.clear()
        self._links_touched = True
        self.asset.clear()
        self.asset.addItem(f"{asset.model} · {asset.serial}", asset.id)
        if not self.category.text() and asset.category:
            self.category.setText(asset.category)
