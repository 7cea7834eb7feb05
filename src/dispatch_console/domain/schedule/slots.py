"""The earliest slot each technician can reach a site within a window, given their days.

`ScheduleBoard` keeps every technician's free pieces (day.pieces) column-wise, as ranking's
Fleet keeps positions: asking for a visit is a handful of vector operations over all of them,
not a Python loop over every technician's jobs. `naive_earliest_slots` is that loop, kept as
the reference the board must agree with (tests, bench/schedule.py)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import numpy.typing as npt

from .answers import Miss, Slot
from .day import Piece, TechnicianDay, pieces, travel_from, travel_to
from .records import Visit
from .spans import ceil_minute, moment, seconds
from .travel import STRAIGHT_LINE, TravelTimes, travel_seconds

__all__ = ["Miss", "ScheduleBoard", "Slot", "Slots", "naive_earliest_slots"]

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
_FIELDS = Piece._fields


_MISSES = tuple(Miss)
_FOUND = -1


@dataclass(slots=True)
class Slots:
    """One answer per technician on the board, in the board's order. `arrive`: epoch
    seconds, NaN where there is no slot; `why` holds the Miss's index there, else -1."""

    technician_ids: Ints
    arrive: Floats
    arrival_due: float | None
    why: npt.NDArray[np.int8]

    def slot(self, technician_id: int) -> Slot | None:
        found = np.flatnonzero(self.technician_ids == technician_id)
        if found.size == 0 or math.isnan(self.arrive[found[0]]):
            return None
        return self._slot(int(found[0]))

    def earliest(self, limit: int = 10) -> list[Slot]:
        """The technicians who can be there first (NaN sorts last and is left out)."""
        order = np.argsort(self.arrive, kind="stable")[:limit]
        return [self._slot(int(i)) for i in order if not math.isnan(self.arrive[i])]

    def arrivals_for(self, technician_ids: Ints) -> Floats:
        """Arrivals (epoch seconds) in the order of `technician_ids`, e.g. ranking's Fleet.ids;
        NaN for those without a slot or not on the board."""
        out = np.full(technician_ids.size, np.nan)
        if self.technician_ids.size == 0:
            return out
        order = np.argsort(self.technician_ids)
        ranked = self.technician_ids[order]
        at = np.minimum(np.searchsorted(ranked, technician_ids), ranked.size - 1)
        found = ranked[at] == technician_ids
        out[found] = self.arrive[order[at[found]]]
        return out

    @property
    def miss(self) -> dict[int, Miss]:
        """Every technician without a slot, and why."""
        lost = np.flatnonzero(self.why != _FOUND)
        return {int(self.technician_ids[i]): _MISSES[self.why[i]] for i in lost}

    def _slot(self, i: int) -> Slot:
        at = float(self.arrive[i])
        late = 0.0 if self.arrival_due is None else max(0.0, (at - self.arrival_due) / 60.0)
        return Slot(int(self.technician_ids[i]), moment(at), late)


_FREE = ("free_lo", "free_hi")


@dataclass(slots=True)
class _Columns:
    """The board joined: each technician's pieces (and free spans) one after the other."""

    f: dict[str, Floats]  # every Piece field, then free_lo, free_hi
    ids: Ints
    counts: Ints  # pieces per technician
    free_counts: Ints
    known: Bools  # a position to set off from for a first job
    skills: dict[str, Bools]

    @property
    def tech(self) -> Ints:
        """Each piece's technician, as an index into ids."""
        return np.repeat(np.arange(self.ids.size), self.counts)

    @property
    def free_tech(self) -> Ints:
        return np.repeat(np.arange(self.ids.size), self.free_counts)

    def splice(self, i: int, day: TechnicianDay, part: dict[str, Floats]) -> None:
        """Technician i's rows replaced by a new day's: a few array copies, not a rejoin."""
        for names, counts in ((_FIELDS, self.counts), (_FREE, self.free_counts)):
            start = int(counts[:i].sum())
            stop = start + int(counts[i])
            for name in names:
                self.f[name] = np.concatenate(
                    (self.f[name][:start], part[name], self.f[name][stop:])
                )
            counts[i] = part[names[0]].size
        self.known[i] = day.lat is not None and day.lon is not None
        for skill in day.skills - self.skills.keys():
            self.skills[skill] = np.zeros(self.ids.size, dtype=np.bool_)
        for skill, column in self.skills.items():
            column[i] = skill in day.skills


