"""Closed vocabularies and how user or wire input is turned into them."""

from __future__ import annotations

from enum import StrEnum

import pytest

from dispatch_console.domain.enums import (
    Channel,
    Priority,
    TicketStatus,
    parse_enum,
)
from dispatch_console.domain.errors import ValidationError


@pytest.mark.parametrize("raw", ["high", "HIGH", " High ", "high\n", Priority.HIGH])
def test_parse_enum_accepts_members_and_forgiving_text(raw: object) -> None:
    assert parse_enum(Priority, raw, "priority") is Priority.HIGH


def test_parse_enum_error_names_the_field_and_lists_allowed_values() -> None:
    with pytest.raises(ValidationError) as info:
        parse_enum(Priority, "urgent", "priority")
    err = info.value
    assert err.field == "priority"
    assert "'urgent'" in err.reason
    assert "expected one of: critical, high, normal, low" in err.reason
    assert str(err).startswith("priority: ")


@pytest.mark.parametrize("raw", [None, 3, "", "on hold"])
def test_parse_enum_rejects_garbage(raw: object) -> None:
    with pytest.raises(ValidationError) as info:
        parse_enum(TicketStatus, raw, "status")
    assert info.value.field == "status"
    assert "on_hold" in info.value.reason


def test_a_member_of_another_enum_is_parsed_by_value() -> None:
    class Other(StrEnum):
        PHONE = "phone"

    assert parse_enum(Channel, Other.PHONE, "channel") is Channel.PHONE


def test_priority_rank_sorts_most_urgent_first() -> None:
    assert [p.rank for p in Priority] == [0, 1, 2, 3]
    assert sorted([Priority.LOW, Priority.CRITICAL, Priority.NORMAL], key=lambda p: p.rank) == [
        Priority.CRITICAL,
        Priority.NORMAL,
        Priority.LOW,
    ]


def test_values_are_stable_wire_identifiers() -> None:
    # these strings are stored in the database and sent over the wire: renaming one is a migration
    assert [s.value for s in TicketStatus] == [
        "new",
        "assigned",
        "accepted",
        "en_route",
        "on_site",
        "in_progress",
        "on_hold",
        "resolved",
        "closed",
        "reopened",
        "cancelled",
    ]
    assert TicketStatus.ON_HOLD == "on_hold"
    assert f"{Channel.SELF_SERVICE}" == "self_service"
