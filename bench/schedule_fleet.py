"""A realistic Shanghai fleet for the dispatch board's benchmark and screenshots: technicians
in district teams named as the demo names people, office hours with lunch, three to four
visits a day each with travel between them, a few on leave, some visits late or at risk,
and jobs still waiting to be scheduled."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from dispatch_console.domain.schedule import (
    Absence,
    AbsenceKind,
    AppointmentWindow,
    HolidayCalendar,
    PlannedJob,
    WeeklyHours,
)
from dispatch_console.domain.schedule.day import TechnicianDay
from dispatch_console.domain.sla import Risk
from dispatch_console.seed.shanghai import (
    COMPANIES,
    GIVEN_ONE,
    GIVEN_TWO,
    HUBS,
    SITE_KINDS,
    SURNAMES,
)
from dispatch_console.ui.schedule.board import TechnicianInfo
from dispatch_console.ui.schedule.cards import JobCard

ZONE = ZoneInfo("Asia/Shanghai")
SINCE = datetime(2026, 3, 2, tzinfo=ZONE)  # a Monday
NOW = SINCE + timedelta(hours=10, minutes=20)
TEAMS = ("黄浦维修组", "徐汇维修组", "静安维修组", "长宁维修组")
SKILLS = ("printer", "hvac", "lift", "network")
TEAM_HUBS = (0, 1, 3, 2)  # Huangpu, Xuhui, Jing'an, Changning: the demo's central districts


@dataclass(slots=True)
class Fleet:
    departments: list[tuple[int, str]]
    technicians: list[TechnicianInfo]
    days: list[TechnicianDay]
    cards: list[JobCard]
    waiting: list[JobCard]

    @property
    def job_count(self) -> int:
        return sum(len(d.jobs) for d in self.days)


def _name(rng: random.Random) -> str:
    given = rng.choice(GIVEN_TWO) if rng.random() < 0.6 else rng.choice(GIVEN_ONE)
    return rng.choice(SURNAMES) + given


def _site(rng: random.Random, team: int = 0) -> tuple[str, float, float]:
    """A customer site, mostly in the team's own district (a team covers its area)."""
    hub = HUBS[TEAM_HUBS[team - 1]] if team and rng.random() < 0.85 else rng.choice(HUBS)
    company = rng.choice(COMPANIES)[0]
    lat = hub.lat + rng.gauss(0, hub.radius_m / 111_320 / 2)
    lon = hub.lon + rng.gauss(0, hub.radius_m / 95_000 / 2)
    return f"{company}{rng.choice(SITE_KINDS)}", lat, lon


def demo_fleet(
    technicians: int = 200, days: int = 3, jobs: int = 2000, waiting: int = 12, seed: int = 25
) -> Fleet:
    rng = random.Random(seed)
    until = SINCE + timedelta(days=days)
    week, calendar = WeeklyHours.office(), HolidayCalendar("CN")
    per_day = jobs / (technicians * days) * 1.03  # what leave takes off the plan, put back
    cards: list[JobCard] = []
    out: list[TechnicianDay] = []
    people: list[TechnicianInfo] = []
    number = 0
    for tid in range(1, technicians + 1):
        team = (tid - 1) % len(TEAMS) + 1
        people.append(TechnicianInfo(tid, _name(rng), team))
        planned: list[PlannedJob] = []
        for d in range(days):
            count = int(per_day) + (rng.random() < per_day % 1)
            at = SINCE + timedelta(days=d, hours=8, minutes=rng.choice((45, 60, 75, 90)))
            for _ in range(count):
                minutes = rng.choice((45, 60, 60, 90, 120))
                lunch = at.replace(hour=12, minute=0)
                if at < lunch + timedelta(hours=1) and at + timedelta(minutes=minutes) > lunch:
                    at = lunch + timedelta(hours=1)  # not over lunch
                number += 1
                title, lat, lon = _site(rng, team)
                start = at.astimezone(UTC)  # what storage gives: aware UTC
                window = AppointmentWindow(start - timedelta(hours=1), start + timedelta(hours=2))
                due, risk = None, Risk.OK
                roll = rng.random()
                if roll < 0.04:  # the SLA's arrival deadline passes before the planned arrival
                    due, risk = start - timedelta(minutes=40), Risk.BREACHED
                elif roll < 0.10:
                    due, risk = start + timedelta(minutes=20), Risk.AT_RISK
                cards.append(
                    JobCard(
                        number,
                        f"GD{start:%y%m%d}{number:04d}",
                        title,
                        lat,
                        lon,
                        minutes,
                        window,
                        due,
                        (rng.choice(SKILLS),),
                        risk,
                    )
                )
                planned.append(PlannedJob(number, start, minutes, lat, lon))
                gap = rng.choice((15, 25, 30, 40, 50))
                at = (start + timedelta(minutes=minutes + gap)).astimezone(ZONE)
        absences = []
        if rng.random() < 0.05:
            off = SINCE + timedelta(days=rng.randrange(days))
            kind = rng.choice((AbsenceKind.LEAVE, AbsenceKind.SICKNESS))
            absences.append(
                Absence(
                    tid, tid, kind, off.astimezone(UTC), (off + timedelta(days=1)).astimezone(UTC)
                )
            )
            planned = [j for j in planned if not off <= j.starts_at < off + timedelta(days=1)]
        elif rng.random() < 0.04:
            off = SINCE + timedelta(days=rng.randrange(days), hours=13)
            absences.append(
                Absence(
                    tid,
                    tid,
                    AbsenceKind.TRAINING,
                    off.astimezone(UTC),
                    (off + timedelta(hours=4)).astimezone(UTC),
                )
            )
            planned = [j for j in planned if not off <= j.starts_at < off + timedelta(hours=4)]
        _, lat, lon = _site(rng, team)
        skills = [*rng.sample(SKILLS, 2), "printer"]
        out.append(
            TechnicianDay.build(
                tid,
                skills,
                week,
                ZONE,
                SINCE,
                until,
                calendar=calendar,
                absences=absences,
                jobs=planned,
                position=(lat, lon),
            )
        )
    queue = []
    for i in range(waiting):
        number += 1
        title, lat, lon = _site(rng)
        start = SINCE + timedelta(days=rng.randrange(days), hours=rng.choice((9, 10, 13, 14)))
        start = start.astimezone(UTC)
        queue.append(
            JobCard(
                number,
                f"GD{SINCE:%y%m%d}{number:04d}",
                title,
                lat,
                lon,
                rng.choice((60, 90)),
                AppointmentWindow(start, start + timedelta(hours=3)),
                start + timedelta(hours=4) if i % 3 == 0 else None,
                ("printer",),
            )
        )
    return Fleet(list(enumerate(TEAMS, 1)), people, out, cards, queue)
