"""The list and its explanations agree, over random fleets and tickets: whoever `rank` lists has
no reason not to be there and the score `assess` gives them; whoever it leaves out either has a
reason (counted once, under the first filter they fail) or scores no better than the last one
listed. In slot mode the same holds with the schedule's answers (random earliest arrivals,
some technicians with none): the schedule is one more filter and the arrival the time."""

from __future__ import annotations

import math
from collections import Counter
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dispatch_console.domain.enums import TechnicianStatus
from dispatch_console.domain.ranking import (
    FILTERS,
    Candidate,
    Exclusion,
    Fleet,
    FleetMember,
    Job,
    Mode,
    RankingPolicy,
    SlotColumns,
    assess,
    rank,
    why_not,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SKILLS = ("lift", "hvac", "printer")
DISTRICTS = ("黄浦区", "徐汇区", "静安区")
DEPARTMENTS = st.none() | st.integers(1, 3)
# a few kilometres around People's Square
LATS = st.floats(31.15, 31.30, allow_nan=False)
LONS = st.floats(121.40, 121.55, allow_nan=False)


def _subset(items: tuple[str, ...]) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(items), unique=True, max_size=len(items)).map(tuple)


@st.composite
def members(draw: st.DrawFn, id: int) -> FleetMember:
    located = draw(st.booleans())
    on_a_job = draw(st.booleans())
    return FleetMember(
        id=id,
        name=f"tech{id}",
        department_id=draw(DEPARTMENTS),
        skills=draw(_subset(SKILLS)),
        status=draw(st.sampled_from(TechnicianStatus)),
        max_open_jobs=draw(st.integers(1, 4)),
        open_jobs=draw(st.integers(0, 5)),
        lat=draw(LATS) if located else None,
        lon=draw(LONS) if located else None,
        position_at=NOW - timedelta(minutes=draw(st.integers(0, 90))) if located else None,
        parts=frozenset(draw(st.sets(st.integers(1, 6), max_size=3))),
        districts=draw(_subset(DISTRICTS)),
        job_lat=draw(LATS) if on_a_job else None,
        job_lon=draw(LONS) if on_a_job else None,
    )


@st.composite
def fleets(draw: st.DrawFn) -> list[FleetMember]:
    size = draw(st.integers(0, 25))
    # ids need not be 1..n: the fleet's slots are not its ids
    ids = draw(st.lists(st.integers(1, 10_000), unique=True, min_size=size, max_size=size))
    return [draw(members(i)) for i in ids]


@st.composite
def slot_columns(draw: st.DrawFn, size: int) -> SlotColumns:
    """The schedule's answer: an arrival per technician within a day, or none (NaN)."""
    window_start = NOW + timedelta(minutes=draw(st.integers(-60, 600)))
    arrive = [
        math.nan
        if draw(st.booleans())
        else (window_start + timedelta(minutes=draw(st.integers(0, 480)))).timestamp()
        for _ in range(size)
    ]
    return SlotColumns(np.array(arrive, dtype=np.float64), window_start.timestamp())


@st.composite
def jobs(draw: st.DrawFn, ids: list[int]) -> Job:
    due = draw(st.none() | st.integers(-30, 300))
    return Job(
        ticket_id=1,
        lat=draw(LATS),
        lon=draw(LONS),
        required_skills=draw(_subset(SKILLS)),
        department_id=draw(DEPARTMENTS),
        district=draw(st.sampled_from(("", *DISTRICTS))),
        arrival_due_at=None if due is None else NOW + timedelta(minutes=due),
        fitting_parts=frozenset(draw(st.sets(st.integers(1, 6), max_size=3))),
        previous_technicians=tuple(draw(st.lists(st.sampled_from(ids), max_size=3))) if ids else (),
        assignee_id=draw(st.none() | st.sampled_from(ids)) if ids else None,
    )


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_the_list_and_its_explanations_agree(data: st.DataObject) -> None:
    crew = data.draw(fleets())
    ids = [m.id for m in crew]
    job = data.draw(jobs(ids))
    mode = data.draw(st.sampled_from(Mode))
    policy = RankingPolicy(same_department=data.draw(st.booleans()))
    limit = data.draw(st.integers(1, 8))
    fleet = Fleet(crew)
    slots = data.draw(slot_columns(len(crew))) if mode is Mode.SLOT else None

    ranking = rank(fleet, job, NOW, mode, policy, limit, slots)

    listed = [c.technician_id for c in ranking.candidates]
    assert ranking.considered == len(crew)
    assert len(set(listed)) == len(listed)
    scores = [c.score for c in ranking.candidates]
    assert scores == sorted(scores)
    for shown in ranking.candidates:
        assert why_not(fleet, job, shown.technician_id, mode, policy, slots) is None
        alone = assess(fleet, job, shown.technician_id, NOW, mode, policy, slots)
        assert isinstance(alone, Candidate)
        # the same formula on a column of one: equal but for the last bit of sin and cos
        assert alone.score == pytest.approx(shown.score, rel=1e-12, abs=1e-9)
        assert alone.eta_minutes == pytest.approx(shown.eta_minutes, rel=1e-12, abs=1e-9)
        assert alone.open_jobs == shown.open_jobs
        assert alone.parts_in_van == shown.parts_in_van
        assert alone.served_before == shown.served_before

    reasons: Counter[Exclusion] = Counter()
    left_out: list[Candidate] = []
    for technician in set(ids) - set(listed):
        outcome = assess(fleet, job, technician, NOW, mode, policy, slots)
        assert (outcome if isinstance(outcome, Exclusion) else None) == why_not(
            fleet, job, technician, mode, policy, slots
        )
        if isinstance(outcome, Exclusion):
            reasons[outcome] += 1
        else:
            left_out.append(outcome)
    assert dict(reasons) == ranking.excluded  # every one left out for a reason is counted
    if slots is not None:  # a slot is the time: listed or not, a later arrival never waits less
        for shown in ranking.candidates:
            i = fleet.index_of(shown.technician_id)
            assert i is not None
            arrive = NOW + timedelta(minutes=shown.eta_minutes)
            assert arrive.timestamp() == pytest.approx(slots.arrive[i], abs=1e-6)
        assert reasons[Exclusion.NO_SLOT] <= int(np.isnan(slots.arrive).sum())
    if left_out:  # left out with no reason: only because the list was full of better ones
        assert len(listed) == limit
        assert min(c.score for c in left_out) >= scores[-1] - 1e-9
    else:
        assert len(listed) <= limit


def test_the_filters_apply_in_the_order_their_reasons_are_listed() -> None:
    assert [f.reason for f in FILTERS] == list(Exclusion)


def test_a_technician_outside_the_fleet_has_no_position_there() -> None:
    fleet = Fleet([])
    job = Job(ticket_id=1, lat=31.23, lon=121.47)
    assert why_not(fleet, job, 7) is Exclusion.NO_POSITION
    assert assess(fleet, job, 7, NOW) is Exclusion.NO_POSITION
