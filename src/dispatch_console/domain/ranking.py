"""Who should go: hard filters first, then a score every candidate can explain.

Each filter is written once, as a `Filter`: a predicate over the fleet's columns and the reason
those who fail it are given. `rank` applies them to the whole fleet at once; `why_not` and
`assess` ask the same predicates about one technician, so the list and its explanations cannot
disagree. Likewise the score: one formula over columns (`_columns`), for the whole list or for
one technician. Only the top candidates become objects.

Score, in minutes (lower is better): the estimated time to arrive, plus a load penalty per open
job, minus bonuses for carrying a part that fits the asset and for having served this customer
before, plus a penalty for every minute the arrival would be late against the SLA.

In slot mode the schedule decides when each technician can be there (`SlotColumns`: the
earliest arrival within the window that `domain.schedule` found for each); the time to arrive is
then counted from the start of the window (or now, if later), so everyone who can be there when
the window opens starts level, and a technician with no slot is excluded for it (NO_SLOT)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from .candidates import (
    EARTH_RADIUS_KM,
    Candidate,
    Exclusion,
    FleetMember,
    Job,
    Mode,
    Ranking,
    RankingPolicy,
    TicketPin,
)
from .enums import TechnicianStatus
from .fleet import STATUS_CODES, Fleet

__all__ = [
    "EARTH_RADIUS_KM",
    "FILTERS",
    "Candidate",
    "Exclusion",
    "Filter",
    "Fleet",
    "FleetMember",
    "Job",
    "Mode",
    "Ranking",
    "RankingPolicy",
    "SlotColumns",
    "TicketPin",
    "assess",
    "distances_km",
    "eligible",
    "rank",
    "score",
    "why_not",
    "with_road_etas",
]
Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.signedinteger[Any]]
Bools = npt.NDArray[np.bool_]
# the fleet slots a predicate is asked about: every one (ALL) or one technician's (a slice of one)
Rows = slice | npt.NDArray[np.intp]
ALL = slice(None)

_FREE = STATUS_CODES[TechnicianStatus.AVAILABLE]
_OFF = STATUS_CODES[TechnicianStatus.OFF_DUTY]


def _always(job: Job, mode: Mode, policy: RankingPolicy) -> bool:
    return True


@dataclass(frozen=True, slots=True)
class SlotColumns:
    """Slot mode's answer from the schedule, in the fleet's order: each technician's earliest
    arrival (epoch seconds, NaN: no slot in the window) and where the window starts."""

    arrive: Floats
    window_start: float  # epoch seconds

    @classmethod
    def anyone(cls, fleet: Fleet) -> SlotColumns:
        """Everyone has a slot: what the other filters say of someone, the schedule aside."""
        return cls(np.zeros(len(fleet)), 0.0)


@dataclass(frozen=True, slots=True)
class Filter:
    """One hard filter: whether it applies to this job at all, who passes it (one boolean per
    row asked about; slot mode's answers in `slots`), and the reason given to those who fail it."""

    reason: Exclusion
    passes: Callable[[Fleet, Job, Rows, SlotColumns | None], Bools]
    applies: Callable[[Job, Mode, RankingPolicy], bool] = _always


def _in_hand(fleet: Fleet, job: Job, rows: Rows) -> Ints:
    """Open jobs besides this one: the ticket's current assignee is not charged for it twice."""
    load: Ints = fleet.open_jobs[rows]
    if job.assignee_id is not None:
        load = load - (fleet.ids[rows] == job.assignee_id)
    return load


def _same_department(fleet: Fleet, job: Job, rows: Rows, _slots: SlotColumns | None) -> Bools:
    department = fleet.department[rows]
    # no department of their own: they serve every department
    passes: Bools = (department == job.department_id) | (department == -1)
    return passes


def _in_territory(fleet: Fleet, job: Job, rows: Rows, _slots: SlotColumns | None) -> Bools:
    return fleet.covers(job.district)[rows]


def _on_duty(fleet: Fleet, job: Job, rows: Rows, _slots: SlotColumns | None) -> Bools:
    passes: Bools = fleet.status[rows] != _OFF
    return passes


def _has_skills(fleet: Fleet, job: Job, rows: Rows, _slots: SlotColumns | None) -> Bools:
    first, *more = job.required_skills  # applies only when the job needs a skill
    passes = fleet.skill_mask(first)[rows]
    for skill in more:  # every one of them
        passes = passes & fleet.skill_mask(skill)[rows]
    return passes


def _has_room(fleet: Fleet, job: Job, rows: Rows, _slots: SlotColumns | None) -> Bools:
    passes: Bools = _in_hand(fleet, job, rows) < fleet.max_jobs[rows]
    return passes


def _free(fleet: Fleet, job: Job, rows: Rows, _slots: SlotColumns | None) -> Bools:
    passes: Bools = fleet.status[rows] == _FREE
    return passes


def _located(fleet: Fleet, job: Job, rows: Rows, _slots: SlotColumns | None) -> Bools:
    passes: Bools = ~np.isnan(fleet.lat[rows])
    return passes


def _has_slot(fleet: Fleet, job: Job, rows: Rows, slots: SlotColumns | None) -> Bools:
    if slots is None:
        raise ValueError("slot mode ranks with the schedule's answers: give `slots`")
    passes: Bools = ~np.isnan(slots.arrive[rows])
    return passes


# in the order they apply (Exclusion's order): a technician is excluded by the first they fail
FILTERS: tuple[Filter, ...] = (
    Filter(
        Exclusion.OTHER_DEPARTMENT,
        _same_department,
        lambda job, _mode, policy: policy.same_department and job.department_id is not None,
    ),
    Filter(
        Exclusion.OUT_OF_TERRITORY, _in_territory, lambda job, _mode, _policy: bool(job.district)
    ),
    # in slot mode the working hours judge (someone off duty now may work tomorrow's window)
    Filter(Exclusion.OFF_DUTY, _on_duty, lambda _job, mode, _policy: mode is Mode.NOW),
    Filter(Exclusion.NO_SKILL, _has_skills, lambda job, _mode, _policy: bool(job.required_skills)),
    Filter(Exclusion.FULL, _has_room),
    Filter(Exclusion.BUSY, _free, lambda _job, mode, _policy: mode is Mode.NOW),
    Filter(Exclusion.NO_POSITION, _located),
    Filter(Exclusion.NO_SLOT, _has_slot, lambda _job, mode, _policy: mode is Mode.SLOT),
)


@dataclass(frozen=True, slots=True)
class _Columns:
    """Everything a candidate shows, for the rows that passed every filter (same order)."""

    rows: npt.NDArray[np.intp]
    distance: Floats
    starts: Floats
    eta: Floats
    slack: Floats | None
    load: Ints
    parts: npt.NDArray[np.int32]
    served: Bools
    score: Floats


def distances_km(
    lat: Floats, lon: Floats, to_lat: float | Floats, to_lon: float | Floats
) -> Floats:
    """Great-circle distances from every (lat, lon) to one point, or pairwise to as many points
    (haversine, vectorised)."""
    p1, p2 = np.radians(lat), np.radians(to_lat)
    dp = p2 - p1
    dl = np.radians(to_lon) - np.radians(lon)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    result: Floats = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))
    return result


