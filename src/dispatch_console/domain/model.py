"""Customers, sites, assets, people and parts: the reference data tickets point at."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, time

from .enums import Role, SlaClass, TechnicianStatus

QR_TOKEN_BYTES = 16  # 128 bits: unguessable, and short enough for a small QR code


def new_qr_token() -> str:
    return secrets.token_urlsafe(QR_TOKEN_BYTES)


@dataclass(slots=True)
class Company:
    id: int
    name: str
    version: int = 1


@dataclass(slots=True)
class Contract:
    id: int
    company_id: int
    name: str
    sla_class: SlaClass
    starts_on: date
    ends_on: date
    # how the customers under this contract may be notified of progress (email, sms)
    notify_channels: tuple[str, ...] = ("email", "sms")

    def ended(self, today: date) -> bool:
        return self.ends_on < today


@dataclass(slots=True)
class CompanyContracts:
    """A company with its contracts, expired ones too (what a routing rule can be limited to)."""

    company: Company
    contracts: list[Contract] = field(default_factory=list)


@dataclass(slots=True)
class CustomerPhone:
    number: str  # E.164
    label: str = "mobile"


@dataclass(slots=True)
class Customer:
    id: int
    name: str
    company_id: int | None = None
    email: str | None = None
    language: str = "zh_CN"
    notes: str = ""
    phones: list[CustomerPhone] = field(default_factory=list)
    version: int = 1
    created_at: datetime | None = None
    # the customer's own choice: progress notifications by e-mail, by SMS (opt-out)
    notify_email: bool = True
    notify_sms: bool = True


@dataclass(slots=True)
class Site:
    id: int
    name: str
    address: str
    lat: float
    lon: float
    customer_id: int | None = None
    company_id: int | None = None
    district: str = ""
    version: int = 1


@dataclass(slots=True)
class Asset:
    id: int
    site_id: int
    model: str
    serial: str
    qr_token: str
    category: str = ""
    contract_id: int | None = None
    warranty_ends_on: date | None = None
    version: int = 1

    def under_warranty(self, today: date) -> bool:
        return self.warranty_ends_on is not None and today <= self.warranty_ends_on


@dataclass(slots=True)
class Department:
    id: int
    name: str
    code: str


@dataclass(slots=True)
class User:
    id: int
    username: str
    display_name: str
    role: Role
    department_id: int | None = None
    extension: str | None = None
    active: bool = True
    version: int = 1
    email: str | None = None  # SLA alerts away from the console
    mobile: str | None = None  # E.164
    language: str = "zh_CN"  # of those alerts: zh_CN | en


@dataclass(slots=True)
class Part:
    id: int
    sku: str
    name: str
    unit: str = "pcs"
    fits: tuple[str, ...] = ()  # asset models or categories it fits ("printer", "HP M404")


@dataclass(slots=True)
class StockLine:
    part_id: int
    quantity: int


@dataclass(slots=True)
class Technician:
    id: int
    name: str
    phone: str
    department_id: int | None
    skills: tuple[str, ...] = ()
    user_id: int | None = None
    status: TechnicianStatus = TechnicianStatus.OFF_DUTY
    work_starts: time = time(8, 30)
    work_ends: time = time(17, 30)
    max_open_jobs: int = 5
    lat: float | None = None
    lon: float | None = None
    position_at: datetime | None = None
    position_accuracy_m: float | None = None
    van_stock: list[StockLine] = field(default_factory=list)
    districts: tuple[str, ...] = ()  # the territory covered (sites' districts); empty: anywhere
    # the id their GPS tracker or app reports (an IMEI, Traccar Client's identifier); unique
    device_id: str | None = None
    version: int = 1

    def on_shift(self, at: time) -> bool:
        if self.work_starts <= self.work_ends:
            return self.work_starts <= at < self.work_ends
        return at >= self.work_starts or at < self.work_ends  # night shift across midnight
