"""A new ticket the server could not take stays on this PC. The next New ticket form offers it
back (after a restart too) and the agent chooses: restore it, or let it go. It is never filled
in by itself: the form may already hold a caller from a screen-pop.

The kept ticket also keeps the Idempotency-Key of its save: if the first save did reach the
server and only its answer was lost, saving the restored ticket is answered from the server's
record instead of making a second ticket. Only consoles working through a server keep drafts:
the window hands the form its server connection (None on a database)."""

from __future__ import annotations

import logging
import uuid
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidgetItem, QPushButton, QWidget

from ...domain.model import Customer
from ...rest.client import RestBackend
from ...rest.errors import ServerUnreachable
from ...rest.pending_writes import PendingWrites
from ...rest.wire import from_json, to_json
from ..tasks import TaskRunner

if TYPE_CHECKING:
    from .form import TicketForm

log = logging.getLogger(__name__)
DRAFT = "new_ticket"
TEXTS = ("category", "contact_name", "contact_phone")


class DraftKeeper(QObject):
    def __init__(self, form: TicketForm, server: RestBackend | None, runner: TaskRunner) -> None:
        super().__init__(form)
        self.form, self.server, self.runner = form, server, runner
        self.pending_writes: PendingWrites | None = (
            server.pending_writes if server is not None else None
        )
        self.request_key = uuid.uuid4().hex
        self._offered: dict[str, Any] | None = None
        form.restored.restore.connect(self._restore)
        form.restored.discard.connect(self._discard)
        if self.pending_writes is not None and form.base is None:
            writes = self.pending_writes
            runner.run(lambda: writes.draft(DRAFT), self._offer, lambda _e: None, receiver=self)

    def keyed(self) -> AbstractContextManager[None]:
        """Around the create call: the save carries this form's key."""
        server = self.server
        return server.request_key(self.request_key) if server is not None else nullcontext()

    def kept(self, exc: Exception) -> bool:
        """After a failed save: keeps the ticket on this PC when the server did not answer
        (True), else takes a new key (the server answered: the next save is a new request)."""
        if not isinstance(exc, ServerUnreachable):
            self.request_key = uuid.uuid4().hex
            return False
        if self.pending_writes is None or self.form.base is not None:
            return False
        writes, body = self.pending_writes, {**body_of(self.form), "request_key": self.request_key}
        self.runner.run(lambda: writes.keep_draft(DRAFT, body), _quiet, _quiet, receiver=self)
        return True

    def saved(self) -> None:
        if self.pending_writes is not None and self.form.base is None:
            writes = self.pending_writes
            self.runner.run(lambda: writes.drop_draft(DRAFT), _quiet, _quiet, receiver=self)

    def _offer(self, kept: tuple[dict[str, Any], datetime] | None) -> None:
        if kept is not None:
            self._offered = kept[0]
            self.form.restored.offer(kept[1])

    def _restore(self) -> None:
        if self._offered is not None:
            restore(self.form, self._offered)
            self.request_key = str(self._offered.get("request_key") or self.request_key)

    def _discard(self) -> None:
        self._offered = None
        if self.pending_writes is not None:
            writes = self.pending_writes
            self.runner.run(lambda: writes.drop_draft(DRAFT), _quiet, _quiet, receiver=self)


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


def restore(form: TicketForm, body: dict[str, Any]) -> None:
    """Fills the form; the site and asset are chosen once their lists load."""
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


def _quiet(result: object) -> None:
    """The draft file is a convenience: a failure to write it must not replace the real error
    on screen; the log has it."""
    if isinstance(result, Exception):
        log.warning("the kept ticket's file: %s", result, exc_info=result)


class RestoredBanner(QWidget):
    """Offers the kept ticket back.

    Signals:
        restore(): fill the form with it.
        discard(): the agent does not want it any more.
    """

    restore = Signal()
    discard = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restored_banner")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setStyleSheet("color: #8a5a00;")
        self.restore_button = QPushButton(self.tr("Restore it"))
        self.restore_button.setObjectName("restore_draft")
        self.discard_button = QPushButton(self.tr("Discard it"))
        self.discard_button.setObjectName("discard_draft")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.restore_button)
        layout.addWidget(self.discard_button)
        for button, signal in (
            (self.restore_button, self.restore),
            (self.discard_button, self.discard),
        ):
            button.clicked.connect(signal)
            button.clicked.connect(self.hide)
        self.hide()

    def offer(self, saved_at: datetime) -> None:
        self.label.setText(
            self.tr(
                "A ticket you were writing at %1 was not saved: the server did not answer."
            ).replace("%1", saved_at.astimezone().strftime("%m-%d %H:%M"))
        )
        self.show()
