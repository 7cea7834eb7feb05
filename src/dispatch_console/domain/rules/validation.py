"""A rule is checked before it is saved, against the rules it joins: one that can never match
(an empty area, no weekday, hidden behind an earlier rule that takes all its tickets) or that
sends tickets round between departments is refused, saying why."""

from __future__ import annotations

from dataclasses import fields

from ..errors import ValidationError
from ..geo import check_coordinates
from .model import Area, Conditions, RoutingRule

MAX_NAME = 80
MAX_RADIUS_M = 200_000.0
MAX_CORNERS = 500
# the best candidate's score auto-dispatch accepts: at least a short drive, at most a day's work
MIN_AUTO_WITHIN, MAX_AUTO_WITHIN = 5, 24 * 60


def check_rule(rule: RoutingRule, book: list[RoutingRule]) -> None:
    """Raises ValidationError (field, reason) unless `rule` may join `book` (the other rules;
    a saved rule's earlier version in it is ignored)."""
    name = rule.name.strip()
    if not name or len(name) > MAX_NAME:
        raise ValidationError("name", f"give the rule a name of at most {MAX_NAME} characters")
    c, a = rule.conditions, rule.actions
    if c.area is not None:
        _check_area(c.area)
    if c.hours is not None and not c.hours.days:
        raise ValidationError("hours", "the rule can never match: no weekday is chosen")
    if c.hours is not None and not c.hours.days <= set(range(7)):
        raise ValidationError("hours", "weekdays are 0 (Monday) to 6 (Sunday)")
    if (
        a.department_id is None and a.priority is None and a.sla_class is None
        and not a.required_skills and not a.watchers and not a.auto_dispatch
    ):  # fmt: skip
        raise ValidationError("actions", "the rule does nothing: choose at least one action")
    if not MIN_AUTO_WITHIN <= a.auto_dispatch_within <= MAX_AUTO_WITHIN:
        raise ValidationError(
            "auto_dispatch_within",
            f"auto-dispatch needs a limit of {MIN_AUTO_WITHIN} to {MAX_AUTO_WITHIN} minutes",
        )
    others = [r for r in book if r.id != rule.id and r.enabled]
    if rule.enabled:
        for earlier in sorted(others, key=lambda r: (r.position, r.id)):
            if (earlier.position, earlier.id) >= (rule.position, rule.id or 1 << 62):
                break
            if earlier.stop and _covers(earlier.conditions, c):
                raise ValidationError(
                    "position",
                    f"the rule can never match: \u201c{earlier.name}\u201d comes first and "
                    "takes every ticket it would",
                )
        loop = _department_loop([*others, rule] if rule.enabled else others)
        if loop:
            raise ValidationError(
                "department_id", "the rules would send tickets round in a loop between "
                f"departments {' → '.join(str(d) for d in loop)}",
            )  # fmt: skip


def _check_area(area: Area) -> None:
    if area.center is not None and area.polygon:
        raise ValidationError("area", "either a polygon or a circle, not both")
    if area.center is not None:
        check_coordinates(area.center[0], area.center[1], "area.center")
        if not 0 < area.radius_m <= MAX_RADIUS_M:
            raise ValidationError(
                "area.radius_m", "the radius must be more than 0 and at most 200 km"
            )
        return
    corners = list(dict.fromkeys(area.polygon))
    if len(corners) < 3:
        raise ValidationError("area.polygon", "the rule can never match: an area needs 3 corners")
    if len(corners) > MAX_CORNERS:
        raise ValidationError("area.polygon", f"at most {MAX_CORNERS} corners")
    for lat, lon in corners:
        check_coordinates(lat, lon, "area.polygon")
    twice_area = sum(
        a[0] * b[1] - b[0] * a[1] for a, b in zip(corners, corners[1:] + corners[:1], strict=True)
    )
    if abs(twice_area) < 1e-12:
        raise ValidationError("area.polygon", "the rule can never match: the area is a line")


def _covers(wide: Conditions, narrow: Conditions) -> bool:
    """Every ticket `narrow` matches, `wide` matches too (checked per condition; an area or
    hours on `wide` are never assumed to cover)."""
    for f in fields(Conditions):
        mine, theirs = getattr(wide, f.name), getattr(narrow, f.name)
        if f.name in ("area", "hours"):
            if mine is not None and mine != theirs:
                return False
            continue
        if not mine:
            continue  # any
        if not theirs:
            return False  # narrow takes any, wide only some
        if f.name in ("categories", "asset_models"):
            mine = {x.casefold() for x in mine}
            theirs = {x.casefold() for x in theirs}
        if not set(theirs) <= set(mine):
            return False
    return True


def _department_loop(rules: list[RoutingRule]) -> list[int]:
    """A cycle in "tickets of department X go to Y", if any, as the departments along it."""
    edges: dict[int, set[int]] = {}
    for r in rules:
        to = r.actions.department_id
        if to is None:
            continue
        for frm in r.conditions.department_ids:
            if frm != to:
                edges.setdefault(frm, set()).add(to)
    state: dict[int, int] = {}  # 1: on the path, 2: done
    path: list[int] = []

    def visit(node: int) -> list[int]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return []

    for start in sorted(edges):
        if start not in state:
            found = visit(start)
            if found:
                return found
    return []
