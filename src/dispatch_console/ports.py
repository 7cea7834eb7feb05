"""The protocols the services need from the outside world, and the one `Backend` they offer.

`UnitOfWork` is what storage implements: one transaction with generic access to the domain's
records plus the few queries that must be written per database for speed. `Backend` is the set of
use cases; the service layer implements it on top of a UnitOfWork, and the REST client implements
it over HTTP, so the console never knows which one it talks to.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar

from .domain.board import Board
from .domain.call_agents import AgentMatch
from .domain.call_events import CallEvent
from .domain.callbacks import (
    DEFAULT_WORDS,
    CallbackFilter,
    CallbackRow,
    CallbackRule,
    CallbackStats,
    RecordedCallback,
    Suggestion,
    SuggestionWords,
)
from .domain.calls import Call, Callback
from .domain.candidates import FleetMember, Job, Mode, Ranking, TicketPin
from .domain.chat import Conversation, ConversationView
from .domain.desk_zone import DEFAULT_HOLIDAY_REGION, DEFAULT_TIMEZONE
from .domain.enums import (
    CallbackOutcome,
    CallbackReason,
    CallbackStatus,
    CallDirection,
    CommentVisibility,
    Priority,
    Role,
    SlaClass,
    TechnicianStatus,
    TicketStatus,
)
from .domain.escalation import DueTicket
from .domain.events import Event, NewEvent
from .domain.model import (
    Asset,
    Company,
    CompanyContracts,
    Contract,
    Customer,
    Department,
    Part,
    Site,
    StockLine,
    Technician,
    User,
)
from .domain.notifications import Delivery, Notification
from .domain.pins import JobInHand
from .domain.positions import Fix
from .domain.rules.model import RoutingRule
from .domain.schedule import (
    Absence,
    AbsenceKind,
    AppointmentWindow,
    DepartmentHours,
    PlannedJob,
    TechnicianHours,
    WeeklyHours,
)
from .domain.schedule.bars import BoardRow
from .domain.schedule.booking import AbsenceAdded, Booking, ScheduleView, SlotOffer
from .domain.schedule.records import BookedVisit
from .domain.tickets import (
    Attachment,
    CheckIn,
    Comment,
    PartUsage,
    Ticket,
    TicketDraft,
    TicketPage,
    TicketRow,
    WorkLogEntry,
)
from .domain.timeline import CallerMatch, TicketHistory

T = TypeVar("T")


class Clock(Protocol):
    def now(self) -> datetime: ...


@dataclass(slots=True)
class TicketQuery:
    """Filters of the ticket queue. Every field narrows the result; None means 'any'."""

    statuses: Sequence[TicketStatus] | None = None
    priorities: Sequence[Priority] | None = None
    assignee_id: int | None = None
    created_by: str | None = None  # the agent who opened the ticket ("mine" in the console)
    department_id: int | None = None
    customer_id: int | None = None
    unassigned: bool = False
    escalated: bool = False  # the SLA scan has escalated the deadline it works toward now
    open_only: bool = False
    breaching_before: datetime | None = None  # resolution due before this instant, still open
    text: str | None = None  # ticket number, phone number, or the start of a customer's name
    sort: str = "newest"  # newest | oldest | due | priority
    limit: int = 100
    cursor: str | None = None


@dataclass(slots=True)
class StockChange:
    technician_id: int
    part_id: int
    delta: int


class UnitOfWork(Protocol):
    """One database transaction. Leaving the `with` block without commit() rolls back."""

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...
    def savepoints(self) -> UnitOfWorkFactory:
        """Units of work nested in this one's transaction (SAVEPOINTs): kept only if it commits."""
        ...

    # generic record access: `kind` is a domain dataclass (Ticket, Customer, Comment ...)
    def get(self, kind: type[T], id: int, *, lock: bool = False) -> T: ...
    def find(
        self, kind: type[T], order_by: str = "id", limit: int | None = None, **equals: Any
    ) -> list[T]:
        """Records whose fields equal `equals`; `order_by="-id"` sorts descending."""
        ...

    def add(self, obj: T) -> T: ...
    def update(self, obj: T, expected_version: int) -> T: ...

    # the event log, written in the same transaction as the change it records
    def append_event(self, actor: str, event: NewEvent) -> int:
        """Append an event. Contract: event appends are serialised across transactions until
        commit (ids become visible in commit order), which use cases also rely on as a lock
        (e.g. one missed-call callback per caller); take row locks before the first append."""
        ...

    # queries each store writes for its database
    def search_tickets(self, query: TicketQuery, now: datetime) -> TicketPage: ...
    def customers_by_phone(self, e164: str) -> list[Customer]: ...
    def open_tickets_of(self, customer_ids: list[int], limit: int) -> list[TicketRow]:
        """Open tickets of these customers, newest first, with the names the queue shows."""
        ...

    def ticket_rows(self, ids: list[int]) -> list[TicketRow]:
        """Queue lines of these tickets (any state), in the order asked; unknown ids left out."""
        ...

    def open_job_counts(self) -> dict[int, int]:
        """Open tickets per assigned technician (technicians with none are absent)."""
        ...

    def open_ticket_sites(self, ids: list[int] | None = None) -> list[tuple[Ticket, float, float]]:
        """Every open ticket that has a site, with the site's latitude and longitude."""
        ...

    def jobs_in_hand(self) -> dict[int, JobInHand]:
        """Each technician's most advanced job in hand (accepted to in progress) that has a
        site, by technician; the first by ticket id of equals."""
        ...

    def recent_calls(self, number: str, limit: int) -> list[Call]:
        """Calls from this number, newest first."""
        ...

    def review_callbacks(self, f: CallbackFilter) -> list[CallbackRow]:
        """Callbacks matching the filter, newest first, with ticket, customer and technician."""
        ...

    def callback_facts(self, since: datetime, until: datetime) -> list[Callback]:
        """Callbacks due or finished in the period."""
        ...

    def resolution_counts(self, since: datetime, until: datetime) -> tuple[int, int]:
        """Tickets resolved in the period; of those, how many were never reopened."""
        ...

    def technician_names(self, ids: set[int]) -> dict[int, str]: ...
    def events_of(self, entity: str, entity_id: str, kinds: Sequence[str]) -> list[Event]:
        """One record's events of these kinds, oldest first (its automatic decisions)."""
        ...

    def events_after(
        self,
        after_id: int,
        limit: int,
        *,
        leaving_out: Collection[str] = (),
        leaving_out_kinds: Collection[tuple[str, str]] = (),
    ) -> list[Event]:
        """The event log after this id, oldest first, as this transaction sees it (what a cache
        built from this transaction's reads has to fold in next time), less the events of the
        entities `leaving_out` and of the (entity, kind) pairs `leaving_out_kinds`."""
        ...

    def last_event_id(self) -> int:
        """The newest event's id this transaction sees (0: none)."""
        ...

    def open_ticket_counts(self, now: datetime, soon: datetime) -> dict[str, int]:
        """Open tickets per status, plus "breached", "at_risk" (due before `soon`), "unassigned"."""
        ...

    def notice_events(
        self, since: datetime, before: tuple[datetime, int] | None, limit: int,
        me: tuple[str, str] | None = None,
    ) -> list[Event]:  # fmt: skip
        """Events of the notice kinds (domain/notices.py) after `since`, newest first (by time,
        then id); `before` is the (at, id) of the last one a previous page returned. `me`
        (user name, role): only those that may be notices for them (the rest stay in SQL)."""
        ...

    def open_ticket_ids(self, ids: Iterable[int]) -> dict[int, int | None]:
        """Which of these tickets are still open, with who has each (its assignee's id)."""
        ...

    def due_tickets(
        self, horizon: datetime, ticket_ids: Sequence[int] | None = None
    ) -> list[DueTicket]:
        """Open tickets whose next deadline is before `horizon`, with their escalation level
        (only those of `ticket_ids`, when given)."""
        ...

    def rule_versions(self) -> list[tuple[int, int]]:
        """(id, version) of every routing rule: whether a compiled rule book is still current."""
        ...

    def search_customers(self, text: str, limit: int) -> list[Customer]: ...
    def find_one(self, kind: type[T], **equals: Any) -> T | None: ...
    def serialize(self) -> None:
        """Check-then-write use cases call this first: concurrent ones then run one by one."""
        ...

    def delete(self, obj: Any) -> None:
        """Remove a record (bookkeeping rows only: business records are never deleted)."""
        ...

    def existing_ids(self, kind: type, ids: Iterable[int]) -> set[int]:
        """Which of these ids exist (one query, however many)."""
        ...

    def technicians(self, department_id: int | None) -> list[Technician]: ...
    def adjust_stock(self, change: StockChange) -> int: ...
    def set_positions(self, fixes: Sequence[Fix]) -> list[int]:
        """A batch of fixes at once (no two for one technician); the technicians it moved."""
        ...

    def append_events(self, actor: str, events: Sequence[NewEvent]) -> list[int]:
        """Many events at once, in order; their ids."""
        ...

    def set_position(
        self, technician_id: int, lat: float, lon: float, accuracy_m: float | None, at: datetime
    ) -> bool:
        """Store a fix unless a newer one is stored already; True when stored. Not versioned:
        a GPS fix must never turn an agent's concurrent edit of the technician into a conflict."""
        ...

    def put_blob(self, sha256: str, data: bytes) -> None: ...
    def get_blob(self, sha256: str) -> bytes: ...
    def password_hash(self, username: str) -> str | None: ...
    def set_password_hash(self, user_id: int, password_hash: str) -> None: ...
    def purge_request_keys(self, before: datetime, limit: int) -> int:
        """Deletes up to `limit` idempotency outcomes recorded before `before`; how many."""
        ...

    def purge_sign_in_failures(self, before: datetime, limit: int) -> int:
        """Deletes up to `limit` sign-in throttle rows idle since `before`; how many."""
        ...

    def take_allowance(
        self, scope: str, key: str, rate: float, burst: int, cost: float, now: datetime
    ) -> bool:
        """A token bucket shared by every process: True when (scope, key) had `cost` tokens
        (refilled at `rate` a second up to `burst`) and gave them; False leaves it as it was."""
        ...

    def give_back_allowance(self, scope: str, key: str, burst: int, cost: float) -> None: ...
    def purge_allowances(self, before: datetime, limit: int) -> int:
        """Deletes up to `limit` buckets untouched since `before` (full again); how many."""
        ...

    # the schedule (issue 25): what the board and the slot finder load for some technicians
    def planned_jobs(
        self, technician_ids: Iterable[int], since: datetime, until: datetime
    ) -> dict[int, list[PlannedJob]]:
        """Each technician's open tickets planned to be on site during [since, until)."""
        ...

    def booked_unplaced(
        self, department_id: int | None, since: datetime, until: datetime, limit: int
    ) -> list[BookedVisit]:
        """Open tickets not yet on site with a booked window overlapping [since, until) and on
        no one's day (no planned start, length or assignee), of the department (None: every
        one), at most `limit`, the earliest window end first."""
        ...

    def absences_between(
        self, technician_ids: Iterable[int], since: datetime, until: datetime
    ) -> dict[int, list[Absence]]:
        """Each technician's absences that overlap [since, until), in order."""
        ...

    def working_hours(
        self, technician_ids: Iterable[int], department_ids: Iterable[int]
    ) -> tuple[dict[int, TechnicianHours], dict[int, DepartmentHours]]:
        """The technicians' own weeks and their departments' defaults, by owner id."""
        ...

    def planned_bars(
        self, technician_ids: Iterable[int], since: datetime, until: datetime
    ) -> list[BoardRow]:
        """The bars of the visits `planned_jobs` finds (by technician, then start): only the
        columns a bar shows."""
        ...

    def waiting_bars(self, department_id: int | None, limit: int) -> list[BoardRow]:
        """Open tickets with a site not yet on anyone's day (no planned start or no assignee,
        not yet on site), of the department (None: every one), the next deadline first."""
        ...


