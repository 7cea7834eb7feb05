"""Who should go: hard filters first, then a score every candidate can explain.

The fleet is held column-wise (numpy arrays, one slot per technician) so ranking 10,000
technicians is a handful of vector operations rather than a Python loop; live updates (a GPS fix,
a status change, one more job) write one slot. Only the top candidates become objects.

Score, in minutes (lower is better): the estimated time to arrive, plus a load penalty per open
job, minus bonuses for carrying a part that fits the asset and for having served this customer
before, plus a penalty for every minute the arrival would be late against the SLA."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

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

__all__ = [
    "EARTH_RADIUS_KM",
    "Candidate",
    "Exclusion",
    "Fleet",
    "FleetMember",
    "Job",
    "Mode",
    "Ranking",
    "RankingPolicy",
    "TicketPin",
    "distances_km",
    "rank",
    "score",
    "why_not",
    "with_road_etas",
]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]


_STATUS_CODES = {s: i for i, s in enumerate(TechnicianStatus)}
_FREE = _STATUS_CODES[TechnicianStatus.AVAILABLE]
_OFF = _STATUS_CODES[TechnicianStatus.OFF_DUTY]
_HEADING = np.array([_STATUS_CODES[TechnicianStatus.EN_ROUTE]], dtype=np.int8)


class Fleet:
    """Every technician's ranking-relevant state, column-wise. Updates are O(1) per technician;
    adding or removing technicians rebuilds (rare: a new hire, a leaver)."""

    def __init__(self, members: Iterable[FleetMember]) -> None:
        self.members = list(members)
        n = len(self.members)
        self._index = {m.id: i for i, m in enumerate(self.members)}
        self.ids = np.array([m.id for m in self.members], dtype=np.int64)
        self.lat = np.full(n, np.nan)
        self.lon = np.full(n, np.nan)
        self.fix_epoch = np.full(n, np.nan)
        self.job_lat = np.array([np.nan if m.job_lat is None else m.job_lat for m in self.members])
        self.job_lon = np.array([np.nan if m.job_lon is None else m.job_lon for m in self.members])
        self.status = np.array([_STATUS_CODES[m.status] for m in self.members], dtype=np.int8)
        self.open_jobs = np.array([m.open_jobs for m in self.members], dtype=np.int32)
        self.max_jobs = np.array([m.max_open_jobs for m in self.members], dtype=np.int32)
        self.department = np.array(
            [-1 if m.department_id is None else m.department_id for m in self.members],
            dtype=np.int64,
        )
        self._skills: dict[str, Bools] = {}
        self._parts: dict[int, Bools] = {}
        self._districts: dict[str, Bools] = {}
        self.anywhere = np.array([not m.districts for m in self.members], dtype=np.bool_)
        for i, m in enumerate(self.members):
            if m.lat is not None and m.lon is not None:
                self.lat[i], self.lon[i] = m.lat, m.lon
            if m.position_at is not None:
                self.fix_epoch[i] = m.position_at.timestamp()
            for skill in m.skills:
                self._skills.setdefault(skill, np.zeros(n, dtype=np.bool_))[i] = True
            for part in m.parts:
                self._parts.setdefault(part, np.zeros(n, dtype=np.bool_))[i] = True
            for district in m.districts:
                self._districts.setdefault(district, np.zeros(n, dtype=np.bool_))[i] = True

    def __len__(self) -> int:
        return len(self.members)

    def __contains__(self, technician_id: int) -> bool:
        return technician_id in self._index

    def index_of(self, technician_id: int) -> int | None:
        return self._index.get(technician_id)

    def member(self, technician_id: int) -> FleetMember | None:
        i = self._index.get(technician_id)
        return None if i is None else self.members[i]

    def move(self, technician_id: int, lat: float, lon: float, at: datetime) -> bool:
        """Apply a GPS fix unless it is older than the one held (fixes arrive out of order)."""
        i = self._index.get(technician_id)
        if i is None:
            return False
        epoch = at.timestamp()
        if not math.isnan(self.fix_epoch[i]) and epoch < self.fix_epoch[i]:
            return False
        self.lat[i], self.lon[i], self.fix_epoch[i] = lat, lon, epoch
        m = self.members[i]
        m.lat, m.lon, m.position_at = lat, lon, at
        return True

    def set_status(self, technician_id: int, status: TechnicianStatus) -> None:
        i = self._index.get(technician_id)
        if i is not None:
            self.status[i] = _STATUS_CODES[status]
            self.members[i].status = status

    def set_open_jobs(self, technician_id: int, open_jobs: int) -> None:
        i = self._index.get(technician_id)
        if i is not None:
            self.open_jobs[i] = open_jobs
            self.members[i].open_jobs = open_jobs

    def set_job_site(self, technician_id: int, lat: float | None, lon: float | None) -> None:
        """Where their job in hand is (None: no job in hand)."""
        i = self._index.get(technician_id)
        if i is not None:
            self.job_lat[i] = np.nan if lat is None else lat
            self.job_lon[i] = np.nan if lon is None else lon
            self.members[i].job_lat, self.members[i].job_lon = lat, lon

    def skill_mask(self, skill: str) -> Bools:
        return self._skills.get(skill, np.zeros(len(self), dtype=np.bool_))

    def covers(self, district: str) -> Bools:
        """Who may go to a site in this district: those covering it, and those with no
        territory at all."""
        mask = self._districts.get(district)
        return self.anywhere if mask is None else self.anywhere | mask

    def parts_count(self, parts: Iterable[int]) -> npt.NDArray[np.int32]:
        count = np.zeros(len(self), dtype=np.int32)
        for part in parts:
            mask = self._parts.get(part)
            if mask is not None:
                count += mask
        return count


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


def rank(
    fleet: Fleet,
    job: Job,
    now: datetime,
    mode: Mode = Mode.NOW,
    policy: RankingPolicy | None = None,
    limit: int = 10,
) -> Ranking:
    policy = policy or RankingPolicy()
    n = len(fleet)
    keep = np.ones(n, dtype=np.bool_)
    excluded: dict[Exclusion, int] = {}

    def apply(reason: Exclusion, passes: Bools) -> None:
        nonlocal keep
        dropped = int(np.count_nonzero(keep & ~passes))
        if dropped:  # a second required skill adds to the first's count
            excluded[reason] = excluded.get(reason, 0) + dropped
        keep &= passes

    if policy.same_department and job.department_id is not None:
        # no department of their own: they serve every department
        apply(
            Exclusion.OTHER_DEPARTMENT,
            (fleet.department == job.department_id) | (fleet.department == -1),
        )
    if job.district:
        apply(Exclusion.OUT_OF_TERRITORY, fleet.covers(job.district))
    apply(Exclusion.OFF_DUTY, fleet.status != _OFF)
    for skill in job.required_skills:
        apply(Exclusion.NO_SKILL, fleet.skill_mask(skill))
    in_hand = fleet.open_jobs - (fleet.ids == job.assignee_id if job.assignee_id else 0)
    apply(Exclusion.FULL, in_hand < fleet.max_jobs)
    if mode is Mode.NOW:
        apply(Exclusion.BUSY, fleet.status == _FREE)
    apply(Exclusion.NO_POSITION, ~np.isnan(fleet.lat))

    chosen = np.flatnonzero(keep)
    if chosen.size == 0:
        return Ranking([], excluded, n)
    # someone busy sets off from the job in hand once it is done; on the way there, the rest of
    # that trip comes first (origin_lat holds their position where no job site is known)
    lat, lon = fleet.lat[chosen], fleet.lon[chosen]
    minutes_per_km = policy.road_factor / policy.speed_kmh * 60.0
    if mode is Mode.NOW:  # everyone listed is free: they set off from where they are
        dist = distances_km(lat, lon, job.lat, job.lon)
        starts = np.zeros(chosen.size)
    else:
        busy = fleet.status[chosen] != _FREE
        has_job = busy & ~np.isnan(fleet.job_lat[chosen])
        origin_lat = np.where(has_job, fleet.job_lat[chosen], lat)
        origin_lon = np.where(has_job, fleet.job_lon[chosen], lon)
        dist = distances_km(origin_lat, origin_lon, job.lat, job.lon)
        heading = has_job & np.isin(fleet.status[chosen], _HEADING)
        to_job = np.where(heading, distances_km(lat, lon, origin_lat, origin_lon), 0.0)
        starts = np.where(busy, policy.current_job_minutes + to_job * minutes_per_km, 0.0)
    eta = starts + dist * minutes_per_km
    load = fleet.open_jobs[chosen]
    if job.assignee_id is not None:  # this very ticket is already in their count
        load = load - (fleet.ids[chosen] == job.assignee_id)
    parts = fleet.parts_count(job.fitting_parts)[chosen]
    served = np.isin(fleet.ids[chosen], np.array(job.previous_technicians, dtype=np.int64))
    score = (
        eta
        + load * policy.minutes_per_open_job
        - (parts > 0) * policy.parts_bonus_minutes
        - served * policy.previous_bonus_minutes
    )
    slack: Floats | None = None
    if job.arrival_due_at is not None:
        slack = (job.arrival_due_at - now).total_seconds() / 60.0 - eta
        score = score + np.maximum(0.0, -slack) * policy.late_weight
    top = np.argsort(score) if chosen.size <= limit else _top(score, limit)
    now_epoch = now.timestamp()
    candidates = []
    for j in top[:limit]:
        i = int(chosen[j])
        m = fleet.members[i]
        fix = fleet.fix_epoch[i]
        candidates.append(
            Candidate(
                technician_id=m.id,
                name=m.name,
                distance_km=float(dist[j]),
                eta_minutes=float(eta[j]),
                starts_after_minutes=float(starts[j]),
                slack_minutes=None if slack is None else float(slack[j]),
                open_jobs=int(load[j]),
                max_open_jobs=int(fleet.max_jobs[i]),
                skill=", ".join(job.required_skills) or None,
                parts_in_van=int(parts[j]),
                served_before=bool(served[j]),
                fix_age_minutes=None if math.isnan(fix) else (now_epoch - fix) / 60.0,
                status=m.status,
                score=float(score[j]),
            )
        )
    return Ranking(candidates, excluded, n)


def score(
    eta: float,
    open_jobs: int,
    parts_in_van: int,
    served_before: bool,
    slack: float | None,
    policy: RankingPolicy,
) -> float:
    """One candidate's score: the same formula `rank` applies column-wise."""
    value = eta + open_jobs * policy.minutes_per_open_job
    value -= policy.parts_bonus_minutes if parts_in_van else 0.0
    value -= policy.previous_bonus_minutes if served_before else 0.0
    if slack is not None and slack < 0:
        value += -slack * policy.late_weight
    return value


