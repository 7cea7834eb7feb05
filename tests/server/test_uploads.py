"""Attachments through a real server process (issue 22): the body is streamed to disk, so an
upload over the limit is refused with 413 as soon as the limit is passed, without the server
holding it in memory; the same bytes uploaded at the same moment are all attached and stored
once; every photo is written again without its metadata (EXIF GPS included, HEIC as JPEG), and a
JPEG header followed by HTML is refused, whatever base64 the client writes."""

from __future__ import annotations

import base64
import io
import json
import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
from PIL import Image

from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore

from .processes import ServerProcess

GPS = 0x8825


def photo_with_location(kind: str = "JPEG", size: tuple[int, int] = (64, 48)) -> bytes:
    """A phone photo with where it was taken in its EXIF (HEIF: as an iPhone writes it)."""
    if kind == "HEIF":
        from pillow_heif import register_heif_opener

        register_heif_opener()
    exif = Image.Exif()
    exif[GPS] = {1: "N", 2: (31.0, 14.0, 1.0), 3: "E", 4: (121.0, 28.0, 25.0)}
    out = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(out, kind, exif=exif.tobytes())
    return out.getvalue()


class Desk:
    def __init__(self, server: ServerProcess, desk: Services, token: str, db: Path) -> None:
        self.server, self.desk, self.db = server, desk, db
        self.auth = {"Authorization": f"Bearer {token}"}

    def url(self, ticket_id: int) -> str:
        return f"{self.server.url}/api/v1/tickets/{ticket_id}/attachments"

    def attach(self, ticket_id: int, body: bytes | dict[str, Any], **headers: str) -> Any:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        return requests.post(
            self.url(ticket_id), data=data, timeout=60,
            headers={**self.auth, "Content-Type": "application/json", **headers},
        )  # fmt: skip

    def stored(self, attachment_id: int) -> bytes:
        return self.desk.attachment_data(attachment_id)[1]

    def rss(self, field: str = "VmRSS") -> int:
        """The server's resident memory in KiB (VmHWM: its peak since clear_peak)."""
        assert self.server.process is not None
        status = Path(f"/proc/{self.server.process.pid}/status").read_text()
        return int(next(x for x in status.splitlines() if x.startswith(field)).split()[1])

    def clear_peak(self) -> None:
        assert self.server.process is not None
        Path(f"/proc/{self.server.process.pid}/clear_refs").write_text("5")


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    folder = tmp_path_factory.mktemp("uploads")
    path = folder / "desk.sqlite3"
    store = SqlStore(f"sqlite:///{path}")
    store.upgrade()
    admin = Services(store.unit_of_work, store.feed, Actor("setup", "admin"))
    admin.create_first_admin("boss", "Boss", "correct horse 1")
    server = ServerProcess(f"sqlite:///{path}", folder / "server.log").start()
    try:
        login = requests.post(
            server.url + "/api/v1/auth/login", timeout=30,
            json={"username": "boss", "password": "correct horse 1"},
        )  # fmt: skip
        yield Desk(server, admin.as_actor(Actor("alice", "agent")), login.json()["token"], path)
    finally:
        server.stop()
        store.close()


def _ticket(desk: Desk) -> int:
    return desk.desk.create_ticket(TicketDraft("phone", "printer", "normal", "卡纸")).id


@pytest.mark.parametrize("alphabet", ["standard", "url-safe", "escaped"])
def test_a_photo_through_the_api_loses_its_location_whatever_the_base64(
    desk: Desk, alphabet: str
) -> None:
    """The console sends URL-safe base64 (pydantic), the technician's page standard base64
    (FileReader), other JSON writers escape "/" as "\\/"."""
    ticket = _ticket(desk)
    raw = photo_with_location(size=(300, 200))
    text = base64.b64encode(raw).decode()
    if alphabet == "url-safe":
        text = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    body = json.dumps({"filename": "IMG_1.JPG", "data": text, "content_type": "image/jpeg"})
    if alphabet == "escaped":
        body = body.replace("/", "\\/")
    answer = desk.attach(ticket, body.encode())
    assert answer.status_code == 200, answer.text
    stored = Image.open(io.BytesIO(desk.stored(answer.json()["id"])))
    assert stored.format == "JPEG" and stored.size == (300, 200)
    assert not stored.getexif().get_ifd(GPS) and dict(stored.getexif()) == {}


