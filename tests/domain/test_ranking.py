"""Ranking: every hard filter, every part of the score, both modes, and live updates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from dispatch_console.domain.enums import TechnicianStatus as S
from dispatch_console.domain.ranking import (
    Exclusion,
    Fleet,
    FleetMember,
    Job,
    Mode,
    RankingPolicy,
    SlotColumns,
    distances_km,
    rank,
    why_not,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SITE = (31.2304, 121.4737)  # People's Square


def member(id: int, km_north: float, **kw: object) -> FleetMember:
    defaults: dict[str, object] = {
        "name": f"tech{id}",
        "department_id": 1,
        "skills": ("lift",),
        "status": S.AVAILABLE,
        "max_open_jobs": 5,
        "lat": SITE[0] + km_north / 111.2,
        "lon": SITE[1],
        "position_at": NOW - timedelta(minutes=2),
    }
    defaults.update(kw)
    return FleetMember(id=id, **defaults)  # type: ignore[arg-type]


def job(**kw: object) -> Job:
    kw.setdefault("required_skills", ("lift",))
    return Job(ticket_id=1, lat=SITE[0], lon=SITE[1], department_id=1, **kw)  # type: ignore[arg-type]


def test_nearest_free_technician_first_and_eta_uses_road_factor_and_speed() -> None:
    fleet = Fleet([member(1, 5.0), member(2, 1.0), member(3, 3.0)])
    result = rank(fleet, job(), NOW)
    assert [c.technician_id for c in result.candidates] == [2, 3, 1]
    first = result.candidates[0]
    assert first.distance_km == pytest.approx(1.0, rel=0.01)
    assert first.eta_minutes == pytest.approx(1.0 * 1.35 / 25 * 60, rel=0.01)
    assert first.fix_age_minutes == pytest.approx(2.0)


def test_hard_filters_exclude_and_count_why() -> None:
    fleet = Fleet(
        [
            member(1, 1.0),
            member(2, 0.5, department_id=2),
            member(3, 0.5, status=S.OFF_DUTY),
            member(4, 0.5, skills=("hvac",)),
            member(5, 0.5, open_jobs=5),
            member(6, 0.5, status=S.ON_SITE),
            member(7, 0.5, lat=None, lon=None, position_at=None),
        ]
    )
    result = rank(fleet, job(), NOW)
    assert [c.technician_id for c in result.candidates] == [1]
    assert result.excluded == {
        Exclusion.OTHER_DEPARTMENT: 1,
        Exclusion.OFF_DUTY: 1,
        Exclusion.NO_SKILL: 1,
        Exclusion.FULL: 1,
        Exclusion.BUSY: 1,
        Exclusion.NO_POSITION: 1,
    }
    assert result.considered == 7


def test_a_job_needing_two_skills_goes_only_to_technicians_with_both() -> None:
    fleet = Fleet(
        [
            member(1, 0.5, skills=("lift",)),
            member(2, 3.0, skills=("lift", "high-voltage")),
            member(3, 0.2, skills=("high-voltage",)),
        ]
    )
    both = job(required_skills=("lift", "high-voltage"))
    result = rank(fleet, both, NOW)
    assert [c.technician_id for c in result.candidates] == [2]
    assert result.excluded == {Exclusion.NO_SKILL: 2}
    assert result.candidates[0].skill == "lift, high-voltage"
    assert why_not(fleet, both, 1) is Exclusion.NO_SKILL
    assert why_not(fleet, both, 2) is None


def slots(fleet: Fleet, minutes: dict[int, float], opens: datetime = NOW) -> SlotColumns:
    """The schedule's answer: arrival this many minutes from now per technician (others none)."""
    arrive = np.array(
        [
            (NOW + timedelta(minutes=minutes[int(i)])).timestamp() if int(i) in minutes else np.nan
            for i in fleet.ids
        ]
    )
    return SlotColumns(arrive, opens.timestamp())


def test_slot_mode_ranks_by_the_schedules_earliest_arrival_busy_or_not() -> None:
    fleet = Fleet([member(1, 10.0), member(2, 0.2, status=S.ON_SITE), member(3, 1.0)])
    now_only = rank(fleet, job(), NOW, Mode.NOW)
    assert [c.technician_id for c in now_only.candidates] == [3, 1]
    # 2 is on a job nearby until 10:00, then 5 minutes away; 3 has a visit until 11:00
    answer = slots(fleet, {1: 33.0, 2: 65.0, 3: 125.0})
    later = rank(fleet, job(), NOW, Mode.SLOT, slots=answer)
    assert [c.technician_id for c in later.candidates] == [1, 2, 3]
    by_id = {c.technician_id: c for c in later.candidates}
    assert by_id[2].eta_minutes == pytest.approx(65.0)
    assert by_id[2].score == pytest.approx(65.0)
    assert later.mode is Mode.SLOT


