"""The attachment as multipart/form-data (`curl -F file=@photo.jpg`), read from the spooled body
with python-multipart's streaming parser: the `file` part goes straight into a file, a chunk at a
time, and is refused once past the limit; `filename` and `content_type` parts, when sent, say
what the file part's own headers would otherwise say."""

from __future__ import annotations

from typing import Any, BinaryIO

from python_multipart.exceptions import FormParserError, MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from ..domain.errors import ValidationError
from .upload_json import CHUNK, SMALL, TooLarge

PARTS = ("file", "filename", "content_type")
MAX_BOUNDARY = 200


def read_multipart(body: BinaryIO, content_type: str, out: BinaryIO, limit: int) -> dict[str, Any]:
    """The file part decoded into `out` (at most `limit` bytes, else TooLarge), and its name
    and declared type; ValidationError naming the part for anything else."""
    _, options = parse_options_header(content_type)
    boundary = options.get(b"boundary", b"")
    if not boundary or len(boundary) > MAX_BOUNDARY:
        raise ValidationError("Content-Type", "multipart/form-data needs a boundary")
    found: dict[str, Any] = {}
    part: dict[str, Any] = {}
    state = {"size": 0, "ended": False}

    def header_field(data: bytes, start: int, end: int) -> None:
        part["field"] = part.get("field", b"") + data[start:end]

    def header_value(data: bytes, start: int, end: int) -> None:
        part["value"] = part.get("value", b"") + data[start:end]
        if len(part["value"]) > SMALL:
            raise ValidationError("request", "a part's header is too long")

    def header_end() -> None:
        field = part.pop("field", b"").lower()
        value = part.pop("value", b"")
        if field == b"content-disposition":
            _, params = parse_options_header(value)
            part["name"] = params.get(b"name", b"").decode("utf-8", "replace")
            part["filename"] = params.get(b"filename")
        elif field == b"content-type":
            part["type"] = value.decode("latin-1").strip()

    def headers_done() -> None:
        name = part.get("name")
        if name not in PARTS:
            raise ValidationError(name or "request", "Extra inputs are not permitted")
        if name in found:
            raise ValidationError(name, "is given twice")
        found[name] = b""

    def data(chunk: bytes, start: int, end: int) -> None:
        name = part["name"]
        if name == "file":
            state["size"] += end - start
            if state["size"] > limit:
                raise TooLarge(_text(part.get("filename") or b""))
            out.write(chunk[start:end])
        else:
            found[name] += chunk[start:end]
            if len(found[name]) > SMALL:
                raise ValidationError(name, "is too long")

    def part_end() -> None:
        if part.get("name") == "file":
            found["file"] = (_text(part.get("filename") or b""), part.get("type"))
        part.clear()

    def end() -> None:
        state["ended"] = True

    parser = MultipartParser(boundary, {
        "on_header_field": header_field, "on_header_value": header_value,
        "on_header_end": header_end, "on_headers_finished": headers_done,
        "on_part_data": data, "on_part_end": part_end, "on_end": end,
    })  # fmt: skip
    try:
        while chunk := body.read(CHUNK):
            parser.write(chunk)
        parser.finalize()
    except (MultipartParseError, FormParserError) as exc:
        raise ValidationError("request", f"broken multipart body ({exc})") from None
    if not state["ended"]:
        raise ValidationError("request", "the multipart body ends before its closing boundary")
    if "file" not in found:
        raise ValidationError("file", "Field required")
    part_name, part_type = found["file"]
    filename = _text(found["filename"]) if "filename" in found else part_name
    if not filename:
        raise ValidationError("filename", "Field required")
    kind = _text(found["content_type"]) if "content_type" in found else part_type
    out.seek(0)
    return {"filename": filename, "content_type": kind or None}


def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError("filename", "is not UTF-8 text") from None
