"""Attachments: what a technician's phone or an agent may upload to a ticket."""

from __future__ import annotations

import hashlib

import pytest

from dispatch_console.domain.attachments import (
    MAX_ATTACHMENT_BYTES,
    check_upload,
    sniff_type,
)
from dispatch_console.domain.errors import ValidationError

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
GIF87 = b"GIF87a" + b"\x00" * 32
GIF89 = b"GIF89a" + b"\x00" * 32
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 16
HEIF = b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1heic" + b"\x00" * 16
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + b"\x00" * 32


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (JPEG, "image/jpeg"),
        (PNG, "image/png"),
        (GIF87, "image/gif"),
        (GIF89, "image/gif"),
        (WEBP, "image/webp"),
        (HEIC, "image/heic"),
        (HEIF, "image/heic"),
        (PDF, "application/pdf"),
    ],
)
def test_accepted_types_are_sniffed_from_magic_bytes(data: bytes, kind: str) -> None:
    assert sniff_type(data) == kind
    checked = check_upload("upload.bin", data)  # the name does not decide the type
    assert checked.content_type == kind
    assert checked.size == len(data)


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00" + b"\x00" * 32,  # a Windows executable
        b"PK\x03\x04" + b"\x00" * 32,  # a zip / docx
        b"<html><script>alert(1)</script>",
        b"RIFF\x24\x00\x00\x00WAVEfmt ",  # RIFF but not WebP
        b"\x00\x00\x00\x18ftypisom",  # an MP4 video
        b"hello",
    ],
)
def test_other_content_is_refused_whatever_its_name(data: bytes) -> None:
    assert sniff_type(data) is None
    with pytest.raises(ValidationError) as info:
        check_upload("photo.jpg", data, "image/jpeg")
    assert info.value.field == "file"
    assert "photo.jpg is not a photo or PDF" in str(info.value)
    assert "JPEG, PNG, GIF, WebP, HEIC, PDF" in str(info.value)


def test_wrong_declared_type_is_rejected() -> None:
    with pytest.raises(
        ValidationError, match=r"claims to be image/png but its content is image/jpeg"
    ):
        check_upload("photo.png", JPEG, "image/png")


@pytest.mark.parametrize(
    "declared",
    [
        None,
        "",
        "image/jpeg",
        "image/jpeg; charset=binary",
        "IMAGE/JPEG",
        "application/octet-stream",
    ],
)
def test_matching_or_generic_declared_type_is_accepted(declared: str | None) -> None:
    assert check_upload("p.jpg", JPEG, declared).content_type == "image/jpeg"


def test_exactly_the_limit_is_accepted_one_byte_more_is_not() -> None:
    at_limit = PDF + b"\x00" * (MAX_ATTACHMENT_BYTES - len(PDF))
    assert check_upload("manual.pdf", at_limit).size == MAX_ATTACHMENT_BYTES
    with pytest.raises(ValidationError) as info:
        check_upload("manual.pdf", at_limit + b"\x00")
    assert info.value.field == "file"
    assert "the limit is 10 MB" in str(info.value)


def test_empty_file_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"photo\.jpg is empty") as info:
        check_upload("photo.jpg", b"")
    assert info.value.field == "file"


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("photo.jpg", "photo.jpg"),
        ("/var/tmp/photo.jpg", "photo.jpg"),
        ("../../etc/passwd.jpg", "passwd.jpg"),
        ("C:\\Users\\agent\\Desktop\\现场照片.jpg", "现场照片.jpg"),
        ("..\\..\\boot.ini.jpg", "boot.ini.jpg"),
        ("  spaced name.jpg  ", "spaced name.jpg"),
        ("evil\x00.jpg", "evil.jpg"),
        ("line\r\nbreak.jpg", "linebreak.jpg"),
    ],
)
def test_path_components_and_control_characters_are_stripped(given: str, kept: str) -> None:
    assert check_upload(given, JPEG).filename == kept


@pytest.mark.parametrize("name", ["", "   ", "dir/", "C:\\photos\\", "..", "../..", ".", "\x00"])
def test_upload_needs_a_file_name(name: str) -> None:
    with pytest.raises(ValidationError) as info:
        check_upload(name, JPEG)
    assert info.value.field == "filename"


def test_long_names_are_cut_to_the_column_size() -> None:
    assert len(check_upload("a" * 500 + ".jpg", JPEG).filename) == 200


def test_sha256_is_the_content_address() -> None:
    a = check_upload("a.jpg", JPEG)
    b = check_upload("other-name.jpg", JPEG, "image/jpeg")
    assert a.sha256 == hashlib.sha256(JPEG).hexdigest()
    assert a.sha256 == b.sha256  # same bytes, same address, whatever the name
    assert check_upload("a.jpg", JPEG + b"\x01").sha256 != a.sha256
