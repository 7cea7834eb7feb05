"""A throw-away Wine prefix with Wine's own MSI engine (msi.dll, msiexec), and readers for what
an install leaves in it: the registry files the prefix keeps on disk and Start-menu shortcuts.

Reading the registry files instead of running `wine reg query` once per key saves a Wine process
(about 2 s each here) per look; `wineserver -w` first, so the server has written them."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

TIMEOUT = 300  # seconds for one Wine command: a hung msiexec must fail the test, not CI

# The engine's exit status reaches us through a Unix exit code, so only its low byte survives:
# ERROR_INSTALL_FAILURE (1603), which a refused downgrade returns, arrives as 67.
INSTALL_FAILURE = 1603 & 0xFF


def missing() -> str | None:
    """Why these tests cannot run here, or None."""
    for tool in ("wine", "wineserver", "wixl", "wixl-heat"):
        if not shutil.which(tool):
            return f"{tool} is missing: apt-get install wine64 wine wixl msitools (.ci/run does)"
    return None


@dataclass
class Run:
    returncode: int
    log: str  # msiexec's own verbose log: the first thing to read when a step fails


class Prefix:
    """One fresh 64-bit Wine prefix (its own wineserver), nothing shared with other runs."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}  # /qn: no window
        host = path.with_name(path.name + "-host")  # for what Wine would put in $HOME or /tmp
        self.env.update(
            WINEPREFIX=str(path),
            WINEARCH="win64",
            WINEDEBUG="-all",
            # Wine would offer to install Mono and Gecko; an MSI without managed or HTML custom
            # actions needs neither, and nothing may be downloaded here. winemenubuilder would
            # copy each shortcut and file type into the host's menus and MIME database.
            WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d",
            XDG_DATA_HOME=str(host / "share"),
            XDG_CONFIG_HOME=str(host / "config"),
            XDG_CACHE_HOME=str(host / "cache"),
            TMPDIR=str(host / "tmp"),  # the wineserver's socket folder, which it leaves behind
        )
        (host / "tmp").mkdir(parents=True, exist_ok=True)

    def _run(self, *command: str) -> subprocess.CompletedProcess[str]:
        try:
            return subprocess.run(command, env=self.env, capture_output=True, text=True,
                                  timeout=TIMEOUT, check=False)  # fmt: skip
        except subprocess.TimeoutExpired:
            self.stop()
            raise

    def boot(self) -> None:
        done = self._run("wineboot", "--init")
        self.settle()
        if done.returncode != 0 or not (self.path / "system.reg").is_file():
            raise RuntimeError(f"wineboot failed ({done.returncode}): {done.stderr[-2000:]}")

    def settle(self) -> None:
        """Wait until this prefix's wineserver has exited: its registry is then on disk."""
        subprocess.run(["wineserver", "-w"], env=self.env, timeout=TIMEOUT, check=False)

    def stop(self) -> None:
        """End this prefix's processes only (wineserver -k is scoped by WINEPREFIX)."""
        subprocess.run(["wineserver", "-k"], env=self.env, timeout=60, check=False,
                       capture_output=True)  # fmt: skip

    def msiexec(self, *args: str) -> Run:
        log = self.path / f"msiexec-{len(list(self.path.glob('msiexec-*.log')))}.log"
        done = self._run("wine", "msiexec", *args, "/l*v", self.windows(log))
        self.settle()
        text = log.read_bytes().decode("utf-8", "replace") if log.exists() else done.stderr
        return Run(done.returncode, text)

    def reg_query(self, key: str) -> str:
        """`reg query KEY /reg:64` as Wine's own reg.exe answers it (what a program reads)."""
        done = self._run("wine", "reg", "query", key, "/reg:64")
        self.settle()
        return done.stdout if done.returncode == 0 else f"exit {done.returncode}: {done.stderr}"

    @staticmethod
    def windows(path: Path) -> str:
        """A Unix path as the prefix sees it: its Z: drive is /."""
        return "Z:" + str(path.resolve()).replace("/", "\\")

    def drive_c(self) -> Path:
        return self.path / "drive_c"

    def unix(self, windows_path: str) -> Path:
        parts = PureWindowsPath(windows_path).parts
        assert parts[0].upper() == "C:\\", windows_path
        return self.drive_c().joinpath(*parts[1:])

    def hklm(self) -> Registry:
        return Registry.load(self.path / "system.reg")

    def hkcu(self) -> Registry:
        return Registry.load(self.path / "user.reg")

    def shortcuts(self, name: str) -> list[Path]:
        """Every Start-menu shortcut called NAME.lnk, the users' and All Users' menus alike."""
        return sorted(p for p in self.drive_c().rglob(f"{name}.lnk") if "Start Menu" in p.parts)


# --- the registry files -------------------------------------------------------------------------

_KEY = re.compile(r"^\[(.*)\](?: \d+)?$")
_ESCAPES = {"\\": "\\", '"': '"', "n": "\n", "r": "\r", "t": "\t", "0": "\0", "a": "\a"}


