"""Ticket ▸ Routing rules…: the rules in their order on the left, the chosen one on the right.
Saving sends it to the backend, which refuses a rule that could never match or would loop, and
says why; what was typed stays for another try."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ...domain.model import Department, Technician
from ...domain.rules.model import RoutingRule
from ...ports import Backend
from ..errors import error_text
from ..tasks import TaskRunner
from ..widgets import named
from .form import RuleForm

ROLE = Qt.ItemDataRole.UserRole


class RoutingRulesDialog(QDialog):
    def __init__(self, backend: Backend, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Routing rules"))
        self._backend = backend
        self._runner = runner
        self.rules = named(QListWidget(), "rules_list")
        self.form = RuleForm(backend, runner)
        self.new_button = named(QPushButton(self.tr("&New rule")), "rules_new")
        self.save_button = named(QPushButton(self.tr("&Save rule")), "rules_save")
        self.delete_button = named(QPushButton(self.tr("&Delete rule")), "rules_delete")
        self.status = named(QLabel(), "rules_status")
        self.status.setWordWrap(True)
        self.ready = False  # the rules are shown: typing before would be overwritten by them
        self.form.setEnabled(False)
        scroll = QScrollArea()
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Rules apply in this order to every new ticket.")))
        left.addWidget(self.rules, 1)
        left.addWidget(self.new_button)
        right = QVBoxLayout()
        right.addWidget(scroll, 1)
        right.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        right.addLayout(buttons)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(close)
        self.resize(1180, 800)
        close.rejected.connect(self.reject)
        self.rules.currentItemChanged.connect(self._chosen)
        self.new_button.clicked.connect(self.new_rule)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)

    def load(self, keep: int | None = None, said: str = "") -> None:
        """The departments (for the pickers), then the rules; the companies and contracts
        meanwhile (the rules show them by number until they are read)."""

        def departments(found: list[Department]) -> None:
            self.form.set_departments(found)
            self._runner.run(self._backend.routing_rules, shown, self._refused, receiver=self)

        def shown(rules: list[RoutingRule]) -> None:
            self.rules.clear()
            for rule in rules:
                mark = "" if rule.enabled else " " + self.tr("(not in use)")
                item = QListWidgetItem(f"{rule.position}  {rule.name}{mark}")
                item.setData(ROLE, rule)
                self.rules.addItem(item)
                if rule.id == keep:
                    self.rules.setCurrentItem(item)
            if self.rules.currentItem() is None and self.rules.count():
                self.rules.setCurrentRow(0)
            elif not self.rules.count():
                self.new_rule()
            self.status.setStyleSheet("")
            self.status.setText(said)  # after choosing the row, which clears it
            self.form.setEnabled(True)
            self.ready = True

        self.form.contracts.load()
        self._runner.run(self._backend.list_departments, departments, self._refused, receiver=self)

    def _chosen(self, item: QListWidgetItem | None, _old: object) -> None:
        if item is not None:
            self.form.show_rule(item.data(ROLE))
            self.status.clear()
            self.delete_button.setEnabled(True)

    def new_rule(self) -> None:
        last = max((self.rules.item(i).data(ROLE).position for i in range(self.rules.count())),
                   default=0)  # fmt: skip
        self.rules.clearSelection()
        self.form.show_rule(RoutingRule(0, "", last + 10))
        self.delete_button.setEnabled(False)
        self.form.name.setFocus()

    def save(self) -> None:
        self.status.clear()  # the last refusal is not this one's
        try:
            rule = self.form.rule()
        except DomainError as exc:
            self._refused(exc)
            return
        self.save_button.setEnabled(False)

        def saved(done: RoutingRule) -> None:
            self.save_button.setEnabled(True)
            said = self.tr("Saved. New tickets follow it from now on.")
            if not done.actions.required_skills:
                self.load(done.id, said)
                return

            def checked(technicians: list[Technician]) -> None:
                # a skill nobody has (a typo, another spelling) leaves every such ticket to
                # a person, silently: say so while the supervisor is still looking
                known = {skill for t in technicians for skill in t.skills}
                missing = [s for s in done.actions.required_skills if s not in known]
                warning = self.tr("No technician has the skill %1: these tickets will wait "
                                  "for a person.").replace("%1", ", ".join(missing))  # fmt: skip
                self.load(done.id, f"{said} {warning}" if missing else said)

            self._runner.run(self._backend.list_technicians, checked,
                             lambda _exc: self.load(done.id, said), receiver=self)  # fmt: skip

        def refused(exc: Exception) -> None:
            self.save_button.setEnabled(True)
            self._refused(exc)

        self._runner.run(
            lambda: self._backend.save_routing_rule(rule), saved, refused, receiver=self
        )

    def delete(self) -> None:
        item = self.rules.currentItem()
        if item is None:
            return
        rule: RoutingRule = item.data(ROLE)
        self._runner.run(
            lambda: self._backend.delete_routing_rule(rule.id, rule.version),
            lambda _none: self.load(),
            self._refused,
            receiver=self,
        )

    def _refused(self, exc: Exception) -> None:
        self.status.setStyleSheet("color: #c62828;")
        self.status.setText(error_text(exc))
