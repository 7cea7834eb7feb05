"""Row generators for scale seeding (see bulk.py): plain tuples, deterministic for a seed.

Every value is produced in its final wire form (ids as ints, times as text in the format the
database's own type would store) so that the loader can stream rows straight into COPY or
executemany without SQLAlchemy's per-value processing. Kept free of I/O so it can be tested alone.
"""

from __future__ import annotations

import base64
import bisect
import math
import random
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Generic, TypeVar

from ..domain.enums import Priority, SlaClass, TicketStatus
from ..domain.sla import DEFAULT_TARGETS
from ..domain.tickets import Ticket

T = TypeVar("T")
DAY = 86_400
HOUR = 3_600
TICKET_SPAN_DAYS = 730  # tickets spread over the last two years
CUSTOMER_SPAN_DAYS = 1_095  # customers signed up over the last three years

# --- phone numbers ------------------------------------------------------------------------------
# Valid mainland mobile prefixes (checked against `phonenumbers`); 191/199 are kept out of the
# seeded data so that benchmarks can make valid numbers that are certain not to exist.
MOBILE_PREFIXES = tuple(
    str(p) for p in (*range(130, 134), *range(135, 140), 150, 151, 152, 153, *range(155, 160))
) + tuple(str(p) for p in (180, 181, 182, 183, 185, 186, 187, 188, 189))
ABSENT_MOBILE_PREFIXES = ("191", "199")
TECHNICIAN_PREFIX = "177"
LANDLINE_AREAS = ("10", "21", "20", "28")  # Beijing, Shanghai, Guangzhou, Chengdu
_MULT = 48_271  # coprime to 2, 3 and 5, so i -> i * MULT mod 10^k (or 6 * 10^7) is a bijection
_MOBILE_SPACE = 10**8
_LANDLINE_SPACE = 6 * 10**7  # subscriber numbers 2xxxxxxx .. 7xxxxxxx


