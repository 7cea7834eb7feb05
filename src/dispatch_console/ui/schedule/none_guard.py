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

NEEDED = sys.version_info < (3, 12)  # from 3.12 None's count is never read


def none_count() -> int:
    return sys.getrefcount(None) if NEEDED else 0


def give_back(before: int) -> None:
    """Called with what `none_count` said before the frame. Plain calls, not a context
    manager: a generator's own steps moved the count by a few references a frame."""
    if not NEEDED:
        return
    lost = before - sys.getrefcount(None)
    for _ in range(lost):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(None))