def test_an_iphone_heic_photo_is_stored_as_jpeg_without_its_location(desk: Desk) -> None:
    ticket = _ticket(desk)
    heic = photo_with_location("HEIF")
    assert heic[4:12] == b"ftypheic"
    body = {"filename": "IMG_0001.HEIC", "data": base64.b64encode(heic).decode(),
            "content_type": "image/heic"}  # fmt: skip
    answer = desk.attach(ticket, body)
    assert answer.status_code == 200, answer.text
    assert answer.json()["filename"] == "IMG_0001.jpg"
    assert answer.json()["content_type"] == "image/jpeg"
    stored = Image.open(io.BytesIO(desk.stored(answer.json()["id"])))
    assert stored.format == "JPEG" and dict(stored.getexif()) == {}


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\xff\xd8\xff\xe0<html><script>alert(1)</script></html>", "not a photo we can read"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 64, "not a photo we can read"),
        (b"\x00\x00\x00\x18ftypheic" + b"<html>" * 10, "not a photo we can read"),
        (b"<html><body>hello</body></html>", "not a photo or PDF"),
        (b"%PDF-1.7 <html>", "not a complete PDF"),
    ],
)  # fmt: skip
def test_what_only_starts_like_a_photo_is_refused_in_words(
    desk: Desk, data: bytes, words: str
) -> None:
    ticket = _ticket(desk)
    answer = desk.attach(ticket, {"filename": "x.jpg", "data": base64.b64encode(data).decode()})
    assert answer.status_code == 422
    assert answer.json()["field"] == "file" and words in answer.json()["reason"]
    assert desk.desk.ticket_history(ticket).attachments == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b'{"filename": "a.jpg"}', "data"),
        (b'{"data": "QUJD"}', "filename"),
        (b'{"filename": "a.jpg", "data": "QUJD", "colour": 1}', "colour"),
        (b'{"filename": "a.jpg", "data": "not base64!"}', "data"),
        (b'{"filename": "a\\u0000.jpg", "data": "QUJD"}', "filename"),
        (b'{"filename": "a\\ud800.jpg", "data": "QUJD"}', "filename"),
        (b'{"filename": 7, "data": "QUJD"}', "filename"),
        (b'{"filename": "a.jpg", "data": "QUJD"', "request"),
        (b"[1, 2]", "request"),
        (b"", "request"),
    ],
)
def test_a_malformed_body_is_refused_with_its_field_named(
    desk: Desk, body: bytes, field: str
) -> None:
    answer = desk.attach(_ticket(desk), body)
    assert answer.status_code == 422, answer.text
    assert answer.json()["field"] == field


def test_only_a_signed_in_caller_may_send_a_body(desk: Desk) -> None:
    answer = requests.post(desk.url(_ticket(desk)), json={"filename": "a", "data": ""}, timeout=30)
    assert answer.status_code == 401


def test_an_upload_over_the_limit_is_refused_as_it_arrives(desk: Desk) -> None:
    ticket = _ticket(desk)
    desk.attach(ticket, {"filename": "warm.jpg", "data": base64.b64encode(
        photo_with_location()).decode()})  # fmt: skip
    # 200 MB announced: refused before a byte of it is read
    with socket.create_connection(("127.0.0.1", desk.server.port), timeout=30) as s:
        s.sendall(
            f"POST /api/v1/tickets/{ticket}/attachments HTTP/1.1\r\nHost: x\r\n"
            f"Authorization: {desk.auth['Authorization']}\r\n"
            "Content-Type: application/json\r\nContent-Length: 200000000\r\n\r\n".encode()
            + b'{"filename": "big.pdf", "data": "'
            + b"A" * 65536
        )
        assert s.recv(4096).startswith(b"HTTP/1.1 413")
    # 11 MB of file in a 14.7 MB body (under the body's limit): refused once 10 MB are decoded,
    # with the server's peak memory barely moved (read whole it took three copies of the body)
    desk.clear_peak()
    before = desk.rss("VmHWM")
    big = {"filename": "scan.pdf", "data": base64.b64encode(b"%PDF-" + b"x" * 11_000_000).decode()}
    answer = desk.attach(ticket, big)
    assert answer.status_code == 413
    assert answer.json()["reason"] == "scan.pdf is larger than 10 MB, the limit"
    grew_mb = (desk.rss("VmHWM") - before) / 1024
    assert grew_mb < 8, f"the server's peak grew {grew_mb:.1f} MB for a refused upload"
    # and it still serves
    assert desk.attach(ticket, {"filename": "ok.jpg", "data": base64.b64encode(
        photo_with_location()).decode()}).status_code == 200  # fmt: skip


