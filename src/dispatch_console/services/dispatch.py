"""Who should go: the ticket as ranking sees it, the fleet, and the ranking itself."""

from __future__ import annotations

from ..domain.candidates import FleetMember, Job, Mode, Ranking, RankingPolicy, TicketPin
from ..domain.errors import ValidationError
from ..domain.model import Asset, Part, Site, Technician
from ..domain.pins import JobInHand, pin_of
from ..domain.tickets import Ticket
from ..ports import UnitOfWork
from .base import UseCases
from .policy import DESK, OWN_JOB, allow
from .queue_view import MAX_ROWS

MAX_CANDIDATES = 100
PREVIOUS_TECHNICIANS = 3
HISTORY_LOOKBACK = 50  # the customer's most recent tickets searched for who served them


class DispatchUseCases(UseCases):
    @allow(DESK, technician=OWN_JOB)
    def dispatch_job(self, ticket_id: int) -> Job:
        """What the ticket needs, for ranking: where, which skills, which parts fit, who knows the
        customer, and by when the technician must arrive."""
        with self._uow(read_only=True) as uow:
            return self._job(uow, uow.get(Ticket, ticket_id))

    @allow(DESK)
    def fleet(self) -> list[FleetMember]:
        """Every technician with their position, status, load, van stock and the site of the
        job in hand."""
        with self._uow(read_only=True) as uow:
            return self._fleet(uow)

    def _fleet(self, uow: UnitOfWork) -> list[FleetMember]:
        return self._fleet_with(uow)[0]

    def _fleet_with(
        self, uow: UnitOfWork
    ) -> tuple[list[FleetMember], list[Technician], dict[int, JobInHand]]:
        """The fleet, and the technicians and jobs in hand it was made of (slot mode builds
        the technicians' days from them). Counts and jobs in hand are read as such: reading
        every open ticket whole was most of a ranking's time."""
        counts = uow.open_job_counts()
        in_hand = uow.jobs_in_hand()
        members = []
        technicians = uow.technicians(None)
        for t in technicians:
            member = _member(t, counts.get(t.id, 0))
            job = in_hand.get(t.id)
            if job is not None:
                member.job_lat, member.job_lon = job.lat, job.lon
            members.append(member)
        return members, technicians, in_hand

    @allow(DESK)
    def ticket_pins(self) -> list[TicketPin]:
        """Open tickets with a site, for the map: where, priority, and how the SLA stands."""
        with self._uow(read_only=True) as uow:
            return self._pins(uow.open_ticket_sites())

    @allow(DESK)
    def ticket_pins_of(self, ticket_ids: list[int]) -> list[TicketPin]:
        """The pins of just these tickets (those still open and with a site): a map kept
        current from the change feed reads what changed, not every open ticket."""
        if len(ticket_ids) > MAX_ROWS:
            raise ValidationError("ticket_ids", f"at most {MAX_ROWS} at a time")
        with self._uow(read_only=True) as uow:
            return self._pins(uow.open_ticket_sites(list(dict.fromkeys(ticket_ids))))

    def _pins(self, rows: list[tuple[Ticket, float, float]]) -> list[TicketPin]:
        now = self._now()
        return [pin_of(ticket, lat, lon, now) for ticket, lat, lon in rows]

    @allow(DESK)
    def rank_technicians(
        self, ticket_id: int, mode: Mode | str = Mode.NOW, limit: int = 10
    ) -> Ranking:
        """Who should go: free now and nearest (NOW), or by the earliest slot each technician
        can reach the site within the ticket's appointment window, from now when it has none
        (SLOT), each with the reason in `Candidate.slot` and those without one in `no_slot`."""
        try:
            mode = Mode(mode)
        except ValueError:
            raise ValidationError("mode", f"{mode!r} is not one of now, slot") from None
        if not 1 <= limit <= MAX_CANDIDATES:
            raise ValidationError("limit", f"between 1 and {MAX_CANDIDATES}")
        # numpy: loaded by the first ranking, not at start
        from ..domain.ranking import Fleet, rank

        policy = RankingPolicy()
        now = self._now()
        with self._uow(read_only=True) as uow:
            ticket = uow.get(Ticket, ticket_id)
            job = self._job(uow, ticket)
            members, technicians, in_hand = self._fleet_with(uow)
            fleet = Fleet(members)
            if mode is Mode.NOW:
                return rank(fleet, job, now, mode, policy, limit)
            from .slot_days import slot_days
            from .slot_search import rank_by_slot, search_slots

            kept = None if self._ctx.nested else slot_days(self._shared)
            search = search_slots(
                uow, ticket, job, fleet, technicians, in_hand, now, policy, self.desk, days=kept
            )
        return rank_by_slot(search, fleet, job, policy, limit)

    def _job(self, uow: UnitOfWork, ticket: Ticket) -> Job:
        if ticket.site_id is None:
            raise ValidationError(
                "site_id", "the ticket has no site; choose one to rank technicians by distance"
            )
        site = uow.get(Site, ticket.site_id)
        skills: tuple[str, ...] = ()
        fitting = frozenset[int]()
        if ticket.asset_id is not None:
            asset = uow.get(Asset, ticket.asset_id)
            skills = (asset.category,) if asset.category else ()
            wanted = {asset.model, asset.category} - {""}
            fitting = frozenset(p.id for p in uow.find(Part) if wanted & set(p.fits))
        if ticket.required_skills:  # a routing rule's words beat the asset's category
            skills = tuple(ticket.required_skills)
        previous: list[int] = []
        if ticket.customer_id is not None:
            for t in uow.find(
                Ticket, order_by="-id", limit=HISTORY_LOOKBACK, customer_id=ticket.customer_id
            ):
                if t.id != ticket.id and t.assignee_id and t.assignee_id not in previous:
                    previous.append(t.assignee_id)
        return Job(
            ticket_id=ticket.id,
            lat=site.lat,
            lon=site.lon,
            required_skills=skills,
            department_id=ticket.department_id,
            district=site.district,
            arrival_due_at=ticket.arrival_due_at if ticket.arrived_at is None else None,
            fitting_parts=fitting,
            previous_technicians=tuple(previous[:PREVIOUS_TECHNICIANS]),
            assignee_id=ticket.assignee_id,
        )


def _member(t: Technician, open_jobs: int) -> FleetMember:
    return FleetMember(
        id=t.id,
        name=t.name,
        department_id=t.department_id,
        skills=t.skills,
        status=t.status,
        max_open_jobs=t.max_open_jobs,
        open_jobs=open_jobs,
        lat=t.lat,
        lon=t.lon,
        position_at=t.position_at,
        parts=frozenset(s.part_id for s in t.van_stock if s.quantity > 0),
        districts=t.districts,
    )
