"""Errors a user reads: each says what is wrong and what to do about it."""

from __future__ import annotations

from dispatch_console.domain.errors import (
    ConflictError,
    DomainError,
    DuplicateError,
    IllegalTransition,
    NotFound,
    PermissionDenied,
    ValidationError,
)


def test_validation_error_names_field_and_row() -> None:
    err = ValidationError("phone", "too short")
    assert str(err) == "phone: too short"
    assert err.to_dict() == {
        "code": "validation_error",
        "message": "phone: too short",
        "field": "phone",
        "reason": "too short",
        "row": None,
    }
    assert str(ValidationError("phone", "too short", row=12)) == "row 12: phone: too short"


def test_conflict_error_says_who_changed_what_and_what_to_do() -> None:
    err = ConflictError(
        "ticket",
        42,
        expected_version=3,
        current_version=5,
        changed_fields=["priority", "assignee_id"],
        changed_by=["li.wei"],
        current={"priority": "high"},
    )
    message = str(err)
    assert "ticket 42 was changed by li.wei since you opened it" in message
    assert "your version 3, now 5" in message
    assert "changed: priority, assignee_id" in message
    assert message.endswith("Reload it and apply your change again.")
    assert err.current == {"priority": "high"}
    assert err.to_dict() == {
        "code": "conflict",
        "message": message,
        "entity": "ticket",
        "entity_id": 42,
        "expected_version": 3,
        "current_version": 5,
        "changed_fields": ["priority", "assignee_id"],
        "changed_by": ["li.wei"],
        "current": {"priority": "high"},
    }


def test_conflict_error_without_details_still_tells_what_to_do() -> None:
    err = ConflictError("customer", 7, 1, 2)
    assert "changed: unknown fields" in str(err)
    assert " by " not in str(err)
    assert "Reload it and apply your change again." in str(err)
    assert err.current == {}


def test_illegal_transition_lists_the_allowed_next_states() -> None:
    err = IllegalTransition("resolved", "in_progress", ["closed", "reopened"])
    assert str(err) == (
        "a ticket that is resolved cannot become in_progress; allowed next states: closed, reopened"
    )
    assert err.to_dict() == {
        "code": "illegal_transition",
        "message": str(err),
        "current": "resolved",
        "target": "in_progress",
        "allowed": ["closed", "reopened"],
    }


def test_illegal_transition_from_a_final_state_says_it_is_final() -> None:
    assert str(IllegalTransition("cancelled", "new", [])).endswith("none (the ticket is final)")


def test_not_found_and_duplicate_messages() -> None:
    assert str(NotFound("ticket", 9)) == "ticket 9 does not exist"
    assert NotFound("ticket", 9).to_dict()["code"] == "not_found"
    dup = DuplicateError("username", "li.wei")
    assert str(dup) == "username: li.wei is already in use"
    assert dup.to_dict()["code"] == "duplicate"


def test_every_error_is_a_domain_error_with_its_own_code() -> None:
    kinds = [ValidationError, NotFound, DuplicateError, IllegalTransition, ConflictError]
    kinds.append(PermissionDenied)
    assert all(issubclass(k, DomainError) for k in kinds)
    codes = [k.code for k in kinds]
    assert len(set(codes)) == len(codes)
    assert PermissionDenied("supervisors only").to_dict() == {
        "code": "permission_denied",
        "message": "supervisors only",
    }