class Router(Protocol):
    """Travel times by road (an OSRM- or Valhalla-compatible service). Implementations time out
    and return None rather than raise: ranking then keeps its straight-line estimate."""

    def minutes_to(
        self, origins: Sequence[tuple[float, float]], destination: tuple[float, float]
    ) -> list[float] | None:
        """Driving minutes from each origin (WGS-84 lat, lon) to the destination."""
        ...


Trip = tuple[tuple[float, float], tuple[float, float]]  # (from, to), WGS-84 lat, lon


class KnownTravelTimes(Protocol):
    """Travel times that never wait on the network: road minutes already fetched, the
    straight-line estimate for the rest (a `domain.schedule.travel.TravelTimes`)."""

    def to_site(self, lat: Any, lon: Any, site_lat: float, site_lon: float) -> Any: ...

    def from_site(self, site_lat: float, site_lon: float, lat: Any, lon: Any) -> Any: ...

    def by_road(self, lat: float, lon: float, site_lat: float, site_lon: float) -> bool:
        """Whether this trip's minutes come from the route service (else the estimate)."""
        ...


class RoadTravel(Protocol):
    """Road times for the dispatch board (travel/road_times.py): `fetch` asks the route
    service for the trips not yet known, on a pool thread; `known` answers at once, on any
    thread, from what has been fetched."""

    @property
    def known(self) -> KnownTravelTimes: ...

    def fetch(self, trips: Iterable[Trip]) -> int:
        """Asks for the trips not yet known (batched; blocks up to the timeout); returns how
        many came back by road. Never raises: a failed service leaves the estimates."""
        ...


