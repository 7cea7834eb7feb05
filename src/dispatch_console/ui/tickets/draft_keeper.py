"""A new ticket the server could not take stays on this PC: the next New ticket form opens with
it, after a restart too, until it is saved or the agent discards it. Only for consoles working
through a server (their outbox holds it); on a database connection nothing is kept."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidgetItem, QPushButton, QWidget

from ...domain.model import Customer
from ...rest.outbox import Outbox
from ...rest.wire import from_json, to_json

if TYPE_CHECKING:
    from .form import TicketForm

DRAFT = "new_ticket"
TEXTS = ("category", "contact_name", "contact_phone")


def body_of(form: TicketForm) -> dict[str, Any]:
    body: dict[str, Any] = {name: getattr(form, name).text() for name in TEXTS}
    body.update(
        description=form.description.toPlainText(),
        channel=str(form.channel.currentData()),
        priority=str(form.priority.currentData()),
        customer=to_json(Customer, form.customer) if form.customer else None,
        site_id=form.site.currentData(),
        asset_id=form.asset.currentData(),
    )
    return body


def restore(form: TicketForm, body: dict[str, Any], saved_at: datetime) -> None:
    """Fills an empty new-ticket form; the site and asset are chosen once their lists load."""
    for name in TEXTS:
        getattr(form, name).setText(str(body.get(name) or ""))
    form.description.setPlainText(str(body.get("description") or ""))
    for name in ("channel", "priority"):
        combo = getattr(form, name)
        index = next((i for i in range(combo.count()) if combo.itemData(i) == body.get(name)), -1)
        if index >= 0:
            combo.setCurrentIndex(index)
    if body.get("customer"):
        form.want_links(body.get("site_id"), body.get("asset_id"))
        item = QListWidgetItem()
        item.setData(Qt.ItemDataRole.UserRole, from_json(Customer, body["customer"]))
        form.choose_customer(item)
    form.restored.show_time(saved_at)


def load(outbox: Outbox) -> tuple[dict[str, Any], datetime] | None:
    return outbox.draft(DRAFT)


def keep(outbox: Outbox, body: dict[str, Any]) -> None:
    outbox.keep_draft(DRAFT, body)


def drop(outbox: Outbox) -> None:
    outbox.drop_draft(DRAFT)


class RestoredBanner(QWidget):
    """Says the form holds a kept draft, and lets the agent throw it away.

    Signals:
        discard(): the agent does not want the kept ticket any more.
    """

    discard = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restored_banner")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setStyleSheet("color: #8a5a00;")
        self.button = QPushButton(self.tr("Discard it"))
        self.button.setObjectName("discard_draft")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.button.clicked.connect(self.discard)
        self.button.clicked.connect(self.hide)
        self.hide()

    def show_time(self, saved_at: datetime) -> None:
        self.label.setText(
            self.tr(
                "This is the ticket you were writing at %1, when the server did not answer. "
                "It is not saved yet."
            ).replace("%1", saved_at.astimezone().strftime("%m-%d %H:%M"))
        )
        self.show()
