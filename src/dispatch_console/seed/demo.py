"""The Shanghai demo data set: reference data, ~400 tickets with their whole history, calls.

Everything goes through the services, acting as the people who would have done it, with a clock
that walks through the last weeks. The same seed and anchor time give the same data (except the
password hashes, which are salted).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..domain.enums import TechnicianStatus, TicketStatus
from ..domain.tickets import TicketRow
from ..notify.worker import NOTIFIER
from ..ports import TicketQuery
from ..services import Services
from .calls import plan_missed_calls
from .cast import Cast, Timeline
from .catalogue import TRADES
from .chats import seed_chats
from .clock import SimClock
from .gateway import deliver_history
from .people import Faker
from .planning import SHANGHAI, make_cast_stories
from .reference import Login, ServicesFor, Sizes, World, build_reference

HISTORY_DAYS = 40  # reference data is created this long before the anchor; tickets follow
Progress = Callable[[str], None]


@dataclass(slots=True)
class DemoResult:
    logins: list[Login] = field(default_factory=list)
    tickets: int = 0
    steps: int = 0
    seconds: float = 0.0


def seed_demo(
    services_for: ServicesFor,
    clock: SimClock,
    *,
    anchor: datetime,
    seed: int = 0,
    password: str = "demo1234",
    scale: float = 1.0,
    tag: str = "",
    usernames_taken: Callable[[str], bool] = lambda _name: False,
    progress: Progress | None = None,
) -> DemoResult:
    """Create the demo through `services_for(actor)`; `clock` must be the one they read."""
    started = time.perf_counter()
    say = progress or (lambda _msg: None)
    rng = random.Random(seed)
    fake = Faker(rng, f"{seed}{tag}")
    sizes = Sizes().scaled(scale)

    clock.set(anchor - timedelta(days=HISTORY_DAYS))
    say("creating departments, parts, companies, customers, sites, assets and technicians")
    world = build_reference(services_for, clock, fake, sizes, password, usernames_taken)

    cast = Cast(services_for, world, clock, rng, tag, fake)
    timeline = Timeline()
    tickets = make_cast_stories(cast, timeline, sizes.tickets, sizes.chase_calls, anchor)
    plan_missed_calls(cast, timeline, sizes.missed_calls, anchor)
    say(f"playing {len(timeline.steps)} steps of history for {tickets} tickets and their calls")
    timeline.play(clock, lambda n, total: say(f"  {n}/{total} steps"))
    say("delivering the customers' notifications through the demo gateway")
    ticket_ids = [r.ticket.id for r in _all_tickets(cast.supervisor())]
    deliver_history(cast.acting(NOTIFIER), clock, ticket_ids, anchor - timedelta(minutes=1))

    clock.set(anchor)
    _technicians_now(cast, world, anchor)
    seed_chats(cast, anchor)
    return DemoResult(world.logins, tickets, len(timeline.steps), time.perf_counter() - started)


def _all_tickets(services: Services) -> list[TicketRow]:
    rows: list[TicketRow] = []
    cursor = None
    while True:
        page = services.search_tickets(TicketQuery(sort="newest", limit=500, cursor=cursor))
        rows += page.items
        cursor = page.next_cursor
        if cursor is None:
            return rows


def _technicians_now(cast: Cast, world: World, anchor: datetime) -> None:
    """Where each technician is and what they are doing at the anchor time."""
    rng, fake = cast.rng, cast.fake
    supervisor = cast.supervisor()
    local_time = anchor.astimezone(SHANGHAI).time()
    for trade in TRADES:
        depot = trade.depot
        for tech in world.technicians.get(trade.code, []):
            page = supervisor.search_tickets(
                TicketQuery(assignee_id=tech.id, open_only=True, sort="oldest", limit=50)
            )
            states = {row.ticket.status: row for row in page.items}
            busy = states.get(TicketStatus.IN_PROGRESS) or states.get(TicketStatus.ON_SITE)
            moving = states.get(TicketStatus.EN_ROUTE)
            current = supervisor.get_technician(tech.id)
            if busy is not None and busy.ticket.site_id is not None:
                site = supervisor.get_site(busy.ticket.site_id)
                status, (lat, lon) = (
                    TechnicianStatus.ON_SITE,
                    fake.point_near(site.lat, site.lon, 60),
                )
                age, accuracy = rng.uniform(1, 10), rng.uniform(5, 25)
            elif moving is not None and moving.ticket.site_id is not None:
                site = supervisor.get_site(moving.ticket.site_id)
                share = rng.uniform(0.2, 0.8)
                lat = depot[0] + (site.lat - depot[0]) * share
                lon = depot[1] + (site.lon - depot[1]) * share
                status, age, accuracy = TechnicianStatus.EN_ROUTE, rng.uniform(0.5, 3), 15.0
            elif current.on_shift(local_time):
                status, (lat, lon) = TechnicianStatus.AVAILABLE, fake.point_near(*depot, 1500)
                age, accuracy = rng.uniform(2, 20), rng.uniform(8, 40)
            else:
                status, (lat, lon) = TechnicianStatus.OFF_DUTY, fake.point_near(*depot, 250)
                age, accuracy = rng.uniform(60, 600), rng.uniform(10, 60)
            tech_services = cast.technician(tech.id)
            at = anchor - timedelta(minutes=age)  # when the phone took the fix
            tech_services.report_position(
                tech.id, round(lat, 6), round(lon, 6), round(accuracy, 1), at
            )
            if current.status is not status:
                supervisor.set_technician_status(tech.id, current.version, status)
