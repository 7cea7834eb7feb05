"""Memory given back after a burst of uploads. glibc's malloc raises its mmap threshold each
time a large block is freed (up to 32 MB), so after the first photo, a photo's pixels and an
upload's bytes come from the heaps of the threads that decoded them, and stay there when freed:
a server that took sixteen 10 MB photos kept 1.2 GB for good. A fixed threshold keeps every large
block in its own mapping, returned to the system the moment it is freed (bench/uploads.py)."""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import sys

log = logging.getLogger(__name__)

M_MMAP_THRESHOLD = -3  # mallopt's parameter number (malloc.h)
MMAP_THRESHOLD = 256 * 1024  # twice glibc's starting value; fixed, it stops moving


def give_large_blocks_back() -> bool:
    """Fixes glibc's mmap threshold for this process; False where there is no glibc."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        done = bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))
    except (OSError, AttributeError):  # musl and others: no mallopt, and no such trap either
        return False
    if not done:
        log.warning("could not fix malloc's mmap threshold; freed uploads may stay resident")
    return done
