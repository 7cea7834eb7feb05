"""`DISPATCH_DEMO_NO_GUI=1 scripts/demo.sh` prepares the very database `dispatch-console --demo`
opens (the user data folder), not a file in the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dispatch_console.storage.store import SqlStore


def test_the_no_gui_demo_uses_the_gui_demos_database(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    store = SqlStore(f"sqlite:///{data / 'demo.sqlite3'}")  # as an earlier --demo start left it
    store.upgrade()
    store.close()
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "dispatch_console.app.demo"],
        cwd=checkout,
        env={**os.environ, "DISPATCH_DATA_DIR": str(data)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert f"Demo database: {data / 'demo.sqlite3'}" in done.stdout
    assert "reusing it" in done.stdout and "tickets" in done.stdout  # its summary
    assert "dispatch-console --demo" in done.stdout
    assert not list(checkout.iterdir())  # nothing written into the checkout
    assert sorted(p.name for p in data.glob("*.sqlite3")) == ["demo.sqlite3"]