def _part(day: TechnicianDay) -> dict[str, Floats]:
    found = pieces(day)
    part = {
        name: np.array([p[k] for p in found], dtype=np.float64) for k, name in enumerate(_FIELDS)
    }
    part["free_lo"] = np.array([s.start for s in day.free], dtype=np.float64)
    part["free_hi"] = np.array([s.end for s in day.free], dtype=np.float64)
    return part


class ScheduleBoard:
    """Every technician's days over [since, until), column-wise. `replace` swaps one
    technician's pieces in place (a job booked, an absence entered); adding or removing a
    technician joins the columns again on the next question."""

    def __init__(self, days: Iterable[TechnicianDay], since: datetime, until: datetime) -> None:
        self.since, self.until = seconds(since), seconds(until)
        self.days: dict[int, TechnicianDay] = {}
        self._parts: dict[int, dict[str, Floats]] = {}
        self._index: dict[int, int] = {}
        self._columns: _Columns | None = None
        for day in days:
            self.replace(day)

    def __len__(self) -> int:
        return len(self.days)

    @property
    def piece_count(self) -> int:
        return sum(part["lo"].size for part in self._parts.values())

    def replace(self, day: TechnicianDay) -> None:
        part = _part(day)
        tid = day.technician_id
        self.days[tid] = day
        self._parts[tid] = part
        if self._columns is not None and tid in self._index:
            self._columns.splice(self._index[tid], day, part)
        else:
            self._columns = None

    def remove(self, technician_id: int) -> None:
        self.days.pop(technician_id, None)
        self._parts.pop(technician_id, None)
        self._columns = None

    def subset(self, technician_ids: Iterable[int]) -> ScheduleBoard:
        """A board of these technicians' days as this one has them (those it has): their
        pieces are not worked out again, and changing either board leaves the other as it is."""
        out = ScheduleBoard((), moment(self.since), moment(self.until))
        for tid in technician_ids:
            if tid in self.days:
                out.days[tid] = self.days[tid]
                out._parts[tid] = self._parts[tid]  # arrays never written in place
        return out

    def _join(self) -> _Columns:
        if self._columns is None:
            ids = list(self._parts)
            parts = [self._parts[t] for t in ids]
            days = [self.days[t] for t in ids]
            every = sorted({s for day in days for s in day.skills})
            self._index = {t: i for i, t in enumerate(ids)}
            self._columns = _Columns(
                f={
                    name: np.concatenate([part[name] for part in parts] or [np.empty(0)])
                    for name in (*_FIELDS, *_FREE)
                },
                ids=np.array(ids, dtype=np.int64),
                counts=np.array([part["lo"].size for part in parts], dtype=np.int64),
                free_counts=np.array([part["free_lo"].size for part in parts], dtype=np.int64),
                known=np.array([d.lat is not None and d.lon is not None for d in days], dtype=bool),
                skills={s: np.array([s in d.skills for d in days], dtype=bool) for s in every},
            )
        return self._columns

    def earliest_slots(
        self, visit: Visit, now: datetime, travel: TravelTimes = STRAIGHT_LINE
    ) -> Slots:
        """For every technician, the first whole minute they can arrive within the window."""
        w_lo, w_hi = seconds(visit.window.starts_at), seconds(visit.window.ends_at)
        if w_lo < self.since or w_hi > self.until:
            raise ValueError("the window is not within the board's days; build a longer board")
        c = self._join()
        n = c.ids.size
        able = np.ones(n, dtype=np.bool_)
        for skill in visit.required_skills:
            able &= c.skills.get(skill, np.zeros(n, dtype=np.bool_))
        cur, span = seconds(now), visit.minutes * 60.0
        lo, hi, tech = c.f["lo"], c.f["hi"], c.tech
        # pieces that could hold the job inside the window at all, of technicians who can do it
        keep = (hi - np.maximum(lo, w_lo) >= span) & (lo <= w_hi) & (hi - span >= cur)
        keep &= able[tech]
        idx = np.flatnonzero(keep)
        arrive = np.full(n, np.nan)
        if idx.size:
            p = {name: c.f[name][idx] for name in _FIELDS}
            t_in = travel_seconds(
                travel.to_site(p["from_lat"], p["from_lon"], visit.lat, visit.lon)
            )
            start = np.maximum(np.maximum(p["ready"], cur) + t_in, np.maximum(p["lo"], w_lo))
            start = np.ceil(start / 60.0) * 60.0
            ok = (start <= w_hi) & (start + span <= p["hi"])  # NaN travel fails both
            has_next = np.isfinite(p["next_start"])
            if has_next.any():
                t_out = np.zeros(idx.size)
                t_out[has_next] = travel_seconds(
                    travel.from_site(
                        visit.lat, visit.lon, p["next_lat"][has_next], p["next_lon"][has_next]
                    )
                )
                leave = np.maximum(start + span, p["next_floor"])
                ok &= ~has_next | (leave + t_out <= p["next_start"])
            good = np.flatnonzero(ok)
            if good.size:
                owner = tech[idx[good]]
                # pieces are in time order within a technician: their first good one is earliest
                first = np.ones(good.size, dtype=np.bool_)
                first[1:] = owner[1:] != owner[:-1]
                arrive[owner[first]] = start[good[first]]
        due = None if visit.arrival_due_at is None else seconds(visit.arrival_due_at)
        return Slots(c.ids, arrive, due, _misses(c, able, arrive, span, w_lo, w_hi, cur))


