"""The callbacks dock: the queue on the left, the callback in hand on the right.

Choosing a callback claims it (ten minutes, renewed while it stays open), so a colleague who
picks the same one is told who has it. Saving records the answer; an unhappy or unfixed answer
reopens the ticket, and the panel says whom to send back (noted in the ticket's timeline in the
same transaction). A failed save keeps what was typed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSplitter, QVBoxLayout, QWidget

from ...domain.callbacks import (
    CallbackRow,
    RecordedCallback,
    Suggestion,
    SuggestionWords,
    suggestion_note,
)
from ...domain.calls import Callback
from ...ports import Backend
from ...rest.errors import Queued
from ..errors import error_text
from ..tasks import Latest, TaskRunner
from ..widgets import named
from .queue import CallbackQueue
from .work import CallbackWork

RENEW_MS = 5 * 60 * 1000  # half the lease: the claim never lapses while the agent is on it


class CallbacksPanel(QWidget):
    """Signals:
    ticket_changed(int): a callback reopened this ticket.
    message(str): a line for the status bar.
    kept(str): an outcome waits on this PC for the server; what to tell the agent.
    """

    ticket_changed = Signal(int)
    message = Signal(str)
    kept = Signal(str)

    def __init__(
        self,
        backend: Backend,
        runner: TaskRunner,
        me: str,
        dial: Callable[[str, int | None], object] | None = None,
        region: str = "CN",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._backend = backend
        self._runner = runner
        self._dial = dial
        self._lookup = Latest(runner, self)
        self._history = Latest(runner, self)
        self.queue = CallbackQueue(me, region)
        self.work = CallbackWork(backend, runner, region)
        self.next_button = named(QPushButton(self.tr("&Take the next one")), "cb_next")
        self.reload_button = named(QPushButton(self.tr("Re&load")), "cb_reload")
        left = QWidget()
        buttons = QHBoxLayout()
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.reload_button)
        buttons.addStretch(1)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(buttons)
        column.addWidget(self.queue)
        splitter = named(QSplitter(), "cb_splitter")
        splitter.addWidget(left)
        splitter.addWidget(self.work)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([560, 700])  # the queue's seven columns fit without scrolling
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
        self._renew = QTimer(self, interval=RENEW_MS)
        self._renew.timeout.connect(self._renew_claim)
        self.queue.chosen.connect(self.take)
        self.next_button.clicked.connect(self.take_next)
        self.reload_button.clicked.connect(self.reload)
        self.work.save_requested.connect(self.save)
        self.work.release_requested.connect(self.release)
        self.work.call_requested.connect(self._call)

    def reload(self) -> None:
        self._lookup.run(self._backend.callback_queue, self.queue.show_rows)

    def on_events(self, events: list[object]) -> None:
        if any(getattr(e, "entity", None) == "callback" for e in events):
            self.reload()

    def take_next(self) -> None:
        row = self.queue.next_for_me()
        if row is None:
            later = self.queue.next_due_at()
            if later is None:
                self.message.emit(self.tr("No callback is waiting for you."))
            else:
                self.message.emit(
                    self.tr("No callback is due now; the next is due at %1.").replace(
                        "%1", later.astimezone().strftime("%m-%d %H:%M")
                    )
                )
            return
        self.take(row)

    def take(self, row: CallbackRow) -> None:
        """Claim it, then show it with its ticket's history. The one in hand goes back."""
        callback_id = row.callback.id
        held = self.work.row
        if held is not None and held.callback.id != callback_id:
            self.release(held)

        def claimed(cb: Callback) -> None:
            row.callback = cb
            self.work.show_row(row)
            self._renew.start()
            if cb.ticket_id is not None:
                ticket_id = cb.ticket_id
                self._history.run(
                    lambda: self._backend.ticket_history(ticket_id), self.work.show_history
                )
            self.work.outcome_buttons[next(iter(self.work.outcome_buttons))].setFocus()

        def refused(exc: Exception) -> None:
            self.message.emit(error_text(exc))
            self.reload()

        self._runner.run(
            lambda: self._backend.claim_callback(callback_id), claimed, refused, receiver=self
        )

    def _renew_claim(self) -> None:
        row = self.work.row
        if row is None:
            self._renew.stop()
            return
        callback_id = row.callback.id

        def renewed(cb: Callback) -> None:
            if self.work.row is row:
                row.callback = cb

        def lost(exc: Exception) -> None:
            self.work.show_error(error_text(exc))

        self._runner.run(
            lambda: self._backend.claim_callback(callback_id), renewed, lost, receiver=self
        )

    def save(
        self, row: CallbackRow, outcome: str, score: int | None, fixed: bool | None, comment: str
    ) -> None:
        cb = row.callback
        self.work.save_button.setEnabled(False)

        words = SuggestionWords(self.tr("Suggested: %1"), self.tr("same technician"))

        def record() -> RecordedCallback:  # one use case: answer, reopen and note, or nothing
            return self._backend.record_callback_with_suggestions(
                cb.id, cb.version, outcome, satisfaction=score, problem_fixed=fixed,
                comment=comment, words=words,
            )  # fmt: skip

        def saved(result: RecordedCallback) -> None:
            done, hints = result.callback, result.suggestions
            self._renew.stop()
            self.work.show_row(None)
            self.message.emit(self._saved_words(done, row, hints))
            if done.reopened and done.ticket_id is not None:
                self.ticket_changed.emit(done.ticket_id)
            self.reload()

        def failed(exc: Exception) -> None:  # everything typed stays for another try
            if isinstance(exc, Queued):  # or it is safe on this PC, to go when the server is back
                self._renew.stop()
                self.work.show_row(None)
                self.work.save_button.setEnabled(True)
                self.kept.emit(error_text(exc))
                return
            self.work.show_error(error_text(exc))
            self.work.save_button.setEnabled(True)

        self._runner.run(record, saved, failed, receiver=self)

    def _saved_words(self, cb: Callback, row: CallbackRow, hints: list[Suggestion]) -> str:
        if cb.reopened:
            text = self.tr("%1 is reopened and back for dispatch.").replace(
                "%1", row.ticket_number or ""
            )
            if hints:
                text += " " + self._hint_words(hints)
            return text
        if cb.status.value == "pending":
            when = cb.due_at.astimezone().strftime("%m-%d %H:%M")
            return self.tr("Saved. Next try at %1.").replace("%1", when)
        return self.tr("Saved.")

    def _hint_words(self, hints: list[Suggestion]) -> str:
        words = SuggestionWords(self.tr("Suggested: %1"), self.tr("same technician"))
        return suggestion_note(hints, words)

    def release(self, row: CallbackRow) -> None:
        callback_id = row.callback.id
        self._renew.stop()
        self.work.show_row(None)
        self._runner.run(
            lambda: self._backend.release_callback(callback_id),
            lambda _cb: self.reload(),
            receiver=self,
        )

    def release_held(self) -> None:
        """The console is closing: the callback in hand goes back to the queue now, not when
        its lease runs out."""
        if self.work.row is not None:
            self.release(self.work.row)

    def _call(self, row: CallbackRow) -> None:
        if self._dial is not None:
            self._dial(row.callback.phone, row.callback.ticket_id)
