"""The timeline widget: rich text with photo thumbnails that arrive after the text.

Thumbnails are decoded and scaled on a pool thread (QImage is thread-safe, QPixmap is not) and
kept in a small cache, so flicking between tickets does not fetch the same photo twice."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from ...domain.timeline import TicketHistory
from ...ports import Backend
from ..tasks import TaskRunner
from .timeline_text import THUMB_PX, is_image, timeline_html

CACHE_SIZE = 300
RERENDER_DELAY_MS = 30  # several thumbnails arriving together cost one re-layout


def scaled_image(data: bytes, height: int) -> QImage:
    """Decode and scale on a worker thread; a null image when the bytes are not a picture."""
    image = QImage.fromData(data)
    if image.isNull() or image.height() <= height:
        return image
    return image.scaledToHeight(height)


class TimelineView(QTextBrowser):
    """Signals:
    attachment_clicked(int): the agent clicked a photo or file (its attachment id).
    resend_clicked(int): the agent asked to send a notification to the customer again.
    """

    attachment_clicked = Signal(int)
    resend_clicked = Signal(int)

    def __init__(self, backend: Backend, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self._backend = backend
        self._runner = runner
        self._thumbs: OrderedDict[int, QImage] = OrderedDict()
        self._pending: set[int] = set()
        self._html = ""
        self._ticket_id: int | None = None
        self._placeholder = QImage(THUMB_PX, THUMB_PX, QImage.Format.Format_RGB32)
        self._placeholder.fill(QColor("#e0e0e0"))
        self._rerender = QTimer(self, singleShot=True, interval=RERENDER_DELAY_MS)
        self._rerender.timeout.connect(lambda: self._render(keep_scroll=True))
        self.anchorClicked.connect(self._clicked)

    def show_history(self, history: TicketHistory) -> None:
        same = history.ticket.id == self._ticket_id
        self._ticket_id = history.ticket.id
        self._html = timeline_html(history)
        self._render(keep_scroll=same)
        for a in history.attachments:
            if is_image(a) and a.id not in self._thumbs and a.id not in self._pending:
                self._fetch(a.id)

    def clear_history(self) -> None:
        self._ticket_id = None
        self._html = ""
        self.clear()

    def has_thumbnail(self, attachment_id: int) -> bool:
        return attachment_id in self._thumbs

    def _fetch(self, attachment_id: int) -> None:
        self._pending.add(attachment_id)

        def load() -> QImage:
            _, data = self._backend.attachment_data(attachment_id)
            return scaled_image(data, THUMB_PX)

        def done(image: QImage) -> None:
            self._pending.discard(attachment_id)
            self._thumbs[attachment_id] = image if not image.isNull() else self._placeholder
            while len(self._thumbs) > CACHE_SIZE:
                self._thumbs.popitem(last=False)
            self._rerender.start()

        self._runner.run(
            load, done, lambda _exc: self._pending.discard(attachment_id), receiver=self
        )

    def _render(self, *, keep_scroll: bool) -> None:
        position = self.verticalScrollBar().value()
        self.setHtml(self._html)
        if keep_scroll:
            self.verticalScrollBar().setValue(position)

    def loadResource(self, kind: int, name: QUrl | str) -> Any:  # noqa: N802
        name = QUrl(name)
        if kind == QTextDocument.ResourceType.ImageResource.value and name.scheme() == "thumb":
            image = self._thumbs.get(int(name.path() or 0))
            return image if image is not None else self._placeholder
        return super().loadResource(kind, name)

    def _clicked(self, url: QUrl) -> None:
        if url.scheme() == "attachment":
            self.attachment_clicked.emit(int(url.path()))
        elif url.scheme() == "resend":
            self.resend_clicked.emit(int(url.path()))
