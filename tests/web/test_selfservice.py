"""Customer self-service, below the pages: what the QR page may show, the ticket a report makes
(bound to the device's site, customer and contract; photos without their location), the status
a customer follows, and "please call me back"."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from PIL import Image

from conftest import FakeClock
from dispatch_console.domain.enums import Channel, SlaClass
from dispatch_console.domain.errors import NotFound, ValidationError
from dispatch_console.domain.selfservice import MAX_PHOTOS, Cover, FaultReport, Photo, Step
from dispatch_console.ports import Actor, TicketQuery
from dispatch_console.services import Services

from .conftest import jpeg_with_location, printer


def _public(desk: Services) -> Services:
    return desk.as_actor(Actor("self-service", "customer"))


def _report(**kw: object) -> FaultReport:
    values: dict[str, object] = {
        "description": "每页都卡纸", "contact_name": "王芳", "contact_phone": "138 1234 5678",
    }  # fmt: skip
    values.update(kw)
    return FaultReport(**values)  # type: ignore[arg-type]


def test_the_qr_page_shows_the_device_and_its_cover_but_nothing_private(
    backend: Services, clock: FakeClock
) -> None:
    asset = printer(backend, warranty=date(2026, 12, 31))
    card = _public(backend).asset_card(asset.qr_token)
    assert (card.model, card.site_name, card.serial_tail) == (
        "HP LaserJet M404",
        "Acme Plant 1",
        "5678",
    )
    assert (card.cover, card.cover_until, card.open_ticket) == (
        Cover.WARRANTY,
        date(2026, 12, 31),
        None,
    )
    assert not hasattr(card, "address") and not hasattr(card, "customer")
    contract = printer(backend, warranty=date(2025, 1, 1), contract_until=date(2026, 12, 31),
                       serial="CN0002")  # fmt: skip
    assert _public(backend).asset_card(contract.qr_token).cover is Cover.CONTRACT
    for wrong in ("", "short", asset.qr_token[:-1] + "x", "a" * 500):
        with pytest.raises(NotFound):
            _public(backend).asset_card(wrong)


def test_a_report_makes_a_ticket_bound_to_the_device_with_clean_photos(
    backend: Services, clock: FakeClock
) -> None:
    asset = printer(backend, contract_until=date(2026, 12, 31))
    public = _public(backend)
    ticket, link = public.report_fault(
        asset.qr_token,
        _report(preferred_time="明天下午", photos=(Photo("IMG_0001.JPG", jpeg_with_location()),)),
    )
    assert len(link) >= 24  # unguessable
    assert ticket.channel is Channel.SELF_SERVICE and ticket.asset_id == asset.id
    assert ticket.site_id == asset.site_id and ticket.customer_id is not None
    assert ticket.sla_class is SlaClass.PREMIUM  # from the device's contract
    assert ticket.contact_phone == "+8613812345678"
    history = backend.ticket_history(ticket.id)
    [photo] = history.attachments
    _, data = backend.attachment_data(photo.id)
    image = Image.open(io.BytesIO(data))
    assert photo.filename == "IMG_0001.jpg" and image.format == "JPEG"
    assert dict(image.getexif()) == {}  # no GPS position, no camera serial: nothing
    assert image.size == (48, 64)  # turned upright as the camera's orientation said
    assert any("明天下午" in c.body for c in history.comments)
    assert public.asset_card(asset.qr_token).open_ticket == ticket.number


@pytest.mark.parametrize(
    ("photos", "field", "words"),
    [
        ((Photo("notes.txt", b"hello"),), "photos", "not a photo"),
        ((Photo("fake.jpg", b"\xff\xd8\xff" + b"\0" * 100),), "photos", "not a photo"),
        (tuple(Photo(f"{i}.jpg", jpeg_with_location()) for i in range(MAX_PHOTOS + 1)),
         "photos", "at most"),
    ],
)  # fmt: skip
def test_what_is_not_a_photo_is_refused_and_nothing_is_made(
    backend: Services, photos: tuple[Photo, ...], field: str, words: str
) -> None:
    asset = printer(backend)
    with pytest.raises(ValidationError, match=words) as refused:
        _public(backend).report_fault(asset.qr_token, _report(photos=photos))
    assert refused.value.field == field
    assert backend.search_tickets(TicketQuery()).items == []


def test_a_decompression_bomb_is_refused() -> None:
    from dispatch_console.services.photos import clean_photo

    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, "PNG")  # 50 KB on the wire, 400 MP decoded
    with pytest.raises(ValidationError, match=r"too large|not a photo"):
        clean_photo("bomb.png", out.getvalue())


@pytest.mark.parametrize(
    ("field", "value"),
    [("description", "  "), ("contact_name", ""), ("contact_phone", "call me"),
     ("contact_phone", "")],
)  # fmt: skip
def test_a_report_needs_what_the_desk_needs(backend: Services, field: str, value: str) -> None:
    asset = printer(backend)
    with pytest.raises(ValidationError) as refused:
        _public(backend).report_fault(asset.qr_token, _report(**{field: value}))
    assert refused.value.field == field


def test_the_status_follows_the_ticket_and_a_callback_is_asked_once(
    backend: Services, clock: FakeClock
) -> None:
    asset = printer(backend)
    public = _public(backend)
    ticket, link = public.report_fault(asset.qr_token, _report())
    status = public.report_status(link)
    assert (status.ticket_number, status.current, status.technician) == (
        ticket.number,
        Step.RECEIVED,
        None,
    )

    dept = backend.create_department("Shanghai", "SH")
    tech = backend.create_technician("王伟", "13900001111", dept.id)
    backend.report_position(tech.id, 31.2000, 121.4737, 10.0, clock.now())  # ~3.4 km south
    clock.advance(timedelta(minutes=5))
    ticket = backend.assign(ticket.id, ticket.version, tech.id)
    ticket = backend.transition(ticket.id, ticket.version, "accepted")
    clock.advance(timedelta(minutes=5))
    ticket = backend.transition(ticket.id, ticket.version, "en_route")
    status = public.report_status(link)
    assert status.current is Step.ON_THE_WAY and status.technician == "王"
    assert status.eta_minutes is not None and 8 <= status.eta_minutes <= 15
    assert set(status.reached) == {Step.RECEIVED, Step.ASSIGNED, Step.ON_THE_WAY}

    first = public.request_customer_callback(link)
    again = public.request_customer_callback(link)
    assert first.id == again.id and first.ticket_id == ticket.id
    assert first.reason.value == "customer_request" and first.phone == "+8613812345678"
    assert public.report_status(link).callback_requested
    assert [r.callback.id for r in backend.callback_queue()] == [first.id]  # at the desk

    with pytest.raises(NotFound):
        public.report_status(link[:-2] + "xx")
    with pytest.raises(NotFound):
        public.request_customer_callback("")


def test_on_hold_stays_where_it_was_and_a_decline_starts_the_steps_over(
    backend: Services, clock: FakeClock
) -> None:
    asset = printer(backend)
    public = _public(backend)
    ticket, link = public.report_fault(asset.qr_token, _report())
    ticket = backend.transition(ticket.id, ticket.version, "on_hold", "waiting for the customer")
    status = public.report_status(link)
    assert status.current is Step.RECEIVED and set(status.reached) == {Step.RECEIVED}
    ticket = backend.transition(ticket.id, ticket.version, "new")
    dept = backend.create_department("Shanghai", "SH")
    wang = backend.create_technician("王伟", "13900001111", dept.id)
    li = backend.create_technician("李娜", "13900002222", dept.id)
    ticket = backend.assign(ticket.id, ticket.version, wang.id)
    ticket = backend.transition(ticket.id, ticket.version, "accepted")
    ticket = backend.transition(ticket.id, ticket.version, "en_route")
    clock.advance(timedelta(minutes=20))  # 王 declines on the way; 李 gets it later
    ticket = backend.transition(ticket.id, ticket.version, "accepted")
    ticket = backend.transition(ticket.id, ticket.version, "new", "van broke down")
    clock.advance(timedelta(minutes=5))
    ticket = backend.assign(ticket.id, ticket.version, li.id)
    status = public.report_status(link)
    assert status.current is Step.ASSIGNED and status.technician == "李"
    assert status.reached[Step.ASSIGNED] == clock.now()  # the new assignment, not the first
    assert Step.ON_THE_WAY not in status.reached
    backend.report_position(li.id, 31.2, 121.4737, 10.0, clock.now() - timedelta(hours=3))
    ticket = backend.transition(ticket.id, ticket.version, "accepted")
    backend.transition(ticket.id, ticket.version, "en_route")
    status = public.report_status(link)
    assert status.current is Step.ON_THE_WAY and status.eta_minutes is None  # 3 h old: no ETA


def test_call_me_back_pressed_at_once_from_several_taps_makes_one_callback(
    backend: Services,
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    asset = printer(backend)
    public = _public(backend)
    ticket, link = public.report_fault(asset.qr_token, _report())
    with ThreadPoolExecutor(4) as pool:
        made = list(pool.map(lambda _i: public.request_customer_callback(link).id, range(4)))
    assert len(set(made)) == 1
    assert len([c for c in backend.list_callbacks() if c.ticket_id == ticket.id]) == 1


def test_a_multi_picture_jpeg_from_a_phone_is_a_photo() -> None:
    from dispatch_console.services.photos import clean_photo

    out = io.BytesIO()
    first, second = Image.new("RGB", (40, 30), (10, 120, 200)), Image.new("RGB", (20, 15))
    first.save(out, "MPO", save_all=True, append_images=[second])
    assert Image.open(io.BytesIO(out.getvalue())).format == "MPO"
    name, data = clean_photo("PXL_2026.jpg", out.getvalue())
    assert name == "PXL_2026.jpg" and Image.open(io.BytesIO(data)).size == (40, 30)


def test_a_report_sent_again_with_its_nonce_is_the_first_report(
    backend: Services, clock: FakeClock
) -> None:
    """Issue 25: the nonce the QR page put in its form makes the same report, sent again, the
    first report's ticket and status link; it opens nothing for another device."""
    from dispatch_console.services.selfservice import report_nonce

    public = _public(backend)
    asset = printer(backend)
    nonce = report_nonce()
    ticket, link = public.report_fault(asset.qr_token, _report(nonce=nonce))
    again, link_again = public.report_fault(asset.qr_token, _report(nonce=nonce))
    assert (again.number, link_again) == (ticket.number, link) and link == nonce
    assert public.report_status(link).ticket_number == ticket.number
    other = printer(backend, serial="CN0002")
    with pytest.raises(ValidationError) as refused:
        public.report_fault(other.qr_token, _report(nonce=nonce))
    assert refused.value.field == "nonce"
    with pytest.raises(ValidationError):
        public.report_fault(asset.qr_token, _report(nonce="short"))
    rows = backend.search_tickets(TicketQuery(limit=50)).items
    assert [r.ticket.number for r in rows if r.ticket.channel is Channel.SELF_SERVICE] == [
        ticket.number
    ]
