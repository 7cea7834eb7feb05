"""The supervisor's live board in one call: calls ringing now, missed calls not called back,
open tickets by state and SLA risk, technicians by status and place, and today's first-time-fix
rate and callback satisfaction (today in the desk's time zone)."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..domain.board import AT_RISK_WITHIN_S, RINGING_FOR_AT_MOST_S, Board
from ..domain.calls import Call, Callback
from ..domain.desk_zone import DEFAULT_TIMEZONE
from ..domain.enums import CallbackReason, CallbackStatus, CallOutcome, TicketStatus
from ..domain.errors import ValidationError
from ..domain.lifecycle import OPEN_STATES
from ..ports import TicketQuery
from .base import Context, UseCases
from .callbacks import CallbackUseCases
from .dispatch import DispatchUseCases
from .policy import SUPERVISORS, allow
from .tickets import TicketUseCases

URGENT = 8  # the board lists the tickets nearest their deadline


class BoardUseCases(UseCases):
    def __init__(
        self,
        ctx: Context,
        dispatch: DispatchUseCases,
        tickets: TicketUseCases,
        callbacks: CallbackUseCases,
    ) -> None:
        super().__init__(ctx)
        self._dispatch, self._tickets, self._callbacks = dispatch, tickets, callbacks

    @allow(SUPERVISORS)
    def live_board(self, timezone: str = DEFAULT_TIMEZONE) -> Board:
        try:
            zone = ZoneInfo(timezone)
        except (ValueError, ZoneInfoNotFoundError):
            raise ValidationError("timezone", f"unknown time zone {timezone!r}") from None
        now = self._now()
        board = Board(now)
        with self._uow(read_only=True) as uow:
            fresh = now - timedelta(seconds=RINGING_FOR_AT_MOST_S)
            board.ringing = sorted(
                (c for c in uow.find(Call, outcome=CallOutcome.RINGING.value)
                 if c.offered_at >= fresh),
                key=lambda c: c.offered_at,
            )  # fmt: skip
            missed = uow.find(Callback, status=CallbackStatus.PENDING.value,
                              reason=CallbackReason.MISSED_CALL.value)  # fmt: skip
            board.missed_waiting = len(missed)
            board.oldest_missed_at = min((c.created_at or c.due_at for c in missed), default=None)
            counts = uow.open_ticket_counts(now, now + timedelta(seconds=AT_RISK_WITHIN_S))
        board.breached = counts.pop("breached", 0)
        board.at_risk = counts.pop("at_risk", 0)
        board.unassigned = counts.pop("unassigned", 0)
        board.by_status = counts
        board.technicians = self._dispatch.fleet()
        working = [s for s in OPEN_STATES if s is not TicketStatus.ON_HOLD]
        board.urgent = self._tickets.search_tickets(
            TicketQuery(statuses=working, sort="due", limit=URGENT)
        ).items
        midnight = now.astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)
        stats = self._callbacks.callback_stats(midnight, now + timedelta(seconds=1), timezone)
        board.resolved_today = stats.resolved_tickets
        board.first_time_fix_rate = stats.first_time_fix_rate
        answers = sum(n for _day, _avg, n in stats.satisfaction_by_day)
        if answers:
            total = sum(avg * n for _day, avg, n in stats.satisfaction_by_day)
            board.satisfaction = total / answers
        board.callbacks_done_today = stats.callbacks_done
        return board