class CallSource(Protocol):
    """A PBX connection (AMI, ESL ...) that reports calls until `stop` is set, reconnecting on
    its own; `on_status` hears a `telephony.status.Status` (a str that carries its `PbxState`)
    on connections, refusals and retries. The server and the admin tool call `run`; the console
    runs the source's `serve` coroutine on the Qt loop instead (ui/calls/pbx.py)."""

    def run(
        self,
        on_event: Callable[[CallEvent], None],
        stop: threading.Event,
        on_status: Callable[[str], None],
    ) -> None: ...


class NotificationSender(Protocol):
    """Delivers one notification by one channel (an SMTP server, an SMS gateway). Reports a
    failure as a Delivery rather than raising; carries `notification.message_key` so that the
    provider can drop a second request for the same notification (a resend after a crash)."""

    def send(self, notification: Notification) -> Delivery: ...


class ChangeFeed(Protocol):
    """Follows the event log from an id. Reconnect = call again with the last id seen."""

    def events_after(self, after_id: int, limit: int = 500) -> list[Event]: ...
    def wait(self, after_id: int, timeout: float) -> list[Event]: ...
    def wait_with_rows(
        self, after_id: int, timeout: float
    ) -> tuple[list[Event], list[TicketRow] | None]: ...
    def last_id(self) -> int: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> UnitOfWork:
        """A new unit of work. `read_only` is a promise the use case only reads: the store may
        then skip write locks (SQLite: a deferred transaction that never waits for a writer)."""
        ...