def mobile_for(customer_id: int, seed: int) -> str:
    """The customer's mobile number: unique per id, valid, never one of ABSENT_MOBILE_PREFIXES."""
    prefix = MOBILE_PREFIXES[customer_id % len(MOBILE_PREFIXES)]
    rest = (customer_id // len(MOBILE_PREFIXES) * _MULT + seed * 7_919) % _MOBILE_SPACE
    return f"+86{prefix}{rest:08d}"


def landline_for(customer_id: int, seed: int) -> str:
    area = LANDLINE_AREAS[customer_id % len(LANDLINE_AREAS)]
    k = (customer_id // len(LANDLINE_AREAS) * _MULT + seed * 104_729) % _LANDLINE_SPACE
    return f"+86{area}{2 + k // 10**7}{k % 10**7:07d}"


def has_landline(customer_id: int) -> bool:
    """About a third of customers also left a landline."""
    return (customer_id * 2_654_435_761 >> 7) % 3 == 0


# --- vocabularies -------------------------------------------------------------------------------
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文斌宇浩凯丹俊峰波宁"
    "欣怡佳琪晨阳雪梅子涵思雨博文嘉豪一诺梓轩晓东海燕春林立新永健云飞"
)
DISTRICTS = {
    "10": ("北京市", ("朝阳区", "海淀区", "东城区", "西城区", "丰台区"), (39.90, 116.40)),
    "21": ("上海市", ("浦东新区", "徐汇区", "静安区", "黄浦区", "闵行区"), (31.23, 121.47)),
    "20": ("广州市", ("天河区", "越秀区", "海珠区", "白云区", "番禺区"), (23.13, 113.26)),
    "28": ("成都市", ("锦江区", "青羊区", "武侯区", "成华区", "金牛区"), (30.66, 104.07)),
}
STREETS = ("人民路", "解放路", "建设路", "中山路", "和平街", "新华路", "长江路", "光明街", "幸福路")

# department code, department name, categories (with weights), asset models
DEPARTMENTS = (
    (
        "HVAC",
        "暖通空调组",
        {"空调不制冷": 9, "空调漏水": 4, "暖气不热": 4},
        ("格力 KFR-35", "美的 MDV-200"),
    ),
    ("ELEV", "电梯组", {"电梯困人": 2, "电梯异响": 3}, ("奥的斯 GeN2", "日立 HGP")),
    (
        "ELEC",
        "电气组",
        {"停电跳闸": 6, "插座无电": 4, "照明故障": 4},
        ("正泰 NXB-63", "施耐德 iC65"),
    ),
    (
        "PLMB",
        "给排水组",
        {"水管漏水": 7, "下水堵塞": 6, "热水器故障": 4},
        ("海尔 EC6002", "A.O.史密斯 E60"),
    ),
    ("FIRE", "消防组", {"烟感误报": 2, "消防栓检修": 1}, ("海湾 JTY-GD", "西门子 FDO181")),
    ("SEC", "安防组", {"门禁失灵": 4, "监控黑屏": 3}, ("海康 DS-K1T", "大华 ASI7213")),
    ("NET", "网络组", {"宽带断网": 6, "路由器故障": 3}, ("华为 AX3", "TP-LINK XDR")),
    (
        "APPL",
        "家电组",
        {"冰箱不制冷": 4, "洗衣机不排水": 4, "油烟机故障": 3},
        ("海尔 BCD-470", "美的 MG100"),
    ),
)
SYMPTOMS = ("客户来电反映", "报修：", "第二次报修，", "物业转来：", "客户在线提交：")
HOLD_REASONS = ("等待备件到货", "客户要求改期", "等待物业许可", "等待厂家技术支持")
CANCEL_REASONS = ("客户自行解决", "重复报单")

PRIORITIES = tuple(Priority)
PRIORITY_WEIGHTS = (3, 17, 60, 20)  # critical, high, normal, low
CHANNELS = (("phone", 68), ("self_service", 12), ("chat", 9), ("email", 4), ("agent", 7))
OPEN_MIX = (
    (TicketStatus.NEW, 18),
    (TicketStatus.ASSIGNED, 14),
    (TicketStatus.ACCEPTED, 8),
    (TicketStatus.EN_ROUTE, 6),
    (TicketStatus.ON_SITE, 5),
    (TicketStatus.IN_PROGRESS, 14),
    (TicketStatus.ON_HOLD, 9),
    (TicketStatus.REOPENED, 3),
)
HOLDABLE = (TicketStatus.NEW, TicketStatus.ASSIGNED, TicketStatus.ACCEPTED, TicketStatus.ON_SITE)
SLA_CLASSES = (SlaClass.BASIC, SlaClass.STANDARD, SlaClass.PREMIUM)
# (response, arrival, resolution) in seconds, by (sla class index, priority rank)
TARGETS = {
    (si, p.rank): tuple(
        int(td.total_seconds())
        for td in (
            DEFAULT_TARGETS[sc][p].response,
            DEFAULT_TARGETS[sc][p].arrival,
            DEFAULT_TARGETS[sc][p].resolution,
        )
    )
    for si, sc in enumerate(SLA_CLASSES)
    for p in PRIORITIES
}
STANDARD_INDEX = SLA_CLASSES.index(SlaClass.STANDARD)


class Chooser(Generic[T]):
    """Weighted choice by one uniform draw and a bisect: much cheaper than random.choices."""

    def __init__(self, items: Iterable[T], weights: Sequence[float]) -> None:
        self.items = list(items)
        total = float(sum(weights))
        acc, self.cum = 0.0, []
        for w in weights:
            acc += w / total
            self.cum.append(acc)
        self.cum[-1] = 1.0

    def index(self, u: float) -> int:
        return bisect.bisect_right(self.cum, u)


class TimeText:
    """Whole-second UTC epoch -> the text a column of the target database holds.

    SQLite stores SQLAlchemy's DateTime as 'YYYY-MM-DD HH:MM:SS.ffffff' (naive UTC); PostgreSQL's
    COPY takes 'YYYY-MM-DD HH:MM:SS+00'. Days and times of day are cached: formatting millions of
    datetimes one by one costs more than generating the rest of the row.
    """

    def __init__(self, dialect: str) -> None:
        suffix = ".000000" if dialect == "sqlite" else "+00"
        self._tod = [
            f" {s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}{suffix}" for s in range(DAY)
        ]
        self._days: dict[int, str] = {}

    def __call__(self, epoch: int | None) -> str | None:
        if epoch is None:
            return None
        d = epoch // DAY
        day = self._days.get(d)
        if day is None:
            day = self._days[d] = datetime.fromtimestamp(d * DAY, UTC).strftime("%Y-%m-%d")
        return day + self._tod[epoch % DAY]

    def date(self, epoch: int) -> str:
        return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d")


@dataclass(slots=True)
class Reference:
    """What the big tables point at: ids created before the bulk rows are generated."""

    department_ids: list[int]  # parallel to DEPARTMENTS
    technicians_by_department: list[list[int]]
    company_ids: list[int]
    contract_ids: list[int]  # one per company
    contract_classes: list[int]  # index into SLA_CLASSES, per contract
    agents: list[str] = field(default_factory=lambda: [f"agent{i:02d}" for i in range(1, 41)])


@dataclass(slots=True)
class Plan:
    seed: int
    now: int  # epoch seconds
    customers: int
    tickets: int
    first_customer: int  # ids continue after what the tables already hold
    first_phone: int
    first_site: int
    first_asset: int
    first_ticket: int
    ref: Reference
    # filled while generating customers; read by the ticket generator
    company_of: array[int] = field(default_factory=lambda: array("i"))  # 0 = none
    asset_of: array[int] = field(default_factory=lambda: array("i"))  # 0 = none
    category_of: array[int] = field(default_factory=lambda: array("b"))  # asset's category, -1 none
    names: list[str] = field(default_factory=list)  # customers' names, for contact_name

    def rng(self, stream: str) -> random.Random:
        return random.Random(f"dispatch-bulk:{self.seed}:{stream}")


CATEGORY_LIST = [(d, c) for d, (_, _, cats, _) in enumerate(DEPARTMENTS) for c in cats]
CATEGORY_CHOOSER = Chooser(
    range(len(CATEGORY_LIST)), [DEPARTMENTS[d][2][c] for d, c in CATEGORY_LIST]
)


def customer_rows(plan: Plan, tt: TimeText) -> Iterator[tuple[object, ...]]:
    """(id, name, name_key, company_id, email, language, notes, version, created_at,
    notify_email, notify_sms): every customer takes notifications until they opt out."""
    rng = plan.rng("customers")
    rand, n_companies = rng.random, len(plan.ref.company_ids)
    start = plan.now - CUSTOMER_SPAN_DAYS * DAY
    step = CUSTOMER_SPAN_DAYS * DAY / max(plan.customers, 1)
    company_of = plan.company_of
    for i in range(plan.customers):
        cid = plan.first_customer + i
        given = GIVEN[int(rand() * len(GIVEN))]
        if rand() < 0.7:
            given += GIVEN[int(rand() * len(GIVEN))]
        name = SURNAMES[int(rand() ** 1.6 * len(SURNAMES))] + given  # common surnames first
        company = 0
        if n_companies and rand() < 0.08:
            company = plan.ref.company_ids[int(rand() * n_companies)]
        company_of.append(company)
        plan.names.append(name)
        email = f"c{cid}@example.cn" if rand() < 0.3 else None
        created = tt(int(start + i * step + rand() * step))
        yield (
            cid,
            name,
            name.casefold(),
            company or None,
            email,
            "zh_CN",
            "",
            1,
            created,
            True,
            True,
        )


def phone_rows(plan: Plan) -> Iterator[tuple[object, ...]]:
    """(id, customer_id, number, label): a mobile for everyone, a landline for about a third."""
    pid = plan.first_phone
    for i in range(plan.customers):
        cid = plan.first_customer + i
        yield (pid, cid, mobile_for(cid, plan.seed), "mobile")
        pid += 1
        if has_landline(cid):
            yield (pid, cid, landline_for(cid, plan.seed), "home")
            pid += 1


def site_rows(plan: Plan) -> Iterator[tuple[object, ...]]:
    """One site per customer: (id, name, address, lat, lon, customer_id, company_id, district,
    version)."""
    rng = plan.rng("sites")
    rand = rng.random
    for i in range(plan.customers):
        cid = plan.first_customer + i
        city, districts, (lat0, lon0) = DISTRICTS[LANDLINE_AREAS[cid % len(LANDLINE_AREAS)]]
        district = districts[int(rand() * len(districts))]
        street = STREETS[int(rand() * len(STREETS))]
        address = f"{city}{district}{street}{1 + int(rand() * 300)}号{1 + int(rand() * 30)}楼"
        lat = round(lat0 + (rand() - 0.5) * 0.3, 6)
        lon = round(lon0 + (rand() - 0.5) * 0.3, 6)
        company = plan.company_of[i] or None
        yield (plan.first_site + i, f"{street}{i % 997 + 1}号", address, lat, lon, cid, company,
               district, 1)  # fmt: skip


def asset_rows(plan: Plan, tt: TimeText) -> Iterator[tuple[object, ...]]:
    """(id, site_id, model, serial, qr_token, category, contract_id, warranty_ends_on, version)."""
    rng = plan.rng("assets")
    rand, bits = rng.random, rng.getrandbits
    asset_of, category_of = plan.asset_of, plan.category_of
    contract_for = dict(zip(plan.ref.company_ids, plan.ref.contract_ids, strict=True))
    aid = plan.first_asset
    for i in range(plan.customers):
        company = plan.company_of[i]
        if not (company or rand() < 0.4):
            asset_of.append(0)
            category_of.append(-1)
            continue
        cat = CATEGORY_CHOOSER.index(rand())
        dept = CATEGORY_LIST[cat][0]
        asset_of.append(aid)
        category_of.append(cat)
        qr = base64.urlsafe_b64encode(bits(128).to_bytes(16, "big")).rstrip(b"=").decode()
        warranty = tt.date(plan.now + int((rand() * 4 - 1.5) * 365 * DAY))
        model = DEPARTMENTS[dept][3][int(rand() * 2)]
        yield (aid, plan.first_site + i, model, f"SN{plan.seed % 100:02d}{aid:010d}", qr,
               DEPARTMENTS[dept][0], contract_for.get(company), warranty, 1)  # fmt: skip
        aid += 1


# what routing rules set is left to the columns' defaults (no rules ran on seeded tickets), and
# so are appointments and planned visits (none booked)
TICKET_COLUMNS = [
    c.name for c in Ticket.__dataclass_fields__.values()
    if c.name not in ("required_skills", "watchers", "appointment_starts_at",
                      "appointment_ends_at", "planned_start_at", "planned_minutes")
]  # fmt: skip
TICKET_COLUMNS.insert(TICKET_COLUMNS.index("priority") + 1, "priority_rank")
TICKET_COLUMNS.append("next_due_at")


def ticket_rows(plan: Plan, tt: TimeText) -> Iterator[tuple[object, ...]]:
    """Tickets in creation order over the last two years, each a consistent lifecycle snapshot.

    Old tickets are almost all closed; a small share stays open for good (the stale tail that
    breaches its SLA); most recent ones are open. Customer and asset data come from the plan.
    """
    rng = plan.rng("tickets")
    rand = rng.random
    now, n = plan.now, plan.tickets
    start = now - TICKET_SPAN_DAYS * DAY
    step = TICKET_SPAN_DAYS * DAY / max(n, 1)
    cust_start = now - CUSTOMER_SPAN_DAYS * DAY
    pri_choose = Chooser(PRIORITIES, PRIORITY_WEIGHTS).index
    chan = Chooser([c for c, _ in CHANNELS], [w for _, w in CHANNELS])
    open_choose = Chooser([s for s, _ in OPEN_MIX], [w for _, w in OPEN_MIX])
    techs = plan.ref.technicians_by_department
    dept_ids = plan.ref.department_ids
    contract_class = dict(zip(plan.ref.contract_ids, plan.ref.contract_classes, strict=True))
    contract_of_company = dict(zip(plan.ref.company_ids, plan.ref.contract_ids, strict=True))
    agents, seed, names = plan.ref.agents, plan.seed, plan.names
    for i in range(n):
        t = int(start + i * step + rand() * step)
        # customers who had signed up by then; older customers call a little more often
        share = (t - cust_start) / (now - cust_start)
        known = max(1, min(plan.customers, int(plan.customers * share)))
        ci = int(known * rand() ** 1.3)
        cid = plan.first_customer + ci
        asset = plan.asset_of[ci] if rand() < 0.75 else 0
        if asset:
            cat = plan.category_of[ci]
            company = plan.company_of[ci]
            sla = contract_class[contract_of_company[company]] if company else STANDARD_INDEX
        else:
            cat, sla = CATEGORY_CHOOSER.index(rand()), STANDARD_INDEX
        dept, category = CATEGORY_LIST[cat]
        p = pri_choose(rand())
        resp, arr, res = TARGETS[sla, p]
        due_resp, due_arr, due_res = t + resp, t + arr, t + res
        team = techs[dept]
        tech = team[int(rand() * len(team))] if team else None
        age = now - t
        responded = arrived = resolved = closed = held_at = held_from = reason = None
        reopens, again = 0, None
        u = rand()
        p_open = 0.85 * math.exp(-age / (4 * DAY)) + 0.006
        if u < p_open:
            status = open_choose.items[open_choose.index(rand())]
            if status is TicketStatus.ON_HOLD:
                held_from = HOLDABLE[int(rand() * len(HOLDABLE))]
                reason = HOLD_REASONS[int(rand() * len(HOLD_REASONS))]
            stage = held_from or status
            if stage is TicketStatus.NEW:
                tech = None
            if stage not in (TicketStatus.NEW, TicketStatus.ASSIGNED):
                responded = min(t + int(resp * (0.1 + rand() * 1.2)), now)
            if stage in (TicketStatus.ON_SITE, TicketStatus.IN_PROGRESS):
                arrived = min(responded + int((arr - resp) * (0.1 + rand())), now)  # type: ignore[operator]
            if status is TicketStatus.REOPENED:
                reopens = 1
                again = min(t + int(res * (0.5 + rand())), now)
                due_arr, due_res = again + arr, again + res
                responded = min(responded or t, again)
            last = max(x for x in (t, responded, arrived, again) if x is not None)
            if held_from is not None:
                held_at = last + int((now - last) * rand())
                last = held_at
            updated = last
        elif u < p_open + 0.04:
            status, tech = TicketStatus.CANCELLED, tech if rand() < 0.5 else None
            updated = min(t + int(rand() * 6 * HOUR), now)
        else:
            responded = min(t + int(resp * (0.1 + rand() * 1.2)), now)
            arrived = min(responded + int((arr - resp) * (0.1 + rand())), now)
            resolved = min(arrived + int((res - arr) * (0.05 + rand() * 1.1)), now)
            closed = resolved + int((2 + rand() * 70) * HOUR)
            if closed >= now:
                status, closed = TicketStatus.RESOLVED, None
            else:
                status = TicketStatus.CLOSED
            updated = closed or resolved
        channel = chan.items[chan.index(rand())]
        landline = has_landline(cid) and rand() < 0.15
        phone = landline_for(cid, seed) if landline else mobile_for(cid, seed)
        yield (
            plan.first_ticket + i, channel, category, PRIORITIES[p].value, p, status.value,
            f"{SYMPTOMS[int(rand() * len(SYMPTOMS))]}{category}", tt(t), tt(updated),
            SLA_CLASSES[sla].value, cid, plan.first_site + ci, asset or None, names[ci], phone,
            tech, dept_ids[dept], agents[int(rand() * len(agents))], tt(due_resp), tt(due_arr),
            tt(due_res), tt(responded), tt(arrived), tt(resolved), tt(closed), tt(held_at),
            held_from.value if held_from else None, reason, reopens, 1,
            tt(due_resp if responded is None else due_arr if arrived is None else due_res),
        )  # fmt: skip