def _unescape(text: str, start: int, end: str = '"') -> tuple[str, int]:
    """The quoted string that starts at text[start] == '"', and the index after it (or, with
    END="", all of TEXT from START as one escaped string)."""
    out: list[str] = []
    i = start + 1 if end else start
    while i < len(text) and text[i] != end:
        if text[i] == "\\":
            i += 1
            if text[i] == "x":
                digits = re.match(r"[0-9a-fA-F]{1,4}", text[i + 1 :])
                assert digits, text
                out.append(chr(int(digits.group(0), 16)))
                i += 1 + len(digits.group(0))
                continue
            out.append(_ESCAPES.get(text[i], text[i]))
        else:
            out.append(text[i])
        i += 1
    return "".join(out), i + 1


def _value(data: str) -> str | int | bytes:
    if data.startswith('"'):
        return _unescape(data, 0)[0]
    if data.startswith("str("):  # REG_EXPAND_SZ and REG_MULTI_SZ
        return _unescape(data, data.index(":") + 1)[0]
    if data.startswith("dword:"):
        return int(data[6:], 16)
    hexes = data.split(":", 1)[1].replace("\\", "").replace(" ", "").replace(",", "")
    return bytes.fromhex(hexes)


@dataclass(repr=False)  # thousands of keys: an assertion message shows the key it asked for
class Registry:
    """One hive as Wine keeps it on disk: key path -> {value name ('' = default): value}.
    Key and value names compare without case, as Windows does."""

    keys: dict[str, dict[str, str | int | bytes]]

    def __repr__(self) -> str:
        return f"<Registry of {len(self.keys)} keys>"

    @classmethod
    def load(cls, path: Path) -> Registry:
        keys: dict[str, dict[str, str | int | bytes]] = {}
        current: dict[str, str | int | bytes] | None = None
        lines = iter(path.read_text(encoding="utf-8", errors="replace").splitlines())
        for first in lines:
            line = first
            while line.endswith("\\") and not line.startswith("["):  # hex data goes on
                line = line[:-1] + next(lines, "").strip()
            key = _KEY.match(line)
            if key:
                name, _ = _unescape(key.group(1), 0, end="")
                current = keys.setdefault(name.lower(), {})
            elif current is not None and line.startswith(("@=", '"')):
                if line.startswith("@="):
                    name, rest = "", line[2:]
                else:
                    name, end = _unescape(line, 0)
                    rest = line[end + 1 :]
                current[name.lower()] = _value(rest)
        return cls(keys)

    def values(self, key: str) -> dict[str, str | int | bytes] | None:
        """The values of KEY (as 'Software\\Classes\\dispatch'), or None if there is no such key."""
        return self.keys.get(key.lower())

    def under(self, key: str) -> list[str]:
        """KEY and every key beneath it."""
        prefix = key.lower() + "\\"
        return sorted(k for k in self.keys if k == key.lower() or k.startswith(prefix))

    def uninstall_entries(self, display_name: str) -> dict[str, dict[str, str | int | bytes]]:
        """Add/Remove Programs' entries showing DISPLAY_NAME, by product code."""
        base = "software\\microsoft\\windows\\currentversion\\uninstall\\"
        return {key[len(base) :]: values for key, values in self.keys.items()
                if key.startswith(base) and values.get("displayname") == display_name}  # fmt: skip


# --- Start-menu shortcuts (the Shell Link format, MS-SHLLINK) ------------------------------------


@dataclass
class Shortcut:
    target: str  # LinkInfo's local base path: what the shortcut starts
    description: str | None
    working_dir: str | None


def read_shortcut(path: Path) -> Shortcut:
    data = path.read_bytes()
    header_size, flags = struct.unpack_from("<I16xI", data, 0)
    assert header_size == 0x4C and data[4:20] == bytes.fromhex(
        "0114020000000000c000000000000046"), f"{path} is not a shell link"  # fmt: skip
    offset = header_size
    if flags & 0x01:  # HasLinkTargetIDList
        offset += 2 + struct.unpack_from("<H", data, offset)[0]
    target = ""
    if flags & 0x02:  # HasLinkInfo
        size, _head, _flags, _volume, base = struct.unpack_from("<5I", data, offset)
        # ANSI, in the system code page: the paths tested here are ASCII
        target = data[offset + base : data.index(b"\0", offset + base)].decode("latin-1")
        offset += size
    strings: list[str | None] = []
    unicode = bool(flags & 0x80)
    for bit in (0x04, 0x08, 0x10):  # HasName, HasRelativePath, HasWorkingDir
        if not flags & bit:
            strings.append(None)
            continue
        count = struct.unpack_from("<H", data, offset)[0]
        width = 2 if unicode else 1
        raw = data[offset + 2 : offset + 2 + count * width]
        # Wine counts a terminating NUL (the format says not to); Windows does not
        strings.append(raw.decode("utf-16-le" if unicode else "latin-1").rstrip("\0"))
        offset += 2 + count * width
    return Shortcut(target=target, description=strings[0], working_dir=strings[2])
