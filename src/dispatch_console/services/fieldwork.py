"""What happens around the job: comments, files, on-site check-ins, work log, parts."""

from __future__ import annotations

import io
import threading
from datetime import datetime, timedelta
from typing import BinaryIO

from ..domain.attachments import check_head, check_upload
from ..domain.enums import CommentVisibility, TechnicianStatus, TicketStatus, parse_enum
from ..domain.errors import PermissionDenied, TooManyAttempts, ValidationError
from ..domain.geo import Coordinates, check_coordinates, haversine_m, inside_geofence
from ..domain.lifecycle import ASSIGNED_STATES
from ..domain.model import Part, Site, Technician
from ..domain.tickets import Attachment, CheckIn, Comment, PartUsage, Ticket, WorkLogEntry
from ..ports import StockChange, UnitOfWork
from .base import Context, UseCases, clean_text
from .photos import clean_photo
from .policy import DESK, OWN_ATTACHMENT, OWN_JOB, allow
from .ticket_changes import TicketChanges, audit_snapshot

WORK_STATES = frozenset({TicketStatus.ON_SITE, TicketStatus.IN_PROGRESS, TicketStatus.RESOLVED})
# every photo is decoded and written again (HEIC as JPEG); PDFs are the only other kind
DECODED = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif", "image/heic"})
AT_ONCE = threading.BoundedSemaphore(2)  # files read, decoded and stored at the same time
BUSY_S = 120.0  # waiting longer than this for a turn is refused (429), not a hung request
CLOCK_SKEW = timedelta(minutes=10)  # device clocks run ahead; more than this is a wrong clock
MAX_COMMENT = 4000
MAX_OFFLINE = timedelta(days=3)  # how far back a note kept on a PC may be dated


def write_comment(
    ctx: Context, uow: UnitOfWork, ticket_id: int, body: str, vis: CommentVisibility,
    at: datetime,
) -> Comment:  # fmt: skip
    """A note on the ticket in `uow` (the caller commits), by whoever acts."""
    text = clean_text(body, "body", max_len=MAX_COMMENT)
    uow.get(Ticket, ticket_id)
    comment = uow.add(Comment(0, ticket_id, ctx.actor.name, text, vis, at))
    ctx.record(uow, "ticket", ticket_id, "commented", comment_id=comment.id, visibility=vis.value)
    return comment


