"""Service-level agreements: targets by contract class and priority, deadlines, pauses and risk."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType

from .enums import Priority, SlaClass


class Milestone(StrEnum):
    RESPONSE = "response"  # a technician accepted the job
    ARRIVAL = "arrival"  # a technician checked in on site
    RESOLUTION = "resolution"  # the fault is fixed


class Risk(StrEnum):
    OK = "ok"
    AT_RISK = "at_risk"
    BREACHED = "breached"
    PAUSED = "paused"
    MET = "met"
    MET_LATE = "met_late"


@dataclass(frozen=True, slots=True)
class SlaTargets:
    response: timedelta
    arrival: timedelta
    resolution: timedelta

    def for_milestone(self, milestone: Milestone) -> timedelta:
        return {
            Milestone.RESPONSE: self.response,
            Milestone.ARRIVAL: self.arrival,
            Milestone.RESOLUTION: self.resolution,
        }[milestone]


def _t(response_min: int, arrival_h: float, resolution_h: float) -> SlaTargets:
    return SlaTargets(
        timedelta(minutes=response_min), timedelta(hours=arrival_h), timedelta(hours=resolution_h)
    )


DEFAULT_TARGETS = MappingProxyType(
    {
        SlaClass.PREMIUM: MappingProxyType(
            {
                Priority.CRITICAL: _t(10, 2, 4),
                Priority.HIGH: _t(20, 4, 8),
                Priority.NORMAL: _t(60, 8, 24),
                Priority.LOW: _t(240, 24, 72),
            }
        ),
        SlaClass.STANDARD: MappingProxyType(
            {
                Priority.CRITICAL: _t(15, 4, 8),
                Priority.HIGH: _t(30, 8, 24),
                Priority.NORMAL: _t(120, 24, 48),
                Priority.LOW: _t(480, 48, 120),
            }
        ),
        SlaClass.BASIC: MappingProxyType(
            {
                Priority.CRITICAL: _t(60, 8, 24),
                Priority.HIGH: _t(120, 24, 48),
                Priority.NORMAL: _t(480, 48, 96),
                Priority.LOW: _t(1440, 96, 240),
            }
        ),
    }
)

# a clock with less than this share of its target left is "at risk"
AT_RISK_SHARE = 0.25


def targets_for(sla_class: SlaClass, priority: Priority) -> SlaTargets:
    return DEFAULT_TARGETS[sla_class][priority]


def initial_deadlines(created_at: datetime, targets: SlaTargets) -> dict[Milestone, datetime]:
    return {m: created_at + targets.for_milestone(m) for m in Milestone}


@dataclass(frozen=True, slots=True)
class SlaClock:
    """One milestone's deadline. `due_at` already includes every completed pause."""

    milestone: Milestone
    target: timedelta
    due_at: datetime
    reached_at: datetime | None
    paused_since: datetime | None = None

    def time_left(self, now: datetime) -> timedelta:
        """Negative once breached. Frozen while paused: the clock stopped when the hold began."""
        reference = self.paused_since or now
        return self.due_at - reference

    def risk(self, now: datetime) -> Risk:
        if self.reached_at is not None:
            return Risk.MET if self.reached_at <= self.due_at else Risk.MET_LATE
        left = self.time_left(now)
        if left <= timedelta(0):
            return Risk.BREACHED
        if self.paused_since is not None:
            return Risk.PAUSED
        if left < self.target * AT_RISK_SHARE:
            return Risk.AT_RISK
        return Risk.OK


def resume_deadlines(
    deadlines: dict[Milestone, datetime],
    reached: dict[Milestone, datetime | None],
    held_since: datetime,
    now: datetime,
) -> dict[Milestone, datetime]:
    """Push every not-yet-reached deadline out by the length of the hold that just ended."""
    pause = max(now - held_since, timedelta(0))
    return {m: (d if reached.get(m) else d + pause) for m, d in deadlines.items()}


def next_clock(clocks: list[SlaClock]) -> SlaClock | None:
    """The milestone the ticket is working toward now: the first not yet reached."""
    for clock in clocks:
        if clock.reached_at is None:
            return clock
    return None
