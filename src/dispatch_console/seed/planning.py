"""Which tickets the demo has, how far each has come, and when each step of its life happened."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from functools import partial

from ..domain.enums import Channel, Priority, SlaClass, TicketStatus
from ..domain.sla import SlaTargets, targets_for
from .cast import Action, Cast, Timeline
from .story import TicketStory

S = TicketStatus
SHANGHAI = timezone(timedelta(hours=8), "CST")

# final state -> share of the tickets (per 400) and how old such a ticket is (hours)
FINAL_MIX: tuple[tuple[TicketStatus, int, float, float], ...] = (
    (S.CLOSED, 150, 72, 672),
    (S.RESOLVED, 50, 2, 20),
    (S.NEW, 30, 0.1, 6),
    (S.ASSIGNED, 30, 0.5, 10),
    (S.IN_PROGRESS, 25, 2, 30),
    (S.CANCELLED, 24, 2, 672),
    (S.ACCEPTED, 22, 1, 12),
    (S.ON_HOLD, 22, 6, 168),
    (S.EN_ROUTE, 20, 1, 12),
    (S.ON_SITE, 15, 1.5, 20),
    (S.REOPENED, 12, 48, 336),
)
CHANNELS = (
    (Channel.PHONE, 55),
    (Channel.SELF_SERVICE, 15),
    (Channel.EMAIL, 12),
    (Channel.CHAT, 10),
    (Channel.AGENT, 8),
)
OPEN_FOR_CHASE = {S.ASSIGNED, S.ACCEPTED, S.EN_ROUTE, S.ON_SITE, S.IN_PROGRESS, S.ON_HOLD}

Plan = list[tuple[float, Callable[[], None]]]  # (minutes after the previous step, action)


def final_states(rng: random.Random, tickets: int) -> list[TicketStatus]:
    """Every lifecycle state, in the proportions of FINAL_MIX, in a seeded random order."""
    total = sum(share for _, share, _, _ in FINAL_MIX)
    out: list[TicketStatus] = []
    for state, share, _, _ in FINAL_MIX:
        out += [state] * max(1, round(share * tickets / total))
    rng.shuffle(out)
    return out


def plan_story(story: TicketStory, final: TicketStatus, rng: random.Random) -> Plan:
    plan: Plan = []

    def add(lo: float, hi: float, action: Action) -> None:
        plan.append((rng.uniform(lo, hi), action))

    add(0, 0, story.create)
    if story.wrong_department is not None:
        add(3, 40, story.transfer)
    if final is S.NEW:
        if rng.random() < 0.3:
            add(2, 30, story.request_callback)
        return plan
    if final is S.CANCELLED:
        if rng.random() < 0.5:
            add(5, 60, story.assign)
        add(10, 600, story.cancel)
        return plan
    if final is S.ON_HOLD and rng.random() < 0.35:
        add(10, 120, story.hold)  # the customer asked to come another day
        return plan
    _field_visit(add, story, rng)
    if final in (S.ASSIGNED, S.ACCEPTED, S.EN_ROUTE, S.ON_SITE, S.IN_PROGRESS):
        return _cut(plan, story, final)
    if final is S.ON_HOLD:
        add(20, 90, story.hold)
        return plan
    if rng.random() < 0.15:
        add(20, 60, story.hold)
        add(600, 2880, story.resume)
    add(30, 180, story.work)
    if final is S.RESOLVED:
        add(1, 5, story.schedule_callback)
        return plan
    _after_resolution(add, story, final, rng)
    if final is S.CLOSED and rng.random() < 0.08:
        add(1440, 4320, story.reopen)
        _field_visit(add, story, rng)
        add(30, 180, story.work)
        add(1, 5, story.schedule_callback)  # the second resolution's callback is made too
        add(240, 1440, partial(story.callback_call, True))
        add(60, 1440, story.close)
    return plan


def _field_visit(
    add: Callable[[float, float, Action], None], story: TicketStory, rng: random.Random
) -> None:
    urgent = story.priority in (Priority.CRITICAL, Priority.HIGH)
    add(2, 20 if urgent else 90, story.assign)
    if rng.random() < 0.1:
        add(10, 60, story.reassign)
    add(1, 15 if urgent else 45, story.accept)
    add(5, 60 if urgent else 240, story.en_route)
    add(15, 75, story.check_in)
    add(2, 10, story.in_progress)
    if rng.random() < 0.35:
        add(5, 40, story.tech_comment)


def _cut(plan: Plan, story: TicketStory, final: TicketStatus) -> Plan:
    """Stop a field visit at the step that leaves the ticket in `final`."""
    last = {
        S.ASSIGNED: story.assign,
        S.ACCEPTED: story.accept,
        S.EN_ROUTE: story.en_route,
        S.ON_SITE: story.check_in,
        S.IN_PROGRESS: story.in_progress,
    }[final]
    # reassignment, if planned, comes after the first assign; keep it for an assigned ticket
    names = [getattr(action, "__name__", "") for _, action in plan]
    stop = len(names) - 1 - names[::-1].index(last.__name__)
    if final is S.ASSIGNED and stop + 1 < len(names) and names[stop + 1] == "reassign":
        stop += 1
    return plan[: stop + 1]


def _after_resolution(
    add: Callable[[float, float, Action], None],
    story: TicketStory,
    final: TicketStatus,
    rng: random.Random,
) -> None:
    add(1, 5, story.schedule_callback)
    if final is S.REOPENED:  # the customer says it is not fixed: the callback reopens it
        add(240, 1440, partial(story.callback_call, True, False))
        return
    if rng.random() < 0.2:
        add(240, 1440, partial(story.callback_call, False))
        add(120, 180, partial(story.callback_call, True))
    else:
        add(240, 1440, partial(story.callback_call, True))
    add(10, 1440, story.close)


def schedule(
    timeline: Timeline,
    plan: Plan,
    created_at: datetime,
    anchor: datetime,
    rng: random.Random,
    chase: Action | None,
    last_at: datetime | None = None,
) -> None:
    """Turn relative delays into instants that end before `anchor` (at `last_at` exactly when
    given), and add them to the timeline."""
    delays = [max(minutes * 60.0, 1.0) for minutes, _ in plan]
    delays[0] = 0.0
    span = ((last_at or anchor) - created_at).total_seconds()
    # the story ends before `anchor`, however young the ticket: nothing happens in the future
    window = span if last_at else max(span - 120, span * 0.5)
    total = sum(delays)
    if total > 0 and (total > window or last_at is not None):
        delays = [d * window / total for d in delays]
    at = created_at
    timed: list[tuple[datetime, Action]] = []
    for delay, (_, action) in zip(delays, plan, strict=True):
        at += timedelta(seconds=max(round(delay), 1) if timed else 0)
        timed.append((at, action))
    if chase is not None and len(timed) > 1:
        end = min(anchor - timedelta(minutes=5), timed[-1][0] + timedelta(hours=6))
        span = (end - timed[1][0]).total_seconds()
        if span > 120:
            when = timed[1][0] + timedelta(seconds=rng.uniform(60, span))
            timed.append((when, chase))
            timed.sort(key=lambda pair: pair[0])
    timeline.story(timed)


def created_at(rng: random.Random, anchor: datetime, lo_h: float, hi_h: float) -> datetime:
    """When a ticket came in: `lo_h`..`hi_h` hours ago, in office hours when it is days ago."""
    at = anchor - timedelta(hours=rng.uniform(lo_h, hi_h))
    if hi_h > 24:
        local = at.astimezone(SHANGHAI)
        hour = rng.choice((8, 9, 9, 10, 10, 11, 13, 14, 14, 15, 16, 17, 19))
        local = local.replace(hour=hour, minute=rng.randrange(60), second=rng.randrange(60))
        at = local.astimezone(UTC)
        if at > anchor - timedelta(hours=lo_h):
            at -= timedelta(days=1)
    return at.replace(microsecond=0)


def make_cast_stories(
    cast: Cast, timeline: Timeline, tickets: int, chase_calls: int, anchor: datetime
) -> int:
    """Plan every ticket's story and put it on the timeline; returns how many were planned."""
    rng = cast.rng
    world = cast.world
    finals = final_states(rng, tickets)
    channels = [channel for channel, _ in CHANNELS]
    weights = [weight for _, weight in CHANNELS]
    chase_left = chase_calls
    first_done = False  # the first new ticket heads the queue: received, nobody sent yet
    contracted = [e for e in world.equipment if e.asset.contract_id is not None]
    private = [e for e in world.equipment if e.asset.contract_id is None]
    for final in finals:
        # half the calls are about contract customers' equipment, so every SLA class shows
        pool = contracted if (rng.random() < 0.5 and contracted) or not private else private
        equipment = rng.choice(pool)
        fault = rng.choice(equipment.trade.faults)
        priority = Priority(fault[2])
        if rng.random() < 0.2:
            ranks = list(Priority)
            priority = ranks[max(0, min(3, priority.rank + rng.choice((-1, 1))))]
        wrong = None
        if rng.random() < 0.06:
            others = [d.id for c, d in world.departments.items() if c != equipment.trade.code]
            wrong = rng.choice(others)
        story = TicketStory(
            cast,
            equipment,
            rng.choice(equipment.contacts),
            rng.choices(channels, weights)[0],
            priority,
            fault,
            wrong_department=wrong,
        )
        plan = plan_story(story, final, rng)
        _, _, lo, hi = next(row for row in FINAL_MIX if row[0] is final)
        chase = None
        if final in OPEN_FOR_CHASE and chase_left > 0 and rng.random() < 0.5:
            chase, chase_left = story.chase, chase_left - 1
        start, last_at = created_at(rng, anchor, lo, hi), None
        sla = world.contract_sla.get(equipment.asset.contract_id or 0, SlaClass.STANDARD)
        target = _running_target(final, plan, targets_for(sla, priority))
        if target is not None:  # open: the clock it runs against decides how old it is
            age = _age(rng, final, target, first=final is S.NEW and not first_done)
            first_done = first_done or final is S.NEW
            if final is S.REOPENED:  # the clocks restarted when the callback reopened it
                last_at = (anchor - age).replace(microsecond=0)
            else:
                start = (anchor - age).replace(microsecond=0)
        schedule(timeline, plan, start, anchor, rng, chase, last_at)
    return len(finals)


