"""Customer self-service: a customer scans the QR code on a device, reports a fault, and follows
the ticket on a status page. What the customer may see is decided here, not in the page: the
asset, its site and cover, and their own ticket's progress; never other customers' data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import BinaryIO

from .candidates import RankingPolicy
from .enums import TicketStatus
from .geo import Coordinates, haversine_m
from .schedule.records import AppointmentWindow
from .tickets import Transition

STATUS_TOKEN_BYTES = 18  # 144 bits: not guessable, and short enough for an SMS link
MAX_PHOTOS = 5
DEVICE_REPORTS_PER_HOUR = 4  # one broken printer: its office reports it a few times, not forty
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTO_PIXELS = 25_000_000  # a phone's 12-24 MP photo; decoding more costs ~100 MB


class Cover(StrEnum):
    WARRANTY = "warranty"
    CONTRACT = "contract"
    EXPIRED = "expired"
    NONE = "none"


@dataclass(slots=True)
class CustomerLink:
    """The status page's address for one ticket: given to whoever reported it, and nobody
    else. Only a hash of the token is stored, like a password."""

    id: int
    ticket_id: int
    token_hash: str
    created_at: datetime
    version: int = 1


@dataclass(frozen=True, slots=True)
class AssetCard:
    """What the QR page shows about the device: enough to recognise it, nothing private."""

    model: str
    category: str
    serial_tail: str  # the last characters only: enough to match the label, not to look it up
    site_name: str
    cover: Cover
    cover_until: date | None
    open_ticket: str | None  # a ticket already open for this device (its number)


@dataclass(frozen=True, slots=True)
class Photo:
    filename: str
    data: bytes | BinaryIO  # the server's pages hand over the spooled upload, not its bytes


@dataclass(frozen=True, slots=True)
class FaultReport:
    description: str
    contact_name: str
    contact_phone: str
    preferred_time: str = ""  # in the customer's words, when no offered window suits
    photos: tuple[Photo, ...] = ()
    # a window the page offered and the customer picked: booked with the ticket
    window: AppointmentWindow | None = None
    # the one-time value the QR page rendered into its form (empty from an old cached page):
    # the same report sent again with it is the first report, not a second ticket; it becomes
    # the report's status token (the browser that sends it holds it already)
    nonce: str = ""


class Step(StrEnum):
    RECEIVED = "received"
    ASSIGNED = "assigned"
    ON_THE_WAY = "on_the_way"
    ON_SITE = "on_site"
    RESOLVED = "resolved"


STEP_OF: dict[TicketStatus, Step] = {
    TicketStatus.NEW: Step.RECEIVED,
    TicketStatus.REOPENED: Step.RECEIVED,
    TicketStatus.ASSIGNED: Step.ASSIGNED,
    TicketStatus.ACCEPTED: Step.ASSIGNED,
    TicketStatus.EN_ROUTE: Step.ON_THE_WAY,
    TicketStatus.ON_SITE: Step.ON_SITE,
    TicketStatus.IN_PROGRESS: Step.ON_SITE,
    TicketStatus.RESOLVED: Step.RESOLVED,
    TicketStatus.CLOSED: Step.RESOLVED,
}


@dataclass(frozen=True, slots=True)
class ReportStatus:
    ticket_number: str
    model: str
    site_name: str
    current: Step | None  # None: cancelled
    reached: dict[Step, datetime] = field(default_factory=dict)  # when each step was reached
    technician: str | None = None  # a first name, as the customer will meet them
    eta_minutes: int | None = None
    callback_requested: bool = False
    visit: AppointmentWindow | None = None  # the booked window, while the visit is to come
    reschedule_asked: str = ""  # the other time the customer asked for, still waiting
    # the clock the visit is told in: its department's when it has hours, else the desk's
    visit_zone: str = ""


def cover_of(
    warranty_ends_on: date | None, contract_ends_on: date | None, today: date
) -> tuple[Cover, date | None]:
    if warranty_ends_on is not None and today <= warranty_ends_on:
        return Cover.WARRANTY, warranty_ends_on
    if contract_ends_on is not None and today <= contract_ends_on:
        return Cover.CONTRACT, contract_ends_on
    if warranty_ends_on is not None or contract_ends_on is not None:
        return Cover.EXPIRED, max(d for d in (warranty_ends_on, contract_ends_on) if d)
    return Cover.NONE, None


def progress(
    status: TicketStatus, transitions: list[Transition], held_from: TicketStatus | None = None
) -> dict[Step, datetime]:
    """When the ticket reached each step of its current run. Going back (a technician
    declines, the customer's problem comes back) starts the later steps over; on hold is not a
    step: the ticket stays where it was held (waiting for parts on site is still on site)."""
    reached: dict[Step, datetime] = {}
    order = list(Step)
    for t in sorted(transitions, key=lambda t: (t.at, t.id)):
        step = STEP_OF.get(t.to_status)
        if step is None or t.to_status is TicketStatus.ON_HOLD:
            continue
        here = order.index(step)
        reached = {s: at for s, at in reached.items() if order.index(s) < here}  # back: again
        for earlier in order[:here]:  # steps skipped on the way count as reached then
            reached.setdefault(earlier, t.at)
        reached[step] = reached.get(step, t.at) if step is Step.RECEIVED else t.at
    where = held_from if status is TicketStatus.ON_HOLD else status
    current = STEP_OF.get(where) if where is not None else Step.RECEIVED
    if current is None:
        return reached
    return {s: at for s, at in reached.items() if order.index(s) <= order.index(current)}


def first_name(full_name: str) -> str:
    """How the customer will hear of the technician, not their full name: a Western name's
    first word; a Chinese name's family name (the page says 王师傅)."""
    name = full_name.strip()
    if not name:
        return ""
    if name.isascii():
        return name.split()[0]
    return name[0]


def eta_minutes(
    technician: Coordinates | None, site: Coordinates, policy: RankingPolicy | None = None
) -> int | None:
    """A door-to-door estimate from the technician's last known position (the straight line
    stretched to roads, at city speed); None when their position is unknown."""
    if technician is None:
        return None
    p = policy or RankingPolicy()
    km = haversine_m(technician, site) / 1000.0 * p.road_factor
    return max(1, round(km / p.speed_kmh * 60.0))


def serial_tail(serial: str) -> str:
    return serial[-4:] if len(serial) > 4 else serial
