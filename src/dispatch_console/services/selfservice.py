"""Customer self-service: the QR page of a device, the fault report it sends, and the status page
of the ticket it made. These run for nobody signed in: every lookup goes through an unguessable
token (the device's QR token, the ticket's status token), and answers show only what belongs to
that token, never a list and never another customer's records."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from datetime import timedelta
from zoneinfo import ZoneInfo

from ..domain.calls import Callback
from ..domain.enums import CallbackReason, CallbackStatus, Channel, CommentVisibility, Priority
from ..domain.errors import NotFound, TooManyAttempts, ValidationError
from ..domain.geo import Coordinates
from ..domain.model import Asset, Contract, Customer, Site, Technician
from ..domain.phones import normalise_phone
from ..domain.schedule.records import AppointmentWindow
from ..domain.selfservice import (
    DEVICE_REPORTS_PER_HOUR,
    MAX_PHOTOS,
    STATUS_TOKEN_BYTES,
    AssetCard,
    CustomerLink,
    FaultReport,
    ReportStatus,
    Step,
    cover_of,
    eta_minutes,
    first_name,
    progress,
    serial_tail,
)
from ..domain.tickets import Ticket, TicketDraft, Transition
from ..ports import UnitOfWork
from .base import Context, UseCases, clean_text
from .callback_policy import add_callback
from .fieldwork import FieldUseCases
from .photos import clean_photo
from .policy import anyone
from .schedule import ScheduleUseCases
from .schedule.loading import department_zone
from .schedule.offers import offer_windows
from .tickets import TicketUseCases

MAX_REPORT = 2000
FRESH_FIX = timedelta(minutes=15)  # an older position says nothing about when they arrive
OPEN = ("new", "assigned", "accepted", "en_route", "on_site", "in_progress", "on_hold", "reopened")

OFFERED_DAYS = 4  # how far ahead a customer picks a visit themselves (a phone's screenful)
WINDOW_MINUTES = 120  # the windows the QR page offers
VISIT_MINUTES = 60  # the room one more visit needs in a window for it to be offered
WINDOW_TAKEN = "this time is no longer offered; please pick another"
RESCHEDULES_PER_DAY = 5  # a visit asked to move more often is a script, not a customer
URL_SAFE = re.compile(r"[A-Za-z0-9_-]+")  # what tokens are made of
MIN_NONCE = STATUS_TOKEN_BYTES * 4 // 3  # characters: as unguessable as a status token


def report_nonce() -> str:
    """The one-time value the QR page puts in its form (see FaultReport.nonce)."""
    return secrets.token_urlsafe(STATUS_TOKEN_BYTES)


def plausible_nonce(nonce: str) -> bool:
    return MIN_NONCE <= len(nonce) <= 64 and URL_SAFE.fullmatch(nonce) is not None


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class SelfServiceUseCases(UseCases):
    def __init__(
        self, ctx: Context, tickets: TicketUseCases, fieldwork: FieldUseCases,
        schedule: ScheduleUseCases, tickets_within: Callable[[UnitOfWork], TicketUseCases],
    ) -> None:  # fmt: skip
        super().__init__(ctx)
        self._tickets, self._fieldwork, self._schedule = tickets, fieldwork, schedule
        # the ticket use cases as savepoints of a transaction this one holds (Services.within)
        self._tickets_within = tickets_within

    def _asset_by_token(self, uow: UnitOfWork, qr_token: str) -> Asset:
        token = str(qr_token or "").strip()
        plausible = 8 <= len(token) <= 64 and URL_SAFE.fullmatch(token)  # a NUL is not a code
        asset = uow.find_one(Asset, qr_token=token) if plausible else None
        if asset is None:  # one answer for every unknown code: nothing to learn by trying
            raise NotFound("asset", "this code")
        return asset

    @anyone("the QR code's token on the asset is the credential")
    def asset_card(self, qr_token: str) -> AssetCard:
        with self._uow(read_only=True) as uow:
            asset = self._asset_by_token(uow, qr_token)
            site = uow.get(Site, asset.site_id)
            contract = uow.get(Contract, asset.contract_id) if asset.contract_id else None
            open_ticket = next(
                (t for t in uow.find(Ticket, asset_id=asset.id) if t.status.value in OPEN), None
            )
        cover, until = cover_of(
            asset.warranty_ends_on, contract.ends_on if contract else None, self._now().date()
        )
        return AssetCard(
            asset.model, asset.category, serial_tail(asset.serial), site.name, cover, until,
            open_ticket.number if open_ticket else None,
        )  # fmt: skip

    @anyone("the QR code's token on the asset is the credential")
    def report_fault(self, qr_token: str, report: FaultReport) -> tuple[Ticket, str]:
        """A ticket for the device behind `qr_token`, bound to its site, customer and contract;
        returns it and the status page's token (given once: only its hash is kept).

        A report carrying a nonce already used answers the first report's ticket and token
        (the nonce is that token): a form sent twice makes one ticket. Two sent at the same
        moment are told apart by whoever runs both in one transaction behind a claim of the
        nonce (the customer page does, with the request keys); here, one after the other."""
        nonce = str(report.nonce or "")
        if nonce and not plausible_nonce(nonce):
            raise ValidationError("nonce", "not a value this page gave")
        if nonce:
            with self._uow(read_only=True) as uow:
                asset = self._asset_by_token(uow, qr_token)  # a nonce alone opens nothing
                link = uow.find_one(CustomerLink, token_hash=token_hash(nonce))
                first = uow.get(Ticket, link.ticket_id) if link else None
            if first is not None and first.asset_id == asset.id:
                return first, nonce
            if first is not None:  # another device's report: not this one, and not told
                raise ValidationError("nonce", "not a value this page gave")
        description = clean_text(report.description, "description", max_len=MAX_REPORT)
        name = clean_text(report.contact_name, "contact_name", max_len=120)
        phone = normalise_phone(report.contact_phone, self.region, "contact_phone")
        preferred = clean_text(report.preferred_time, "preferred_time", max_len=120, required=False)
        if len(report.photos) > MAX_PHOTOS:
            raise ValidationError("photos", f"at most {MAX_PHOTOS} photos")
        with self._uow(read_only=True) as uow:  # a known device before any photo is decoded
            asset = self._asset_by_token(uow, qr_token)
            site = uow.get(Site, asset.site_id)
            site_id = site.id
            # counted in the database, so every server process agrees (an in-memory count
            # was per worker); only reports that became tickets count
            recent = uow.find(
                Ticket, order_by="-id", limit=DEVICE_REPORTS_PER_HOUR,
                asset_id=asset.id, channel=Channel.SELF_SERVICE,
            )  # fmt: skip
        hour_ago = self._now() - timedelta(hours=1)
        if len(recent) >= DEVICE_REPORTS_PER_HOUR and recent[-1].created_at > hour_ago:
            raise TooManyAttempts("this device was reported several times in the last hour")
        if report.window is not None:
            self._still_offered(site_id, report.window)
        photos = [clean_photo(p.filename, p.data) for p in report.photos]  # all, before saving
        window = report.window
        draft = TicketDraft(
            Channel.SELF_SERVICE, asset.category or "fault", Priority.NORMAL, description,
            customer_id=site.customer_id, asset_id=asset.id, contact_name=name,
            contact_phone=phone, appointment_starts_at=window.starts_at if window else None,
            appointment_ends_at=window.ends_at if window else None,
        )  # fmt: skip
        ticket = self._tickets.create_ticket(draft) if window is None else self._book(draft, site)
        for filename, data in photos:  # written again already: not decoded a second time
            self._fieldwork._store_attachment(ticket.id, filename, data)
        if preferred:
            self._fieldwork.add_comment(
                ticket.id, f"Preferred time (customer): {preferred}", CommentVisibility.PUBLIC
            )
        raw = nonce or secrets.token_urlsafe(STATUS_TOKEN_BYTES)
        with self._uow() as uow:
            uow.add(CustomerLink(0, ticket.id, token_hash(raw), self._now()))
            uow.commit()
        return ticket, raw

    def _linked_ticket(self, uow: UnitOfWork, status_token: str) -> Ticket:
        token = str(status_token or "").strip()
        link = uow.find_one(CustomerLink, token_hash=token_hash(token)) if token else None
        if link is None:
            raise NotFound("report", "this link")
        return uow.get(Ticket, link.ticket_id)

    @anyone("the QR code's token on the asset is the credential")
    def report_status(self, status_token: str) -> ReportStatus:
        with self._uow(read_only=True) as uow:
            ticket = self._linked_ticket(uow, status_token)
            transitions = uow.find(Transition, ticket_id=ticket.id)
            asset = uow.get(Asset, ticket.asset_id) if ticket.asset_id else None
            site = uow.get(Site, ticket.site_id) if ticket.site_id else None
            tech = uow.get(Technician, ticket.assignee_id) if ticket.assignee_id else None
            waiting = self._customer_callback(uow, ticket.id)
            asked = waiting is not None
            wishes = uow.events_of("ticket", str(ticket.id), ("reschedule_requested",))
            zone = department_zone(uow, ticket.department_id, self.desk)[0]
        wish = ""
        if waiting is not None and wishes and wishes[-1].payload.get("callback_id") == waiting.id:
            wish = str(wishes[-1].payload.get("wish", ""))
        reached = progress(ticket.status, transitions, ticket.held_from)
        current = max(reached, key=list(Step).index) if reached else None
        if ticket.status.value == "cancelled":
            current = None
        eta = None
        if current is Step.ON_THE_WAY and tech is not None and site is not None:
            fresh = tech.position_at is not None and self._now() - tech.position_at < FRESH_FIX
            known = fresh and tech.lat is not None and tech.lon is not None
            here = Coordinates(tech.lat, tech.lon) if known else None  # type: ignore[arg-type]
            eta = eta_minutes(here, Coordinates(site.lat, site.lon))
        return ReportStatus(
            ticket.number, asset.model if asset else "", site.name if site else "", current,
            reached, first_name(tech.name) if tech and current not in (None, Step.RECEIVED)
            else None, eta, asked, visit_of(ticket) if current is not None else None, wish,
            zone.key,
        )  # fmt: skip

    def _customer_callback(self, uow: UnitOfWork, ticket_id: int) -> Callback | None:
        return next(
            (
                cb for cb in uow.find(Callback, ticket_id=ticket_id)
                if cb.reason == CallbackReason.CUSTOMER_REQUEST
                and cb.status == CallbackStatus.PENDING
            ),
            None,
        )  # fmt: skip

    @anyone("the QR code's token on the asset is the credential")
    def request_customer_callback(self, status_token: str) -> Callback:
        """'Please call me back': one waiting request per ticket, however often (or however
        many at once) it is pressed: the ticket is locked while the waiting one is looked for."""
        with self._uow() as uow:
            uow.serialize()
            ticket = self._linked_ticket(uow, status_token)
            uow.get(Ticket, ticket.id, lock=True)
            cb = self._callback_for(uow, ticket)
            uow.commit()
        return cb

    def _callback_for(self, uow: UnitOfWork, ticket: Ticket) -> Callback:
        """The customer's waiting callback request on this ticket, or a new one."""
        waiting = self._customer_callback(uow, ticket.id)
        if waiting is not None:
            return waiting
        customer = uow.get(Customer, ticket.customer_id) if ticket.customer_id else None
        phones = customer.phones if customer is not None else []
        phone = ticket.contact_phone or (phones[0].number if phones else None)
        if phone is None:
            raise ValidationError("phone", "no number to call back on this ticket")
        return add_callback(
            self._ctx, uow, normalise_phone(phone, self.region),
            self._now() + timedelta(minutes=1), CallbackReason.CUSTOMER_REQUEST, ticket.id, None,
        )  # fmt: skip

    # --- booking a visit ------------------------------------------------------------------------
    @anyone("the QR code on the asset")
    def visit_windows(self, qr_token: str) -> list[AppointmentWindow]:
        """The windows the QR page offers for a visit to the device's site."""
        with self._uow(read_only=True) as uow:
            site_id = self._asset_by_token(uow, qr_token).site_id
        return self._schedule.offered_windows(
            site_id, days=OFFERED_DAYS, window_minutes=WINDOW_MINUTES, visit_minutes=VISIT_MINUTES
        )

    @anyone("the status link's token")
    def reschedule_windows(self, status_token: str) -> list[AppointmentWindow]:
        """The windows the customer may ask to move their visit to (not the one they have)."""
        with self._uow(read_only=True) as uow:
            ticket = self._linked_ticket(uow, status_token)
        if ticket.site_id is None:
            return []
        now = visit_of(ticket)
        return [
            w for w in self._schedule.offered_windows(
                ticket.site_id, days=OFFERED_DAYS, window_minutes=WINDOW_MINUTES,
                visit_minutes=VISIT_MINUTES,
            )
            if w != now
        ]  # fmt: skip

    def _book(self, draft: TicketDraft, site: Site) -> Ticket:
        """The report's ticket with the window the customer picked, if that window still has
        room: checked again in the transaction that books it, after every other booking of a
        window (they serialize on the event log's lock, which PostgreSQL holds to commit and
        SQLite's one writer has anyway), so two customers racing for the last place cannot both
        get it. The second is refused (field "window") and nothing of theirs is written: the
        page shows their report again for them to pick another time."""
        assert draft.appointment_starts_at is not None and draft.appointment_ends_at is not None
        window = AppointmentWindow(draft.appointment_starts_at, draft.appointment_ends_at)
        with self._uow() as uow:
            uow.serialize()
            # not the kept days (ranking's cache): what this transaction reads after the lock
            offered = offer_windows(
                uow, site, self._now(), None, OFFERED_DAYS, WINDOW_MINUTES, VISIT_MINUTES,
                self.desk,
            )  # fmt: skip
            if window not in offered:
                raise ValidationError("window", WINDOW_TAKEN)
            ticket = self._tickets_within(uow).create_ticket(draft)
            uow.commit()
        return ticket

    def _still_offered(self, site_id: int, window: AppointmentWindow) -> None:
        """A window the customer picked is one the page offered (and still would): a form
        cannot book any time it likes."""
        offered = self._schedule.offered_windows(
            site_id, days=OFFERED_DAYS, window_minutes=WINDOW_MINUTES, visit_minutes=VISIT_MINUTES
        )
        if window not in offered:
            raise ValidationError("window", WINDOW_TAKEN)

    @anyone("the status link's token")
    def request_reschedule(
        self, status_token: str, window: AppointmentWindow | None, note: str = ""
    ) -> Callback:
        """ "Another time, please": the desk's callback queue gets the request (the one
        waiting callback of the ticket), the ticket's timeline says which time the customer
        asks for. The desk agrees it with them and books it; nothing moves by itself."""
        wish_note = clean_text(note, "note", max_len=120, required=False)
        if window is None and not wish_note:
            raise ValidationError("note", "pick a time, or say which time suits you")
        with self._uow(read_only=True) as uow:
            ticket = self._linked_ticket(uow, status_token)
            zone = department_zone(uow, ticket.department_id, self.desk)[0]
        if ticket.status.value not in OPEN:
            raise ValidationError("ticket", "this repair is finished; please call us")
        if window is not None and ticket.site_id is not None:
            self._still_offered(ticket.site_id, window)
        wish = " · ".join(x for x in (window_words(window, zone), wish_note) if x)
        with self._uow() as uow:
            uow.serialize()
            ticket = uow.get(Ticket, ticket.id, lock=True)
            asked = uow.events_of("ticket", str(ticket.id), ("reschedule_requested",))
            day_ago = self._now() - timedelta(days=1)
            if sum(1 for e in asked if e.at > day_ago) >= RESCHEDULES_PER_DAY:
                raise TooManyAttempts("this visit was asked to move several times today")
            cb = self._callback_for(uow, ticket)
            self._record(
                uow, "ticket", ticket.id, "reschedule_requested", wish=wish, callback_id=cb.id,
                starts_at=window.starts_at if window else None,
                ends_at=window.ends_at if window else None,
            )  # fmt: skip
            uow.commit()
        return cb


def visit_of(ticket: Ticket) -> AppointmentWindow | None:
    """The booked window of a visit still to come (none once it is resolved or cancelled)."""
    start, end = ticket.appointment_starts_at, ticket.appointment_ends_at
    if start is None or end is None or ticket.status.value not in OPEN:
        return None
    return AppointmentWindow(start, end)


def window_words(window: AppointmentWindow | None, zone: ZoneInfo) -> str:
    """A window as the desk reads it in the timeline: 03-05 09:00-11:00, in the zone the
    ticket's appointment is judged in (its department's, else the desk's)."""
    if window is None:
        return ""
    start = window.starts_at.astimezone(zone)
    return f"{start:%m-%d %H:%M}-{window.ends_at.astimezone(zone):%H:%M}"