def test_slot_mode_counts_the_wait_from_when_the_window_opens() -> None:
    fleet = Fleet([member(1, 1.0, open_jobs=2), member(2, 8.0), member(3, 3.0)])
    opens = NOW + timedelta(hours=5)  # this afternoon, 14:00 Shanghai time
    answer = slots(fleet, {1: 300.0, 2: 300.0, 3: 320.0}, opens)
    result = rank(fleet, job(), NOW, Mode.SLOT, slots=answer)
    # 1 and 2 both make the start of the window, but 1 has two jobs in hand (20 min each); 3
    # arrives 20 minutes into it
    assert [c.technician_id for c in result.candidates] == [2, 3, 1]
    assert [c.score for c in result.candidates] == pytest.approx([0.0, 20.0, 40.0])
    assert result.candidates[0].eta_minutes == pytest.approx(300.0)


def test_without_a_slot_a_technician_is_excluded_and_told_why() -> None:
    fleet = Fleet([member(1, 1.0), member(2, 2.0), member(3, 1.0, status=S.OFF_DUTY)])
    answer = slots(fleet, {2: 90.0, 3: 600.0})
    result = rank(fleet, job(), NOW, Mode.SLOT, slots=answer)
    # off duty now, but tomorrow's shift has a slot: the schedule judges in slot mode
    assert [c.technician_id for c in result.candidates] == [2, 3]
    assert result.excluded == {Exclusion.NO_SLOT: 1}
    assert why_not(fleet, job(), 1, Mode.SLOT, slots=answer) is Exclusion.NO_SLOT
    assert why_not(fleet, job(), 3, Mode.NOW) is Exclusion.OFF_DUTY
    with pytest.raises(ValueError, match="slots"):
        rank(fleet, job(), NOW, Mode.SLOT)


def test_older_consoles_asking_after_the_current_job_get_the_slot() -> None:
    assert Mode("after_current") is Mode.SLOT


def test_load_parts_and_history_move_candidates_and_say_so() -> None:
    fleet = Fleet(
        [
            member(1, 2.0, open_jobs=3),  # close but loaded: +60 min
            member(2, 4.0, parts=frozenset({42})),  # carries the part: -15 min
            member(3, 4.0),
            member(4, 4.1),
        ]
    )
    result = rank(fleet, job(fitting_parts=frozenset({42, 43}), previous_technicians=(4,)), NOW)
    order = [c.technician_id for c in result.candidates]
    assert order == [2, 4, 3, 1]
    by_id = {c.technician_id: c for c in result.candidates}
    assert by_id[2].parts_in_van == 1 and not by_id[3].parts_in_van
    assert by_id[4].served_before and not by_id[3].served_before
    assert by_id[1].open_jobs == 3 and by_id[1].max_open_jobs == 5


def test_sla_slack_and_lateness() -> None:
    due = NOW + timedelta(minutes=20)
    fleet = Fleet([member(1, 2.0), member(2, 12.0)])
    result = rank(fleet, job(arrival_due_at=due), NOW)
    near, far = result.candidates
    assert near.slack_minutes == pytest.approx(20 - near.eta_minutes)
    assert far.slack_minutes is not None and far.slack_minutes < 0  # would arrive late
    late_penalised = far.eta_minutes + (-far.slack_minutes) * RankingPolicy().late_weight
    assert far.score == pytest.approx(late_penalised)


def test_any_department_when_the_policy_allows_it() -> None:
    fleet = Fleet([member(1, 1.0, department_id=2)])
    assert not rank(fleet, job(), NOW).candidates
    assert rank(fleet, job(), NOW, policy=RankingPolicy(same_department=False)).candidates


