"""`export` writes CSV that Excel and programs read back; `backup` makes a usable copy."""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .conftest import Seeded, run


def count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_exported_csv_parses_back_with_every_row(seeded: Seeded, tmp_path: Path) -> None:
    for what, table in (("tickets", "tickets"), ("calls", "calls"), ("callbacks", "callbacks")):
        out = tmp_path / f"{what}.csv"
        result = run("--database", seeded.url, "export", what, "-o", str(out))
        assert result.code == 0, result.err
        data = out.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
        parsed = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        assert len(parsed) == count(seeded.path, table), what
    with (tmp_path / "tickets.csv").open(encoding="utf-8-sig", newline="") as handle:
        tickets = list(csv.DictReader(handle))
    assert tickets[0]["number"] == "T0000001"
    assert any("上海市" in t["address"] for t in tickets)
    phones = [t["contact_phone"] for t in tickets if t["contact_phone"]]
    assert phones and all(p.startswith("'+86") for p in phones)  # Excel shows text, not a sum


def test_export_to_standard_output_and_raw_utc(seeded: Seeded) -> None:
    result = run("--database", seeded.url, "export", "calls", "--raw", "--utc")
    assert result.code == 0, result.err
    assert result.out.startswith("\ufeffcall_id,")
    parsed = list(csv.DictReader(io.StringIO(result.out.lstrip("\ufeff"), newline="")))
    assert len(parsed) == count(seeded.path, "calls")
    assert parsed[0]["offered_at"].endswith("+00:00")
    assert any(p["from_number"].startswith("+86") for p in parsed)


def test_times_are_written_in_the_desks_zone(seeded: Seeded) -> None:
    """The same call, exported for a desk in Shanghai (the default) and in New York."""
    rows = {}
    for zone in ("", "America/New_York", "UTC"):
        option = ("--timezone", zone) if zone else ()
        result = run("--database", seeded.url, "export", "calls", *option)
        assert result.code == 0, result.err
        rows[zone] = next(csv.DictReader(io.StringIO(result.out.lstrip("\ufeff"), newline="")))
    utc = datetime.fromisoformat(rows["UTC"]["offered_at"]).replace(tzinfo=UTC)
    for zone, name in (("", "Asia/Shanghai"), ("America/New_York", "America/New_York")):
        expected = utc.astimezone(ZoneInfo(name)).strftime("%Y-%m-%d %H:%M:%S")
        assert rows[zone]["offered_at"] == expected
    refused = run("--database", seeded.url, "export", "calls", "--timezone", "Mars/Olympus")
    assert refused.code == 2 and "not a time zone" in refused.err


def test_backup_is_a_sqlite_file_with_the_same_tickets(seeded: Seeded, tmp_path: Path) -> None:
    target = tmp_path / "backup.sqlite3"
    result = run("--database", seeded.url, "backup", "-o", str(target))
    assert result.code == 0, result.err
    assert count(target, "tickets") == count(seeded.path, "tickets") > 0
    assert count(target, "events") == count(seeded.path, "events")
    assert not Path(str(target) + "-wal").exists()
    again = run("--database", seeded.url, "backup", "-o", str(target))
    assert again.code == 1 and "--force" in again.err
    assert run("--database", seeded.url, "backup", "-o", str(target), "--force").code == 0
