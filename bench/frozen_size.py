"""Size of frozen console folders (scripts/freeze.sh output), total and by the parts the spec
trims, side by side: e.g. a folder frozen with the spec before a change and one after.

    .venv/bin/python bench/frozen_size.py BEFORE_DIR AFTER_DIR [--msi FILE ...]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

MB = 1024 * 1024

# (label, matches a file's path relative to the folder)
PARTS: list[tuple[str, Callable[[Path], bool]]] = [
    ("Qt translations (.qm)", lambda p: p.suffix == ".qm" and "PySide6" in p.parts),
    ("Chromium locales", lambda p: p.parent.name == "qtwebengine_locales"),
    ("DevTools resources", lambda p: p.name == "qtwebengine_devtools_resources.pak"),
    (
        "QtWebEngine core library",
        lambda p: p.name.startswith(("libQt6WebEngineCore", "Qt6WebEngineCore")),
    ),
    ("translators' .ts sources", lambda p: p.suffix == ".ts"),
    (
        "our .qm translations",
        lambda p: p.name.startswith("dispatch_console_") and p.suffix == ".qm",
    ),
    ("the server's web pages", lambda p: "dispatch_console" in p.parts and "web" in p.parts),
]


def measure(folder: Path) -> dict[str, float]:
    files = [f for f in folder.rglob("*") if f.is_file() and not f.is_symlink()]
    sizes = {label: 0.0 for label, _ in PARTS}
    for f in files:
        rel = f.relative_to(folder)
        for label, match in PARTS:
            if match(rel):
                sizes[label] += f.stat().st_size / MB
    sizes["python archive + program"] = (
        sum(f.stat().st_size for f in files if f.name.startswith("dispatch-console")) / MB
    )
    sizes["files"] = len(files)
    sizes["total"] = sum(f.stat().st_size for f in files) / MB
    return sizes


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("folders", nargs="+", type=Path)
    p.add_argument("--msi", nargs="*", type=Path, default=[])
    args = p.parse_args()
    results = [measure(f) for f in args.folders]
    width = max(len(k) for k in results[0])
    print(f"{'':{width}}  " + "  ".join(f"{f.name[:16]:>16}" for f in args.folders))
    for key in results[0]:
        unit = "" if key == "files" else " MB"
        cells = [f"{r[key]:>13.2f}{unit}" if unit else f"{int(r[key]):>16}" for r in results]
        print(f"{key:{width}}  " + "  ".join(cells))
    for msi in args.msi:
        print(f"MSI {msi}: {msi.stat().st_size / MB:.1f} MB")


if __name__ == "__main__":
    main()
