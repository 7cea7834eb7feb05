"""Photos and files of a ticket at full size: Left/Right step through the photos, Save keeps a copy.

The bytes load on a pool thread; a photo too big for the screen is scaled to fit the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.tickets import Attachment
from ...ports import Backend
from ..tasks import Latest, TaskRunner
from ..widgets import named


class PhotoViewer(QDialog):
    def __init__(
        self,
        backend: Backend,
        runner: TaskRunner,
        attachments: list[Attachment],
        index: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._backend = backend
        self._load = Latest(runner, self)
        self._attachments = attachments
        self._index = index
        self._image = QImage()
        self._data = b""
        self.picture = named(QLabel(), "photo")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setTextFormat(Qt.TextFormat.PlainText)  # a file's words, never markup
        self.picture.setMinimumSize(320, 240)
        # a text file (a chat's transcript) is read in a scrolling box, however long it is
        self.text = named(QPlainTextEdit(), "photo_text")
        self.text.setReadOnly(True)
        self.text.hide()
        self.caption = named(QLabel(), "photo_caption")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.previous = named(QPushButton(self.tr("◀ Previous")), "photo_previous")
        self.next = named(QPushButton(self.tr("Next ▶")), "photo_next")
        self.save = named(QPushButton(self.tr("Save a copy…")), "photo_save")
        for b in (self.previous, self.next, self.save):
            buttons.addButton(b, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picture, 1)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.caption)
        layout.addWidget(buttons)
        buttons.rejected.connect(self.reject)
        self.previous.clicked.connect(lambda: self.step(-1))
        self.next.clicked.connect(lambda: self.step(1))
        self.save.clicked.connect(self._save_copy)
        QShortcut(QKeySequence(Qt.Key.Key_Left), self, lambda: self.step(-1))
        QShortcut(QKeySequence(Qt.Key.Key_Right), self, lambda: self.step(1))
        QShortcut(QKeySequence.StandardKey.Save, self, self._save_copy)
        self.resize(900, 680)
        self._show_current()

    @property
    def current(self) -> Attachment:
        return self._attachments[self._index]

    def step(self, delta: int) -> None:
        index = self._index + delta
        if 0 <= index < len(self._attachments):
            self._index = index
            self._show_current()

    def _show_current(self) -> None:
        a = self.current
        self.setWindowTitle(a.filename)
        self.caption.setText(
            self.tr("%1 · %2 KB · added by %3 on %4")
            .replace("%1", a.filename)
            .replace("%2", f"{max(1, a.size // 1024):,}")
            .replace("%3", a.uploaded_by)
            .replace("%4", a.created_at.astimezone().strftime("%Y-%m-%d %H:%M"))
        )
        self.previous.setEnabled(self._index > 0)
        self.next.setEnabled(self._index < len(self._attachments) - 1)
        self.text.hide()
        self.picture.show()
        self.picture.setText(self.tr("Loading…"))
        self._image = QImage()
        self._data = b""

        def fetch() -> tuple[bytes, QImage]:
            _, data = self._backend.attachment_data(a.id)
            return data, QImage.fromData(data)

        self._load.run(fetch, self._loaded, self._failed)

    def _loaded(self, result: tuple[bytes, QImage]) -> None:
        self._data, self._image = result
        if self._image.isNull() and self.current.content_type.startswith("text/"):
            self.picture.hide()
            self.text.setPlainText(self._data.decode("utf-8", errors="replace"))
            self.text.show()
        elif self._image.isNull():
            self.picture.setText(self.tr("This file is not a picture; save a copy to open it."))
        else:
            self._fit()

    def _failed(self, exc: Exception) -> None:
        self.picture.setText(self.tr("Could not load the file: %1").replace("%1", str(exc)))

    def _fit(self) -> None:
        if self._image.isNull():
            return
        pixmap = QPixmap.fromImage(self._image)
        box = self.picture.size()
        if pixmap.width() > box.width() or pixmap.height() > box.height():
            pixmap = pixmap.scaled(
                box, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        self.picture.setPixmap(pixmap)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()

    def _save_copy(self) -> None:
        if not self._data:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save a copy"), self.current.filename)
        if path:
            with open(path, "wb") as f:
                f.write(self._data)