# an open ticket's age against the target of the clock it runs on: most well within it, some
# close (at risk: under a quarter left), a few just over (late by minutes, not days), new ones
# just arrived
LATE_SHARE, AT_RISK_SHARE = 0.06, 0.06
FIRST_LATE = timedelta(minutes=100)  # the head of the queue: late enough to be first


def _age(rng: random.Random, final: TicketStatus, target: timedelta, first: bool) -> timedelta:
    if first:
        return target + FIRST_LATE
    draw = rng.random()
    if draw < LATE_SHARE and final is not S.NEW:
        return target + timedelta(minutes=rng.uniform(5, 80))
    if draw < LATE_SHARE + AT_RISK_SHARE:
        return target * rng.uniform(0.78, 0.95)
    return target * (rng.uniform(0.01, 0.2) if final is S.NEW else rng.uniform(0.1, 0.7))


def _running_target(final: TicketStatus, plan: Plan, targets: SlaTargets) -> timedelta | None:
    """The target of the first clock not yet reached when the story stops; None when closed."""
    if final in (S.NEW, S.ASSIGNED):
        return targets.response
    if final in (S.ACCEPTED, S.EN_ROUTE, S.REOPENED):
        return targets.arrival
    if final in (S.ON_SITE, S.IN_PROGRESS):
        return targets.resolution
    if final is S.ON_HOLD:  # held before anyone accepted, or while the work was going on
        names = {getattr(action, "__name__", "") for _, action in plan}
        return targets.resolution if "in_progress" in names else targets.response
    return None
