"""Use cases for customers and where their equipment is: companies, contracts, sites, assets."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from ..domain.contacts import check_language, clean_email
from ..domain.enums import SlaClass, parse_enum
from ..domain.errors import DuplicateError, ValidationError
from ..domain.events import changes
from ..domain.geo import check_coordinates
from ..domain.model import (
    Asset,
    Company,
    CompanyContracts,
    Contract,
    Customer,
    CustomerPhone,
    Site,
    new_qr_token,
)
from ..domain.notifications import ALL_CHANNELS, clean_channels
from ..domain.phones import normalise_phone, phone_label
from .base import UseCases, check_version, clean_text
from .policy import DESK, allow

_PHONEISH = re.compile(r"^[\s+()\-0-9]{5,}$")
CUSTOMER_FIELDS = (
    "name", "phones", "company_id", "email", "language", "notes", "notify_email", "notify_sms",
)  # fmt: skip


class CustomerUseCases(UseCases):
    # --- customers ---------------------------------------------------------------------------
    def _phones(self, phones: Sequence[str | tuple[str, str]]) -> list[CustomerPhone]:
        out: list[CustomerPhone] = []
        for i, entry in enumerate(phones):
            raw, label = (entry, "mobile") if isinstance(entry, str) else entry
            number = normalise_phone(raw, self.region, field=f"phones[{i}]")
            if all(p.number != number for p in out):
                out.append(CustomerPhone(number, clean_text(label, "label", max_len=20)))
        return out

    def _customer_values(self, values: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        unknown = set(values) - set(CUSTOMER_FIELDS)
        if unknown:
            raise ValidationError(sorted(unknown)[0], "is not a customer field")
        if "name" in values:
            out["name"] = clean_text(values["name"], "name", max_len=200)
        if "phones" in values:
            out["phones"] = self._phones(values["phones"] or [])
        if "email" in values:
            out["email"] = clean_email(values["email"])
        if "language" in values:
            out["language"] = check_language(values["language"])
        if "notes" in values:
            out["notes"] = clean_text(values["notes"], "notes", max_len=2000, required=False)
        if "company_id" in values:
            out["company_id"] = values["company_id"]
        for flag in ("notify_email", "notify_sms"):  # the customer's opt-outs
            if flag in values:
                if not isinstance(values[flag], bool):
                    raise ValidationError(flag, "must be true or false")
                out[flag] = values[flag]
        return out

    @allow(DESK)
    def create_customer(
        self, name: str, phones: Sequence[str | tuple[str, str]] = (), **values: Any
    ) -> Customer:
        checked = self._customer_values({"name": name, "phones": phones, **values})
        with self._uow() as uow:
            if checked.get("company_id") is not None:
                uow.get(Company, checked["company_id"])
            customer = uow.add(Customer(id=0, created_at=self._now(), **checked))
            self._record(
                uow,
                "customer",
                customer.id,
                "created",
                name=customer.name,
                phones=[p.number for p in customer.phones],
                version=1,
            )
            uow.commit()
        return customer

    @allow(DESK)
    def update_customer(self, customer_id: int, expected_version: int, **values: Any) -> Customer:
        check_version(expected_version)
        checked = self._customer_values(values)
        with self._uow() as uow:
            customer = uow.get(Customer, customer_id)
            before = {k: _plain(getattr(customer, k)) for k in checked}
            for key, value in checked.items():
                setattr(customer, key, value)
            after = {k: _plain(getattr(customer, k)) for k in checked}
            uow.update(customer, expected_version)
            self._record(
                uow,
                "customer",
                customer_id,
                "updated",
                changes=changes(before, after),
                version=customer.version,
            )
            uow.commit()
        return customer

    @allow(DESK)
    def add_customer_phone(self, customer_id: int, phone: str, label: str = "") -> Customer:
        """File a caller's number on an existing customer (the screen-pop's "add this number to
        a customer"). The number may be in the PBX's local form; it is stored in E.164. A number
        another customer already has is refused (DuplicateError on "phone"): the agent then sees
        who has it rather than making two customers share it by accident. Adding a number the
        customer already has changes nothing."""
        number = self._pbx_number(phone)
        if number is None:
            raise ValidationError("phone", f"{phone!r} is not a phone number")
        kind = clean_text(label, "label", max_len=20, required=False) or phone_label(number)
        with self._uow() as uow:
            customer = uow.get(Customer, customer_id, lock=True)
            if any(p.number == number for p in customer.phones):
                return customer
            if any(c.id != customer_id for c in uow.customers_by_phone(number)):
                raise DuplicateError("phone", number)
            before = [p.number for p in customer.phones]
            customer.phones.append(CustomerPhone(number, kind))
            uow.update(customer, customer.version)
            self._record(
                uow,
                "customer",
                customer_id,
                "updated",
                changes=changes({"phones": before}, {"phones": [*before, number]}),
                version=customer.version,
            )
            uow.commit()
        return customer

    @allow(DESK)
    def get_customer(self, customer_id: int) -> Customer:
        with self._uow(read_only=True) as uow:
            return uow.get(Customer, customer_id)

    @allow(DESK)
    def search_customers(self, text: str, limit: int = 20) -> list[Customer]:
        text = (text or "").strip()
        if not text:
            return []
        with self._uow(read_only=True) as uow:
            if _PHONEISH.match(text):  # as the PBX shows it too: 62345678, 9 + ...
                number = self._pbx_number(text)
                return uow.customers_by_phone(number) if number else []
            return uow.search_customers(text, max(1, min(limit, 100)))

    # --- companies, sites, assets --------------------------------------------------------------
    @allow(DESK)
    def create_company(self, name: str) -> Company:
        with self._uow() as uow:
            company = uow.add(Company(0, clean_text(name, "name", max_len=200)))
            self._record(uow, "company", company.id, "created", name=company.name)
            uow.commit()
        return company

    @allow(DESK)
    def create_contract(
        self,
        company_id: int,
        name: str,
        sla_class: SlaClass | str,
        starts_on: date,
        ends_on: date,
        notify_channels: Sequence[str] = ALL_CHANNELS,
    ) -> Contract:
        cls = parse_enum(SlaClass, sla_class, "sla_class")
        try:
            channels = clean_channels(notify_channels)
        except ValueError as exc:
            raise ValidationError("notify_channels", str(exc)) from None
        if ends_on < starts_on:
            raise ValidationError("ends_on", "the contract ends before it starts")
        with self._uow() as uow:
            uow.get(Company, company_id)
            contract = uow.add(
                Contract(
                    0,
                    company_id,
                    clean_text(name, "name", max_len=200),
                    cls,
                    starts_on,
                    ends_on,
                    channels,
                )
            )
            self._record(
                uow, "contract", contract.id, "created", company_id=company_id, sla_class=cls.value
            )
            uow.commit()
        return contract

    @allow(DESK)
    def list_contracts(self) -> list[CompanyContracts]:
        """Every company by name, each with its contracts by name, ended ones too (a rule
        limited to a contract still names it after it ended)."""
        with self._uow(read_only=True) as uow:
            companies = uow.find(Company)
            contracts = uow.find(Contract)
        by_company: dict[int, list[Contract]] = {c.id: [] for c in companies}
        for contract in sorted(contracts, key=lambda c: (c.name.casefold(), c.id)):
            by_company[contract.company_id].append(contract)
        return [
            CompanyContracts(company, by_company[company.id])
            for company in sorted(companies, key=lambda c: (c.name.casefold(), c.id))
        ]

    @allow(DESK)
    def create_site(
        self,
        name: str,
        address: str,
        lat: float,
        lon: float,
        *,
        customer_id: int | None = None,
        company_id: int | None = None,
        district: str = "",
    ) -> Site:
        flat, flon = check_coordinates(lat, lon)
        site = Site(
            0,
            clean_text(name, "name", max_len=200),
            clean_text(address, "address", max_len=400),
            flat,
            flon,
            customer_id,
            company_id,
            clean_text(district, "district", max_len=60, required=False),
        )
        with self._uow() as uow:
            if customer_id is not None:
                uow.get(Customer, customer_id)
            uow.add(site)
            self._record(uow, "site", site.id, "created", name=site.name, lat=flat, lon=flon)
            uow.commit()
        return site

    @allow(DESK)
    def create_asset(
        self,
        site_id: int,
        model: str,
        serial: str,
        *,
        category: str = "",
        contract_id: int | None = None,
        warranty_ends_on: date | None = None,
        qr_token: str | None = None,
    ) -> Asset:
        token = qr_token.strip() if qr_token else new_qr_token()
        if len(token) < 16 or not re.fullmatch(r"[A-Za-z0-9_-]+", token):
            raise ValidationError("qr_token", "must be at least 16 URL-safe characters")
        asset = Asset(
            0,
            site_id,
            clean_text(model, "model", max_len=200),
            clean_text(serial, "serial", max_len=100),
            token,
            clean_text(category, "category", max_len=64, required=False),
            contract_id,
            warranty_ends_on,
        )
        with self._uow() as uow:
            uow.get(Site, site_id)
            if contract_id is not None:
                uow.get(Contract, contract_id)
            if uow.find_one(Asset, qr_token=token) is not None:
                raise DuplicateError("qr_token", token)
            uow.add(asset)
            self._record(uow, "asset", asset.id, "created", site_id=site_id, serial=asset.serial)
            uow.commit()
        return asset

    @allow(DESK)
    def find_asset(self, *, qr_token: str | None = None, serial: str | None = None) -> Asset | None:
        if not (qr_token or serial):
            raise ValidationError("qr_token", "give a QR token or a serial number")
        with self._uow(read_only=True) as uow:
            if qr_token:
                return uow.find_one(Asset, qr_token=qr_token.strip())
            return uow.find_one(Asset, serial=(serial or "").strip())

    @allow(DESK)
    def get_site(self, site_id: int) -> Site:
        with self._uow(read_only=True) as uow:
            return uow.get(Site, site_id)

    @allow(DESK)
    def get_asset(self, asset_id: int) -> Asset:
        with self._uow(read_only=True) as uow:
            return uow.get(Asset, asset_id)

    @allow(DESK)
    def list_sites(self, customer_id: int) -> list[Site]:
        with self._uow(read_only=True) as uow:
            return uow.find(Site, customer_id=customer_id)

    @allow(DESK)
    def list_assets(self, site_id: int) -> list[Asset]:
        with self._uow(read_only=True) as uow:
            return uow.find(Asset, site_id=site_id)


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [getattr(v, "number", v) for v in value]
    return value