class FieldUseCases(UseCases):
    def __init__(self, ctx: Context, changes: TicketChanges) -> None:
        super().__init__(ctx)
        self._changes = changes

    @allow(DESK, technician=OWN_JOB)
    def add_comment(
        self,
        ticket_id: int,
        body: str,
        visibility: CommentVisibility | str = "internal",
        *,
        written_at: datetime | None = None,
    ) -> Comment:
        """`written_at`: when a note kept offline was written; it takes its place in the
        timeline (never later than now, nor earlier than a few days: a PC's clock can be off)."""
        vis = parse_enum(CommentVisibility, visibility, "visibility")
        text = clean_text(body, "body", max_len=MAX_COMMENT)
        now = self._now()
        at = now
        if written_at is not None:
            if written_at.tzinfo is None:
                raise ValidationError("written_at", "needs a time zone")
            at = max(now - MAX_OFFLINE, min(written_at, now))
        with self._uow() as uow:
            comment = write_comment(self._ctx, uow, ticket_id, text, vis, at)
            uow.commit()
        return comment

    @allow(DESK, technician=OWN_JOB)
    def attach(
        self, ticket_id: int, filename: str, data: bytes, content_type: str | None = None
    ) -> Attachment:
        return self.attach_file(ticket_id, filename, io.BytesIO(data), content_type)

    @allow(DESK, technician=OWN_JOB)
    def attach_file(
        self, ticket_id: int, filename: str, file: BinaryIO, content_type: str | None = None
    ) -> Attachment:
        """`attach` for an upload the server spooled to disk: judged by its first bytes and its
        size without reading it; a photo is decoded from the file (its pixels in memory, not
        its bytes twice), written again, and only what is stored is held as bytes."""
        size = file.seek(0, io.SEEK_END)
        file.seek(0)
        name, kind = check_head(filename, file.read(32), size, content_type)
        file.seek(0)
        # a file's bytes (and a photo's pixels) are in memory from here until stored: only a
        # few at once, so that sixteen uploads at the same moment do not hold sixteen files
        if not AT_ONCE.acquire(timeout=BUSY_S):
            raise TooManyAttempts("the server is busy storing other files; try again", 5)
        try:
            return self._attach_checked(ticket_id, name, kind, file, size)
        finally:
            AT_ONCE.release()

    def _attach_checked(
        self, ticket_id: int, name: str, kind: str, file: BinaryIO, size: int
    ) -> Attachment:
        if kind in DECODED:
            # decoded, not judged by its first bytes (a JPEG header followed by HTML is no
            # photo), and written again without metadata: a technician's photo carries the
            # customer's site in its EXIF as much as a customer's does
            name, data = clean_photo(name, file, field="file")
        else:
            file.seek(max(0, size - 1024))
            if b"%%EOF" not in file.read():
                raise ValidationError("file", f"{name} is not a complete PDF")
            file.seek(0)
            data = file.read()
        return self._store_attachment(ticket_id, name, data)

    def _store_attachment(self, ticket_id: int, name: str, data: bytes) -> Attachment:
        """Stores what is already checked (and a photo already written again): the bytes once
        per content (the same bytes at the same moment included), an attachment row each."""
        checked = check_upload(name, data)
        with self._uow() as uow:
            uow.get(Ticket, ticket_id)
            uow.put_blob(checked.sha256, data)
            att = uow.add(
                Attachment(
                    0,
                    ticket_id,
                    checked.sha256,
                    checked.filename,
                    checked.content_type,
                    checked.size,
                    self.actor.name,
                    self._now(),
                )
            )
            self._record(
                uow,
                "ticket",
                ticket_id,
                "attached",
                attachment_id=att.id,
                sha256=checked.sha256,
                content_type=checked.content_type,
                size=checked.size,
            )
            uow.commit()
        return att

    @allow(DESK, technician=OWN_ATTACHMENT)
    def attachment_data(self, attachment_id: int) -> tuple[Attachment, bytes]:
        with self._uow(read_only=True) as uow:
            att = uow.get(Attachment, attachment_id)
            return att, uow.get_blob(att.sha256)

    # --- the technician on site ----------------------------------------------------------------
    def _technician_for(self, uow: UnitOfWork, ticket: Ticket, technician_id: int | None) -> int:
        tech_id = technician_id or self.actor.technician_id
        if tech_id is None:
            raise ValidationError("technician_id", "say which technician did this")
        uow.get(Technician, tech_id)
        if self.actor.technician_id is not None and self.actor.technician_id != tech_id:
            raise PermissionDenied("a technician can only report their own work")
        if ticket.assignee_id != tech_id:
            raise PermissionDenied(f"ticket {ticket.number} is not assigned to this technician")
        return tech_id

    def _device_time(self, device_time: datetime | None, now: datetime) -> datetime | None:
        if device_time is None:
            return None
        if device_time.tzinfo is None:
            raise ValidationError("device_time", "needs a time zone")
        if device_time > now + CLOCK_SKEW:
            raise ValidationError("device_time", "is in the future; check the phone's clock")
        return device_time

    @allow(DESK, technician=OWN_JOB)
    def check_in(
        self,
        ticket_id: int,
        lat: float,
        lon: float,
        *,
        accuracy_m: float | None = None,
        device_time: datetime | None = None,
        reason: str | None = None,
        technician_id: int | None = None,
    ) -> CheckIn:
        """The technician says 'I am here'. Moves the ticket on site; flags a far-away check-in."""
        flat, flon = check_coordinates(lat, lon, "position")
        if accuracy_m is not None and accuracy_m < 0:
            raise ValidationError("accuracy_m", "cannot be negative")
        now = self._now()
        with self._uow() as uow:
            # Rows are locked before the event log's lock is taken (it is, at the first event),
            # as every other use case does: the opposite order deadlocks on PostgreSQL against a
            # dispatcher editing this ticket or technician at the same moment.
            ticket = uow.get(Ticket, ticket_id, lock=True)
            tech_id = self._technician_for(uow, ticket, technician_id)
            if ticket.status not in ASSIGNED_STATES:
                raise ValidationError(
                    "status", f"cannot check in on a ticket that is {ticket.status.value}"
                )
            if ticket.site_id is None:
                raise ValidationError("site_id", "the ticket has no site to check in at")
            site = uow.get(Site, ticket.site_id)
            distance = haversine_m(Coordinates(flat, flon), Coordinates(site.lat, site.lon))
            inside = inside_geofence(distance, accuracy_m)
            if not inside and not (reason and reason.strip()):
                raise ValidationError(
                    "reason", f"you are {distance:,.0f} m from the site; say why you check in here"
                )
            due = ticket.arrival_due_at
            on_time = None if ticket.arrived_at else (due is None or now <= due)
            checkin = uow.add(
                CheckIn(
                    0,
                    ticket_id,
                    tech_id,
                    flat,
                    flon,
                    accuracy_m,
                    round(distance, 1),
                    inside,
                    self._device_time(device_time, now),
                    now,
                    on_time,
                    clean_text(reason, "reason", max_len=400, required=False) or None,
                )
            )
            arrives = ticket.status in (
                TicketStatus.ASSIGNED,
                TicketStatus.ACCEPTED,
                TicketStatus.EN_ROUTE,
            )
            if arrives:
                self._technician_on_site(uow, tech_id)
            self._record(
                uow,
                "ticket",
                ticket_id,
                "checked_in",
                check_in_id=checkin.id,
                distance_m=checkin.distance_m,
                inside_geofence=inside,
                on_time=on_time,
            )
            if arrives:
                before = audit_snapshot(ticket)
                if ticket.status is TicketStatus.ASSIGNED:
                    self._changes.apply(ticket, TicketStatus.ACCEPTED, None)
                self._changes.apply(ticket, TicketStatus.ON_SITE, None)
                self._changes.save(uow, ticket, ticket.version, before, "transition")
            uow.commit()
        return checkin

    def _technician_on_site(self, uow: UnitOfWork, tech_id: int) -> None:
        """A check-in changes the technician too; log it like set_technician_status does, or a
        console following the feed keeps showing them en route, and an agent's stale edit of the
        technician is refused without saying who changed what. Locked, so that a dispatcher's
        concurrent status change makes the check-in wait, not fail on a stale version."""
        tech = uow.get(Technician, tech_id, lock=True)
        old = tech.status
        if old is TechnicianStatus.ON_SITE:
            return
        tech.status = TechnicianStatus.ON_SITE
        uow.update(tech, tech.version)
        self._record(
            uow,
            "technician",
            tech_id,
            "status",
            changes={"status": [old.value, tech.status.value]},
            version=tech.version,
        )

    @allow(DESK, technician=OWN_JOB)
    def log_work(
        self,
        ticket_id: int,
        started_at: datetime,
        ended_at: datetime,
        note: str,
        technician_id: int | None = None,
    ) -> WorkLogEntry:
        now = self._now()
        if started_at.tzinfo is None or ended_at.tzinfo is None:
            raise ValidationError("started_at", "times need a time zone")
        if ended_at <= started_at:
            raise ValidationError("ended_at", "must be after the start")
        if ended_at > now + CLOCK_SKEW:
            raise ValidationError("ended_at", "is in the future")
        if ended_at - started_at > timedelta(hours=24):
            raise ValidationError("ended_at", "one entry cannot be longer than 24 hours")
        with self._uow() as uow:
            ticket = uow.get(Ticket, ticket_id)
            tech_id = self._technician_for(uow, ticket, technician_id)
            if ticket.status not in WORK_STATES:
                raise ValidationError(
                    "status",
                    f"work cannot be logged on a {ticket.status.value} ticket; check in first",
                )
            entry = uow.add(
                WorkLogEntry(
                    0,
                    ticket_id,
                    tech_id,
                    started_at,
                    ended_at,
                    clean_text(note, "note", max_len=MAX_COMMENT),
                )
            )
            self._record(
                uow, "ticket", ticket_id, "work_logged", work_log_id=entry.id, minutes=entry.minutes
            )
            uow.commit()
        return entry

    @allow(DESK, technician=OWN_JOB)
    def consume_part(
        self, ticket_id: int, part_id: int, quantity: int, technician_id: int | None = None
    ) -> PartUsage:
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
            raise ValidationError("quantity", "must be a whole number of at least 1")
        with self._uow() as uow:
            ticket = uow.get(Ticket, ticket_id)
            tech_id = self._technician_for(uow, ticket, technician_id)
            if ticket.status not in WORK_STATES:
                raise ValidationError("status", "parts are used on site; check in first")
            uow.get(Part, part_id)
            left = uow.adjust_stock(StockChange(tech_id, part_id, -quantity))
            usage = uow.add(PartUsage(0, ticket_id, tech_id, part_id, quantity, self._now()))
            self._record(
                uow,
                "ticket",
                ticket_id,
                "part_used",
                part_id=part_id,
                quantity=quantity,
                van_stock_left=left,
            )
            uow.commit()
        return usage