def test_the_same_photo_uploaded_at_the_same_moment_is_attached_each_time_and_stored_once(
    desk: Desk,
) -> None:
    tickets = [_ticket(desk) for _ in range(4)]
    body = {"filename": "same.jpg", "data": base64.b64encode(photo_with_location()).decode()}
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda i: desk.attach(tickets[i % 4], body), range(8)))
    assert [a.status_code for a in answers] == [200] * 8, [a.text for a in answers]
    digests = {a.json()["sha256"] for a in answers}
    assert len(digests) == 1
    import sqlite3

    with sqlite3.connect(desk.db) as db:
        (count,) = db.execute("SELECT count(*) FROM blobs WHERE sha256 = ?", [*digests]).fetchone()
    assert count == 1
    assert sum(len(desk.desk.ticket_history(t).attachments) for t in tickets) == 8


def test_a_decompression_bomb_is_refused_before_its_pixels_are_decoded(desk: Desk) -> None:
    """60 MP of one colour: a 60 KB PNG that would take 180 MB to decode."""
    bomb = io.BytesIO()
    Image.new("RGB", (10_000, 6_000)).save(bomb, "PNG")
    assert len(bomb.getvalue()) < 1_000_000
    ticket = _ticket(desk)
    desk.clear_peak()
    before = desk.rss("VmHWM")
    answer = desk.attach(ticket, {"filename": "bomb.png",
                                  "data": base64.b64encode(bomb.getvalue()).decode()})  # fmt: skip
    assert answer.status_code == 422
    assert answer.json()["reason"] == "bomb.png is 10000×6000 pixels; too large"
    assert (desk.rss("VmHWM") - before) / 1024 < 20


def test_an_upload_cut_off_midway_leaves_no_trace_but_a_line(desk: Desk) -> None:
    ticket = _ticket(desk)
    with socket.create_connection(("127.0.0.1", desk.server.port), timeout=30) as s:
        s.sendall(
            f"POST /api/v1/tickets/{ticket}/attachments HTTP/1.1\r\nHost: x\r\n"
            f"Authorization: {desk.auth['Authorization']}\r\n"
            "Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n".encode()
            + b'{"filename": "cut.jpg", "data": "'
            + b"A" * 200_000
        )
    answer = desk.attach(ticket, {"filename": "next.jpg", "data": base64.b64encode(
        photo_with_location()).decode()})  # fmt: skip
    assert answer.status_code == 200
    assert [a.filename for a in desk.desk.ticket_history(ticket).attachments] == ["next.jpg"]
    assert "Traceback" not in desk.server.log.read_text(errors="replace")


def test_a_file_sent_as_multipart_form_data_is_streamed_and_cleaned_the_same(desk: Desk) -> None:
    ticket = _ticket(desk)
    url, photo = desk.url(ticket), photo_with_location(size=(200, 100))
    sent = requests.post(url, headers=desk.auth, timeout=60,
                         files={"file": ("IMG_7.JPG", photo, "image/jpeg")})  # fmt: skip
    assert sent.status_code == 200, sent.text
    assert sent.json()["filename"] == "IMG_7.jpg"
    stored = Image.open(io.BytesIO(desk.stored(sent.json()["id"])))
    assert stored.size == (200, 100) and dict(stored.getexif()) == {}
    unnamed = {"file": ("blob", photo, "application/octet-stream")}
    renamed = requests.post(
        url, headers=desk.auth, timeout=60, data={"filename": "锅炉.jpg"}, files=unnamed
    )
    assert renamed.status_code == 200 and renamed.json()["filename"] == "锅炉.jpg"
    big = requests.post(url, headers=desk.auth, timeout=60,
                        files={"file": ("scan.pdf", b"%PDF-" + b"x" * 10_500_000)})  # fmt: skip
    assert big.status_code == 413
    assert big.json()["reason"] == "scan.pdf is larger than 10 MB, the limit"
    for files, field in (
        ({"photo": ("a.jpg", photo)}, "photo"),
        ({"filename": (None, b"a.jpg")}, "file"),
        ({"file": ("x.jpg", b"\xff\xd8\xff\xe0<html></html>", "image/jpeg")}, "file"),
    ):
        refused = requests.post(url, headers=desk.auth, files=files, timeout=60)
        assert refused.status_code == 422 and refused.json()["field"] == field, refused.text
    broken = requests.post(url, data=b"--xx\r\nnonsense", timeout=60, headers={
        **desk.auth, "Content-Type": "multipart/form-data; boundary=xx"})  # fmt: skip
    assert broken.status_code == 422 and broken.json()["field"] == "request"
