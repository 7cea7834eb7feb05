"""Calls that are not about a new ticket: missed calls and the callbacks (回访) they cause."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from ..domain.calls import Callback
from .cast import Cast, Timeline, customer_number
from .planning import created_at


class MissedCall:
    """A customer rang and nobody answered; an agent calls back later, or it is still due."""

    def __init__(self, cast: Cast, number: str) -> None:
        self.cast = cast
        self.number = number
        self.call_id = ""
        self.callback: Callback | None = None

    def ring(self) -> None:
        now = self.cast.clock.now()
        agent = self.cast.agent_name()
        self.call_id = self.cast.phone_call(
            now, self.number, inbound=True, agent=agent, talk_s=None
        )
        pending = self.cast.agent().list_callbacks("pending", limit=1000)
        self.callback = next((c for c in pending if c.call_id == self.call_id), None)

    def call_back(self, last_try: bool = False) -> None:
        if self.callback is None or self.callback.status.value != "pending":
            return  # the caller already had a callback waiting, or it is done
        rng = self.cast.rng
        agent = self.cast.agent_name()
        reached = last_try or rng.random() < 0.75
        talk = rng.randint(30, 150) if reached else None
        now = self.cast.clock.now()
        self.cast.phone_call(now, self.number, inbound=False, agent=agent, talk_s=talk)
        outcome = "reached" if reached else rng.choice(("no_answer", "busy"))
        comment = rng.choice(("客户询问保养时间", "客户已通过微信报修", "")) if reached else ""
        self.callback = self.cast.agent(agent).record_callback(
            self.callback.id, self.callback.version, outcome, comment=comment
        )


def plan_missed_calls(cast: Cast, timeline: Timeline, count: int, anchor: datetime) -> None:
    """`count` missed calls over the last two weeks; those older than a few hours were returned."""
    rng = cast.rng
    customers = cast.world.customers
    for i in range(count):
        stranger = i % 8 == 7  # someone who is not a customer yet
        number = cast.fake_mobile() if stranger else customer_number(rng.choice(customers))
        missed = MissedCall(cast, number)
        at = created_at(rng, anchor, 0.2, 14 * 24)
        steps = [(at, missed.ring)]
        age = anchor - at
        if age > timedelta(hours=4) and rng.random() < 0.97:
            back = at + min(age * 0.5, timedelta(hours=rng.uniform(0.5, 5)))
            steps.append((back, missed.call_back))
            steps.append(
                (back + min(age * 0.2, timedelta(hours=2)), partial(missed.call_back, True))
            )
        timeline.story(steps)
