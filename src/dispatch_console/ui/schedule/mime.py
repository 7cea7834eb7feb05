"""A job carried by drag and drop: its ticket id in a mime type of our own."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QDropEvent

MIME = "application/x-dispatch-ticket"


def accept_copy(event: QDropEvent) -> None:
    """A drop copies: a Move would let the list delete the job before it is booked (the feed
    takes it off the list once the booking is made)."""
    event.setDropAction(Qt.DropAction.CopyAction)
    event.accept()


def ticket_mime(ticket_id: int) -> QMimeData:
    data = QMimeData()
    data.setData(MIME, str(ticket_id).encode())
    return data


def mime_ticket(data: QMimeData) -> int | None:
    if not data.hasFormat(MIME):
        return None
    try:
        return int(bytes(data.data(MIME).data()).decode())
    except ValueError:
        return None
