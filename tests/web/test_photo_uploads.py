"""Photos sent through the customer's QR page, against a real server process: read from where
the form parser spooled them (never as bytes in the handler), decoded and written again without
their metadata, an iPhone's HEIC included (stored as JPEG); a JPEG header followed by HTML is
refused in the customer's words and makes no ticket. (The technician's page sends its photos to
the API's attachment route: tests/server/test_uploads.py.)"""

from __future__ import annotations

import io

import pytest
import requests
from PIL import Image

from dispatch_console.domain.tickets import Ticket
from dispatch_console.ports import TicketQuery
from dispatch_console.services import Services
from server.processes import ServerProcess
from server.test_uploads import GPS, photo_with_location

from .conftest import printer


def _tickets_of(desk: Services, asset_id: int) -> list[Ticket]:
    rows = desk.search_tickets(TicketQuery(limit=500)).items
    return [r.ticket for r in rows if r.ticket.asset_id == asset_id]


FORM = {"description": "卡纸", "contact_name": "王芳", "contact_phone": "13812345678"}


@pytest.mark.parametrize(
    ("name", "kind", "mime"),
    [("IMG_0001.HEIC", "HEIF", "image/heic"), ("IMG_0002.JPG", "JPEG", "image/jpeg"),
     ("shot.png", "PNG", "image/png"), ("shot.webp", "WEBP", "image/webp")],
)  # fmt: skip
def test_a_customers_photo_loses_its_location_whatever_its_format(
    site: tuple[ServerProcess, Services], name: str, kind: str, mime: str
) -> None:
    server, desk = site
    asset = printer(desk, serial=f"CN-{kind}")
    photo = photo_with_location(kind, size=(120, 90))
    sent = requests.post(
        f"{server.url}/r/{asset.qr_token}?lang=en", data=FORM, allow_redirects=False,
        files=[("photos", (name, photo, mime))], timeout=60,
    )  # fmt: skip
    assert sent.status_code == 303, sent.text
    [ticket] = _tickets_of(desk, asset.id)
    [attachment] = desk.ticket_history(ticket.id).attachments
    stored = Image.open(io.BytesIO(desk.attachment_data(attachment.id)[1]))
    assert stored.size == (120, 90) and dict(stored.getexif()) == {}
    assert not stored.getexif().get_ifd(GPS)
    if kind == "HEIF":  # the console shows JPEG; it could not show HEIC
        assert (attachment.filename, attachment.content_type) == ("IMG_0001.jpg", "image/jpeg")


def test_a_jpeg_header_followed_by_html_is_refused_and_makes_no_ticket(
    site: tuple[ServerProcess, Services],
) -> None:
    server, desk = site
    asset = printer(desk, serial="CN-HTML")
    fake = b"\xff\xd8\xff\xe0<html><script>alert(1)</script></html>"
    sent = requests.post(
        f"{server.url}/r/{asset.qr_token}?lang=en", data=FORM, allow_redirects=False,
        files=[("photos", ("IMG_0003.jpg", fake, "image/jpeg"))], timeout=60,
    )  # fmt: skip
    assert sent.status_code == 422
    assert "IMG_0003.jpg: is not a photo we can read" in sent.text
    assert "卡纸" in sent.text  # what they typed is kept
    assert _tickets_of(desk, asset.id) == []


def test_nothing_a_png_or_gif_says_about_itself_is_kept(
    site: tuple[ServerProcess, Services],
) -> None:
    from PIL import PngImagePlugin

    server, desk = site
    asset = printer(desk, serial="CN-META")
    text = PngImagePlugin.PngInfo()
    text.add_text("Location", "31.2304 N 121.4737 E")
    png, gif = io.BytesIO(), io.BytesIO()
    Image.new("RGB", (40, 30), (1, 2, 3)).save(png, "PNG", pnginfo=text)
    Image.new("P", (40, 30)).save(gif, "GIF", comment=b"home: 31.2304 N 121.4737 E")
    sent = requests.post(
        f"{server.url}/r/{asset.qr_token}?lang=en", data=FORM, allow_redirects=False,
        files=[("photos", ("a.png", png.getvalue(), "image/png")),
               ("photos", ("b.gif", gif.getvalue(), "image/gif"))], timeout=60,
    )  # fmt: skip
    assert sent.status_code == 303, sent.text
    [ticket] = _tickets_of(desk, asset.id)
    for attachment in desk.ticket_history(ticket.id).attachments:
        stored = desk.attachment_data(attachment.id)[1]
        assert b"31.2304" not in stored
        assert "Location" not in Image.open(io.BytesIO(stored)).info
