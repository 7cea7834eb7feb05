"""The attachment's JSON body read from a spooled file a chunk at a time: `{"filename": ...,
"data": "<base64>", "content_type": ... | null}`. The small values are parsed as JSON; the base64
is decoded 64 KiB at a time straight into another file, so a 13 MB body never sits in memory as
bytes, then as a str, then as decoded bytes (what reading it whole with json.loads cost).
Standard and URL-safe base64 are both taken, padded or not (pydantic writes URL-safe, a
browser's FileReader standard); the only escape base64 can need in JSON is `\\/`."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any, BinaryIO

from ..domain.errors import ValidationError

CHUNK = 64 * 1024
SMALL = 4096  # bytes of JSON a name or a content type may take
FIELDS = ("filename", "data", "content_type")
_URL_SAFE = bytes.maketrans(b"-_", b"+/")


class TooLarge(Exception):
    """The decoded file passed the limit (its name, when the body gave it first)."""

    def __init__(self, filename: str) -> None:
        super().__init__(filename)
        self.filename = filename


def _bad(reason: str, field: str = "request") -> ValidationError:
    return ValidationError(field, reason)


class _Reader:
    """Bytes of a file with one byte of look-ahead, read CHUNK at a time."""

    def __init__(self, file: BinaryIO) -> None:
        self.file, self.buf, self.pos = file, b"", 0

    def fill(self) -> bool:
        if self.pos < len(self.buf):
            return True
        self.buf, self.pos = self.file.read(CHUNK), 0
        return bool(self.buf)

    def peek(self) -> bytes:
        return self.buf[self.pos : self.pos + 1] if self.fill() else b""

    def take(self) -> bytes:
        byte = self.peek()
        self.pos += len(byte)
        return byte

    def skip_space(self) -> None:
        while self.peek() in (b" ", b"\t", b"\r", b"\n"):
            self.pos += 1

    def expect(self, byte: bytes) -> None:
        self.skip_space()
        if self.take() != byte:
            raise _bad("the body is not the JSON object this route takes")


def _small_value(reader: _Reader, field: str) -> Any:
    """A string (escapes and all), null, true, false or a number, parsed by json."""
    reader.skip_space()
    raw, quoted, escaped = bytearray(), reader.peek() == b'"', False
    if quoted:
        raw += reader.take()
    while True:
        byte = reader.peek()
        if not byte:
            raise _bad("the body ends in the middle of a value")
        if quoted:
            raw += reader.take()
            if escaped:
                escaped = False
            elif byte == b"\\":
                escaped = True
            elif byte == b'"' and len(raw) > 1:
                break
        elif byte in b",}] \t\r\n":
            break
        else:
            raw += reader.take()
        if len(raw) > SMALL:
            raise _bad("is too long", field)
    try:
        return json.loads(raw.decode())
    except (ValueError, UnicodeDecodeError):
        raise _bad("is not valid JSON", field) from None


def _base64_into(reader: _Reader, out: BinaryIO, limit: int, filename: str) -> None:
    """The base64 string at the reader, decoded into `out`; TooLarge once past `limit`."""
    reader.skip_space()
    if reader.take() != b'"':
        raise _bad("must be the file's bytes in base64", "data")
    pending, size = b"", 0
    while True:
        if not reader.fill():
            raise _bad("the body ends in the middle of the data", "data")
        buf, start = reader.buf, reader.pos
        quote, slash = buf.find(b'"', start), buf.find(b"\\", start)
        stop = min([i for i in (quote, slash) if i >= 0] or [len(buf)])
        pending += buf[start:stop].translate(_URL_SAFE, b"=")
        reader.pos = stop
        ends = stop == quote
        if stop == slash:
            reader.pos += 1
            if reader.take() != b"/":  # "\/" is JSON for "/"; base64 needs no other escape
                raise _bad("is not base64", "data")
            pending += b"/"
        if ends:
            reader.pos += 1
            pending += b"=" * (-len(pending) % 4)
        cut = len(pending) if ends else len(pending) // 4 * 4
        try:
            decoded = base64.b64decode(pending[:cut], validate=True)
        except binascii.Error:
            raise _bad("is not base64", "data") from None
        pending = pending[cut:]
        size += len(decoded)
        if size > limit:
            raise TooLarge(filename)
        out.write(decoded)
        if ends:
            out.seek(0)
            return


def read_attachment(body: BinaryIO, out: BinaryIO, limit: int) -> dict[str, Any]:
    """The body's `filename` and `content_type`, its `data` decoded into `out` (at most `limit`
    bytes, else TooLarge); ValidationError naming the field for anything else."""
    reader = _Reader(body)
    reader.expect(b"{")
    found: dict[str, Any] = {}
    reader.skip_space()
    if reader.peek() == b"}":
        reader.take()
    else:
        while True:
            key = _small_value(reader, "request")
            if not isinstance(key, str):
                raise _bad("the body is not the JSON object this route takes")
            if key not in FIELDS:
                raise _bad("Extra inputs are not permitted", key)
            if key in found:
                raise _bad("is given twice", key)
            reader.expect(b":")
            if key == "data":
                _base64_into(reader, out, limit, str(found.get("filename") or ""))
                found[key] = True
            else:
                found[key] = _small_value(reader, key)
            reader.skip_space()
            separator = reader.take()
            if separator == b"}":
                break
            if separator != b",":
                raise _bad("the body is not the JSON object this route takes")
    reader.skip_space()
    if reader.peek():
        raise _bad("there is more after the JSON object")
    for key in ("filename", "data"):
        if key not in found:
            raise _bad("Field required", key)
    if not isinstance(found["filename"], str):
        raise _bad("Input should be a valid string", "filename")
    kind = found.get("content_type")
    if kind is not None and not isinstance(kind, str):
        raise _bad("Input should be a valid string", "content_type")
    return {"filename": found["filename"], "content_type": kind}
