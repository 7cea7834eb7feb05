#!/usr/bin/env bash
# Sign the MSI with osslsigncode (Debian's osslsigncode package). The certificate comes from the
# environment, never from the repository:
#   SIGN_PFX_BASE64   the code-signing certificate and key, PKCS#12, base64 (a CI secret)
#   SIGN_PFX_PASSWORD its password
#   SIGN_TIMESTAMP    an RFC 3161 time-stamp server (default http://timestamp.digicert.com)
# Usage: installers/windows/sign.sh DispatchConsole.msi   (signs in place)
set -euo pipefail
msi="${1:?the .msi to sign}"
: "${SIGN_PFX_BASE64:?set SIGN_PFX_BASE64 (the certificate, base64) in the environment}"
: "${SIGN_PFX_PASSWORD:?set SIGN_PFX_PASSWORD in the environment}"
command -v osslsigncode >/dev/null || { echo "apt-get install osslsigncode" >&2; exit 3; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
umask 077
printf '%s' "$SIGN_PFX_BASE64" | base64 -d > "$work/cert.pfx"
osslsigncode sign -pkcs12 "$work/cert.pfx" -pass "$SIGN_PFX_PASSWORD" \
    -n "Dispatch Console" -i "https://github.com/dispatch-console" \
    -ts "${SIGN_TIMESTAMP:-http://timestamp.digicert.com}" -h sha256 \
    -in "$msi" -out "$work/signed.msi"
osslsigncode verify -in "$work/signed.msi" >/dev/null 2>&1 || echo "note: signed; verify needs the CA chain"
mv "$work/signed.msi" "$msi"
echo "signed $msi"
