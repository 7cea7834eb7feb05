"""What may be attached to a ticket. Types are sniffed from the bytes, never trusted from a name."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .errors import ValidationError

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

# what a phone may declare for the same content (an iPhone says image/heif or image/heic)
ALIASES = {"image/heic": ("image/heif",)}

# magic prefix -> content type
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
)


@dataclass(frozen=True, slots=True)
class CheckedUpload:
    sha256: str
    content_type: str
    size: int
    filename: str


def sniff_type(data: bytes) -> str | None:
    for magic, kind in _SIGNATURES:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"hevc", b"mif1", b"msf1"):
        return "image/heic"
    return None


def clean_filename(filename: str | None) -> str:
    """The name without any folder a browser or an attacker put in front of it."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    # control characters (NUL above all: PostgreSQL refuses it in text) are never part of a name
    return "".join(ch for ch in name if ch >= " " and ch != "\x7f").strip()[:200]


def check_head(
    filename: str, head: bytes, size: int, declared_type: str | None = None
) -> tuple[str, str]:
    """(name, content type) of an upload known by its first bytes and its size (a file on
    disk need not be read to be refused), or a ValidationError saying why not."""
    name = clean_filename(filename)
    if name in ("", ".", ".."):
        raise ValidationError("filename", "the file needs a name")
    if not size:
        raise ValidationError("file", f"{name} is empty")
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError("file", too_large(name, size))
    kind = sniff_type(head)
    if kind is None:
        raise ValidationError(
            "file", f"{name} is not a photo or PDF (accepted: JPEG, PNG, GIF, WebP, HEIC, PDF)"
        )
    if declared_type and declared_type.split(";")[0].strip().lower() not in (
        kind,
        "application/octet-stream",
        *ALIASES.get(kind, ()),
    ):
        raise ValidationError(
            "file", f"{name} claims to be {declared_type} but its content is {kind}"
        )
    return name[:200], kind


def too_large(name: str, size: int | None = None) -> str:
    """The words for a file over the limit (its size, when it is known)."""
    limit = MAX_ATTACHMENT_BYTES // 1048576
    if size is None:
        return f"{name} is larger than {limit} MB, the limit"
    return f"{name} is {size / 1048576:.1f} MB; the limit is {limit} MB"


def check_upload(filename: str, data: bytes, declared_type: str | None = None) -> CheckedUpload:
    """Validate an upload and return its content address, or a ValidationError saying why not."""
    name, kind = check_head(filename, data[:32], len(data), declared_type)
    return CheckedUpload(hashlib.sha256(data).hexdigest(), kind, len(data), name)