def _columns(
    fleet: Fleet,
    job: Job,
    rows: npt.NDArray[np.intp],
    now: datetime,
    mode: Mode,
    policy: RankingPolicy,
    slots: SlotColumns | None,
) -> _Columns:
    lat, lon = fleet.lat[rows], fleet.lon[rows]
    minutes_per_km = policy.road_factor / policy.speed_kmh * 60.0
    dist = distances_km(lat, lon, job.lat, job.lon)
    if mode is Mode.NOW:  # everyone listed is free: they set off from where they are
        starts = np.zeros(rows.size)
        eta = dist * minutes_per_km
        wait = eta
    else:  # the schedule's earliest arrival; everyone listed has one
        assert slots is not None  # the NO_SLOT filter asked for it
        now_s = now.timestamp()
        arrive = slots.arrive[rows]
        eta = (arrive - now_s) / 60.0
        # the time before they set off, by the estimate from where they are now
        starts = np.maximum(0.0, eta - dist * minutes_per_km)
        wait = (arrive - max(slots.window_start, now_s)) / 60.0
    load = _in_hand(fleet, job, rows)
    parts = fleet.parts_count(job.fitting_parts)[rows]
    served = np.isin(fleet.ids[rows], np.array(job.previous_technicians, dtype=np.int64))
    slack: Floats | None = None
    if job.arrival_due_at is not None:
        slack = (job.arrival_due_at - now).total_seconds() / 60.0 - eta
    return _Columns(
        rows, dist, starts, eta, slack, load, parts, served,
        _score(wait, load, parts, served, slack, policy),
    )  # fmt: skip