@dataclass(frozen=True, slots=True)
class FeedBatch:
    """Events as the server's stream delivers them, with the changed tickets' queue lines when
    the server attached them (fetched once for every console; None: ask `ticket_rows`)."""

    events: list[Event]
    tickets: list[TicketRow] | None = None
    # the server's word on its own feed: True when it has not heard from its database for a
    # while (live updates are late), False when that is over, None when it said nothing
    stale: bool | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting: a user's name for the audit trail and their role for permission checks;
    their department (the user's), which a console shows first where it filters by one."""

    name: str
    role: str = "agent"
    user_id: int | None = None
    technician_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    department_id: int | None = None


class TicketPort(Protocol):
    """Open, edit, read and move a ticket through its lifecycle. services.TicketUseCases"""

    def assign(self, ticket_id: int, expected_version: int, technician_id: int) -> Ticket: ...
    def create_ticket(self, draft: TicketDraft) -> Ticket: ...
    def get_ticket(self, ticket_id: int) -> Ticket: ...
    def search_tickets(self, query: TicketQuery) -> TicketPage: ...
    def ticket_history(self, ticket_id: int) -> TicketHistory: ...
    def ticket_rows(self, ticket_ids: list[int]) -> list[TicketRow]: ...
    def transfer(
        self, ticket_id: int, expected_version: int, department_id: int, reason: str
    ) -> Ticket: ...
    def transition(
        self,
        ticket_id: int,
        expected_version: int,
        target: TicketStatus | str,
        reason: str | None = None,
    ) -> Ticket: ...
    def update_ticket(self, ticket_id: int, expected_version: int, **values: Any) -> Ticket: ...


class RoutingRulePort(Protocol):
    """The routing rules supervisors keep. services.RoutingUseCases"""

    def routing_rules(self) -> list[RoutingRule]: ...
    def save_routing_rule(self, rule: RoutingRule) -> RoutingRule: ...
    def delete_routing_rule(self, rule_id: int, expected_version: int) -> None: ...


class DispatchPort(Protocol):
    """Who should go: the job, the fleet, the ranking, the map's pins. services.DispatchUseCases"""

    def dispatch_job(self, ticket_id: int) -> Job: ...
    def fleet(self) -> list[FleetMember]: ...
    def ticket_pins(self) -> list[TicketPin]: ...
    def rank_technicians(
        self, ticket_id: int, mode: Mode | str = Mode.NOW, limit: int = 10
    ) -> Ranking: ...
    def ticket_pins_of(self, ticket_ids: list[int]) -> list[TicketPin]: ...


class FieldworkPort(Protocol):
    """Around the job: comments, files, check-ins, work log, parts. services.FieldUseCases"""

    def add_comment(
        self,
        ticket_id: int,
        body: str,
        visibility: CommentVisibility | str = "internal",
        *,
        written_at: datetime | None = None,
    ) -> Comment: ...
    def attach(
        self, ticket_id: int, filename: str, data: bytes, content_type: str | None = None
    ) -> Attachment: ...
    def attachment_data(self, attachment_id: int) -> tuple[Attachment, bytes]: ...
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
    ) -> CheckIn: ...
    def consume_part(
        self, ticket_id: int, part_id: int, quantity: int, technician_id: int | None = None
    ) -> PartUsage: ...
    def log_work(
        self,
        ticket_id: int,
        started_at: datetime,
        ended_at: datetime,
        note: str,
        technician_id: int | None = None,
    ) -> WorkLogEntry: ...


