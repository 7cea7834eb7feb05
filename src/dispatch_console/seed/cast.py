"""Who acts in the demo's history, and the timeline that plays their steps in time order."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..domain.enums import CallDirection
from ..domain.model import Customer
from ..ports import Actor
from ..services import Services
from .clock import SimClock
from .people import Faker
from .reference import ServicesFor, World

Action = Callable[[], None]
AGENT_EXTENSIONS = {"agent1": "8001", "agent2": "8002"}
HOTLINE_E164 = "+862162888000"


@dataclass(slots=True)
class Cast:
    """Services per actor (built once each), the clock, and call ids that never repeat."""

    services_for: ServicesFor
    world: World
    clock: SimClock
    rng: random.Random
    tag: str
    fake: Faker
    _services: dict[str, Services] = field(default_factory=dict)
    _calls: int = 0

    def acting(self, actor: Actor) -> Services:
        if actor.name not in self._services:
            self._services[actor.name] = self.services_for(actor)
        return self._services[actor.name]

    def agent_name(self) -> str:
        return self.rng.choice(("agent1", "agent2"))

    def agent(self, name: str | None = None) -> Services:
        return self.acting(self.world.actors[name or self.agent_name()])

    def supervisor(self) -> Services:
        return self.acting(self.world.actors["supervisor1"])

    def technician(self, tech_id: int) -> Services:
        return self.acting(self.world.tech_actors[tech_id])

    def portal(self) -> Services:
        # a desk role: the demo writes the QR page's reports as tickets directly (the real page
        # goes through report_fault, open to the QR code's holder, which creates them the same)
        return self.acting(Actor("qr-portal", "agent"))

    def fake_mobile(self) -> str:
        return self.fake.mobile()

    def next_call_id(self) -> str:
        self._calls += 1
        return f"demo{self.tag}-{self._calls:05d}"

    def phone_call(
        self,
        at: datetime,
        customer_number: str,
        *,
        inbound: bool,
        agent: str,
        talk_s: int | None,
    ) -> str:
        """Play one call through the PBX events; talk_s None means nobody answered."""
        services = self.agent(agent)
        call_id = self.next_call_id()
        ext = AGENT_EXTENSIONS.get(agent)
        caller, callee = (
            (customer_number, HOTLINE_E164) if inbound else (ext or "", customer_number)
        )
        common = {
            "direction": CallDirection.INBOUND if inbound else CallDirection.OUTBOUND,
            "from_number": national(caller),
            "to_number": national(callee),
        }
        t = at
        self.clock.set(t)
        services.record_call_event("offered", call_id, t, agent_extension=ext, **common)
        if talk_s is not None:
            t += timedelta(seconds=self.rng.randint(4, 25))
            self.clock.set(t)
            services.record_call_event("answered", call_id, t, agent_extension=ext, **common)
            t += timedelta(seconds=talk_s)
        else:
            t += timedelta(seconds=self.rng.randint(20, 45))
        self.clock.set(t)
        cause = "normal_clearing" if talk_s is not None else "no_answer"
        services.record_call_event("ended", call_id, t, cause=cause, **common)
        return call_id


def national(number: str) -> str:
    """How a Chinese PBX presents a number: 13812345678 or 02162888000."""
    if not number.startswith("+86"):
        return number
    rest = number[3:]
    return rest if rest.startswith("1") else "0" + rest


def customer_number(customer: Customer) -> str:
    return customer.phones[0].number


@dataclass(order=True, slots=True)
class Step:
    at: datetime
    story: int
    seq: int
    action: Action = field(compare=False)


@dataclass(slots=True)
class Timeline:
    """Steps of many stories, played in time order so that the event log reads chronologically."""

    steps: list[Step] = field(default_factory=list)
    _stories: int = 0

    def story(self, timed_actions: list[tuple[datetime, Action]]) -> None:
        self._stories += 1
        for seq, (at, action) in enumerate(timed_actions):
            self.steps.append(Step(at, self._stories, seq, action))

    def play(self, clock: SimClock, progress: Callable[[int, int], None] | None = None) -> None:
        self.steps.sort()
        for n, step in enumerate(self.steps, 1):
            clock.set(step.at)
            step.action()
            if progress and n % 500 == 0:
                progress(n, len(self.steps))
