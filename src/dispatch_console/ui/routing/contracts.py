"""The companies and contracts a rule is for: type part of a company's or a contract's name and
pick from what matches; the chosen ones are listed (Delete removes one), ended contracts marked.
The companies with their contracts are read once per `load()`, off the GUI thread, and filtered
here as one types (a desk has hundreds of contracts, not millions)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ...domain.model import CompanyContracts, Contract
from ...ports import Backend
from ..errors import error_text
from ..tasks import Latest, TaskRunner
from ..tickets.decision_text import fill
from ..widgets import named

ROLE = Qt.ItemDataRole.UserRole
COMPANY, CONTRACT = "company", "contract"
Key = tuple[str, int]  # (COMPANY, company id) or (CONTRACT, contract id)
MAX_FOUND = 40
ENDED = QColor("#8a8a8a")


class ContractPicker(QWidget):
    def __init__(
        self,
        backend: Backend,
        runner: TaskRunner,
        parent: QWidget | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self._backend = backend
        self._read = Latest(runner, self)
        self._today = today
        self._book: list[CompanyContracts] | None = None  # until read
        self._labels: dict[Key, tuple[str, bool]] = {}  # what each is called; ended?
        self.query = named(QLineEdit(), "rule_contract_search")
        self.query.setPlaceholderText(self.tr("any; or type a company's or a contract's name"))
        self.query.setClearButtonEnabled(True)
        self.found = named(QListWidget(), "rule_contract_found")
        self.found.hide()
        self.chosen = named(QListWidget(), "rule_contracts")
        self.chosen.setToolTip(self.tr("Delete removes the selected company or contract"))
        self.chosen.hide()
        self.both = named(QLabel(self.tr("A ticket must be for one of the chosen companies and "
                                         "under one of the chosen contracts.")),
                          "rule_contracts_both")  # fmt: skip
        self.both.setWordWrap(True)
        self.both.hide()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.query)
        column.addWidget(self.found)
        column.addWidget(self.chosen)
        column.addWidget(self.both)
        self.query.textChanged.connect(self._filter)
        self.found.itemActivated.connect(self._pick)
        self.found.itemClicked.connect(self._pick)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.chosen, self._remove)

    def load(self) -> None:
        """Read the companies and their contracts (again: new ones may have been added)."""
        self._read.run(self._backend.list_contracts, self._loaded, self._failed)

    def company_ids(self) -> frozenset[int]:
        return frozenset(i for kind, i in self._chosen_keys() if kind == COMPANY)

    def contract_ids(self) -> frozenset[int]:
        return frozenset(i for kind, i in self._chosen_keys() if kind == CONTRACT)

    def show_ids(self, company_ids: frozenset[int], contract_ids: frozenset[int]) -> None:
        self.chosen.clear()
        keys = [(COMPANY, i) for i in company_ids] + [(CONTRACT, i) for i in contract_ids]
        for key in sorted(keys, key=lambda k: (k[0] != COMPANY, self._label(k)[0].casefold())):
            self._add(self.chosen, key)
        self._chosen_changed()

    # --- reading and filtering -----------------------------------------------------------------
    def _loaded(self, book: list[CompanyContracts]) -> None:
        today = self._today()
        self._book = book
        self._labels = {}
        for entry in book:
            company = entry.company
            self._labels[(COMPANY, company.id)] = (fill(self.tr("%1 (company)"), company.name),
                                                   False)  # fmt: skip
            for contract in entry.contracts:
                self._labels[(CONTRACT, contract.id)] = (
                    self._contract_label(company.name, contract, today),
                    contract.ended(today),
                )
        self.query.setToolTip("")
        for i in range(self.chosen.count()):  # names for what show_ids listed by number
            self._dress(self.chosen.item(i))
        self._filter(self.query.text())

    def _failed(self, exc: Exception) -> None:
        self.query.setToolTip(fill(self.tr("Companies and contracts could not be read: %1"),
                                   error_text(exc)))  # fmt: skip

    def _contract_label(self, company: str, contract: Contract, today: date) -> str:
        if contract.ended(today):
            text, when = self.tr("%1 · %2 (ended %3)"), contract.ends_on
        elif contract.starts_on > today:
            text, when = self.tr("%1 · %2 (from %3)"), contract.starts_on
        else:
            text, when = self.tr("%1 · %2 (until %3)"), contract.ends_on
        return fill(text, company, contract.name, when.isoformat())

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        self.found.clear()
        if not words:
            self.found.hide()
            return
        keys: list[Key] = []
        for entry in self._book or ():
            company = entry.company.name.casefold()
            if all(w in company for w in words):
                keys.append((COMPANY, entry.company.id))
            keys += [(CONTRACT, c.id) for c in entry.contracts
                     if all(w in company or w in c.name.casefold() for w in words)]  # fmt: skip
        for key in keys[:MAX_FOUND]:
            self._add(self.found, key)
        if len(keys) > MAX_FOUND:
            more = QListWidgetItem(fill(self.tr("… %1 more: type more of the name"),
                                        str(len(keys) - MAX_FOUND)))  # fmt: skip
            more.setFlags(Qt.ItemFlag.NoItemFlags)
            self.found.addItem(more)
        if not keys:
            nothing = QListWidgetItem(
                self.tr("No company or contract is called that") if self._book is not None
                else self.tr("The companies and contracts are not read yet")
            )  # fmt: skip
            nothing.setFlags(Qt.ItemFlag.NoItemFlags)
            self.found.addItem(nothing)
        _fit(self.found, 6)
        self.found.show()

    # --- choosing ------------------------------------------------------------------------------
    def _pick(self, item: QListWidgetItem) -> None:
        key = item.data(ROLE)
        if key is None:
            return  # "… more", "nothing found"
        if tuple(key) not in self._chosen_keys():
            self._add(self.chosen, tuple(key))
        self.query.clear()
        self._chosen_changed()

    def _remove(self) -> None:
        row = self.chosen.currentRow()
        if row >= 0:
            self.chosen.takeItem(row)
        self._chosen_changed()

    def _chosen_changed(self) -> None:
        _fit(self.chosen, 4)
        self.chosen.setVisible(self.chosen.count() > 0)
        self.both.setVisible(bool(self.company_ids()) and bool(self.contract_ids()))

    def _chosen_keys(self) -> list[Key]:
        return [tuple(self.chosen.item(i).data(ROLE)) for i in range(self.chosen.count())]

    def _label(self, key: Key) -> tuple[str, bool]:
        fallback = self.tr("company #%1") if key[0] == COMPANY else self.tr("contract #%1")
        return self._labels.get(key, (fill(fallback, str(key[1])), False))

    def _add(self, widget: QListWidget, key: Key) -> None:
        item = QListWidgetItem()
        item.setData(ROLE, key)
        self._dress(item)
        widget.addItem(item)

    def _dress(self, item: QListWidgetItem) -> None:
        text, ended = self._label(tuple(item.data(ROLE)))
        item.setText(text)
        item.setData(Qt.ItemDataRole.ForegroundRole, QBrush(ENDED) if ended else None)
        item.setToolTip(self.tr("This contract has ended") if ended else "")


def _fit(view: QListWidget, most: int) -> None:
    """As high as its rows, up to `most` of them (it scrolls beyond)."""
    rows = min(view.count(), most)
    row = view.sizeHintForRow(0) if rows else 0
    view.setFixedHeight(rows * row + 2 * view.frameWidth() + 2)
