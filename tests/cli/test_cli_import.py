"""`import customers`: every row checked first; everything imported, or nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from .conftest import run, sqlite_url

HEADER = "name,phones,email,language,company,notes\n"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "import.sqlite3"
    assert run("--database", sqlite_url(path), "db", "upgrade").code == 0
    return path


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "customers.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_good_rows_are_all_imported_with_their_events(db: Path, tmp_path: Path) -> None:
    csv_file = write(
        tmp_path,
        "\ufeff"
        + HEADER
        + "王伟,138 1234 5678; 021-6288 8000,wang.wei@example.com,zh_CN,申江物业管理有限公司,VIP\n"
        + "James Wilson,+86 139 1234 5678,,en,,\n"
        + '李娜,13912345679,,,申江物业管理有限公司,"多行\n备注"\n',
    )
    result = run("--database", sqlite_url(db), "import", "customers", str(csv_file))
    assert result.code == 0, result.out + result.err
    assert "imported 3 customers and 1 new company" in result.out
    assert rows(db, "SELECT count(*) FROM customers") == [(3,)]
    assert rows(db, "SELECT count(*) FROM companies") == [(1,)]
    phones = rows(db, "SELECT number, label FROM customer_phones ORDER BY id")
    assert phones[:2] == [("+8613812345678", "mobile"), ("+862162888000", "office")]
    events = rows(db, "SELECT count(*) FROM events WHERE entity = 'customer' AND kind = 'created'")
    assert events == [(3,)]


def test_one_bad_row_imports_nothing_and_names_line_and_field(db: Path, tmp_path: Path) -> None:
    csv_file = write(
        tmp_path,
        HEADER
        + "王伟,13812345678,,,,\n"
        + "李娜,12345,,,,\n"
        + "张强,13912345678,not-an-email,,,\n"
        + ",13712345678,,,,\n"
        + "赵敏,13612345678,,fr,,\n",
    )
    result = run("--database", sqlite_url(db), "import", "customers", str(csv_file))
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0].startswith("line 3: phones: ")
    assert lines[1].startswith("line 4: email: ")
    assert lines[2].startswith("line 5: name: ")
    assert lines[3].startswith("line 6: language: ")
    assert "nothing was imported" in result.err
    assert rows(db, "SELECT count(*) FROM customers") == [(0,)]
    assert rows(db, "SELECT count(*) FROM events") == [(0,)]


def test_a_bad_header_and_a_gbk_file(db: Path, tmp_path: Path) -> None:
    bad = write(tmp_path, "name,phone\n王伟,13812345678\n")
    result = run("--database", sqlite_url(db), "import", "customers", str(bad))
    assert result.code == 1 and "line 1: header: unknown columns ['phone']" in result.out
    gbk = write(tmp_path, HEADER + "王伟,13812345678,,,,上海客户\n", encoding="gb18030")
    result = run("--database", sqlite_url(db), "import", "customers", str(gbk))
    assert result.code == 0, result.out + result.err
    assert rows(db, "SELECT name, notes FROM customers") == [("王伟", "上海客户")]


def test_the_help_documents_the_format() -> None:
    result = run("import", "customers", "--help")
    assert result.code == 0
    assert "line N: field: reason" in result.out and "phones" in result.out
