"""Customers, sites and assets: the records tickets point at."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from dispatch_console.domain.errors import (
    ConflictError,
    DuplicateError,
    NotFound,
    ValidationError,
)
from dispatch_console.ports import Actor
from dispatch_console.services import Services

from .conftest import Make

# --- customers -----------------------------------------------------------------------------------


def test_customer_phones_are_stored_in_e164(backend: Services) -> None:
    customer = backend.create_customer(
        "Li Lei", ["138 1234 5678", ("010-6552 9988", "office"), "0086 139-0000-1111"]
    )

    stored = backend.get_customer(customer.id)
    assert [(p.number, p.label) for p in stored.phones] == [
        ("+8613812345678", "mobile"),
        ("+861065529988", "office"),
        ("+8613900001111", "mobile"),
    ]
    assert stored.version == 1


def test_the_same_phone_typed_twice_is_kept_once(backend: Services) -> None:
    customer = backend.create_customer(
        "Li Lei", ["13812345678", "+86 138 1234 5678", "0086-138-1234-5678"]
    )

    assert [p.number for p in backend.get_customer(customer.id).phones] == ["+8613812345678"]


@pytest.mark.parametrize("bad", ["12345", "not a number", "+86 138"])
def test_an_invalid_phone_is_refused_naming_its_position(backend: Services, bad: str) -> None:
    before = backend.last_event_id()
    with pytest.raises(ValidationError) as err:
        backend.create_customer("Li Lei", ["13812345678", bad])

    assert err.value.field == "phones[1]"
    assert backend.search_customers("Li") == []
    assert backend.last_event_id() == before


def test_a_customer_needs_a_name(backend: Services) -> None:
    with pytest.raises(ValidationError) as err:
        backend.create_customer("   ", ["13812345678"])
    assert err.value.field == "name"


def test_update_customer_replaces_phones_and_bumps_the_version(backend: Services) -> None:
    customer = backend.create_customer("Li Lei", ["13812345678"])

    updated = backend.update_customer(
        customer.id, customer.version, phones=["139 0000 1111"], email="li@example.cn"
    )

    assert updated.version == 2
    stored = backend.get_customer(customer.id)
    assert [p.number for p in stored.phones] == ["+8613900001111"]
    assert stored.email == "li@example.cn"
    assert backend.search_customers("13812345678") == []
    assert [c.id for c in backend.search_customers("13900001111")] == [customer.id]


def test_update_with_a_stale_version_names_what_changed_and_who(
    backend: Services, act_as: Callable[[Actor], Services]
) -> None:
    customer = backend.create_customer("Li Lei", ["13812345678"])
    act_as(Actor("bob")).update_customer(customer.id, customer.version, name="Li Lei (Mr)")

    with pytest.raises(ConflictError) as err:
        backend.update_customer(customer.id, customer.version, email="li@example.cn")

    conflict = err.value
    assert conflict.entity == "customer"
    assert conflict.expected_version == 1
    assert conflict.current_version == 2
    assert conflict.changed_fields == ("name",)
    assert conflict.changed_by == ("bob",)
    assert "bob" in str(conflict)
    # the stale write changed nothing
    stored = backend.get_customer(customer.id)
    assert (stored.name, stored.email, stored.version) == ("Li Lei (Mr)", None, 2)


def test_update_of_a_missing_customer_is_not_found(backend: Services) -> None:
    with pytest.raises(NotFound):
        backend.update_customer(999, 1, name="Nobody")


def test_search_customers_by_name_prefix_ignores_case(backend: Services) -> None:
    zhang_san = backend.create_customer("Zhang San", ["13800000001"])
    zhang_wei = backend.create_customer("zhang Wei", ["13800000002"])
    backend.create_customer("Li Zhang", ["13800000003"])
    wang = backend.create_customer("王小明", ["13800000004"])

    assert {c.id for c in backend.search_customers("ZHANG")} == {zhang_san.id, zhang_wei.id}
    assert [c.id for c in backend.search_customers("zhang w")] == [zhang_wei.id]
    assert [c.id for c in backend.search_customers("王")] == [wang.id]
    assert backend.search_customers("Zhao") == []
    assert backend.search_customers("  ") == []


def test_search_customers_by_phone_in_any_written_form(backend: Services) -> None:
    li = backend.create_customer("Li Lei", ["13812345678", "010 6552 9988"])
    backend.create_customer("Han Meimei", ["13900001111"])

    for typed in ("13812345678", "+86 138-1234-5678", "(010) 6552 9988", "+861065529988"):
        assert [c.id for c in backend.search_customers(typed)] == [li.id], typed
    assert backend.search_customers("13700000000") == []


def test_search_customers_limit(backend: Services) -> None:
    for i in range(5):
        backend.create_customer(f"Chen {i}", [f"1380000000{i}"])
    assert len(backend.search_customers("chen", limit=3)) == 3


# --- sites ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lat", "lon", "field"),
    [
        (91.0, 121.0, "coordinates.lat"),
        (-90.5, 121.0, "coordinates.lat"),
        (31.0, 180.5, "coordinates.lon"),
        (31.0, -181.0, "coordinates.lon"),
        (math.nan, 121.0, "coordinates.lat"),
        (31.0, math.nan, "coordinates.lon"),
    ],
)
def test_sites_with_out_of_range_coordinates_are_refused(
    backend: Services, lat: float, lon: float, field: str
) -> None:
    before = backend.last_event_id()
    with pytest.raises(ValidationError) as err:
        backend.create_site("Plant", "1 Road", lat, lon)
    # NaN is not JSON: the server refuses it at the door, naming the body's key (lat, lon)
    assert err.value.field in (field, field.rsplit(".", 1)[-1])
    assert backend.last_event_id() == before


def test_site_on_the_edges_of_the_range_is_accepted(backend: Services, make: Make) -> None:
    customer = make.customer()
    site = backend.create_site("Pole", "North Pole", 90.0, -180.0, customer_id=customer.id)
    assert backend.get_site(site.id).lat == 90.0
    assert [s.id for s in backend.list_sites(customer.id)] == [site.id]


def test_site_for_a_missing_customer_is_not_found(backend: Services) -> None:
    with pytest.raises(NotFound):
        backend.create_site("Plant", "1 Road", 31.0, 121.0, customer_id=404)


# --- assets --------------------------------------------------------------------------------------


def test_assets_get_unguessable_distinct_qr_tokens(backend: Services, make: Make) -> None:
    site = make.site()
    tokens = [backend.create_asset(site.id, "Daikin FTX", f"SN-{i}").qr_token for i in range(20)]

    assert len(set(tokens)) == len(tokens)
    for token in tokens:
        assert len(token) >= 22  # 128 random bits, URL-safe
        assert token.replace("-", "").replace("_", "").isalnum()
    assert [a.serial for a in backend.list_assets(site.id)] == [f"SN-{i}" for i in range(20)]


def test_a_duplicate_qr_token_is_refused(backend: Services, make: Make) -> None:
    site = make.site()
    token = "printed-label-0000000001"
    backend.create_asset(site.id, "Daikin FTX", "SN-1", qr_token=token)
    before = backend.last_event_id()

    with pytest.raises(DuplicateError) as err:
        backend.create_asset(site.id, "Daikin FTX", "SN-2", qr_token=token)

    assert err.value.field == "qr_token"
    assert backend.find_asset(serial="SN-2") is None
    assert backend.last_event_id() == before


def test_a_short_qr_token_is_refused(backend: Services, make: Make) -> None:
    with pytest.raises(ValidationError) as err:
        backend.create_asset(make.site().id, "Daikin FTX", "SN-1", qr_token="1234")
    assert err.value.field == "qr_token"


def test_find_asset_by_token_or_serial(backend: Services, make: Make) -> None:
    site = make.site()
    asset = backend.create_asset(site.id, "Daikin FTX", "SN-42", category="hvac")
    backend.create_asset(site.id, "Gree Q", "SN-43")

    by_token = backend.find_asset(qr_token=asset.qr_token)
    by_serial = backend.find_asset(serial=" SN-42 ")
    assert by_token is not None and by_serial is not None
    assert by_token.id == by_serial.id == asset.id
    assert backend.get_asset(asset.id).site_id == site.id
    assert backend.find_asset(qr_token="x" * 22) is None
    with pytest.raises(ValidationError):
        backend.find_asset()


def test_asset_for_a_missing_site_is_not_found(backend: Services) -> None:
    with pytest.raises(NotFound):
        backend.create_asset(404, "Daikin FTX", "SN-1")


def test_department_codes_and_part_skus_are_unique(backend: Services) -> None:
    north = backend.create_department("North", "N")
    with pytest.raises(DuplicateError) as err:
        backend.create_department("North again", "N")
    assert err.value.field == "code"
    assert [d.id for d in backend.list_departments()] == [north.id]

    belt = backend.create_part("BELT-1", "Fan belt")
    with pytest.raises(DuplicateError) as err:
        backend.create_part("BELT-1", "Another belt")
    assert err.value.field == "sku"
    assert [p.id for p in backend.list_parts()] == [belt.id]


def test_contract_dates_must_be_in_order(backend: Services) -> None:
    from datetime import date

    company = backend.create_company("Acme")
    with pytest.raises(ValidationError) as err:
        backend.create_contract(company.id, "Gold", "premium", date(2026, 2, 1), date(2026, 1, 1))
    assert err.value.field == "ends_on"
    with pytest.raises(ValidationError) as err:
        backend.create_contract(company.id, "Gold", "platinum", date(2026, 1, 1), date(2027, 1, 1))
    assert err.value.field == "sla_class"


def test_companies_are_listed_by_name_with_their_contracts_ended_ones_too(
    backend: Services, act_as: Callable[[Actor], Services]
) -> None:
    from datetime import date

    acme = backend.create_company("Acme")
    bolt = backend.create_company("华东医疗")
    empty = backend.create_company("Zenith")
    old = backend.create_contract(acme.id, "2025 maintenance", "basic",
                                  date(2025, 1, 1), date(2025, 12, 31))  # fmt: skip
    gold = backend.create_contract(acme.id, "Gold", "premium", date(2026, 1, 1), date(2026, 12, 31))
    lifts = backend.create_contract(bolt.id, "电梯维保合同", "standard",
                                    date(2026, 1, 1), date(2027, 6, 30))  # fmt: skip
    # any desk user reads them (the rule editor's picker), an agent too
    for reader in (backend, act_as(Actor("sue", "supervisor"))):
        listed = reader.list_contracts()
        assert [(e.company.id, e.company.name) for e in listed] == [
            (acme.id, "Acme"), (empty.id, "Zenith"), (bolt.id, "华东医疗")
        ]  # fmt: skip
        assert [c.id for c in listed[0].contracts] == [old.id, gold.id]
        assert listed[1].contracts == []
        [only] = listed[2].contracts
        assert (only.id, only.name, only.company_id, only.starts_on, only.ends_on) == (
            lifts.id, "电梯维保合同", bolt.id, date(2026, 1, 1), date(2027, 6, 30)
        )  # fmt: skip
        assert only.sla_class.value == "standard"
    assert old.ended(date(2026, 1, 1)) and not gold.ended(date(2026, 12, 31))


def test_no_companies_no_contracts(backend: Services) -> None:
    assert backend.list_contracts() == []
