"""The last line against text and numbers a database cannot take: PostgreSQL refuses NUL in
text (SQLite stores it), neither can encode a lone surrogate, and a whole number beyond 64 bits
overflows both. Whatever reaches a statement that way, from any caller, is refused as a
ValidationError naming the column, the same on both databases, instead of a driver error that
would be a 500 (and a traceback carrying the statement's values)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Engine, event

from ..domain.errors import ValidationError
from ..domain.storable import number_problem, text_problem

_BIND_SUFFIX = re.compile(r"_\d+$")  # SQLAlchemy names a WHERE's `id` parameter `id_1`


def problem(value: Any) -> str | None:
    if isinstance(value, str):
        return text_problem(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return number_problem(value)
    return None


def _check(parameters: Any) -> None:
    if isinstance(parameters, Mapping):
        for name, value in parameters.items():
            if (reason := problem(value)) is not None:
                raise ValidationError(_BIND_SUFFIX.sub("", str(name)), reason)
    elif isinstance(parameters, Sequence) and not isinstance(parameters, str | bytes):
        for value in parameters:
            if (reason := problem(value)) is not None:
                raise ValidationError("value", reason)


def guard_parameters(engine: Engine) -> None:
    @event.listens_for(engine, "before_cursor_execute")
    def _before(
        _conn: Any, _cursor: Any, _statement: str, parameters: Any, _context: Any,
        executemany: bool,
    ) -> None:  # fmt: skip
        # bulk imports (executemany) validate their rows themselves; scanning 100,000 rows
        # here would cost more than the insert
        if not executemany and parameters:
            _check(parameters)
