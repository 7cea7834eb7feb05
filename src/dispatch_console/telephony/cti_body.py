"""The body of a generic CTI request as fields: JSON, form-urlencoded or multipart/form-data.

Zammad's documentation shows all three (`--data-raw` JSON, `--data` forms, `curl --form`);
sipgate.io posts forms. A form repeats `user[]` once per agent, JSON gives a list or a string.
Multipart is read with python-multipart's streaming parser (Starlette's own), which the loopback
listener can use without a web framework. Everything a body can get wrong is a `CtiError`
naming the field: a PBX script's author reads it in their log."""

from __future__ import annotations

import json
import math
from typing import Any
from urllib.parse import parse_qsl

from python_multipart.exceptions import FormParserError, MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

Fields = dict[str, str | list[str]]
MAX_FIELDS = 200  # ring groups are tens of agents; thousands of fields is an attack
MAX_BOUNDARY = 200


class CtiError(ValueError):
    """What is wrong and with which field, as the 422 says it."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


def read_fields(body: bytes, content_type: str) -> Fields:
    kind, options = parse_options_header(content_type or "")
    if kind == b"application/json" or kind.endswith(b"+json"):
        return _json(body)
    if kind == b"multipart/form-data":
        return _multipart(body, options.get(b"boundary", b""))
    if kind in (b"", b"application/x-www-form-urlencoded", b"text/plain"):
        # untyped and text/plain bodies: mod_curl and some scripts send the form with no type
        return _form(body)
    raise CtiError("Content-Type", f"{kind.decode('latin-1')!r} is not JSON or a form")


def _json(body: bytes) -> Fields:
    try:
        data = json.loads(body or b"{}")
    except (ValueError, RecursionError) as exc:
        raise CtiError("body", "not valid JSON") from exc
    if not isinstance(data, dict):
        raise CtiError("body", "must be a JSON object")
    if len(data) > MAX_FIELDS:
        raise CtiError("body", f"more than {MAX_FIELDS} fields")
    fields: Fields = {}
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, list):
            if not all(_scalar(v) for v in value):
                raise CtiError(key, "a list of texts")
            fields[key] = [_text(key, v) for v in value]
        elif _scalar(value):
            fields[key] = _text(key, value)
        else:
            raise CtiError(key, f"must be text, not {json.dumps(value)[:20]}")
    return fields


def _scalar(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)  # 1e999 reads as infinity: no number anybody dialled
    return isinstance(value, str | int) and not isinstance(value, bool)


def _text(field: str, value: Any) -> str:
    text = str(value)
    if "\x00" in text:
        raise CtiError(field, "contains a NUL character")
    return text


def _form(body: bytes) -> Fields:
    try:
        pairs = parse_qsl(
            body.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=MAX_FIELDS
        )
    except ValueError as exc:
        raise CtiError("body", f"more than {MAX_FIELDS} fields") from exc
    return _collect(pairs)


def _collect(pairs: list[tuple[str, str]]) -> Fields:
    """`user[]` repeated becomes a list under `user[]`; a repeated plain key keeps its last."""
    fields: Fields = {}
    for key, value in pairs:
        _text(key, value)
        if key.endswith("[]"):
            listed = fields.setdefault(key, [])
            if isinstance(listed, list):
                listed.append(value)
        else:
            fields[key] = value
    return fields


def _multipart(body: bytes, boundary: bytes) -> Fields:
    if not boundary or len(boundary) > MAX_BOUNDARY:
        raise CtiError("Content-Type", "multipart/form-data needs a boundary")
    pairs: list[tuple[str, str]] = []
    part: dict[str, Any] = {}
    state = {"ended": False}

    def header_field(data: bytes, start: int, end: int) -> None:
        part["field"] = part.get("field", b"") + data[start:end]

    def header_value(data: bytes, start: int, end: int) -> None:
        part["value"] = part.get("value", b"") + data[start:end]

    def header_end() -> None:
        if part.pop("field", b"").lower() == b"content-disposition":
            _, params = parse_options_header(part.get("value", b""))
            part["name"] = params.get(b"name")
        part.pop("value", None)

    def data(chunk: bytes, start: int, end: int) -> None:
        part["data"] = part.get("data", b"") + chunk[start:end]

    def part_end() -> None:
        name = part.get("name")
        if name is None:
            raise CtiError("body", "a multipart part without a field name")
        pairs.append(
            (name.decode("utf-8", "replace"), part.get("data", b"").decode("utf-8", "replace"))
        )
        part.clear()
        if len(pairs) > MAX_FIELDS:
            raise CtiError("body", f"more than {MAX_FIELDS} fields")

    def end() -> None:
        state["ended"] = True

    parser = MultipartParser(
        boundary,
        {
            "on_header_field": header_field,
            "on_header_value": header_value,
            "on_header_end": header_end,
            "on_part_data": data,
            "on_part_end": part_end,
            "on_end": end,
        },
    )
    try:
        parser.write(body)
        parser.finalize()
    except (MultipartParseError, FormParserError) as exc:
        raise CtiError("body", f"broken multipart body ({exc})") from None
    if not state["ended"]:
        raise CtiError("body", "the multipart body ends before its closing boundary")
    return _collect(pairs)