def _score(
    eta: Floats,
    open_jobs: Ints,
    parts_in_van: npt.NDArray[np.int32],
    served_before: Bools,
    slack: Floats | None,
    policy: RankingPolicy,
) -> Floats:
    """The score, column-wise: the one formula for the list, one technician and road times.
    `eta`: minutes until on site (slot mode: counted from the window's start)."""
    value: Floats = (
        eta
        + open_jobs * policy.minutes_per_open_job
        - (parts_in_van > 0) * policy.parts_bonus_minutes
        - served_before * policy.previous_bonus_minutes
    )
    if slack is not None:
        value = value + np.maximum(0.0, -slack) * policy.late_weight
    return value


def score(
    eta: float,
    open_jobs: int,
    parts_in_van: int,
    served_before: bool,
    slack: float | None,
    policy: RankingPolicy,
) -> float:
    """One candidate's score: `rank`'s formula on a column of one."""
    return float(
        _score(
            np.array([eta], dtype=np.float64),
            np.array([open_jobs], dtype=np.int64),
            np.array([parts_in_van], dtype=np.int32),
            np.array([served_before], dtype=np.bool_),
            None if slack is None else np.array([slack], dtype=np.float64),
            policy,
        )[0]
    )


def _candidate(fleet: Fleet, job: Job, columns: _Columns, j: int, now_epoch: float) -> Candidate:
    i = int(columns.rows[j])
    m = fleet.members[i]
    fix = fleet.fix_epoch[i]
    return Candidate(
        technician_id=m.id,
        name=m.name,
        distance_km=float(columns.distance[j]),
        eta_minutes=float(columns.eta[j]),
        starts_after_minutes=float(columns.starts[j]),
        slack_minutes=None if columns.slack is None else float(columns.slack[j]),
        open_jobs=int(columns.load[j]),
        max_open_jobs=int(fleet.max_jobs[i]),
        skill=", ".join(job.required_skills) or None,
        parts_in_van=int(columns.parts[j]),
        served_before=bool(columns.served[j]),
        fix_age_minutes=None if math.isnan(fix) else (now_epoch - fix) / 60.0,
        status=m.status,
        score=float(columns.score[j]),
    )


def rank(
    fleet: Fleet,
    job: Job,
    now: datetime,
    mode: Mode = Mode.NOW,
    policy: RankingPolicy | None = None,
    limit: int = 10,
    slots: SlotColumns | None = None,
) -> Ranking:
    """The best `limit` candidates in score order, and how many each filter excluded. Slot
    mode needs the schedule's answers (`slots`)."""
    policy = policy or RankingPolicy()
    keep, excluded = _filter(fleet, job, mode, policy, slots, FILTERS)
    chosen = np.flatnonzero(keep)
    if chosen.size == 0:
        return Ranking([], excluded, len(fleet), mode)
    columns = _columns(fleet, job, chosen, now, mode, policy, slots)
    top = np.argsort(columns.score) if chosen.size <= limit else _top(columns.score, limit)
    now_epoch = now.timestamp()
    candidates = [_candidate(fleet, job, columns, int(j), now_epoch) for j in top[:limit]]
    return Ranking(candidates, excluded, len(fleet), mode)


