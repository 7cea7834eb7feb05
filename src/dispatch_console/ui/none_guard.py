"""PySide6 6.12.0 on Python 3.11 drops a reference to None on every call of a void method
(QPainter.setPen, drawRect ...; measured: 1,000 calls, 1,000 references fewer). Python 3.12
made None immortal, so nothing happens there; on 3.11 a frame of the board makes hundreds of
such calls, and a few minutes of scrolling brought None's count to zero: "Fatal Python error:
none_dealloc". Until the pinned PySide6 or Python moves on, the board gives back after each
frame what the frame took. Giving back too much (another thread let go of None meanwhile) only
keeps None alive a little more, which it is anyway."""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, QTimer

NEEDED = sys.version_info < (3, 12)  # from 3.12 None's count is never read


def none_count() -> int:
    return sys.getrefcount(None) if NEEDED else 0


def give_back(before: int) -> None:
    """Called with what `none_count` said before the frame. Plain calls, not a context
    manager: a generator's own steps moved the count by a few references a frame."""
    if not NEEDED:
        return
    lost = before - sys.getrefcount(None)
    if lost > 0:
        _add(lost)


def _add(references: int) -> None:
    # CPython's object header starts with its reference count; one write instead of a call per
    # reference. Another thread's change slipping in between read and write moves the count
    # by a few, far inside the headroom.
    count = ctypes.c_ssize_t.from_address(id(None))
    count.value += references


HEADROOM = 1_000_000  # void calls the console may make between two top-ups, and then some
TOP_UP_MS = 1000


def keep_none_alive(parent: QObject) -> QTimer | None:
    """The whole console: None's count padded once at start and topped up every second back
    to that level, however many void calls the screens made meanwhile (the board also gives
    back after each of its frames). Nothing to do from Python 3.12."""
    if not NEEDED:
        return None
    _add(HEADROOM)
    floor = sys.getrefcount(None)
    timer = QTimer(parent, interval=TOP_UP_MS)
    timer.timeout.connect(lambda: give_back(floor))
    timer.start()
    return timer