def _misses(
    c: _Columns, able: Bools, arrive: Floats, span: float, w_lo: float, w_hi: float, cur: float
) -> npt.NDArray[np.int8]:
    """Why each technician without a slot has none (the first Miss that holds), else -1."""
    f_lo, f_hi = c.f["free_lo"], c.f["free_hi"]
    fits = (f_hi - np.maximum(np.maximum(f_lo, w_lo), cur) >= span) & (f_lo <= w_hi)
    has_hours = np.zeros(c.ids.size, dtype=np.bool_)
    has_hours[c.free_tech[fits]] = True
    why = np.full(c.ids.size, _MISSES.index(Miss.NO_ROOM), dtype=np.int8)
    for miss, holds in (
        (Miss.NO_POSITION, ~c.known),
        (Miss.NO_HOURS, ~has_hours),
        (Miss.NO_SKILL, ~able),
    ):
        why[holds] = _MISSES.index(miss)  # the last written wins: judged in reverse order
    why[~np.isnan(arrive)] = _FOUND
    return why


def naive_earliest_slots(
    days: Iterable[TechnicianDay],
    visit: Visit,
    now: datetime,
    travel: TravelTimes = STRAIGHT_LINE,
) -> dict[int, datetime | None]:
    """The same answer as `ScheduleBoard.earliest_slots`, one technician and one job at a time
    in plain Python: the reference the board is measured and tested against."""
    w_lo, w_hi = seconds(visit.window.starts_at), seconds(visit.window.ends_at)
    cur, span = seconds(now), visit.minutes * 60.0
    out: dict[int, datetime | None] = {}
    for day in days:
        out[day.technician_id] = None
        if not set(visit.required_skills) <= day.skills:
            continue
        for p in pieces(day):
            if p.hi - max(p.lo, w_lo) < span or p.lo > w_hi or p.hi - span < cur:
                continue
            t_in = travel_to(travel, p.from_lat, p.from_lon, visit.lat, visit.lon)
            start = (
                ceil_minute(max(max(p.ready, cur) + t_in, p.lo, w_lo))
                if not math.isnan(t_in)
                else math.nan
            )
            if not (start <= w_hi and start + span <= p.hi):
                continue
            if math.isfinite(p.next_start):
                t_out = travel_from(travel, visit.lat, visit.lon, p.next_lat, p.next_lon)
                if not max(start + span, p.next_floor) + t_out <= p.next_start:
                    continue
            out[day.technician_id] = moment(start)
            break
    return out