class RunningLatePort(Protocol):
    """A technician (or the desk for them) says a visit will be late; the customer and the
    ticket's overseers are told. services.RunningLateUseCases"""

    def report_running_late(self, ticket_id: int, minutes: int) -> Ticket: ...


class CallbackPort(Protocol):
    """Callbacks (回访): the queue, claims, outcomes, review and rules. services.CallbackUseCases"""

    def list_callbacks(
        self, status: CallbackStatus | str = "pending", limit: int = 200
    ) -> list[Callback]: ...
    def callback_queue(self, limit: int = 300) -> list[CallbackRow]: ...
    def claim_callback(self, callback_id: int) -> Callback: ...
    def release_callback(self, callback_id: int) -> Callback: ...
    def redispatch_suggestions(self, ticket_id: int) -> list[Suggestion]: ...
    def review_callbacks(self, f: CallbackFilter) -> list[CallbackRow]: ...
    def reassign_callback(
        self, callback_id: int, expected_version: int, agent: str
    ) -> Callback: ...
    def callback_stats(
        self, since: datetime, until: datetime, timezone: str = DEFAULT_TIMEZONE
    ) -> CallbackStats: ...
    def callback_rules(self) -> list[CallbackRule]: ...
    def save_callback_rule(self, rule: CallbackRule) -> CallbackRule: ...
    def record_callback(
        self,
        callback_id: int,
        expected_version: int,
        outcome: CallbackOutcome | str,
        *,
        satisfaction: int | None = None,
        problem_fixed: bool | None = None,
        comment: str = "",
    ) -> Callback: ...
    def record_callback_with_suggestions(
        self,
        callback_id: int,
        expected_version: int,
        outcome: CallbackOutcome | str,
        *,
        satisfaction: int | None = None,
        problem_fixed: bool | None = None,
        comment: str = "",
        words: SuggestionWords = DEFAULT_WORDS,
    ) -> RecordedCallback:
        """`record_callback` and, when the ticket is reopened, whom to send back noted in its
        timeline, in one transaction."""
        ...

    def schedule_callback(
        self,
        phone: str,
        due_at: datetime,
        *,
        reason: CallbackReason | str = "customer_request",
        ticket_id: int | None = None,
        customer_id: int | None = None,
        max_attempts: int = 3,
    ) -> Callback: ...


