"""Customer self-service: the QR page of a device, the fault report it sends, and the status page
of the ticket it made. These run for nobody signed in: every lookup goes through an unguessable
token (the device's QR token, the ticket's status token), and answers show only what belongs to
that token, never a list and never another customer's records."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

from ..domain.calls import Callback
from ..domain.enums import CallbackReason, CallbackStatus, Channel, CommentVisibility, Priority
from ..domain.errors import NotFound, TooManyAttempts, ValidationError
from ..domain.geo import Coordinates
from ..domain.model import Asset, Contract, Customer, Site, Technician
from ..domain.phones import normalise_phone
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
from .tickets import TicketUseCases

MAX_REPORT = 2000
FRESH_FIX = timedelta(minutes=15)  # an older position says nothing about when they arrive
OPEN = ("new", "assigned", "accepted", "en_route", "on_site", "in_progress", "on_hold", "reopened")

URL_SAFE = re.compile(r"[A-Za-z0-9_-]+")  # what tokens are made of


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class SelfServiceUseCases(UseCases):
    def __init__(self, ctx: Context, tickets: TicketUseCases, fieldwork: FieldUseCases) -> None:
        super().__init__(ctx)
        self._tickets, self._fieldwork = tickets, fieldwork

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
        returns it and the status page's token (given once: only its hash is kept)."""
        description = clean_text(report.description, "description", max_len=MAX_REPORT)
        name = clean_text(report.contact_name, "contact_name", max_len=120)
        phone = normalise_phone(report.contact_phone, self.region, "contact_phone")
        preferred = clean_text(report.preferred_time, "preferred_time", max_len=120, required=False)
        if len(report.photos) > MAX_PHOTOS:
            raise ValidationError("photos", f"at most {MAX_PHOTOS} photos")
        with self._uow(read_only=True) as uow:  # a known device before any photo is decoded
            asset = self._asset_by_token(uow, qr_token)
            site = uow.get(Site, asset.site_id)
            # counted in the database, so every server process agrees (an in-memory count
            # was per worker); only reports that became tickets count
            recent = uow.find(
                Ticket, order_by="-id", limit=DEVICE_REPORTS_PER_HOUR,
                asset_id=asset.id, channel=Channel.SELF_SERVICE,
            )  # fmt: skip
        hour_ago = self._now() - timedelta(hours=1)
        if len(recent) >= DEVICE_REPORTS_PER_HOUR and recent[-1].created_at > hour_ago:
            raise TooManyAttempts("this device was reported several times in the last hour")
        photos = [clean_photo(p.filename, p.data) for p in report.photos]  # all, before saving
        ticket = self._tickets.create_ticket(
            TicketDraft(
                Channel.SELF_SERVICE, asset.category or "fault", Priority.NORMAL, description,
                customer_id=site.customer_id, asset_id=asset.id, contact_name=name,
                contact_phone=phone,
            )
        )  # fmt: skip
        for filename, data in photos:  # written again already: not decoded a second time
            self._fieldwork._store_attachment(ticket.id, filename, data)
        if preferred:
            self._fieldwork.add_comment(
                ticket.id, f"Preferred time (customer): {preferred}", CommentVisibility.PUBLIC
            )
        raw = secrets.token_urlsafe(STATUS_TOKEN_BYTES)
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
            asked = self._customer_callback(uow, ticket.id) is not None
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
            else None, eta, asked,
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
            waiting = self._customer_callback(uow, ticket.id)
            if waiting is not None:
                return waiting
            customer = uow.get(Customer, ticket.customer_id) if ticket.customer_id else None
            phones = customer.phones if customer is not None else []
            phone = ticket.contact_phone or (phones[0].number if phones else None)
            if phone is None:
                raise ValidationError("phone", "no number to call back on this ticket")
            cb = add_callback(
                self._ctx, uow, normalise_phone(phone, self.region),
                self._now() + timedelta(minutes=1), CallbackReason.CUSTOMER_REQUEST, ticket.id,
                None,
            )  # fmt: skip
            uow.commit()
        return cb
