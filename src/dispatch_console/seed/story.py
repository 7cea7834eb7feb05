"""One ticket's life, step by step, through the same use cases the console and the app call."""

from __future__ import annotations

import math
import struct
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ..domain.calls import Callback
from ..domain.enums import Channel, Priority, TicketStatus
from ..domain.model import Customer, Technician
from ..domain.tickets import Ticket, TicketDraft
from ..services import Services
from .cast import Cast, customer_number
from .reference import Equipment
from .shanghai import CANCEL_REASONS, CHASE_COMMENTS, FAR_CHECKIN_REASONS, REOPEN_REASONS

TECH_COMMENTS = (
    "已联系客户，预计30分钟到达",
    "现场排查中，初步判断为配件老化",
    "已向客户说明故障原因",
)
CLOSE_NOTES = ("回访满意，结单", "客户确认修复", "")


@dataclass(slots=True)
class TicketStory:
    """The state one ticket's steps share: the latest ticket version, technician, callback."""

    cast: Cast
    equipment: Equipment
    customer: Customer
    channel: Channel
    priority: Priority
    fault: tuple[str, str, str]
    wrong_department: int | None = None
    ticket: Ticket | None = None
    tech: Technician | None = None
    checked_in_at: datetime | None = None
    callback: Callback | None = None
    agent: str = "agent1"
    extras: dict[str, Any] = field(default_factory=dict)

    # --- helpers -------------------------------------------------------------------------------
    @property
    def t(self) -> Ticket:
        assert self.ticket is not None, "the ticket is created by the story's first step"
        return self.ticket

    @property
    def now(self) -> datetime:
        return self.cast.clock.now()

    def _tech_services(self) -> Services:
        assert self.tech is not None
        return self.cast.technician(self.tech.id)

    def _move(self, services: Services, target: TicketStatus, reason: str | None = None) -> None:
        self.ticket = services.transition(self.t.id, self.t.version, target, reason)

    def _pick_technician(self, avoid: int | None = None) -> Technician:
        crew = self.cast.world.technicians[self.equipment.trade.code]
        choices = [t for t in crew if t.id != avoid] or crew
        return self.cast.rng.choice(choices)

    # --- steps ---------------------------------------------------------------------------------
    def create(self) -> None:
        rng = self.cast.rng
        self.agent = self.cast.agent_name()
        category, symptom, _ = self.fault
        asset = self.equipment.asset
        description = f"{symptom}。设备：{asset.model}，序列号 {asset.serial}。"
        if rng.random() < 0.3:
            description += rng.choice(
                ("客户希望今天处理。", "现场有人配合。", "请上门前电话联系。")
            )
        dept = self.wrong_department or self.cast.world.departments[self.equipment.trade.code].id
        draft = TicketDraft(
            self.channel,
            category,
            self.priority,
            description,
            customer_id=self.customer.id,
            site_id=self.equipment.site.id,
            asset_id=asset.id,
            contact_name=self.customer.name,
            contact_phone=customer_number(self.customer) if rng.random() < 0.6 else None,
            department_id=dept,
        )
        call_id = None
        if self.channel is Channel.PHONE:
            start = self.now - timedelta(seconds=rng.randint(60, 150))
            call_id = self.cast.phone_call(
                start,
                customer_number(self.customer),
                inbound=True,
                agent=self.agent,
                talk_s=rng.randint(70, 200),
            )
        services = self.cast.portal() if self.channel is Channel.SELF_SERVICE else None
        self.ticket = (services or self.cast.agent(self.agent)).create_ticket(draft)
        if call_id is not None:
            self.cast.agent(self.agent).link_call(call_id, self.t.id)

    def transfer(self) -> None:
        dept = self.cast.world.departments[self.equipment.trade.code]
        self.ticket = self.cast.supervisor().transfer(
            self.t.id, self.t.version, dept.id, f"报修类别有误，转交{dept.name}"
        )

    def assign(self) -> None:
        self.tech = self._pick_technician()
        who = self.cast.supervisor() if self.cast.rng.random() < 0.6 else self.cast.agent()
        self.ticket = who.assign(self.t.id, self.t.version, self.tech.id)

    def reassign(self) -> None:
        self.tech = self._pick_technician(avoid=self.tech.id if self.tech else None)
        self.cast.supervisor().add_comment(self.t.id, "原技术员另有紧急工单，改派")
        self.ticket = self.cast.supervisor().assign(self.t.id, self.t.version, self.tech.id)

    def accept(self) -> None:
        self._move(self._tech_services(), TicketStatus.ACCEPTED)

    def en_route(self) -> None:
        self._move(self._tech_services(), TicketStatus.EN_ROUTE)

    def check_in(self) -> None:
        rng, site = self.cast.rng, self.equipment.site
        far = rng.random() < 0.1
        fake_radius = rng.uniform(450, 900) if far else rng.uniform(10, 150)
        lat, lon = _offset(site.lat, site.lon, fake_radius, rng.random())
        self._tech_services().check_in(
            self.t.id,
            lat,
            lon,
            accuracy_m=round(rng.uniform(30, 90) if far else rng.uniform(5, 40), 1),
            device_time=self.now - timedelta(seconds=rng.randint(1, 20)),
            reason=rng.choice(FAR_CHECKIN_REASONS) if far else None,
        )
        self.ticket = self.cast.agent().get_ticket(self.t.id)
        self.checked_in_at = self.now

    def in_progress(self) -> None:
        self._move(self._tech_services(), TicketStatus.IN_PROGRESS)

    def tech_comment(self) -> None:
        self._tech_services().add_comment(self.t.id, self.cast.rng.choice(TECH_COMMENTS))

    def chase(self) -> None:
        """The customer rings to ask where the technician is; the agent notes it on the ticket."""
        rng = self.cast.rng
        agent = self.cast.agent_name()
        call_id = self.cast.phone_call(
            self.now,
            customer_number(self.customer),
            inbound=True,
            agent=agent,
            talk_s=rng.randint(30, 120),
        )
        self.cast.agent(agent).link_call(call_id, self.t.id)
        self.cast.agent(agent).add_comment(self.t.id, rng.choice(CHASE_COMMENTS))

    def hold(self) -> None:
        reason = "等待配件到货" if self.t.status is not TicketStatus.NEW else "客户要求改期上门"
        # holding and resuming a job are the desk's steps, even when the technician asks
        self._move(self.cast.agent(), TicketStatus.ON_HOLD, reason)

    def resume(self) -> None:
        assert self.t.held_from is not None
        self._move(self.cast.agent(), self.t.held_from)
        self.checked_in_at = self.now  # the work log counts from the return to site

    def work(self) -> None:
        """Log the time on site, use parts from the van, and resolve."""
        rng, trade = self.cast.rng, self.equipment.trade
        assert self.tech is not None and self.checked_in_at is not None
        span = min(self.now - self.checked_in_at, timedelta(hours=10))
        services = self._tech_services()
        services.log_work(
            self.t.id,
            self.now - span * 0.95,
            self.now - span * 0.02,
            rng.choice(trade.work_notes),
        )
        for part in rng.sample(self.cast.world.parts[trade.code], rng.choice((0, 1, 1, 2))):
            key = (self.tech.id, part.id)
            quantity = 2 if rng.random() < 0.2 else 1
            if self.cast.world.stock.get(key, 0) >= quantity:
                services.consume_part(self.t.id, part.id, quantity)
                self.cast.world.stock[key] -= quantity
        if rng.random() < 0.25:
            services.attach(
                self.t.id, f"现场照片_{self.t.number}.png", site_photo(rng.getrandbits(24))
            )
        self._move(services, TicketStatus.RESOLVED)

    def schedule_callback(self) -> None:
        """The resolution scheduled the callback (the callback rules); an agent picks it up."""
        waiting = self.cast.agent().ticket_history(self.t.id).callbacks
        self.callback = next((c for c in waiting if c.status.value == "pending"), None)

    def request_callback(self) -> None:
        due = self.now + timedelta(hours=self.cast.rng.uniform(1, 8))
        self.cast.agent().schedule_callback(
            customer_number(self.customer), due, reason="customer_request", ticket_id=self.t.id
        )

    def callback_call(self, reached: bool, happy: bool = True) -> None:
        if self.callback is None or self.callback.status.value != "pending":
            return  # no number to call, or already done
        rng = self.cast.rng
        agent = self.cast.agent_name()
        talk = rng.randint(40, 150) if reached else None
        self.cast.phone_call(
            self.now, customer_number(self.customer), inbound=False, agent=agent, talk_s=talk
        )
        if reached:
            score = rng.choice((4, 5, 5, 5, 3)) if happy else rng.choice((1, 2))
            comment = "" if happy else "客户反映故障仍存在"
            self.callback = self.cast.agent(agent).record_callback(
                self.callback.id,
                self.callback.version,
                "reached",
                satisfaction=score,
                problem_fixed=happy,
                comment=comment,
            )
            if self.callback.reopened:  # back to dispatch: the story goes on from there
                self.ticket = self.cast.agent(agent).get_ticket(self.t.id)
                self.callback = None
        else:
            self.callback = self.cast.agent(agent).record_callback(
                self.callback.id, self.callback.version, rng.choice(("no_answer", "busy"))
            )

    def close(self) -> None:
        services = self.cast.supervisor()
        note = self.cast.rng.choice(CLOSE_NOTES)
        if note:
            services.add_comment(self.t.id, note)
        self._move(services, TicketStatus.CLOSED)

    def reopen(self) -> None:
        self._move(self.cast.agent(), TicketStatus.REOPENED, self.cast.rng.choice(REOPEN_REASONS))
        self.callback = None

    def cancel(self) -> None:
        self._move(self.cast.agent(), TicketStatus.CANCELLED, self.cast.rng.choice(CANCEL_REASONS))