class CallPort(Protocol):
    """Calls from the PBX: the log, screen-pop, links to tickets. services.CallUseCases"""

    def link_call(self, call_id: str, ticket_id: int) -> Call: ...
    def list_calls(self, *, missed_only: bool = False, limit: int = 100) -> list[Call]: ...
    def lookup_caller(self, raw_number: str) -> CallerMatch: ...
    def record_call_event(
        self,
        kind: str,
        call_id: str,
        at: datetime,
        *,
        direction: CallDirection | str = "inbound",
        from_number: str = "",
        to_number: str = "",
        agent_extension: str | None = None,
        cause: str | None = None,
    ) -> Call: ...


class CallAgentPort(Protocol):
    """The agents a PBX names, as users with extensions. services.CallAgentUseCases"""

    def match_call_agents(self, names: list[str]) -> list[AgentMatch]: ...


class ChatPort(Protocol):
    """Online chats as the desk sees and links them. services.ChatUseCases"""

    def link_chat(self, conversation_id: int, ticket_id: int) -> Conversation: ...
    def list_conversations(self, include_closed: bool = False) -> list[Conversation]: ...
    def get_conversation(self, conversation_id: int) -> ConversationView: ...
    def set_chat_customer(
        self, conversation_id: int, expected_version: int, customer_id: int
    ) -> Conversation: ...
    def ticket_from_chat(self, conversation_id: int, draft: TicketDraft) -> Ticket: ...


