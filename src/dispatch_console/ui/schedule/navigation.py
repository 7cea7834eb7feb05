"""Moving between bars with the arrow keys: left and right along a technician's row, up and
down to the nearest job in time on the next row that has one."""

from __future__ import annotations

from .geometry import Bar, Row


def current(rows: list[Row], selected: int | None) -> tuple[int, Bar] | None:
    if selected is None:
        return None
    for i, row in enumerate(rows):
        k = row.index_of(selected)
        if k is not None:
            return i, row.bars[k]
    return None


def step(rows: list[Row], selected: int | None, down: int, right: int) -> tuple[int, Bar] | None:
    """The bar an arrow leads to (row index, bar), or None to stay; with nothing selected, the
    first bar on the board."""
    found = current(rows, selected)
    if found is None:
        return next(((i, r.bars[0]) for i, r in enumerate(rows) if r.bars), None)
    i, at = found
    if right:
        k = rows[i].bars.index(at) + right
        return (i, rows[i].bars[k]) if 0 <= k < len(rows[i].bars) else None
    j = i + down
    while 0 <= j < len(rows):
        if rows[j].bars:
            return j, min(rows[j].bars, key=lambda b: abs(b.start - at.start))
        j += down
    return None