def _filter(
    fleet: Fleet,
    job: Job,
    mode: Mode,
    policy: RankingPolicy,
    slots: SlotColumns | None,
    rules: tuple[Filter, ...],
) -> tuple[Bools, dict[Exclusion, int]]:
    keep = np.ones(len(fleet), dtype=np.bool_)
    kept = len(fleet)
    excluded: dict[Exclusion, int] = {}
    for rule in rules:
        if not rule.applies(job, mode, policy):
            continue
        keep &= rule.passes(fleet, job, ALL, slots)
        still = int(np.count_nonzero(keep))
        if still < kept:  # each technician is counted by the first filter they fail
            excluded[rule.reason] = kept - still
        kept = still
    return keep, excluded


def eligible(
    fleet: Fleet, job: Job, mode: Mode = Mode.SLOT, policy: RankingPolicy | None = None
) -> list[int]:
    """The technicians every filter but the schedule's keeps: those whose days are worth
    loading to ask for a slot."""
    rules = tuple(f for f in FILTERS if f.reason is not Exclusion.NO_SLOT)
    keep, _ = _filter(fleet, job, mode, policy or RankingPolicy(), None, rules)
    return [int(i) for i in fleet.ids[keep]]


def why_not(
    fleet: Fleet,
    job: Job,
    technician_id: int,
    mode: Mode = Mode.NOW,
    policy: RankingPolicy | None = None,
    slots: SlotColumns | None = None,
) -> Exclusion | None:
    """The first filter that keeps this technician off the list, or None if none does."""
    policy = policy or RankingPolicy()
    i = fleet.index_of(technician_id)
    if i is None:
        return Exclusion.NO_POSITION
    for rule in FILTERS:
        if (
            rule.applies(job, mode, policy)
            and not rule.passes(fleet, job, slice(i, i + 1), slots)[0]
        ):
            return rule.reason
    return None


def assess(
    fleet: Fleet,
    job: Job,
    technician_id: int,
    now: datetime,
    mode: Mode = Mode.NOW,
    policy: RankingPolicy | None = None,
    slots: SlotColumns | None = None,
) -> Candidate | Exclusion:
    """One technician as `rank` sees them: the candidate they would be (whether or not they
    make the top of the list), or the reason they are not one."""
    policy = policy or RankingPolicy()
    reason = why_not(fleet, job, technician_id, mode, policy, slots)
    i = fleet.index_of(technician_id)
    if reason is not None or i is None:
        return reason or Exclusion.NO_POSITION
    columns = _columns(fleet, job, np.array([i], dtype=np.intp), now, mode, policy, slots)
    return _candidate(fleet, job, columns, 0, now.timestamp())


def with_road_etas(
    ranking: Ranking,
    road_minutes: dict[int, float],
    job: Job,
    now: datetime,
    policy: RankingPolicy | None = None,
) -> Ranking:
    """The same candidates re-scored with travel times by road where a route service gave them,
    in their new order. Candidates without one keep their straight-line estimate. A slot
    mode list is left as it is: its times come from the schedule."""
    if ranking.mode is Mode.SLOT:
        return ranking
    policy = policy or RankingPolicy()
    due = None if job.arrival_due_at is None else (job.arrival_due_at - now).total_seconds() / 60
    rescored = []
    for c in ranking.candidates:
        travel = road_minutes.get(c.technician_id)
        if travel is None:
            rescored.append(c)
            continue
        eta = c.starts_after_minutes + travel
        slack = None if due is None else due - eta
        rescored.append(
            replace(
                c,
                eta_minutes=eta,
                slack_minutes=slack,
                score=score(eta, c.open_jobs, c.parts_in_van, c.served_before, slack, policy),
                eta_by_road=True,
            )
        )
    rescored.sort(key=lambda c: c.score)
    return replace(ranking, candidates=rescored, excluded=dict(ranking.excluded))


def _top(score: Floats, limit: int) -> npt.NDArray[np.intp]:
    part = np.argpartition(score, limit)[:limit]
    order: npt.NDArray[np.intp] = part[np.argsort(score[part])]
    return order