class CustomerPort(Protocol):
    """Customers, companies, contracts, sites and assets. services.CustomerUseCases"""

    def create_asset(
        self,
        site_id: int,
        model: str,
        serial: str,
        *,
        category: str = "",
        contract_id: int | None = None,
        warranty_ends_on: date | None = None,
        qr_token: str | None = None,
    ) -> Asset: ...
    def create_company(self, name: str) -> Company: ...
    def create_contract(
        self,
        company_id: int,
        name: str,
        sla_class: SlaClass | str,
        starts_on: date,
        ends_on: date,
        notify_channels: Sequence[str] = ("email", "sms"),
    ) -> Contract: ...
    def create_customer(
        self, name: str, phones: Sequence[str | tuple[str, str]] = (), **values: Any
    ) -> Customer: ...
    def create_site(
        self,
        name: str,
        address: str,
        lat: float,
        lon: float,
        *,
        customer_id: int | None = None,
        company_id: int | None = None,
        district: str = "",
    ) -> Site: ...
    def find_asset(
        self, *, qr_token: str | None = None, serial: str | None = None
    ) -> Asset | None: ...
    def get_asset(self, asset_id: int) -> Asset: ...
    def get_customer(self, customer_id: int) -> Customer: ...
    def add_customer_phone(self, customer_id: int, phone: str, label: str = "") -> Customer: ...
    def get_site(self, site_id: int) -> Site: ...
    def list_assets(self, site_id: int) -> list[Asset]: ...
    def list_contracts(self) -> list[CompanyContracts]: ...
    def list_sites(self, customer_id: int) -> list[Site]: ...
    def search_customers(self, text: str, limit: int = 20) -> list[Customer]: ...
    def update_customer(
        self, customer_id: int, expected_version: int, **values: Any
    ) -> Customer: ...


class WorkforcePort(Protocol):
    """Departments, parts, technicians and their vans, users. services.WorkforceUseCases"""

    def create_department(self, name: str, code: str) -> Department: ...
    def create_first_admin(self, username: str, display_name: str, password: str) -> User: ...
    def create_part(
        self, sku: str, name: str, unit: str = "pcs", fits: Sequence[str] = ()
    ) -> Part: ...
    def create_technician(
        self,
        name: str,
        phone: str,
        department_id: int | None,
        skills: Sequence[str] = (),
        *,
        user_id: int | None = None,
        work_starts: time = time(8, 30),
        work_ends: time = time(17, 30),
        max_open_jobs: int = 5,
        status: TechnicianStatus | str = TechnicianStatus.OFF_DUTY,
        districts: Sequence[str] = (),
    ) -> Technician: ...
    def create_user(
        self,
        username: str,
        display_name: str,
        role: Role | str,
        password: str,
        *,
        department_id: int | None = None,
        extension: str | None = None,
        email: str | None = None,
        mobile: str | None = None,
        language: str = "zh_CN",
    ) -> User: ...
    def get_technician(self, technician_id: int) -> Technician: ...
    def list_departments(self) -> list[Department]: ...
    def list_users(self) -> list[User]: ...
    def set_user_contact(
        self,
        user_id: int,
        expected_version: int,
        email: str | None,
        mobile: str | None,
        language: str | None = None,
    ) -> User: ...
    def list_parts(self) -> list[Part]: ...
    def list_technicians(self, department_id: int | None = None) -> list[Technician]: ...
    def report_position(
        self, technician_id: int, lat: float, lon: float, accuracy_m: float | None, at: datetime
    ) -> Technician: ...
    def set_technician_device(
        self, technician_id: int, expected_version: int, device_id: str | None
    ) -> Technician: ...
    def set_technician_status(
        self, technician_id: int, expected_version: int, status: TechnicianStatus | str
    ) -> Technician: ...
    def set_van_stock(self, technician_id: int, part_id: int, quantity: int) -> list[StockLine]: ...
    def setup_needed(self) -> bool: ...


class CredentialPort(Protocol):
    """Passwords: signing in, changing, resetting, unlocking. services.CredentialUseCases"""

    def authenticate(self, username: str, password: str) -> User: ...
    def change_password(self, current_password: str, new_password: str) -> int: ...
    def reset_password(self, user_id: int, new_password: str) -> int: ...
    def unlock_sign_in(self, username: str) -> int: ...


class NotificationPort(Protocol):
    """Customers' notifications as the desk sees and resends them. services.NotificationUseCases"""

    def list_notifications(self, ticket_id: int) -> list[Notification]: ...
    def resend_notification(self, notification_id: int) -> Notification: ...


