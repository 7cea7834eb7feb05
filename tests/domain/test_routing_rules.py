"""Routing rules: a table of tickets in, the department (and priority, skills, watchers,
auto-dispatch) out; rules that can never match or that loop are refused with a reason."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from dispatch_console.domain.enums import Channel, Priority, SlaClass, TechnicianStatus
from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.ranking import Candidate
from dispatch_console.domain.rules.dispatch import decide
from dispatch_console.domain.rules.engine import RuleBook, inside_polygon, within_hours
from dispatch_console.domain.rules.model import (
    Actions,
    Area,
    Conditions,
    Hours,
    RoutingRule,
    TicketFacts,
)
from dispatch_console.domain.rules.validation import check_rule

LIFTS, HVAC, PUDONG, NIGHT = 1, 2, 3, 4
# Pudong, roughly: a quadrilateral east of the Huangpu
PUDONG_AREA = Area(polygon=((31.26, 121.50), (31.26, 121.70), (31.10, 121.70), (31.10, 121.50)))
PEOPLES_SQUARE = (31.2304, 121.4737)
MONDAY_10 = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
MONDAY_23 = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 23:00
TUESDAY_03 = datetime(2026, 11, 23, 19, 0, tzinfo=UTC)  # 03:00 on Tuesday
SUNDAY_10 = datetime(2026, 11, 29, 2, 0, tzinfo=UTC)


def rule(rid: int, name: str, *, stop: bool = True, **kw: object) -> RoutingRule:
    conditions = {k: v for k, v in kw.items() if k in Conditions.__dataclass_fields__}
    actions = {k: v for k, v in kw.items() if k in Actions.__dataclass_fields__}
    return RoutingRule(rid, name, rid * 10, Conditions(**conditions), Actions(**actions), stop)  # type: ignore[arg-type]


BOOK = [
    rule(1, "Lifts at night go to the night shift", categories=frozenset({"Lift"}),
         hours=Hours(frozenset(range(7)), time(22), time(7)), department_id=NIGHT,
         priority=Priority.HIGH, watchers=("supervisor1",)),
    rule(2, "VIP customer 42", customer_ids=frozenset({42}), priority=Priority.CRITICAL,
         sla_class=SlaClass.PREMIUM, stop=False),
    rule(3, "Lifts", categories=frozenset({"lift"}), department_id=LIFTS,
         required_skills=("lift",), auto_dispatch=True),
    rule(4, "Pudong HVAC", categories=frozenset({"hvac"}), area=PUDONG_AREA,
         department_id=PUDONG, required_skills=("hvac",)),
    rule(5, "HVAC near People's Square by chat", categories=frozenset({"hvac"}),
         channels=frozenset({Channel.CHAT}),
         area=Area(center=PEOPLES_SQUARE, radius_m=3000), department_id=HVAC,
         auto_dispatch=True),
    rule(6, "HVAC elsewhere", categories=frozenset({"hvac"}), department_id=HVAC),
]  # fmt: skip


def facts(category: str, at: datetime = MONDAY_10, **kw: object) -> TicketFacts:
    kw.setdefault("channel", Channel.PHONE)
    kw.setdefault("priority", Priority.NORMAL)
    return TicketFacts(category=category, at=at, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("ticket", "department", "priority", "skills", "auto", "rules"),
    [
        (facts("lift"), LIFTS, Priority.NORMAL, ["lift"], True, [3]),
        (facts("LIFT", MONDAY_23), NIGHT, Priority.HIGH, [], False, [1]),
        (facts("lift", TUESDAY_03), NIGHT, Priority.HIGH, [], False, [1]),  # the same night
        (facts("lift", customer_id=42), LIFTS, Priority.CRITICAL, ["lift"], True, [2, 3]),
        (facts("hvac", lat=31.22, lon=121.55), PUDONG, Priority.NORMAL, ["hvac"], False, [4]),
        (facts("hvac", lat=31.235, lon=121.48, channel=Channel.CHAT), HVAC, Priority.NORMAL,
         [], True, [5]),
        (facts("hvac", lat=31.235, lon=121.48), HVAC, Priority.NORMAL, [], False, [6]),
        (facts("hvac"), HVAC, Priority.NORMAL, [], False, [6]),  # no site: in no area
        (facts("printer", department_id=7), 7, Priority.NORMAL, [], False, []),
    ],
)  # fmt: skip
def test_tickets_in_departments_out(
    ticket: TicketFacts, department: int, priority: Priority, skills: list[str], auto: bool,
    rules: list[int],
) -> None:  # fmt: skip
    routing = RuleBook(BOOK).route(ticket)
    assert routing.department_id == department
    assert routing.priority is priority
    assert routing.required_skills == skills
    assert routing.auto_dispatch is auto
    assert [rid for rid, _ in routing.matched] == rules


def test_the_vip_rule_adds_its_class_and_the_night_rule_its_watcher() -> None:
    vip = RuleBook(BOOK).route(facts("printer", customer_id=42))
    assert (vip.sla_class, vip.priority) == (SlaClass.PREMIUM, Priority.CRITICAL)
    night = RuleBook(BOOK).route(facts("lift", MONDAY_23))
    assert night.watchers == ["supervisor1"]


def test_disabled_rules_and_weekdays() -> None:
    weekdays = rule(9, "Weekdays", categories=frozenset({"kiosk"}), department_id=HVAC,
                    hours=Hours(frozenset(range(5)), time(9), time(18)))  # fmt: skip
    book = RuleBook([weekdays])
    assert book.route(facts("kiosk")).department_id == HVAC
    assert book.route(facts("kiosk", SUNDAY_10)).department_id is None
    weekdays.enabled = False
    assert RuleBook([weekdays]).route(facts("kiosk")).matched == []


def test_geometry_and_hours_helpers() -> None:
    assert inside_polygon(31.2, 121.6, PUDONG_AREA.polygon)
    assert not inside_polygon(31.2, 121.4, PUDONG_AREA.polygon)
    night = Hours(frozenset({0}), time(22), time(7))  # Monday night only
    assert within_hours(night, 0, time(23)) and within_hours(night, 1, time(3))
    assert not within_hours(night, 2, time(3)) and not within_hours(night, 0, time(3))


# --- validation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "field", "words"),
    [
        (rule(20, "", department_id=HVAC), "name", "name"),
        (rule(20, "Nothing", categories=frozenset({"x"})), "actions", "does nothing"),
        (rule(20, "Line", department_id=HVAC,
              area=Area(polygon=((31.0, 121.0), (31.1, 121.1), (31.2, 121.2)))),
         "area.polygon", "a line"),
        (rule(20, "Two", department_id=HVAC, area=Area(polygon=((31.0, 121.0), (31.1, 121.1)))),
         "area.polygon", "3 corners"),
        (rule(20, "Circle", department_id=HVAC, area=Area(center=(31.0, 121.0), radius_m=0)),
         "area.radius_m", "more than 0"),
        (rule(20, "Far", department_id=HVAC, area=Area(center=(95.0, 121.0), radius_m=10)),
         "area.center.lat", "outside"),
        (rule(20, "No day", department_id=HVAC, hours=Hours(frozenset(), time(9), time(18))),
         "hours", "no weekday"),
    ],
)  # fmt: skip
def test_a_rule_that_can_never_match_is_refused(bad: RoutingRule, field: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_rule(bad, BOOK)
    assert caught.value.field == field and words in str(caught.value)


def test_a_rule_hidden_behind_an_earlier_one_is_refused() -> None:
    # rule 3 takes every lift ticket and stops: a later rule for lifts of customer 7 never runs
    hidden = rule(7, "Customer 7's lifts", categories=frozenset({"LIFT"}),
                  customer_ids=frozenset({7}), department_id=HVAC)  # fmt: skip
    with pytest.raises(ValidationError, match="“Lifts” comes first"):
        check_rule(hidden, BOOK)
    hidden.position = 25  # before rule 3: it runs first, and is fine
    check_rule(hidden, BOOK)
    # an earlier rule limited to some hours does not hide a later one
    check_rule(rule(8, "Night lifts, customer 7", categories=frozenset({"lift"}),
                    customer_ids=frozenset({7}), department_id=HVAC), [BOOK[0]])  # fmt: skip


def test_rules_that_send_tickets_round_between_departments_are_refused() -> None:
    there = rule(30, "Lifts to HVAC", department_ids=frozenset({LIFTS}), department_id=HVAC)
    back = rule(31, "HVAC to lifts", department_ids=frozenset({HVAC}), department_id=LIFTS)
    check_rule(there, BOOK)
    with pytest.raises(ValidationError, match="loop between departments 1 → 2 → 1"):
        check_rule(back, [*BOOK, there])
    back.enabled = False  # a switched-off rule loops nothing
    check_rule(back, [*BOOK, there])


# --- auto-dispatch ------------------------------------------------------------------------------


def candidate(tid: int, name: str, score: float, slack: float | None = 30.0) -> Candidate:
    return Candidate(tid, name, 3.0, score, 0.0, slack, 1, 4, "lift", 0, False, 2.0,
                     TechnicianStatus.AVAILABLE, score)  # fmt: skip


def test_the_best_candidate_gets_the_job_when_the_ranking_is_clear() -> None:
    ranked = [candidate(1, "王伟", 18), candidate(2, "李强", 25)]
    decision = decide(ranked, declined=set())
    assert (decision.technician_id, decision.code) == (1, "assigned")
    assert "王伟 is the best candidate" in decision.reason


def test_a_technician_who_declined_is_not_offered_the_job_again() -> None:
    ranked = [candidate(1, "王伟", 18), candidate(2, "李强", 25)]
    assert decide(ranked, declined={1}).technician_id == 2
    everyone = decide(ranked, declined={1, 2})
    assert (everyone.technician_id, everyone.code) == (None, "all_declined")


def test_a_person_decides_when_the_best_is_far_late_or_missing() -> None:
    far = decide([candidate(1, "王伟", 95), candidate(2, "李强", 120)], declined=set())
    assert (far.technician_id, far.code) == (None, "score_too_high")
    assert [s[0] for s in far.suggestions] == [1, 2]  # the ranking goes with it
    late = decide([candidate(1, "王伟", 40, slack=-12)], declined=set())
    assert late.code == "late" and "12 min after the deadline" in late.reason
    assert decide([], declined=set()).code == "no_candidate"
