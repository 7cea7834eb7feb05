"""The event log payloads: what changed, as [old, new] per field."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dispatch_console.domain.events import Event, NewEvent, changes


def test_changes_lists_only_fields_that_differ() -> None:
    before = {"priority": "normal", "category": "boiler", "assignee_id": 3}
    after = {"priority": "high", "category": "boiler", "assignee_id": 4}
    assert changes(before, after) == {"priority": ["normal", "high"], "assignee_id": [3, 4]}


def test_no_change_gives_an_empty_payload() -> None:
    snapshot = {"priority": "normal", "description": "leak"}
    assert changes(snapshot, dict(snapshot)) == {}


def test_creation_reports_every_non_empty_field_as_new() -> None:
    assert changes({}, {"priority": "high", "category": "boiler"}) == {
        "priority": [None, "high"],
        "category": [None, "boiler"],
    }


def test_field_set_and_cleared() -> None:
    assert changes({"site_id": None}, {"site_id": 5}) == {"site_id": [None, 5]}
    assert changes({"site_id": 5}, {"site_id": None}) == {"site_id": [5, None]}


def test_fields_only_in_before_are_not_reported() -> None:
    # a partial update only speaks about the fields it touched
    assert changes({"a": 1, "b": 2}, {"a": 1}) == {}


def test_changes_does_not_mutate_its_inputs() -> None:
    before, after = {"a": [1]}, {"a": [2]}
    changes(before, after)
    assert before == {"a": [1]}
    assert after == {"a": [2]}


def test_events_are_immutable() -> None:
    event = Event(1, datetime(2024, 1, 1, tzinfo=UTC), "li.wei", "ticket", "7", "created", {})
    with pytest.raises(AttributeError):
        event.kind = "deleted"  # type: ignore[misc]
    new = NewEvent("ticket", "7", "updated", {"changes": {}})
    with pytest.raises(AttributeError):
        new.entity = "customer"  # type: ignore[misc]
