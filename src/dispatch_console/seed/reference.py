"""The demo's reference data, created through the services: people, places, equipment, parts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from ..domain.enums import SlaClass
from ..domain.model import Asset, Customer, Department, Part, Site, Technician
from ..ports import Actor
from ..services import Services
from .catalogue import TRADES, Trade
from .clock import SimClock
from .people import Faker
from .shanghai import COMPANIES, HUBS, SITE_KINDS

ServicesFor = Callable[[Actor], Services]

STAFF = (  # username, role, display name, extension
    ("admin", "admin", "系统管理员", None),
    ("supervisor1", "supervisor", "调度主管 沈敏", None),
    ("agent1", "agent", "客服 陆佳琪", "8001"),
    ("agent2", "agent", "客服 周浩然", "8002"),
)
CUSTOMER_NOTES = (
    "VIP客户，上门前请先电话联系",
    "只在工作日上午方便",
    "小区门禁需提前登记车牌",
    "Prefers English; call the mobile first",
    "",
)


@dataclass(slots=True)
class Login:
    username: str
    role: str
    name: str
    extension: str | None = None


@dataclass(slots=True)
class Equipment:
    """An asset with what a ticket about it needs: its trade, site and who may report it."""

    asset: Asset
    trade: Trade
    site: Site
    contacts: list[Customer]


@dataclass(slots=True)
class World:
    actors: dict[str, Actor] = field(default_factory=dict)
    logins: list[Login] = field(default_factory=list)
    departments: dict[str, Department] = field(default_factory=dict)
    parts: dict[str, list[Part]] = field(default_factory=dict)
    technicians: dict[str, list[Technician]] = field(default_factory=dict)
    tech_actors: dict[int, Actor] = field(default_factory=dict)
    stock: dict[tuple[int, int], int] = field(default_factory=dict)  # (tech, part) -> quantity
    customers: list[Customer] = field(default_factory=list)
    equipment: list[Equipment] = field(default_factory=list)
    contract_sla: dict[int, SlaClass] = field(default_factory=dict)  # contract id -> its class


@dataclass(slots=True)
class Sizes:
    customers: int = 300
    technicians_per_trade: int = 5
    tickets: int = 400
    missed_calls: int = 40
    chase_calls: int = 60
    companies: int = len(COMPANIES)

    def scaled(self, factor: float) -> Sizes:
        def s(n: int, least: int = 1) -> int:
            return max(least, round(n * factor))

        return Sizes(
            s(self.customers, 10),
            s(self.technicians_per_trade, 1),
            s(self.tickets, 11),  # one per lifecycle state at least
            s(self.missed_calls, 2),
            s(self.chase_calls, 2),
            min(s(self.companies, 3), len(COMPANIES)),  # 3: one of each SLA class
        )


def build_reference(
    services_for: ServicesFor,
    clock: SimClock,
    fake: Faker,
    sizes: Sizes,
    password: str,
    usernames_taken: Callable[[str], bool],
) -> World:
    world = World()
    admin = services_for(Actor("admin", "admin"))
    for username, role, name, ext in STAFF:
        actor = Actor(username, role)
        if not usernames_taken(username):
            user = admin.create_user(username, name, role, password, extension=ext)
            actor = Actor(username, role, user_id=user.id)
            world.logins.append(Login(username, role, name, ext))
        world.actors[username] = actor
        clock.advance(minutes=1)
    admin = services_for(world.actors["admin"])

    existing = {d.code: d for d in admin.list_departments()}
    existing_parts = {p.sku: p for p in admin.list_parts()}
    for trade in TRADES:
        dept = existing.get(trade.code) or admin.create_department(trade.name, trade.code)
        world.departments[trade.code] = dept
        world.parts[trade.code] = []
        for suffix, name, unit in trade.parts:
            sku = f"SH-{trade.code}-{suffix}"
            part = existing_parts.get(sku) or admin.create_part(
                sku, name, unit, fits=(trade.asset_category,)
            )
            world.parts[trade.code].append(part)
        clock.advance(minutes=2)

    _companies_and_customers(admin, clock, fake, sizes, world)
    _technicians(services_for, admin, clock, fake, sizes, password, usernames_taken, world)
    return world


def _companies_and_customers(
    admin: Services, clock: SimClock, fake: Faker, sizes: Sizes, world: World
) -> None:
    rng = fake.rng
    today = clock.now().date()
    by_code = {t.code: t for t in TRADES}
    company_contacts = 0
    for company_name, sla, codes in COMPANIES[: sizes.companies]:
        company = admin.create_company(company_name)
        contract = admin.create_contract(
            company.id, f"{company_name} 年度维保合同", sla, _shift(today, -200), _shift(today, 165)
        )
        world.contract_sla[contract.id] = contract.sla_class
        if rng.random() < 0.5:  # an expired predecessor, for realism in the contract list
            admin.create_contract(
                company.id,
                f"{company_name} 上年度合同",
                sla,
                _shift(today, -565),
                _shift(today, -201),
            )
        contacts = []
        for _ in range(rng.randint(3, 5)):
            contacts.append(_customer(admin, fake, world, company.id))
            company_contacts += 1
        for n in range(rng.randint(2, 5)):
            hub, address, lat, lon = fake.place()
            kind = SITE_KINDS[n % len(SITE_KINDS)] if n else "总部"
            site_name = f"{company_name.split('有限公司')[0][:8]}{hub.district[:-1]}{kind}"
            site = admin.create_site(
                site_name, address, lat, lon, company_id=company.id, district=hub.district
            )
            for _ in range(rng.randint(2, 4)):
                trade = by_code[rng.choice(codes)]
                asset = _asset(admin, fake, site, trade, contract.id, today)
                world.equipment.append(Equipment(asset, trade, site, contacts))
        clock.advance(minutes=5)

    homes = ("HVAC", "WATER")
    shops = ("POS", "PRN", "CCTV", "NET")
    for _ in range(max(sizes.customers - company_contacts, 1)):
        customer = _customer(admin, fake, world, None)
        hub = rng.choice(HUBS)
        if rng.random() < 0.7:
            address, lat, lon = fake.home_address(hub)
            site_name, codes = f"{customer.name} 住宅", homes
        else:
            _, address, lat, lon = fake.place(hub)
            shop = rng.choice(("便利店", "门店", "工作室", "诊所"))
            site_name = fake.building_name(rng.choice(hub.streets)) + shop
            codes = shops
        site = admin.create_site(
            site_name, address, lat, lon, customer_id=customer.id, district=hub.district
        )
        for _ in range(1 if rng.random() < 0.7 else 2):
            trade = by_code[rng.choice(codes)]
            asset = _asset(admin, fake, site, trade, None, today)
            world.equipment.append(Equipment(asset, trade, site, [customer]))
        clock.advance(minutes=3)


def _customer(admin: Services, fake: Faker, world: World, company_id: int | None) -> Customer:
    rng = fake.rng
    english = rng.random() < 0.06
    name = fake.english_name() if english else fake.chinese_name()
    phones: list[tuple[str, str]] = [(fake.mobile(), "mobile")]
    if rng.random() < 0.3:
        phones.append((fake.landline(), "office" if company_id else "home"))
    email = fake.email(name, len(world.customers) + 1) if rng.random() < 0.5 else None
    notes = rng.choice(CUSTOMER_NOTES) if rng.random() < 0.2 else ""
    customer = admin.create_customer(
        name,
        phones,
        company_id=company_id,
        email=email,
        language="en" if english else "zh_CN",
        notes=notes,
    )
    world.customers.append(customer)
    return customer


def _asset(
    admin: Services, fake: Faker, site: Site, trade: Trade, contract_id: int | None, today: date
) -> Asset:
    model, prefix = fake.rng.choice(trade.models)
    return admin.create_asset(
        site.id,
        model,
        fake.serial(prefix),
        category=trade.asset_category,
        contract_id=contract_id,
        warranty_ends_on=_shift(today, fake.rng.randint(-700, 900)),
        qr_token=fake.qr_token(),
    )


def _technicians(
    services_for: ServicesFor,
    admin: Services,
    clock: SimClock,
    fake: Faker,
    sizes: Sizes,
    password: str,
    usernames_taken: Callable[[str], bool],
    world: World,
) -> None:
    rng = fake.rng
    number = 0
    for trade in TRADES:
        dept = world.departments[trade.code]
        world.technicians[trade.code] = []
        for i in range(sizes.technicians_per_trade):
            number += 1
            name = fake.chinese_name()
            username = f"tech{number:02d}"
            while usernames_taken(username):
                username += "x"
            user = admin.create_user(username, name, "technician", password, department_id=dept.id)
            extra = [s for s in trade.skills[1:] if rng.random() < 0.5]
            if rng.random() < 0.3:
                extra.append("electrician-licence")
            start, end = trade.shifts[i % len(trade.shifts)]
            tech = admin.create_technician(
                name,
                fake.mobile(),
                dept.id,
                [trade.skills[0], *extra],
                user_id=user.id,
                work_starts=time(start, 0 if start != 8 else 30),
                work_ends=time(end, 0 if end != 17 else 30),
                max_open_jobs=rng.randint(4, 6),
            )
            world.technicians[trade.code].append(tech)
            world.tech_actors[tech.id] = Actor(username, "technician", user.id, tech.id)
            world.logins.append(Login(username, "technician", name))
            for part in world.parts[trade.code]:
                quantity = rng.randint(6, 15)
                admin.set_van_stock(tech.id, part.id, quantity)
                world.stock[(tech.id, part.id)] = quantity
            clock.advance(minutes=2)


def _shift(day: date, days: int) -> date:
    return day + timedelta(days=days)