def tiny_png(rgb: int) -> bytes:
    """A valid 8x8 one-colour PNG (tests use it: its colour is known)."""
    pixel = rgb.to_bytes(3, "big")
    return _png(8, 8, [pixel * 8] * 8)


def site_photo(rgb: int, width: int = 320, height: int = 240) -> bytes:
    """A stand-in for the photo a technician takes on site: a wall shading into the floor, and a
    grey cabinet with a coloured panel (the `rgb`). Big enough to look like a photo in the viewer,
    a few KB on disk."""
    panel = rgb.to_bytes(3, "big")
    left, right, top, bottom = width // 3, width * 2 // 3, height // 5, height * 4 // 5
    rows = []
    for y in range(height):
        shade = 235 - (y * 70) // height if y < bottom else 150
        wall = bytes((shade, shade, min(255, shade + 8)))
        if top <= y < bottom:
            inner = panel if top + 20 <= y < top + 50 else b"\x70\x74\x78"
            body = b"\x50\x54\x58" * 6 + inner * (right - left - 12) + b"\x50\x54\x58" * 6
            rows.append(wall * left + body + wall * (width - right))
        else:
            rows.append(wall * width)
    return _png(width, height, rows)


def _png(width: int, height: int, rows: list[bytes]) -> bytes:
    raw = b"".join(b"\x00" + row for row in rows)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _offset(lat: float, lon: float, metres: float, turn: float) -> tuple[float, float]:
    bearing = turn * 2 * math.pi
    dlat = metres * math.cos(bearing) / 111_320.0
    dlon = metres * math.sin(bearing) / (111_320.0 * math.cos(math.radians(lat)))
    return round(lat + dlat, 6), round(lon + dlon, 6)
