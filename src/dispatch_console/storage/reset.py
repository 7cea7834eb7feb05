"""Emptying a database back to what the migrations leave in a new one. For test suites (and a
server started for them) only: it deletes everything."""

from __future__ import annotations

from sqlalchemy import Engine, text

from ..domain.callbacks import CallbackRule
from .schema import Base

_RULE = CallbackRule(0)
# what the migrations put in a new database (0005: the default callback rule)
MIGRATION_SEEDED_ROWS = (
    "INSERT INTO callback_rules (delay_kind, delay_hours, at_hour, timezone, sla_hours, enabled,"
    f" version) VALUES ('{_RULE.delay_kind}', {_RULE.delay_hours}, {_RULE.at_hour},"
    f" '{_RULE.timezone}', {_RULE.sla_hours}, true, 1)"
)


def wipe_statements(dialect: str, sequences: list[str]) -> list[str]:
    """Children before parents, so no DELETE leaves a dangling foreign key; ids start at 1."""
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    out = [f'DELETE FROM "{t}"' for t in tables]
    if dialect != "sqlite":  # SQLite's rowids start again at 1 in an empty table
        out += [f'ALTER SEQUENCE "{s}" RESTART' for s in sequences]
    return [*out, MIGRATION_SEEDED_ROWS]


SEQUENCES = "SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()"


def wipe_all(engine: Engine) -> None:
    with engine.begin() as conn:
        sequences: list[str] = []
        if engine.dialect.name == "postgresql":
            sequences = [
                r[0]
                for r in conn.execute(
                    text(
                        "SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()"
                    )
                )
            ]
        for statement in wipe_statements(engine.dialect.name, sequences):
            conn.execute(text(statement))
