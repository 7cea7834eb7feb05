"""A loaded queue page kept current from changed rows, without searching again.

The console holds the first pages of a search (keyset pagination: everything up to the last
row it fetched). When tickets change, it gets just those tickets' rows and places them here:
the same filters and the same order as storage's `search_tickets`, so the list it shows equals
a fresh search without asking for one. What cannot be judged from a row (a phone number or a
name typed in the search box: the customer's numbers and name keys are not in it; a deadline
the two databases order differently) says so, and the console searches once instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..domain.lifecycle import OPEN_STATES
from ..domain.tickets import TicketRow
from ..ports import TicketQuery

MAX_ROWS = 500  # tickets read at once for a batch of changes (ticket_rows, ticket_pins_of)
_NUMBER = re.compile(r"^\s*[Tt]?0*(\d{1,12})\s*$")  # as storage/queries.py reads a ticket number
# sort name -> (the row's key, descending?); the ticket id is always the last key
_SORTS: dict[str, tuple[str, bool]] = {
    "newest": ("id", True),
    "oldest": ("id", False),
    "due": ("due", False),
    "due_last": ("due", True),
    "priority": ("priority", False),
    "priority_low": ("priority", True),
}


class Undecidable(Exception):
    """This row cannot be placed from what it carries: search again."""


def matches(query: TicketQuery, row: TicketRow) -> bool:
    """Whether the search `query` would list this row (paging aside)."""
    t = row.ticket
    statuses = set(query.statuses) if query.statuses else None
    if query.open_only or query.breaching_before is not None:
        statuses = (statuses if statuses is not None else set(OPEN_STATES)) & OPEN_STATES
    if statuses is not None and t.status not in statuses:
        return False
    if query.priorities and t.priority not in set(query.priorities):
        return False
    if query.assignee_id is not None and t.assignee_id != query.assignee_id:
        return False
    if query.created_by is not None and t.created_by != query.created_by:
        return False
    if query.unassigned and t.assignee_id is not None:
        return False
    if query.escalated and row.escalation <= 0:
        return False
    if query.department_id is not None and t.department_id != query.department_id:
        return False
    if query.customer_id is not None and t.customer_id != query.customer_id:
        return False
    if query.breaching_before is not None:
        due = t.next_due_at
        if due is None or not due < query.breaching_before or t.hold_started_at is not None:
            return False
    if query.text and query.text.strip():
        number = _NUMBER.match(query.text)
        text = query.text.strip()
        if not (number and (text[0] in "Tt" or len(number.group(1)) <= 8)):
            raise Undecidable("a phone number or a name: the row does not carry them")
        if t.id != int(number.group(1)):
            return False
    return True


def sort_key(sort: str, row: TicketRow) -> tuple[Any, ...]:
    """The row's place in `sort`, ascending; `descending(sort)` says which way the queue runs."""
    key, _ = _SORTS.get(sort, ("id", True))
    t = row.ticket
    if key == "id":
        return (t.id,)
    if key == "priority":
        return (t.priority.rank, t.id)
    due = t.next_due_at
    if due is None:  # SQLite puts NULL first, PostgreSQL last: only the database knows
        raise Undecidable("a ticket without a deadline in a deadline sort")
    return (due, t.id)


def descending(sort: str) -> bool:
    return _SORTS.get(sort, ("id", True))[1]


def before(sort: str, a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    return a > b if descending(sort) else a < b


@dataclass
class Step:
    """One change to the list, for a view to animate: `old` index (None: inserted) to `new`
    index (None: removed); both set and equal: the row changed in place."""

    ticket_id: int
    old: int | None
    new: int | None


@dataclass
class QueueView:
    """The loaded rows of one search and where its next page would start.

    `bound` is the sort key of the last row fetched while more pages remain (None: everything
    matching is loaded); a changed row that sorts after it belongs to a later page."""

    query: TicketQuery
    rows: list[TicketRow] = field(default_factory=list)
    bound: tuple[Any, ...] | None = None

    def loaded(self, rows: Sequence[TicketRow], more: bool, *, append: bool = False) -> None:
        self.rows = [*self.rows, *rows] if append else list(rows)
        self.bound = None
        if more and self.rows:
            try:
                self.bound = sort_key(self.query.sort, self.rows[-1])
            except Undecidable:  # a later patch would have to guess: see patch()
                self.bound = ("?",)

    def index_of(self, ticket_id: int) -> int | None:
        for i, r in enumerate(self.rows):
            if r.ticket.id == ticket_id:
                return i
        return None

    def patch(self, changed: Iterable[TicketRow], gone: Iterable[int] = ()) -> list[Step]:
        """Place each changed row (or take it out); returns the steps taken, in order. Raises
        Undecidable, with the list untouched, when a row cannot be placed: search again."""
        sort = self.query.sort
        if self.bound == ("?",):
            raise Undecidable("the page ends on a ticket without a deadline")
        plan: list[tuple[TicketRow | None, int, tuple[Any, ...] | None]] = []
        for fresh in changed:  # judge them all first: nothing changes unless all can be placed
            key = sort_key(sort, fresh) if matches(self.query, fresh) else None
            if key is not None and self.bound is not None and before(sort, self.bound, key):
                key = None  # it now sorts into a page not fetched yet
            plan.append((fresh, fresh.ticket.id, key))
        plan.extend((None, ticket_id, None) for ticket_id in gone)
        if any(key is not None for _, _, key in plan):
            for r in self.rows:  # every loaded row must be comparable too
                sort_key(sort, r)
        steps = []
        for row, ticket_id, key in plan:
            old = self.index_of(ticket_id)
            if key is None or row is None:
                if old is not None:
                    del self.rows[old]
                    steps.append(Step(ticket_id, old, None))
                continue
            rest = self.rows if old is None else self.rows[:old] + self.rows[old + 1 :]
            new = next(
                (i for i, r in enumerate(rest) if before(sort, key, sort_key(sort, r))),
                len(rest),
            )
            rest.insert(new, row)
            self.rows = rest
            steps.append(Step(ticket_id, old, new))
        return steps
