#!/usr/bin/env bash
# Freeze the console with the installer's own spec (installers/windows/dispatch-console.spec),
# as the Windows job does, into a folder kept outside the clone and keyed by a hash of what goes
# into it: the spec and its folder, src/, pyproject.toml, the Python and the venv's package
# versions. An unchanged key reuses the folder (seconds instead of ~75 s). The last line printed
# is the frozen folder (it holds the dispatch-console program).
#   DISPATCH_FREEZE_CACHE   where frozen folders are kept (default ~/.cache/dispatch-console/freeze)
#   DISPATCH_FREEZE_KEEP    how many frozen folders to keep (default 2; each is ~0.5 GB)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON_VENV:-.venv}/bin/python
cache=${DISPATCH_FREEZE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dispatch-console/freeze}
keep=${DISPATCH_FREEZE_KEEP:-2}

key=$(
    {
        find installers/windows src pyproject.toml -type f \
            ! -name '*.pyc' ! -path '*/__pycache__/*' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
        "$PY" -VV
        "$PY" -m pip list --format=freeze --exclude-editable --disable-pip-version-check 2>/dev/null
        uname -sm
    } | sha256sum | cut -c1-16
)
out="$cache/$key"
if [ -x "$out/dispatch-console" ] || [ -x "$out/dispatch-console.exe" ]; then
    echo "freeze: reusing $out (inputs unchanged)" >&2
    touch "$out"  # most recently used: kept by the clean-up below
    echo "$out"
    exit 0
fi

mkdir -p "$cache"
work=$(mktemp -d "$cache/.build-XXXXXX")
trap 'rm -rf "$work"' EXIT
started=$(date +%s)
echo "freeze: building $out with PyInstaller (about 75 s)" >&2
"$PY" -m PyInstaller --noconfirm --log-level WARN \
    --distpath "$work/dist" --workpath "$work/build" \
    installers/windows/dispatch-console.spec >"$work/pyinstaller.log" 2>&1 || {
    tail -n 40 "$work/pyinstaller.log" >&2
    echo "freeze: PyInstaller failed (log above)" >&2
    exit 1
}
# whole or not at all: a half-built folder never counts; a run beside this one may have won
mv -T "$work/dist/dispatch-console" "$out" 2>/dev/null || [ -d "$out" ]
echo "freeze: built in $(($(date +%s) - started)) s, $(du -sm "$out" | cut -f1) MB" >&2

# keep the $keep most recently used folders
ls -1dt "$cache"/*/ 2>/dev/null | tail -n +"$((keep + 1))" | while read -r old; do
    rm -rf "$old"
done
echo "$out"
