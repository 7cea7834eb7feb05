"""The fleet as ranking holds it: every technician's ranking-relevant state, column-wise.

One numpy array per fact, one slot per technician, so a filter over 10,000 technicians is one
vector operation; live updates (a GPS fix, a status change, one more job) write one slot."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime

import numpy as np
import numpy.typing as npt

from .candidates import FleetMember
from .enums import TechnicianStatus

Bools = npt.NDArray[np.bool_]

# statuses are held as small integers: a filter on status is one comparison over the column
STATUS_CODES = {s: i for i, s in enumerate(TechnicianStatus)}


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
        self.status = np.array([STATUS_CODES[m.status] for m in self.members], dtype=np.int8)
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
            self.status[i] = STATUS_CODES[status]
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
