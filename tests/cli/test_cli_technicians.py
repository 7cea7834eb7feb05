"""`dispatch-admin technician-device`: give a technician the id their GPS tracker reports."""

from __future__ import annotations

from pathlib import Path

from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore

from .conftest import run, sqlite_url

IMEI = "356938035643809"


def _desk(tmp_path: Path) -> tuple[str, list[int]]:
    url = sqlite_url(tmp_path / "desk.sqlite3")
    assert run("--database", url, "db", "upgrade").code == 0
    store = SqlStore(url)
    try:
        svc = Services(store.unit_of_work, store.feed, Actor("setup", "admin"))
        ids = [svc.create_technician(name, phone, None).id
               for name, phone in [("王伟", "13900001001"), ("李娜", "13900001002"),
                                   ("李娜", "13900001003")]]  # fmt: skip
    finally:
        store.close()
    return url, ids


def _device(url: str, tech: int) -> str | None:
    store = SqlStore(url)
    try:
        return (
            Services(store.unit_of_work, store.feed, Actor("t", "admin"))
            .get_technician(tech)
            .device_id
        )
    finally:
        store.close()


def test_a_device_id_is_given_by_name_phone_or_number_and_removed(tmp_path: Path) -> None:
    url, (wang, li, _) = _desk(tmp_path)
    done = run("--database", url, "technician-device", "王伟", IMEI)
    assert done.code == 0, done.err
    assert done.out == f"technician '王伟' (#{wang}, +8613900001001): '{IMEI}'\n"
    assert _device(url, wang) == IMEI
    assert run("--database", url, "technician-device", "139 0000 1002", "482411").code == 0
    assert _device(url, li) == "482411"
    cleared = run("--database", url, "technician-device", f"#{wang}", "")
    assert cleared.code == 0 and "no device id" in cleared.out
    assert _device(url, wang) is None


def test_a_device_another_technician_has_is_refused_naming_them(tmp_path: Path) -> None:
    url, (wang, li, _) = _desk(tmp_path)
    assert run("--database", url, "technician-device", str(wang), IMEI).code == 0
    taken = run("--database", url, "technician-device", str(li), IMEI)
    assert taken.code == 1
    assert f"technician '王伟' (#{wang}) already has the device id '{IMEI}'" in taken.err
    assert _device(url, li) is None


def test_what_cannot_be_done_is_said(tmp_path: Path) -> None:
    url, (_, li, li_too) = _desk(tmp_path)
    twice = run("--database", url, "technician-device", "李娜", IMEI)
    assert twice.code == 1 and f"2 technicians are called '李娜' (#{li}, #{li_too})" in twice.err
    nobody = run("--database", url, "technician-device", "张三", IMEI)
    assert nobody.code == 1 and "no technician '张三'" in nobody.err
    long = run("--database", url, "technician-device", str(li), "9" * 65)
    assert long.code == 1 and "device_id: at most 64 characters" in long.err
    assert _device(url, li) is None
