"""The console's long-lived loops (live updates, the PBX connection) in the status bar: a loop
that an unexpected error stopped shows a warning until its supervisor (runtime/supervise.py) has
run it again, then a message says it is back. The log has the traceback."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QLabel, QStatusBar

from ..runtime.supervise import LoopState, Supervisor

LIVE_UPDATES = "live-updates"  # ui/feed.py's followers
PBX = "pbx"  # ui/calls/pbx.py
BACK_MESSAGE_MS = 15000


def loop_words(name: str) -> str:
    """The loop's name in the agent's language."""
    words = {
        LIVE_UPDATES: QCoreApplication.translate("LoopStatus", "Live updates"),
        PBX: QCoreApplication.translate("LoopStatus", "PBX connection"),
    }
    return words.get(name, name)


class LoopStatus(QLabel):
    """A permanent status-bar label, hidden while every loop runs. `supervisor` is the one the
    window's loops run under; it may report from any thread (the signal queues to this one).

    Signals:
        changed(object): a LoopState, from the loop's thread (queued to this one).
        shown(object): the LoopState, once the label and message say it.
    """

    changed = Signal(object)
    shown = Signal(object)

    def __init__(self, status_bar: QStatusBar) -> None:
        super().__init__(status_bar)
        self.setObjectName("loop_state")
        self._status_bar = status_bar
        self._down: dict[str, LoopState] = {}
        self.supervisor = Supervisor(self.changed.emit)
        self.changed.connect(self._show)
        status_bar.addPermanentWidget(self)
        self.hide()

    def _show(self, state: LoopState) -> None:
        if not state.running:
            self._down[state.name] = state
        elif self._down.pop(state.name, None) is not None:
            self._status_bar.showMessage(
                self.tr("%1 restarted after an unexpected error.").replace(
                    "%1", loop_words(state.name)
                ),
                BACK_MESSAGE_MS,
            )
        down = list(self._down.values())
        names = self.tr(", ").join(loop_words(s.name) for s in down)
        self.setText(
            "⚠ " + self.tr("Restarting after an unexpected error: %1").replace("%1", names)
            if down else ""
        )  # fmt: skip
        self.setToolTip("\n".join(
            self.tr("%1: %2 (next try in %3 s)").replace("%1", loop_words(s.name))
            .replace("%2", s.error).replace("%3", f"{s.retry_in_s:g}")
            for s in down
        ))  # fmt: skip
        self.setVisible(bool(down))
        self.shown.emit(state)
