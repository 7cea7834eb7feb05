"""Simulated activity for `dispatch-console --demo`: technicians drive around, customers report
faults through the QR page, technicians accept and set off. Everything goes through the use
cases, so the console sees it exactly as it would see real work (through the change feed)."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ..domain.enums import Channel, Priority, TechnicianStatus, TicketStatus
from ..domain.errors import DomainError
from ..domain.tickets import TicketDraft
from ..ports import Actor, TicketQuery
from ..services import Services

FAULTS = (
    ("printer", "打印机卡纸，指示灯闪烁"),
    ("lift", "电梯门无法正常关闭"),
    ("hvac", "空调不制冷，出风口有异味"),
    ("kiosk", "自助终端触摸屏无响应"),
    ("network", "交换机端口指示灯全灭，网络中断"),
)
STEP_METERS = 250.0  # how far a moving technician gets between two ticks


@dataclass
class DemoActivity:
    """Call `tick()` every few seconds (off the GUI thread); each tick does a few things."""

    services: Services
    rng: random.Random = field(default_factory=lambda: random.Random(7))
    _asset_ids: list[int] = field(default_factory=list)
    ticks: int = 0

    def tick(self) -> list[str]:
        self.ticks += 1
        done = [self._drive()]
        if self.rng.random() < 0.15:
            done.append(self._self_service_report())
        if self.rng.random() < 0.3:
            done.append(self._technician_moves_on())
        return [d for d in done if d]

    def _drive(self) -> str:
        moving = [
            t
            for t in self.services.list_technicians()
            if t.lat is not None
            and t.lon is not None
            and t.status in (TechnicianStatus.EN_ROUTE, TechnicianStatus.AVAILABLE)
        ]
        if not moving:
            return ""
        tech = self.rng.choice(moving)
        assert tech.lat is not None and tech.lon is not None
        heading = self.rng.uniform(0, 2 * math.pi)
        dlat = STEP_METERS * math.cos(heading) / 111_320
        dlon = STEP_METERS * math.sin(heading) / (111_320 * math.cos(math.radians(tech.lat)))
        self.services.report_position(
            tech.id, tech.lat + dlat, tech.lon + dlon, self.rng.uniform(5, 30), datetime.now(UTC)
        )
        return f"{tech.name} moved"

    def _self_service_report(self) -> str:
        if not self._asset_ids:
            page = self.services.search_tickets(TicketQuery(sort="newest", limit=200))
            self._asset_ids = sorted({r.ticket.asset_id for r in page.items if r.ticket.asset_id})
        if not self._asset_ids:
            return ""
        asset = self.services.get_asset(self.rng.choice(self._asset_ids))
        category, text = self.rng.choice(FAULTS)
        portal = self.services.as_actor(Actor("qr-portal", role="agent"))
        ticket = portal.create_ticket(
            TicketDraft(
                Channel.SELF_SERVICE,
                asset.category or category,
                Priority.NORMAL,
                f"{text}（扫码报修，设备 {asset.serial}）",
                asset_id=asset.id,
            )
        )
        return f"self-service ticket {ticket.number}"

    def _technician_moves_on(self) -> str:
        """An assigned job gets accepted, or an accepted one gets under way."""
        page = self.services.search_tickets(
            TicketQuery(
                statuses=[TicketStatus.ASSIGNED, TicketStatus.ACCEPTED], sort="due", limit=20
            )
        )
        if not page.items:
            return ""
        ticket = self.rng.choice(page.items).ticket
        target = (
            TicketStatus.ACCEPTED
            if ticket.status is TicketStatus.ASSIGNED
            else TicketStatus.EN_ROUTE
        )
        try:
            self.services.transition(ticket.id, ticket.version, target)
        except DomainError:  # an agent got there first: that is what real life looks like too
            return ""
        return f"{ticket.number} {target.value}"
