"""Painted tiles of the board, kept while they are still true: a technician's day (its hours,
breaks, absences, legs and bars) or a day of the ruler, each one pixmap. A frame while
scrolling is then a few dozen pixmaps copied, and only rows coming into view are painted.
A day replaced drops that technician's tiles; a new horizon or zoom drops them all. The
cache holds at most a budget of pixels, dropping the least recently drawn first."""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtGui import QPixmap

Key = tuple[int, int]  # (technician id or RULER_KEY, day index)
BUDGET_PIXELS = 16_000_000  # 64 MB of 32-bit pixels: every row of 3 days at 200 technicians


class TileCache:
    def __init__(self, budget: int = BUDGET_PIXELS) -> None:
        self._tiles: OrderedDict[Key, QPixmap] = OrderedDict()
        self._pixels = 0
        self.budget = budget

    def __len__(self) -> int:
        return len(self._tiles)

    def get(self, key: Key) -> QPixmap | None:
        tile = self._tiles.get(key)
        if tile is not None:
            self._tiles.move_to_end(key)
        return tile

    def has_room(self, pixels: int) -> bool:
        """Whether a tile that size fits without dropping another (prefetching never evicts:
        it would chase its own tail)."""
        return self._pixels + pixels <= self.budget

    def peek(self, key: Key) -> bool:
        """Whether it is there, without counting as drawn (prefetching must not reorder)."""
        return key in self._tiles

    def put(self, key: Key, tile: QPixmap) -> QPixmap:
        self._drop(key)
        self._tiles[key] = tile
        self._pixels += tile.width() * tile.height()
        while self._pixels > self.budget and len(self._tiles) > 1:
            self._drop(next(iter(self._tiles)))
        return tile

    def forget(self, owner: int) -> None:
        """Every tile of one technician (their day changed)."""
        for key in [k for k in self._tiles if k[0] == owner]:
            self._drop(key)

    def clear(self) -> None:
        self._tiles.clear()
        self._pixels = 0

    def _drop(self, key: Key) -> None:
        tile = self._tiles.pop(key, None)
        if tile is not None:
            self._pixels -= tile.width() * tile.height()
