"""What a console that was closed missed: the caller's notices of the last hours, for tickets
still open (one closed since needs nobody's attention)."""

from __future__ import annotations

from datetime import datetime

from ..domain.errors import ValidationError
from ..domain.events import Event
from ..domain.model import User
from ..domain.notices import MAX_NOTICES, NOTICE_WINDOW, is_notice_for
from .base import UseCases
from .policy import DESK, allow

PAGE = 500  # events read at a time: most are someone else's notice on a busy desk


class NoticeUseCases(UseCases):
    @allow(DESK)
    def recent_notices(self, since: datetime) -> list[Event]:
        if since.tzinfo is None:
            raise ValidationError("since", "give a time with its time zone")
        since = max(since, self._now() - NOTICE_WINDOW)
        me = self.actor
        found: list[Event] = []
        before: tuple[datetime, int] | None = None
        with self._uow(read_only=True) as uow:
            user = uow.find_one(User, username=me.name)
            department = user.department_id if user is not None else None
            while len(found) < MAX_NOTICES:
                page = uow.notice_events(since, before, PAGE, (me.name, me.role))
                mine = [e for e in page if is_notice_for(e, me.name, me.role, department)]
                still_open = uow.open_ticket_ids(int(e.entity_id) for e in mine)
                found += [e for e in mine if _still_news(e, still_open)]
                if len(page) < PAGE:
                    break
                before = (page[-1].at, page[-1].id)
        return found[:MAX_NOTICES]


def _still_news(event: Event, open_tickets: dict[int, int | None]) -> bool:
    """A notice about a ticket closed since needs nobody; nor does "auto-dispatch left it to a
    person" once a person has dispatched it."""
    ticket_id = int(event.entity_id)
    if ticket_id not in open_tickets:
        return False
    return event.kind != "auto_dispatch" or open_tickets[ticket_id] is None
