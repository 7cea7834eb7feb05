"""One logging set-up for the console, dispatch-server and dispatch-admin: each writes its own
rotating file in the one log folder, in the same line format, with customers' contacts masked;
the admin tool's failures reach its file too."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from dispatch_console.app import logs as console_logs
from dispatch_console.cli.admin import main as admin
from dispatch_console.runtime import logs
from dispatch_console.server.main import set_up_logging as server_logging

LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \[\d+\] (INFO|WARNING) +MainThread [\w.]+: .+$"
)


def _lines(path: Path) -> list[str]:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(
    ("program", "set_up"),
    [
        ("console", console_logs.set_up),
        ("server", lambda: server_logging("warning")),
        ("admin", lambda: logs.set_up("admin")),
    ],
)
def test_each_program_writes_its_own_file_in_the_one_format(
    program: str, set_up: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_up()  # type: ignore[operator]
    log = logging.getLogger("dispatch_console.tests")
    log.info("caller +8613812345678 wrote to wang.fang@example.com")
    log.warning("the PBX is away")
    lines = _lines(tmp_path / "logs" / f"{program}.log")
    assert len(lines) == 2 and all(LINE.match(line) for line in lines), lines
    assert "[phone …78]" in lines[0] and "***@example.com" in lines[0]
    assert "13812345678" not in "".join(lines)
    err = capsys.readouterr().err
    assert "the PBX is away" in err and "caller" not in err  # stderr: warnings and above


def test_a_second_set_up_replaces_the_handlers_and_the_file_rotates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 2_000)
    logs.set_up("admin")
    path = logs.set_up("admin")
    assert path == tmp_path / "logs" / "admin.log"
    ours = [h for h in logging.getLogger().handlers if getattr(h, logs.MARK, False)]
    assert len(ours) == 2  # one file, one stderr: never doubled
    for n in range(100):
        logging.getLogger("dispatch_console.tests").info("line %d of a long shift", n)
    _lines(path)
    kept = sorted(p.name for p in path.parent.glob("admin.log*"))
    assert kept[:2] == ["admin.log", "admin.log.1"] and len(kept) <= 1 + logs.KEEP


def test_a_folder_that_cannot_be_written_still_lets_the_program_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv(logs.LOG_DIR_ENV, str(blocker / "logs"))
    assert logs.set_up("server") is None
    assert "no log file in" in capsys.readouterr().err


def test_the_admin_tools_failures_reach_its_log(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "deeper" / "db.sqlite3"
    code = admin(["--database", f"sqlite:///{missing}", "db", "current"])
    assert code != 0
    assert any("ended:" in line for line in _lines(tmp_path / "logs" / "admin.log"))
