"""The Windows installer, built here with wixl from a stand-in payload and read back with
msiinfo: what IT relies on when it deploys it (name, maker, version, upgrade code and major
upgrades, the Start-menu shortcut, the dispatch: protocol, the optional tel: handler, and the
public properties for a silent install written where the console reads them)."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "installers" / "windows" / "build-msi.sh"
UPGRADE_CODE = "{6F1D3C2A-8B47-4E0C-9A5D-2E7B1F4C8D90}"  # never changes: upgrades find old ones

pytestmark = pytest.mark.skipif(
    not (shutil.which("wixl") and shutil.which("msiinfo") and shutil.which("wixl-heat")),
    reason="wixl and msiinfo are missing: apt-get install wixl msitools (.ci/run does)",
)


def _table(msi: Path, name: str) -> list[list[str]]:
    out = subprocess.run(["msiinfo", "export", str(msi), name], capture_output=True, text=True,
                         check=True).stdout  # fmt: skip
    return [line.split("\t") for line in out.splitlines()[3:] if line]


@pytest.fixture(scope="module")
def msi(tmp_path_factory: pytest.TempPathFactory) -> Path:
    payload = tmp_path_factory.mktemp("payload")
    (payload / "dispatch-console.exe").write_bytes(b"MZ stand-in")
    (payload / "_internal" / "PySide6").mkdir(parents=True)
    (payload / "_internal" / "PySide6" / "QtWebEngineProcess.exe").write_bytes(b"MZ")
    (payload / "_internal" / "base_library.zip").write_bytes(b"PK")
    out = tmp_path_factory.mktemp("out") / "DispatchConsole.msi"
    command = ["bash", str(BUILD), str(payload), str(out)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return out


def test_it_is_the_dispatch_console_of_this_version(msi: Path) -> None:
    props = dict((row[0], row[1]) for row in _table(msi, "Property"))
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert props["ProductName"] == "Dispatch Console"
    assert props["Manufacturer"] == "Dispatch Console team"
    assert props["ProductVersion"] == version
    assert props["UpgradeCode"] == UPGRADE_CODE
    assert props["ALLUSERS"] == "1"  # per machine
    assert props["ARPPRODUCTICON"] == "DispatchConsole.ico"  # in Add/Remove Programs
    assert [row[0] for row in _table(msi, "Icon")] == ["DispatchConsole.ico"]
    info = subprocess.run(["msiinfo", "suminfo", str(msi)], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    assert re.search(r"Template: x64;", info)


def test_a_newer_version_replaces_an_older_one(msi: Path) -> None:
    rows = _table(msi, "Upgrade")
    assert all(row[0] == UPGRADE_CODE for row in rows)
    actions = {row[-1] for row in rows}
    assert actions == {"WIX_UPGRADE_DETECTED", "WIX_DOWNGRADE_DETECTED"}
    sequence = {row[0] for row in _table(msi, "InstallExecuteSequence")}
    assert "RemoveExistingProducts" in sequence


def test_files_land_in_program_files_and_the_start_menu_has_it(msi: Path) -> None:
    directories = {row[0]: row for row in _table(msi, "Directory")}
    assert directories["INSTALLDIR"][1:] == ["ProgramFiles64Folder", "Dispatch Console"]
    files = {row[2].split("|")[-1] for row in _table(msi, "File")}
    assert {"dispatch-console.exe", "QtWebEngineProcess.exe", "base_library.zip"} <= files
    [shortcut] = _table(msi, "Shortcut")
    assert shortcut[1] == "ProgramMenuFolder" and shortcut[2] == "Dispatch Console"
    assert shortcut[4] == "[INSTALLDIR]dispatch-console.exe"
    # its key path: HKLM (WiX 3 builds write HKMU, -1, which is HKLM in a per-machine install;
    # wixl would write HKMU as an invalid 4, so build-msi.sh asks for HKLM)
    keys = {row[0]: row for row in _table(msi, "Component")}
    key_path = keys["StartMenuShortcut"][5]
    [row] = [r for r in _table(msi, "Registry") if r[0] == key_path]
    assert row[1] == "2" and row[3] == "Installed"


def test_the_dispatch_protocol_opens_the_console_and_tel_is_optional(msi: Path) -> None:
    registry = {(row[2], row[3]): (row[1], row[4], row[5]) for row in _table(msi, "Registry")}
    hklm = "2"
    assert registry[("Software\\Classes\\dispatch", "")] == (
        hklm,
        "URL:Dispatch Console call",
        "DispatchProtocol",
    )
    assert registry[("Software\\Classes\\dispatch", "URL Protocol")][1] == ""
    command = registry[("Software\\Classes\\dispatch\\shell\\open\\command", "")]
    assert command[1] == '"[INSTALLDIR]dispatch-console.exe" "%1"'
    features = {row[0]: row for row in _table(msi, "Feature")}
    assert features["Console"][5] == "1" and features["TelHandler"][5] == "2"  # off by default
    tel = registry[("Software\\DispatchConsole\\Capabilities\\URLAssociations", "tel")]
    assert tel[2] == "TelProtocol"
    placed = {(row[0], row[1]) for row in _table(msi, "FeatureComponents")}
    assert ("TelHandler", "TelProtocol") in placed and ("Console", "TelProtocol") not in placed


def test_silent_install_properties_reach_the_consoles_machine_settings(msi: Path) -> None:
    registry = {(row[2], row[3]): (row[1], row[4]) for row in _table(msi, "Registry")}
    for prop, name in (("SERVER_URL", "ServerUrl"), ("DATABASE_URL", "DatabaseUrl"),
                       ("LANGUAGE", "Language")):  # fmt: skip
        assert registry[("Software\\DispatchConsole", name)] == ("2", f"[{prop}]")
    # an upgrade without the properties keeps what IT set the first time
    searched = {row[0]: row[1] for row in _table(msi, "AppSearch")}
    assert searched == {"SERVER_URL": "PreviousServerUrl", "DATABASE_URL": "PreviousDatabaseUrl",
                        "LANGUAGE": "PreviousLanguage"}  # fmt: skip
    from dispatch_console.config.machine import NAMES, REGISTRY_KEY

    assert REGISTRY_KEY == "Software\\DispatchConsole" and set(NAMES) == {
        "ServerUrl", "DatabaseUrl", "Language"}  # fmt: skip
