"""What a routing rule says. An empty set in a condition means "any"; every condition given must
hold. Rules apply in their order; each matching rule's actions refine what earlier ones set
(skills and watchers add up), and a rule that stops ends the evaluation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time

from ..enums import Channel, Priority, SlaClass

LatLon = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Area:
    """Where the ticket's site is: inside a polygon (WGS-84 corners, lat/lon), or within
    `radius_m` of `center`."""

    polygon: tuple[LatLon, ...] = ()
    center: LatLon | None = None
    radius_m: float = 0.0


@dataclass(frozen=True, slots=True)
class Hours:
    """When the ticket arrives, in the desk's time zone: on these weekdays (0 = Monday), from
    `start` to `end`. `end` before `start` runs over midnight (18:00-08:00: the night shift);
    `start == end` is the whole day."""

    days: frozenset[int] = frozenset(range(7))
    start: time = time(0)
    end: time = time(0)


@dataclass(frozen=True, slots=True)
class Conditions:
    channels: frozenset[Channel] = frozenset()
    categories: frozenset[str] = frozenset()  # compared case-insensitively
    asset_models: frozenset[str] = frozenset()  # compared case-insensitively
    customer_ids: frozenset[int] = frozenset()
    company_ids: frozenset[int] = frozenset()
    contract_ids: frozenset[int] = frozenset()
    department_ids: frozenset[int] = frozenset()  # the department the ticket is in so far
    priorities: frozenset[Priority] = frozenset()
    area: Area | None = None
    hours: Hours | None = None


@dataclass(frozen=True, slots=True)
class Actions:
    department_id: int | None = None
    priority: Priority | None = None
    sla_class: SlaClass | None = None
    required_skills: tuple[str, ...] = ()
    watchers: tuple[str, ...] = ()  # user names told about the ticket
    auto_dispatch: bool = False  # assign the best technician when the ranking is clear enough
    # "clear enough": the best candidate's score (minutes to arrive, load and lateness included)
    auto_dispatch_within: int = 60


@dataclass(slots=True)
class RoutingRule:
    id: int
    name: str
    position: int  # lower first
    conditions: Conditions = field(default_factory=Conditions)
    actions: Actions = field(default_factory=Actions)
    stop: bool = True  # a match ends the evaluation: later rules are not looked at
    enabled: bool = True
    version: int = 1


@dataclass(frozen=True, slots=True)
class TicketFacts:
    """What rules look at: the new ticket with what it is linked to."""

    channel: Channel
    category: str
    priority: Priority
    at: datetime  # when it arrived (aware)
    customer_id: int | None = None
    company_id: int | None = None
    contract_id: int | None = None
    asset_model: str | None = None
    department_id: int | None = None
    lat: float | None = None  # the site's position, if the ticket has a site
    lon: float | None = None


@dataclass(slots=True)
class Routing:
    """What the rules decided, and which rules decided it (for the timeline)."""

    department_id: int | None
    priority: Priority
    sla_class: SlaClass | None = None
    required_skills: list[str] = field(default_factory=list)
    watchers: list[str] = field(default_factory=list)
    auto_dispatch: bool = False
    auto_dispatch_within: int = 60  # from the last matching rule that turned auto-dispatch on
    matched: list[tuple[int, str]] = field(default_factory=list)  # (rule id, rule name)
