"""File ▸ Print QR labels…: find the customer, tick the sites or single devices, save a PDF sheet
to print on label paper. The codes point at the address customers reach the server at (often
not the one the console uses inside the office), which is asked once and remembered."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import Asset, Customer, Site
from ...ports import Backend
from ..errors import error_text
from ..tasks import Latest, TaskRunner
from ..widgets import named
from .sheet import COLUMNS, ROWS, Label, label_url, write_pdf

ADDRESS = re.compile(r"https?://[^/\s]+(/\S*)?$")
SEARCH_DELAY_MS = 250


class LabelsDialog(QDialog):
    """Signals:
    address_changed(str): the agent typed a new public address (to remember in settings).
    """

    address_changed = Signal(str)

    def __init__(
        self, backend: Backend, runner: TaskRunner, address: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("QR labels"))
        self._backend, self._runner = backend, runner
        self._search = Latest(runner, self)
        self._load = Latest(runner, self)
        self.customer: Customer | None = None
        self.address = named(QLineEdit(address), "labels_address")
        self.address.setPlaceholderText("https://service.example.com")
        self.address.setToolTip(
            self.tr("Where customers' phones reach the dispatch server from the internet.")
        )
        self.search = named(QLineEdit(), "labels_search")
        self.search.setPlaceholderText(self.tr("Customer name or phone number"))
        self.results = named(QListWidget(), "labels_results")
        self.results.setMaximumHeight(100)
        self.results.hide()
        self.tree = named(QTreeWidget(), "labels_tree")
        self.tree.setHeaderLabels([self.tr("Site / device"), self.tr("Serial number")])
        self.tree.setColumnWidth(0, 320)
        self.status = named(QLabel(), "labels_status")
        self.status.setWordWrap(True)
        self.save_button = named(QPushButton(self.tr("Save PDF…")), "labels_save")
        self.save_button.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Address for customers"), self.address)
        form.addRow(self.tr("Customer"), self.search)
        form.addRow("", self.results)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.tree)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(620, 520)

        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self.search.textEdited.connect(self._timer.start)
        self._timer.timeout.connect(self._look_up)
        self.results.itemActivated.connect(self._choose)
        self.results.itemClicked.connect(self._choose)
        self.tree.itemChanged.connect(self._ticked)
        self.save_button.clicked.connect(self.ask_where_and_save)

    # --- choosing -------------------------------------------------------------------------------
    def _look_up(self) -> None:
        text = self.search.text().strip()
        if not text:
            self.results.hide()
            return
        self._search.run(lambda: self._backend.search_customers(text, 8), self._show, self._error)

    def _show(self, customers: list[Customer]) -> None:
        self.results.clear()
        for c in customers:
            item = QListWidgetItem(c.name)
            item.setData(Qt.ItemDataRole.UserRole, c)
            self.results.addItem(item)
        self.results.setVisible(bool(customers))
        if customers:
            self.results.setCurrentRow(0)

    def _choose(self, item: QListWidgetItem) -> None:
        customer: Customer = item.data(Qt.ItemDataRole.UserRole)
        self.customer = customer
        self.search.setText(customer.name)
        self.results.hide()
        backend = self._backend

        def sites_and_assets() -> list[tuple[Site, list[Asset]]]:
            return [(s, backend.list_assets(s.id)) for s in backend.list_sites(customer.id)]

        self.status.setText(self.tr("Loading…"))
        self._load.run(sites_and_assets, self._fill, self._error)

    def _fill(self, sites: list[tuple[Site, list[Asset]]]) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        for site, assets in sites:
            parent = QTreeWidgetItem([f"{site.name} · {site.address}", ""])
            parent.setFlags(parent.flags() | Qt.ItemFlag.ItemIsAutoTristate
                            | Qt.ItemFlag.ItemIsUserCheckable)  # fmt: skip
            parent.setData(0, Qt.ItemDataRole.UserRole, site)
            for asset in assets:
                child = QTreeWidgetItem([asset.model, asset.serial])
                child.setFlags(child.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                child.setCheckState(0, Qt.CheckState.Checked)
                child.setData(0, Qt.ItemDataRole.UserRole, asset)
                parent.addChild(child)
            self.tree.addTopLevelItem(parent)
            if not assets:
                parent.setCheckState(0, Qt.CheckState.Unchecked)
                parent.setDisabled(True)
            parent.setExpanded(True)
        self.tree.blockSignals(False)
        if not sites:
            self.status.setText(self.tr("This customer has no sites yet."))
        self._ticked()

    def chosen(self) -> list[Label]:
        labels = []
        for i in range(self.tree.topLevelItemCount()):
            parent = self.tree.topLevelItem(i)
            if parent is None:
                continue
            site: Site = parent.data(0, Qt.ItemDataRole.UserRole)
            for j in range(parent.childCount()):
                child = parent.child(j)
                if child is None or child.checkState(0) != Qt.CheckState.Checked:
                    continue
                asset: Asset = child.data(0, Qt.ItemDataRole.UserRole)
                labels.append(
                    Label(label_url(self.address.text(), asset.qr_token), asset.model,
                          asset.serial, site.name)
                )  # fmt: skip
        return labels

    def _ticked(self, *_: object) -> None:
        count = len(self.chosen())
        per_page = COLUMNS * ROWS
        pages = -(-count // per_page)
        self.save_button.setEnabled(count > 0)
        if self.tree.topLevelItemCount():
            self.status.setText(
                self.tr("%1 label(s) on %2 sheet(s) of %3.")
                .replace("%1", str(count)).replace("%2", str(pages)).replace("%3", str(per_page))
            )  # fmt: skip

    # --- saving ---------------------------------------------------------------------------------
    def ask_where_and_save(self) -> None:
        name = re.sub(r"[^\w.-]+", "-", self.customer.name if self.customer else "labels")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save QR labels"), f"qr-labels-{name}.pdf", self.tr("PDF (*.pdf)")
        )
        if path:
            self.save(Path(path))

    def save(self, path: Path) -> int:
        """Writes the sheet (a few hundred labels take well under a second). Returns pages."""
        address = self.address.text().strip()
        if not ADDRESS.match(address):
            self.status.setText(
                self.tr("Enter the address customers reach the server at, e.g. %1.").replace(
                    "%1", "https://service.example.com"
                )
            )
            self.address.setFocus()
            return 0
        labels = self.chosen()
        try:
            pages = write_pdf(path, labels, self.tr("QR labels"))
        except OSError as exc:
            self.status.setText(self.tr("Not saved: %1").replace("%1", str(exc)))
            return 0
        self.address_changed.emit(address)
        self.status.setText(
            self.tr("Saved %1 label(s) on %2 page(s) to %3.")
            .replace("%1", str(len(labels))).replace("%2", str(pages)).replace("%3", str(path))
        )  # fmt: skip
        return pages

    def _error(self, exc: Exception) -> None:
        self.status.setText(error_text(exc))
