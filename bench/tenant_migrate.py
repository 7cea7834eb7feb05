"""Migrations across many companies (`dispatch-admin tenant migrate --parallel N`): how long a
small migration takes across them, one at a time and several at once, and how long the check
"is every company current?" takes.

    .venv/bin/python bench/tenant_migrate.py [--tenants 200] [--parallel 1,4]

Uses the companies `bench/tenant_connections.py --keep` left (their catalogue `tconn_catalogue`).
Before each timed run, the first `--tenants` companies are put one revision back by hand, as
Alembic's downgrade of 0020 would (its table dropped, the version stamped 0019), so that the run
applies a real migration (a table and an index) to each. The catalogue lists all of them; the
run migrates those behind and checks the others.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from typing import Any

import psycopg

from _common import PG_ADMIN_URL, write_json
from dispatch_console.storage.tenants import Catalogue

PREFIX = "tconn_"


def url_of(name: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def one_back(urls: list[str]) -> None:
    for url in urls:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("DROP TABLE IF EXISTS address_allowances")
            conn.execute("UPDATE alembic_version SET version_num = '0019'")


def migrate(parallel: int) -> tuple[float, str]:
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "dispatch_console.cli.admin", "tenant", "--catalogue",
         url_of(PREFIX + "catalogue"), "migrate", "--parallel", str(parallel)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return time.perf_counter() - t0, (done.stdout + done.stderr).strip().splitlines()[-1]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--tenants", type=int, default=200, help="how many are put one back")
    p.add_argument("--parallel", default="1,4", help="comma-separated --parallel values")
    a = p.parse_args()
    catalogue = Catalogue(url_of(PREFIX + "catalogue"))
    listed = catalogue.all()
    catalogue.close()
    urls = [t.database_url for t in listed][: a.tenants]
    result: dict[str, Any] = {"listed": len(listed), "migrated": len(urls), "runs": []}
    for parallel in (int(x) for x in a.parallel.split(",")):
        one_back(urls)
        took, said = migrate(parallel)
        check, _ = migrate(parallel)  # everyone current: what a check costs
        run = {"parallel": parallel, "migrate_s": round(took, 1), "check_all_s": round(check, 1),
               "said": said}  # fmt: skip
        print(run, flush=True)
        result["runs"].append(run)
    write_json(f"tenant_migrate_{len(urls)}_of_{len(listed)}", result)


if __name__ == "__main__":
    main()