def test_live_updates_and_out_of_order_fixes() -> None:
    fleet = Fleet([member(1, 5.0), member(2, 1.0)])
    assert rank(fleet, job(), NOW).candidates[0].technician_id == 2
    assert fleet.move(1, SITE[0], SITE[1], NOW)  # tech 1 arrives next door
    assert rank(fleet, job(), NOW).candidates[0].technician_id == 1
    assert not fleet.move(1, 0.0, 0.0, NOW - timedelta(minutes=10))  # an old fix: ignored
    assert rank(fleet, job(), NOW).candidates[0].technician_id == 1
    fleet.set_status(1, S.EN_ROUTE)
    assert rank(fleet, job(), NOW).candidates[0].technician_id == 2
    fleet.set_open_jobs(2, 5)
    assert rank(fleet, job(), NOW).candidates == []


def test_only_the_top_few_become_objects_in_score_order() -> None:
    fleet = Fleet([member(i, 0.1 * (50 - i)) for i in range(50)])
    result = rank(fleet, job(), NOW, limit=5)
    assert [c.technician_id for c in result.candidates] == [49, 48, 47, 46, 45]


def test_distances_match_a_known_pair() -> None:
    import numpy as np

    # Shanghai People's Square to the Oriental Pearl Tower: about 2.6 km
    d = distances_km(np.array([31.2304]), np.array([121.4737]), 31.2397, 121.4998)
    assert d[0] == pytest.approx(2.67, abs=0.05)


def test_why_not_names_the_first_filter_a_technician_fails() -> None:
    fleet = Fleet(
        [
            member(1, 1.0),
            member(2, 1.0, status=S.OFF_DUTY, skills=("hvac",)),
            member(3, 1.0, skills=("hvac",)),
            member(4, 1.0, status=S.ON_SITE),
        ]
    )
    assert why_not(fleet, job(), 1) is None
    assert why_not(fleet, job(), 2) is Exclusion.OFF_DUTY  # the first that applies
    assert why_not(fleet, job(), 3) is Exclusion.NO_SKILL
    assert why_not(fleet, job(), 4) is Exclusion.BUSY
    assert why_not(fleet, job(), 4, Mode.SLOT, slots=slots(fleet, {4: 70.0})) is None


def test_road_times_replace_estimates_and_can_change_the_order() -> None:
    from dispatch_console.domain.ranking import with_road_etas

    fleet = Fleet([member(1, 1.0), member(2, 2.0), member(3, 3.0)])
    due = NOW + timedelta(minutes=30)
    straight = rank(fleet, job(arrival_due_at=due), NOW)
    assert [c.technician_id for c in straight.candidates] == [1, 2, 3]
    # across the river: 1 km as the crow flies is 40 minutes by road
    road = with_road_etas(straight, {1: 40.0, 2: 12.0}, job(arrival_due_at=due), NOW)
    assert [c.technician_id for c in road.candidates] == [3, 2, 1]
    by_id = {c.technician_id: c for c in road.candidates}
    assert by_id[2].eta_by_road and by_id[2].eta_minutes == 12.0
    assert by_id[1].slack_minutes == pytest.approx(-10.0)  # late by road
    assert not by_id[3].eta_by_road  # no road time: the estimate stands


def test_territories_keep_technicians_to_their_districts() -> None:
    from dispatch_console.domain.ranking import why_not

    fleet = Fleet(
        [
            member(1, 1.0, districts=("徐汇区",)),
            member(2, 2.0, districts=("黄浦区", "静安区")),
            member(3, 3.0),  # no territory: goes anywhere
        ]
    )
    result = rank(fleet, job(district="黄浦区"), NOW)
    assert [c.technician_id for c in result.candidates] == [2, 3]
    assert result.excluded == {Exclusion.OUT_OF_TERRITORY: 1}
    assert why_not(fleet, job(district="黄浦区"), 1) is Exclusion.OUT_OF_TERRITORY
    assert [c.technician_id for c in rank(fleet, job(), NOW).candidates] == [1, 2, 3]


def test_the_current_assignee_is_not_charged_for_this_ticket_and_no_department_means_any() -> None:
    fleet = Fleet(
        [
            member(1, 1.0, open_jobs=5),  # full, but one of the five is this ticket
            member(2, 1.5, department_id=None),  # no department: serves every department
        ]
    )
    result = rank(fleet, job(assignee_id=1), NOW)
    by_id = {c.technician_id: c for c in result.candidates}
    assert set(by_id) == {1, 2}
    assert by_id[1].open_jobs == 4
    assert [c.technician_id for c in rank(fleet, job(), NOW).candidates] == [2]  # 1 is full
