#!/usr/bin/env bash
# Build the Dispatch Console MSI on Linux with wixl (Debian's msitools/wixl packages).
# Usage: installers/windows/build-msi.sh PAYLOAD_DIR OUT.msi
#   PAYLOAD_DIR: the PyInstaller one-folder output (dist/dispatch-console), with
#   dispatch-console.exe at its top. The version comes from pyproject.toml, unless
#   MSI_VERSION overrides it (tests build a "newer" MSI to install over an older one).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
payload="$(cd "${1:?payload folder}" && pwd)"
out="${2:?output .msi}"
command -v wixl >/dev/null || { echo "wixl is missing: apt-get install wixl msitools" >&2; exit 3; }
[ -f "$payload/dispatch-console.exe" ] || { echo "$payload has no dispatch-console.exe" >&2; exit 2; }
version="${MSI_VERSION:-$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/pyproject.toml" | head -n1)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# every file of the payload, as components of INSTALLDIR (GUIDs derived from the paths: stable)
(cd "$payload" && find . -type f | sed 's|^\./||' | sort) \
    | sed "s|^|$payload/|" \
    | wixl-heat --prefix "$payload/" --directory-ref INSTALLDIR --component-group Payload \
        --var var.SourceDir --win64 > "$work/payload.wxs"
out="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
# wixl finds the files relative to where it runs: from inside the payload
icon="$(realpath --relative-to="$payload" "$here/../../resources/icons/dispatch-console.ico")"
(cd "$payload" && wixl --arch x64 -D Version="$version" -D SourceDir=. -D Win64=yes -D ShortcutKeyRoot=HKLM \
    -D IconFile="$icon" \
    -o "$out" "$here/dispatch-console.wxs" "$work/payload.wxs")
echo "built $out (Dispatch Console $version)"
