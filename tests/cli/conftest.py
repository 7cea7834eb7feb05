"""Run `dispatch-admin` in-process against temporary SQLite files.

Password hashing uses cheap argon2 parameters here: the production cost (~0.2 s a hash) would
dominate a demo seed that creates a few dozen logins, and the hash strength is not under test.
"""

from __future__ import annotations

import contextlib
import io
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from dispatch_console.cli.admin import main
from dispatch_console.services import passwords

ANCHOR = "2026-03-02T09:00+08:00"
DEMO_SCALE = "0.05"


@dataclass
class Result:
    code: int
    out: str
    err: str


def run(*argv: str) -> Result:
    """main(argv) with stdout and stderr captured (also what goes to sys.stdout.buffer)."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    err = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    out.flush()
    text = out.buffer.getvalue().decode("utf-8")
    return Result(code, text, err.getvalue())


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


@contextlib.contextmanager
def cheap_hashing() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(passwords, "HASHER", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
        yield


@pytest.fixture(autouse=True)
def _cheap_hashing() -> Iterator[None]:
    with cheap_hashing():
        yield


@dataclass
class Seeded:
    path: Path
    output: Result

    @property
    def url(self) -> str:
        return sqlite_url(self.path)

    def copy(self, to: Path) -> str:
        shutil.copyfile(self.path, to)
        return sqlite_url(to)


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    """One small demo database per session (read-only for tests; copy it to change it)."""
    path = tmp_path_factory.mktemp("cli-demo") / "demo.sqlite3"
    with cheap_hashing():
        result = run(
            "--database",
            sqlite_url(path),
            "seed",
            "--demo",
            "--scale",
            DEMO_SCALE,
            "--anchor",
            ANCHOR,
            "--seed",
            "7",
        )
    assert result.code == 0, result.err
    return Seeded(path, result)
