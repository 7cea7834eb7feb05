"""The question asked before a job someone has in hand goes to another technician: who loses
it, in what state, and who gets it, with "No" the default (Enter keeps it where it is)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from .cards import JobCard
from .words import in_hand_text

Button = QMessageBox.StandardButton


def take_over_question(parent: QWidget, card: JobCard, holder: str, to: str) -> QMessageBox:
    """Not shown yet: the caller opens it (window-modal, no nested event loop) and reads
    `clickedButton()` when it finishes."""
    said = in_hand_text(card.in_hand, holder) if card.in_hand is not None else holder
    ask = QCoreApplication.translate("TakeOver", "%1 (%2). Take it from %3 and give it to %4?")
    box = QMessageBox(
        QMessageBox.Icon.Question,
        QCoreApplication.translate("TakeOver", "Take the job from %1?").replace("%1", holder),
        ask.replace("%1", said).replace("%2", card.number).replace("%3", holder).replace("%4", to),
        Button.Yes | Button.No,
        parent,
    )
    box.setObjectName("take_over_question")
    box.setDefaultButton(Button.No)
    box.setEscapeButton(Button.No)
    return box


def said_yes(box: QMessageBox) -> bool:
    return box.clickedButton() is box.button(Button.Yes)
