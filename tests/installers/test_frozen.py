"""The frozen console, as agents get it: the folder PyInstaller makes from the installer's own
spec (scripts/freeze.sh; .ci/run freezes and sets DISPATCH_FROZEN_DIR). The program in it runs
its self-test and the demo, in English and in Chinese, from that folder alone: translations
shipped compiled, the map's Leaflet from the app's own dcmap: scheme, migrations that run."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS = ROOT / "src" / "dispatch_console" / "storage" / "migrations"
FROZEN = os.environ.get("DISPATCH_FROZEN_DIR", "")
RUN_TIMEOUT_S = 900  # the first demo start seeds its database: 65 s here, 5+ min on a busy machine

pytestmark = pytest.mark.skipif(
    not FROZEN,
    reason="DISPATCH_FROZEN_DIR is not set: freeze first (scripts/freeze.sh prints the folder; "
    ".ci/run does both)",
)


@dataclass
class Run:
    code: int
    out: str
    err: str

    def lines(self, prefix: str) -> list[str]:
        return [line[len(prefix) :] for line in self.out.splitlines() if line.startswith(prefix)]


def frozen() -> Path:
    folder = Path(FROZEN).resolve()
    exe = folder / ("dispatch-console.exe" if sys.platform == "win32" else "dispatch-console")
    assert exe.is_file(), f"no frozen program at {exe}"
    return exe


def run(data: Path, *args: str) -> Run:
    env = {
        k: v
        for k, v in os.environ.items()  # nothing of the developer's own settings leaks in
        if not k.startswith(("DISPATCH_", "PYTHON", "QT_")) and k != "VIRTUAL_ENV"
    }
    env |= {"QT_QPA_PLATFORM": "offscreen", "DISPATCH_DATA_DIR": str(data)}
    env |= {"XDG_CONFIG_HOME": str(data / "config"), "XDG_CACHE_HOME": str(data / "cache")}
    env |= {"DISPATCH_LOG_DIR": str(data / "logs")}
    done = subprocess.run(
        [str(frozen()), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=data,  # not the source tree: nothing can come from it
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One user's data folder for the module: the demo is seeded once."""
    return tmp_path_factory.mktemp("frozen-data")


@pytest.fixture(scope="module")
def english(data: Path) -> tuple[Run, Path]:
    png = data / "demo-en.png"
    return run(data, "--demo", "--lang", "en", "--screenshot", str(png)), png


@pytest.fixture(scope="module")
def chinese(data: Path, english: tuple[Run, Path]) -> tuple[Run, Path]:
    png = data / "demo-zh_CN.png"
    return run(data, "--demo", "--lang", "zh_CN", "--screenshot", str(png)), png


def test_the_self_test_passes_in_chinese(tmp_path: Path) -> None:
    report = tmp_path / "self-test.txt"
    done = run(tmp_path, "--self-test", "--lang", "zh_CN", "--report", str(report))
    assert done.code == 0, done.out + done.err
    lines = report.read_text(encoding="utf-8").splitlines()
    checks = [line for line in lines if line.startswith(("ok", "FAIL"))]
    assert checks and not [line for line in checks if line.startswith("FAIL")], lines
    names = {line.split()[1] for line in checks}
    assert {"QtWebEngineCore", "translations", "map", "schema"} <= names
    [translations] = [line for line in checks if line.split()[1] == "translations"]
    assert "zh_CN: loaded" in translations and "帮助(&H)" in translations
    assert any("schema" in line and "migrations run" in line for line in checks)


def test_the_demo_in_english(english: tuple[Run, Path]) -> None:
    done, png = english
    assert done.code == 0, done.out + done.err
    assert png.stat().st_size > 10_000  # a real picture of a window, not an empty one
    assert done.lines("window title: ") == ["Dispatch Console"]
    assert done.lines("menus: ") == ["&File | &Ticket | Call&backs | &View | &Help"]
    assert done.lines("translation: ") == ["none (English)"]


def test_the_demo_in_chinese_is_chinese(chinese: tuple[Run, Path]) -> None:
    done, png = chinese
    assert done.code == 0, done.out + done.err
    assert png.stat().st_size > 10_000
    assert done.lines("window title: ") == ["派单工作台"]
    assert done.lines("menus: ") == ["文件(&F) | 工单(&T) | 回访(&B) | 视图(&V) | 帮助(&H)"]
    [loaded] = done.lines("translation: ")
    qm = Path(loaded)
    assert qm.name == "dispatch_console_zh_CN.qm"
    assert Path(FROZEN).resolve() in qm.resolve().parents  # compiled at build time, shipped


def test_the_map_loads_leaflet_through_dcmap_from_the_frozen_folder(
    english: tuple[Run, Path],
) -> None:
    done, _ = english
    assert done.code == 0, done.out + done.err
    served = [Path(p) for p in done.lines("map asset: ")]
    names = {p.name for p in served}
    assert {"leaflet.js", "leaflet.css", "leaflet.markercluster.js", "bridge.js", "crs.js"} <= names
    outside = [p for p in served if Path(FROZEN).resolve() not in p.resolve().parents]
    assert not outside, f"map assets served from outside the frozen folder: {outside}"


def test_the_frozen_migrations_bring_a_new_database_to_the_head_revision(
    data: Path, english: tuple[Run, Path]
) -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    done, _ = english
    assert done.code == 0, done.out + done.err
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    with sqlite3.connect(data / "demo.sqlite3") as db:  # made by the frozen program's first start
        [(revision,)] = db.execute("SELECT version_num FROM alembic_version").fetchall()
    assert revision == head


def test_translations_ship_compiled_and_sources_do_not() -> None:
    folder = Path(FROZEN)
    assert list(folder.rglob("dispatch_console_zh_CN.qm"))
    assert not list(folder.rglob("dispatch_console_*.ts"))
    assert not list(folder.rglob("*.debug.pak"))


def test_a_damaged_install_names_the_missing_translation(tmp_path: Path) -> None:
    """A copy of the frozen folder with the Chinese .qm deleted (hard links: no 0.5 GB copy):
    the console says which file is missing and what to do, logs it, and goes on in English."""
    copy = tmp_path / "damaged"
    subprocess.run(["cp", "-al", str(Path(FROZEN).resolve()), str(copy)], check=True)
    [qm] = copy.rglob("dispatch_console_zh_CN.qm")
    qm.unlink()
    exe = copy / frozen().name
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISPATCH_", "QT_"))}
    env |= {"QT_QPA_PLATFORM": "offscreen", "DISPATCH_DATA_DIR": str(data)}
    env |= {"DISPATCH_LOG_DIR": str(tmp_path / "logs"), "XDG_CONFIG_HOME": str(data / "config")}
    done = subprocess.run(
        [str(exe), "--demo", "--lang", "zh_CN", "--screenshot", str(tmp_path / "x.png")],
        capture_output=True, text=True, env=env, timeout=RUN_TIMEOUT_S, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "dispatch_console_zh_CN.qm" in done.stderr  # names the file
    assert "Reinstall" in done.stderr  # and the fix
    log = (tmp_path / "logs" / "console.log").read_text(encoding="utf-8")
    assert "dispatch_console_zh_CN.qm" in log
    assert "window title: Dispatch Console" in done.stdout  # English, said so, not silently