class NoticePort(Protocol):
    """What a console that was closed missed. services.NoticeUseCases"""

    def recent_notices(self, since: datetime) -> list[Event]:
        """The caller's notices (domain/notices.py) after `since`, at most a day back and the
        latest 200, newest first; only those whose ticket is still open."""
        ...


class FeedPort(Protocol):
    """Following the change feed. services.FeedUseCases"""

    def events_after(self, after_id: int, limit: int = 500) -> list[Event]: ...
    def last_event_id(self) -> int: ...
    def wait_for_events(self, after_id: int, timeout: float = 25.0) -> list[Event]: ...
    def wait_for_changes(self, after_id: int, timeout: float = 25.0) -> FeedBatch: ...


class BoardPort(Protocol):
    """The supervisor's live board. services.BoardUseCases"""

    def live_board(self, timezone: str = DEFAULT_TIMEZONE) -> Board: ...


class SchedulePort(Protocol):
    """Appointments and the technicians' days (预约上门, 排班): windows agreed with customers,
    visits placed on a technician's day, the board, slots, working hours and absences.
    services.ScheduleUseCases; /work/SCHEDULE-API.md, docs/schedule.md"""

    def set_appointment(
        self,
        ticket_id: int,
        expected_version: int,
        starts_at: datetime | None,
        ends_at: datetime | None,
    ) -> Booking: ...
    def place_visit(
        self,
        ticket_id: int,
        expected_version: int,
        technician_id: int,
        starts_at: datetime,
        minutes: int | None = None,
        take_over: bool = False,
    ) -> Booking: ...
    def unplan_visit(self, ticket_id: int, expected_version: int) -> Ticket: ...
    def schedule_board(
        self,
        since: datetime,
        until: datetime,
        department_id: int | None = None,
        technician_id: int | None = None,
    ) -> ScheduleView: ...
    def earliest_slots(
        self,
        ticket_id: int,
        since: datetime | None = None,
        until: datetime | None = None,
        department_id: int | None = None,
        minutes: int | None = None,
        limit: int = 10,
    ) -> SlotOffer: ...
    def offered_windows(
        self,
        site_id: int,
        department_id: int | None = None,
        days: int = 7,
        window_minutes: int = 120,
        visit_minutes: int = 60,
    ) -> list[AppointmentWindow]: ...
    def department_hours(self, department_id: int) -> DepartmentHours | None: ...
    def set_department_hours(
        self,
        department_id: int,
        week: WeeklyHours,
        timezone: str = DEFAULT_TIMEZONE,
        holiday_region: str = DEFAULT_HOLIDAY_REGION,
        expected_version: int | None = None,
    ) -> DepartmentHours: ...
    def technician_hours(self, technician_id: int) -> TechnicianHours | None: ...
    def set_technician_hours(
        self,
        technician_id: int,
        week: WeeklyHours | None,
        expected_version: int | None = None,
    ) -> TechnicianHours | None: ...
    def list_absences(
        self,
        since: datetime,
        until: datetime,
        department_id: int | None = None,
        technician_id: int | None = None,
    ) -> list[Absence]: ...
    def add_absence(
        self,
        technician_id: int,
        kind: AbsenceKind | str,
        starts_at: datetime,
        ends_at: datetime,
        note: str = "",
    ) -> AbsenceAdded: ...
    def remove_absence(self, absence_id: int, expected_version: int) -> None: ...


class Backend(
    TicketPort,
    RoutingRulePort,
    DispatchPort,
    FieldworkPort,
    RunningLatePort,
    CallbackPort,
    CallPort,
    CallAgentPort,
    ChatPort,
    CustomerPort,
    WorkforcePort,
    CredentialPort,
    NotificationPort,
    NoticePort,
    FeedPort,
    BoardPort,
    SchedulePort,
    Protocol,
):
    """Every use case the console needs, by feature (one protocol per feature class of the
    service layer). Implemented by services.Services (over SQL) and, with identical behaviour,
    by the REST client. Errors are the domain's (domain/errors.py)."""
