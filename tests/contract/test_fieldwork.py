"""Around the job: comments, attachments, on-site check-in, work log and parts from the van."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

from dispatch_console.domain.attachments import MAX_ATTACHMENT_BYTES
from dispatch_console.domain.enums import CommentVisibility, TechnicianStatus, TicketStatus
from dispatch_console.domain.errors import NotFound, PermissionDenied, ValidationError
from dispatch_console.seed.story import tiny_png
from dispatch_console.services import Services

from .conftest import SITE_LAT, SITE_LON, Make

if TYPE_CHECKING:
    from conftest import FakeClock

S = TicketStatus
PNG = tiny_png(0x2E7D32)  # a real picture: attachments are decoded, not judged by their start
PDF = b"%PDF-1.7\n" + b"x" * 64 + b"\n%%EOF\n"


def jpeg_at_home() -> bytes:
    """A phone photo with the GPS position of where it was taken in its EXIF."""
    from PIL import Image

    image = Image.new("RGB", (32, 24), (200, 40, 40))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (31.0, 13.0, 49.0), 3: "E", 4: (121.0, 28.0, 25.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


# --- comments ------------------------------------------------------------------------------------


def test_internal_and_public_comments(backend: Services, make: Make) -> None:
    t = make.ticket()
    internal = backend.add_comment(t.id, "  Customer is difficult; call before noon.  ")
    public = backend.add_comment(t.id, "A technician is on the way.", "public")

    assert internal.visibility is CommentVisibility.INTERNAL
    assert internal.body == "Customer is difficult; call before noon."
    assert public.visibility is CommentVisibility.PUBLIC
    comments = backend.ticket_history(t.id).comments
    assert [(c.id, c.author, c.visibility) for c in comments] == [
        (internal.id, "alice", CommentVisibility.INTERNAL),
        (public.id, "alice", CommentVisibility.PUBLIC),
    ]
    assert backend.get_ticket(t.id).version == 1  # a comment is not an edit of the ticket


def test_comment_validation(backend: Services, make: Make) -> None:
    t = make.ticket()
    before = backend.last_event_id()
    with pytest.raises(ValidationError) as err:
        backend.add_comment(t.id, "   ")
    assert err.value.field == "body"
    with pytest.raises(ValidationError) as err:
        backend.add_comment(t.id, "hello", "secret")
    assert err.value.field == "visibility"
    with pytest.raises(ValidationError) as err:
        backend.add_comment(t.id, "x" * 4001)
    assert err.value.field == "body"
    with pytest.raises(NotFound):
        backend.add_comment(404, "hello")
    assert backend.ticket_history(t.id).comments == []
    assert backend.last_event_id() == before


def test_a_note_written_offline_keeps_its_place_in_time(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    """A console that kept a note while the server was away sends when it was written; a PC
    clock that is wrong cannot date a note in the future or weeks back."""
    t = make.ticket()
    written = clock.now()
    clock.advance(timedelta(minutes=40))
    later = backend.add_comment(t.id, "written at 09:00, sent at 09:40", written_at=written)
    ahead = backend.add_comment(
        t.id, "a PC clock ahead", written_at=clock.now() + timedelta(hours=2)
    )
    ancient = backend.add_comment(
        t.id, "a PC clock far behind", written_at=written - timedelta(days=40)
    )
    assert later.created_at == written
    assert ahead.created_at == clock.now()
    assert ancient.created_at == clock.now() - timedelta(days=3)
    with pytest.raises(ValidationError) as err:
        backend.add_comment(t.id, "no zone", written_at=written.replace(tzinfo=None))
    assert err.value.field == "written_at"


# --- attachments ---------------------------------------------------------------------------------


def test_attachment_is_content_addressed_with_a_sniffed_type(backend: Services, make: Make) -> None:
    t = make.ticket()
    att = backend.attach(t.id, r"C:\Users\li\Desktop\photo.jpg", PNG)

    got, data = backend.attachment_data(att.id)
    assert att.sha256 == hashlib.sha256(data).hexdigest()
    assert att.content_type == "image/png"  # from the bytes, not from the name
    assert (att.filename, att.size, att.uploaded_by) == ("photo.png", len(data), "alice")
    assert _pixels(data) == _pixels(PNG)  # the same picture, written again
    assert got.id == att.id
    assert [a.id for a in backend.ticket_history(t.id).attachments] == [att.id]


def test_the_same_bytes_twice_are_stored_once(
    backend: Services, make: Make, count_rows: Callable[..., int]
) -> None:
    first, second = make.ticket(), make.ticket()
    a = backend.attach(first.id, "report.pdf", PDF, "application/pdf")
    b = backend.attach(second.id, "copy of report.pdf", PDF)

    assert a.id != b.id
    assert a.sha256 == b.sha256
    assert backend.attachment_data(b.id)[1] == PDF
    assert count_rows("blobs") == 1


def test_the_same_bytes_at_the_same_moment_are_stored_once(
    backend: Services, make: Make, count_rows: Callable[..., int]
) -> None:
    """Two consoles attaching one file at once used to fail with a raw duplicate key."""
    tickets = [make.ticket() for _ in range(4)]
    with ThreadPoolExecutor(4) as pool:
        done = list(pool.map(lambda t: backend.attach(t.id, "same.pdf", PDF), tickets))
    assert len({a.sha256 for a in done}) == 1
    assert count_rows("blobs") == 1


def test_a_photo_loses_its_location_and_a_fake_one_is_refused(
    backend: Services, make: Make
) -> None:
    from PIL import Image

    t = make.ticket()
    att = backend.attach(t.id, "at-home.jpg", jpeg_at_home())
    _, data = backend.attachment_data(att.id)
    assert not Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # no GPS any more
    with pytest.raises(ValidationError) as err:  # a JPEG's first bytes, then a web page
        backend.attach(t.id, "x.jpg", b"\xff\xd8\xff\xe0<html><script>alert(1)</script>")
    assert err.value.field == "file"


def _pixels(data: bytes) -> list[object]:
    from PIL import Image

    return list(Image.open(io.BytesIO(data)).convert("RGB").tobytes())


@pytest.mark.parametrize(
    ("filename", "data", "declared"),
    [
        ("notes.txt", b"just some text", None),
        ("virus.exe", b"MZ\x90\x00" + b"\x00" * 60, None),
        ("empty.png", b"", None),
        ("photo.png", PNG, "application/pdf"),
        ("big.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * MAX_ATTACHMENT_BYTES, None),
    ],
    ids=["text", "exe", "empty", "lying-type", "oversize"],
)
def test_wrong_or_oversize_uploads_are_refused(
    backend: Services, make: Make, filename: str, data: bytes, declared: str | None
) -> None:
    t = make.ticket()
    before = backend.last_event_id()
    with pytest.raises(ValidationError) as err:
        backend.attach(t.id, filename, data, declared)
    assert err.value.field == "file"
    assert backend.ticket_history(t.id).attachments == []
    assert backend.last_event_id() == before


def test_attachment_to_a_missing_ticket(backend: Services) -> None:
    with pytest.raises(NotFound):
        backend.attach(404, "photo.png", PNG)
    with pytest.raises(NotFound):
        backend.attachment_data(404)


# --- check-in ------------------------------------------------------------------------------------


def test_check_in_on_site_moves_the_ticket_on_site(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    ticket, tech, _ = make.job(priority="high")  # arrive within 8 h
    t = make.ticket_in(S.ASSIGNED, ticket, tech)
    clock.advance(hours=2)
    device_time = clock.now() - timedelta(seconds=30)

    checkin = make.technician_actor(tech).check_in(
        t.id, SITE_LAT + 0.001, SITE_LON, accuracy_m=15.0, device_time=device_time
    )

    assert 100 < checkin.distance_m < 120  # 0.001° of latitude is ~111 m
    assert checkin.inside_geofence is True
    assert checkin.on_time is True
    assert (checkin.technician_id, checkin.server_time) == (tech.id, clock.now())
    assert checkin.device_time == device_time
    assert checkin.reason is None
    stored = backend.get_ticket(t.id)
    assert stored.status is S.ON_SITE
    assert stored.arrived_at == stored.responded_at == clock.now()
    assert backend.get_technician(tech.id).status is TechnicianStatus.ON_SITE
    history = backend.ticket_history(t.id)
    assert [c.id for c in history.check_ins] == [checkin.id]
    assert history.transitions[-1].to_status is S.ON_SITE


def test_a_poor_fix_near_the_fence_still_counts(backend: Services, make: Make) -> None:
    ticket, tech, _ = make.job()
    t = make.ticket_in(S.EN_ROUTE, ticket, tech)
    # ~390 m away, but the phone says it may be 100 m off: the error circle touches the fence
    checkin = backend.check_in(
        t.id, SITE_LAT + 0.0035, SITE_LON, accuracy_m=100.0, technician_id=tech.id
    )
    assert checkin.inside_geofence is True


def test_outside_the_geofence_needs_a_reason(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    ticket, tech, _ = make.job(priority="critical")  # arrive within 4 h
    t = make.ticket_in(S.EN_ROUTE, ticket, tech)
    clock.advance(hours=5)
    field_tech = make.technician_actor(tech)
    before = backend.last_event_id()

    with pytest.raises(ValidationError) as err:
        field_tech.check_in(t.id, SITE_LAT + 0.02, SITE_LON, accuracy_m=10.0)
    assert err.value.field == "reason"
    assert "m from the site" in err.value.reason
    assert backend.get_ticket(t.id).status is S.EN_ROUTE
    assert backend.last_event_id() == before

    checkin = field_tech.check_in(
        t.id, SITE_LAT + 0.02, SITE_LON, accuracy_m=10.0, reason="the gate is on the far side"
    )
    assert checkin.inside_geofence is False
    assert 2000 < checkin.distance_m < 2400
    assert checkin.on_time is False  # 5 h into a 4 h arrival target
    assert checkin.reason == "the gate is on the far side"
    assert backend.get_ticket(t.id).status is S.ON_SITE


def test_only_the_assignee_may_check_in(backend: Services, make: Make) -> None:
    ticket, tech, _ = make.job()
    t = make.ticket_in(S.ACCEPTED, ticket, tech)
    stranger = make.technician(name="Zhao")

    with pytest.raises(PermissionDenied):
        make.technician_actor(stranger).check_in(t.id, SITE_LAT, SITE_LON)
    with pytest.raises(PermissionDenied):  # nor may one technician report for another
        make.technician_actor(stranger).check_in(t.id, SITE_LAT, SITE_LON, technician_id=tech.id)
    with pytest.raises(ValidationError) as err:  # a dispatcher must say who
        backend.check_in(t.id, SITE_LAT, SITE_LON)
    assert err.value.field == "technician_id"
    assert backend.get_ticket(t.id).status is S.ACCEPTED


def test_check_in_validation(backend: Services, make: Make, clock: FakeClock) -> None:
    ticket, tech, _ = make.job()
    field_tech = make.technician_actor(tech)
    with pytest.raises(PermissionDenied):  # not assigned yet
        field_tech.check_in(ticket.id, SITE_LAT, SITE_LON)
    t = make.ticket_in(S.ASSIGNED, ticket, tech)
    with pytest.raises(ValidationError) as err:
        field_tech.check_in(t.id, 95.0, SITE_LON)
    assert err.value.field == "position.lat"
    with pytest.raises(ValidationError) as err:
        field_tech.check_in(t.id, SITE_LAT, SITE_LON, accuracy_m=-1.0)
    assert err.value.field == "accuracy_m"
    with pytest.raises(ValidationError) as err:
        field_tech.check_in(t.id, SITE_LAT, SITE_LON, device_time=clock.now() + timedelta(hours=1))
    assert err.value.field == "device_time"
    assert backend.ticket_history(t.id).check_ins == []
    assert backend.get_ticket(t.id).status is S.ASSIGNED


def test_check_in_needs_a_site_and_an_active_ticket(backend: Services, make: Make) -> None:
    tech = make.technician()
    no_site = make.ticket_in(S.ASSIGNED, make.ticket(), tech)
    with pytest.raises(ValidationError) as err:
        backend.check_in(no_site.id, SITE_LAT, SITE_LON, technician_id=tech.id)
    assert err.value.field == "site_id"

    ticket, tech2, _ = make.job()
    done = make.ticket_in(S.RESOLVED, ticket, tech2)
    with pytest.raises(ValidationError) as err:
        backend.check_in(done.id, SITE_LAT, SITE_LON, technician_id=tech2.id)
    assert err.value.field == "status"


def test_a_second_check_in_keeps_the_ticket_where_it_is(backend: Services, make: Make) -> None:
    ticket, tech, _ = make.job()
    t = make.ticket_in(S.IN_PROGRESS, ticket, tech)
    checkin = backend.check_in(t.id, SITE_LAT, SITE_LON, technician_id=tech.id)
    assert checkin.on_time is None  # arrival was already recorded
    stored = backend.get_ticket(t.id)
    assert (stored.status, stored.version) == (S.IN_PROGRESS, t.version)


# --- work log ------------------------------------------------------------------------------------


def test_log_work_on_site(backend: Services, make: Make, clock: FakeClock) -> None:
    ticket, tech, _ = make.job()
    t = make.ticket_in(S.ON_SITE, ticket, tech)
    start = clock.now()
    clock.advance(minutes=95)

    entry = make.technician_actor(tech).log_work(t.id, start, clock.now(), "Replaced the pump.")

    assert (entry.technician_id, entry.minutes, entry.note) == (tech.id, 95, "Replaced the pump.")
    assert [w.id for w in backend.ticket_history(t.id).work_log] == [entry.id]


def test_work_log_validation(backend: Services, make: Make, clock: FakeClock) -> None:
    ticket, tech, _ = make.job()
    field_tech = make.technician_actor(tech)
    now = clock.now()
    t = make.ticket_in(S.EN_ROUTE, ticket, tech)
    with pytest.raises(ValidationError) as err:
        field_tech.log_work(t.id, now - timedelta(hours=1), now, "driving")
    assert err.value.field == "status"  # check in first

    t = make.ticket_in(S.ON_SITE, t, tech)
    cases = [
        (now, now - timedelta(minutes=1), "note", "ended_at"),  # ends before it starts
        (now, now, "note", "ended_at"),
        (now, now + timedelta(hours=1), "note", "ended_at"),  # in the future
        (now - timedelta(hours=25), now, "note", "ended_at"),  # longer than a day
        (now.replace(tzinfo=None), now, "note", "started_at"),  # no time zone
        (now - timedelta(hours=1), now, "  ", "note"),
    ]
    for started, ended, note, field in cases:
        with pytest.raises(ValidationError) as err:
            field_tech.log_work(t.id, started, ended, note)
        assert err.value.field == field, (started, ended, note)
    assert backend.ticket_history(t.id).work_log == []

    with pytest.raises(PermissionDenied):
        make.technician_actor(make.technician(name="Zhao")).log_work(
            t.id, now - timedelta(hours=1), now, "not my job"
        )


# --- parts from the van --------------------------------------------------------------------------


def test_parts_come_out_of_van_stock(backend: Services, make: Make) -> None:
    ticket, tech, _ = make.job()
    belt, filt = make.part("BELT-1", "Fan belt"), make.part("FILTER-2", "Filter")
    assert backend.set_van_stock(tech.id, belt.id, 5) == backend.get_technician(tech.id).van_stock
    backend.set_van_stock(tech.id, filt.id, 1)
    t = make.ticket_in(S.IN_PROGRESS, ticket, tech)

    usage = make.technician_actor(tech).consume_part(t.id, belt.id, 2)

    assert (usage.part_id, usage.quantity, usage.technician_id) == (belt.id, 2, tech.id)
    stock = {line.part_id: line.quantity for line in backend.get_technician(tech.id).van_stock}
    assert stock == {belt.id: 3, filt.id: 1}
    assert [p.id for p in backend.ticket_history(t.id).parts] == [usage.id]
    event = backend.events_after(backend.last_event_id() - 1)[0]
    assert (event.kind, event.payload["van_stock_left"]) == ("part_used", 3)


def test_stock_cannot_go_below_zero_and_nothing_is_half_written(
    backend: Services, make: Make
) -> None:
    ticket, tech, _ = make.job()
    belt, other = make.part("BELT-1"), make.part("NOT-IN-VAN")
    backend.set_van_stock(tech.id, belt.id, 2)
    t = make.ticket_in(S.ON_SITE, ticket, tech)
    field_tech = make.technician_actor(tech)
    field_tech.consume_part(t.id, belt.id, 1)
    before = backend.last_event_id()

    with pytest.raises(ValidationError) as err:
        field_tech.consume_part(t.id, belt.id, 2)
    assert err.value.field == "quantity"
    assert "holds 1" in err.value.reason
    with pytest.raises(ValidationError):
        field_tech.consume_part(t.id, other.id, 1)

    stock = {line.part_id: line.quantity for line in backend.get_technician(tech.id).van_stock}
    assert stock == {belt.id: 1}
    assert [(p.part_id, p.quantity) for p in backend.ticket_history(t.id).parts] == [(belt.id, 1)]
    assert backend.last_event_id() == before

    field_tech.consume_part(t.id, belt.id, 1)  # the last one is fine
    assert backend.get_technician(tech.id).van_stock == []


@pytest.mark.parametrize("quantity", [0, -1, True, 1.5])
def test_part_quantity_must_be_a_positive_whole_number(
    backend: Services, make: Make, quantity: object
) -> None:
    ticket, tech, _ = make.job()
    belt = make.part()
    backend.set_van_stock(tech.id, belt.id, 5)
    t = make.ticket_in(S.ON_SITE, ticket, tech)
    with pytest.raises(ValidationError) as err:
        backend.consume_part(t.id, belt.id, quantity, technician_id=tech.id)  # type: ignore[arg-type]
    assert err.value.field == "quantity"


def test_parts_are_used_on_site_by_the_assignee(backend: Services, make: Make) -> None:
    ticket, tech, _ = make.job()
    belt = make.part()
    backend.set_van_stock(tech.id, belt.id, 5)
    t = make.ticket_in(S.EN_ROUTE, ticket, tech)
    with pytest.raises(ValidationError) as err:
        backend.consume_part(t.id, belt.id, 1, technician_id=tech.id)
    assert err.value.field == "status"
    t = make.ticket_in(S.ON_SITE, t, tech)
    with pytest.raises(NotFound):
        backend.consume_part(t.id, 404, 1, technician_id=tech.id)
    stranger = make.technician(name="Zhao")
    with pytest.raises(PermissionDenied):
        backend.consume_part(t.id, belt.id, 1, technician_id=stranger.id)
    assert backend.get_technician(tech.id).van_stock[0].quantity == 5


def test_van_stock_is_set_absolutely(backend: Services, make: Make) -> None:
    tech = make.technician()
    belt = make.part()
    backend.set_van_stock(tech.id, belt.id, 4)
    backend.set_van_stock(tech.id, belt.id, 1)
    assert [(s.part_id, s.quantity) for s in backend.get_technician(tech.id).van_stock] == [
        (belt.id, 1)
    ]
    with pytest.raises(ValidationError):
        backend.set_van_stock(tech.id, belt.id, -1)
    assert backend.set_van_stock(tech.id, belt.id, 0) == []