def with_road_etas(
    ranking: Ranking,
    road_minutes: dict[int, float],
    job: Job,
    now: datetime,
    policy: RankingPolicy | None = None,
) -> Ranking:
    """The same candidates re-scored with travel times by road where a route service gave them,
    in their new order. Candidates without one keep their straight-line estimate."""
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
    return Ranking(rescored, dict(ranking.excluded), ranking.considered)


def why_not(
    fleet: Fleet,
    job: Job,
    technician_id: int,
    mode: Mode = Mode.NOW,
    policy: RankingPolicy | None = None,
) -> Exclusion | None:
    """The first filter that keeps this technician off the list, or None if none does."""
    policy = policy or RankingPolicy()
    i = fleet.index_of(technician_id)
    if i is None:
        return Exclusion.NO_POSITION
    other_department = job.department_id is not None and fleet.department[i] not in (
        job.department_id,
        -1,
    )
    if policy.same_department and other_department:
        return Exclusion.OTHER_DEPARTMENT
    if job.district and not fleet.covers(job.district)[i]:
        return Exclusion.OUT_OF_TERRITORY
    if fleet.status[i] == _OFF:
        return Exclusion.OFF_DUTY
    if any(not fleet.skill_mask(skill)[i] for skill in job.required_skills):
        return Exclusion.NO_SKILL
    in_hand = fleet.open_jobs[i] - (1 if technician_id == job.assignee_id else 0)
    if in_hand >= fleet.max_jobs[i]:
        return Exclusion.FULL
    if mode is Mode.NOW and fleet.status[i] != _FREE:
        return Exclusion.BUSY
    if math.isnan(fleet.lat[i]):
        return Exclusion.NO_POSITION
    return None


def _top(score: Floats, limit: int) -> npt.NDArray[np.intp]:
    part = np.argpartition(score, limit)[:limit]
    order: npt.NDArray[np.intp] = part[np.argsort(score[part])]
    return order
