"""Setup and measurement for bench/live_updates.py: the scratch database, its users and
sessions, the server process, and a monitor sampling CPU (/proc) and PostgreSQL connections.

CPU is read from /proc/<pid>/stat (utime + stime): the server with its child processes, the
console client processes, and the PostgreSQL backends serving the bench database (found in
pg_stat_activity, so other people's databases on the same server are not counted)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import psycopg
import requests

from _common import OUT, PG_ADMIN_URL, _pg_url, _recreate, existing_seed
from dispatch_console.domain.errors import DomainError
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.bulk import bulk_seed
from dispatch_console.storage.store import SqlStore

PASSWORD = "bench-password-1"
TICK = os.sysconf("SC_CLK_TCK")


def database_url(tickets: int, seed: int) -> str:
    return _pg_url(f"dispatch_bench_live_{tickets}" + (f"_s{seed}" if seed else ""))


def with_app(url: str, name: str) -> str:
    """The URL with an application_name, so pg_stat_activity tells whose connection it is."""
    return f"{url}{'&' if '?' in url else '?'}application_name={name}"


def prepare(url: str, customers: int, tickets: int, seed: int, reuse: bool) -> dict[str, Any]:
    """Seed (or reuse) the scratch database; returns the seed summary."""
    found = None
    if reuse:
        try:
            store = SqlStore(url)
            found = existing_seed(store)
            if found and store.needs_upgrade():  # seeded by an older version of the program
                print(f"upgrading {url} to this version's schema")
                store.upgrade()
            store.close()
        except Exception:
            found = None
    if found and (found["customers"], found["tickets"]) == (customers, tickets):
        print(f"reusing {url} (seeded {found['now']})")
        return found
    print(f"seeding {customers:,} customers / {tickets:,} tickets into {url}")
    _recreate("postgresql", url)
    store = SqlStore(url)
    store.upgrade()
    summary = bulk_seed(store, customers, tickets, seed=seed, progress=lambda m: print(f"  {m}"))
    store.close()
    return summary


def sessions(url: str, consoles: int, writers: int) -> tuple[list[str], list[str]]:
    """A signed-in agent per console (the server allows a user only a few event streams) and a
    session per writer, created directly in the database."""
    store = SqlStore(url)
    setup = Services(store.unit_of_work, store.feed, Actor("bench", "admin"))
    with contextlib.suppress(DomainError):  # a reused database has it already
        setup.create_first_admin("boss", "Boss", PASSWORD)
    agents = []
    for n in range(consoles):
        with contextlib.suppress(DomainError):
            setup.create_user(f"agent{n}", f"Agent {n}", "agent", PASSWORD)
        agents.append(setup.sign_in(f"agent{n}", PASSWORD)[0])
    bosses = [setup.sign_in("boss", PASSWORD)[0] for _ in range(writers)]
    store.close()
    return agents, bosses


def start_server(url: str, workers: int | None = None) -> tuple[subprocess.Popen[bytes], str]:
    """dispatch-server as bench/server.py starts it, its output kept in bench/out/ (a 5xx or
    a refused connection during a run is looked up there)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    OUT.mkdir(parents=True, exist_ok=True)
    log = open(OUT / "live_updates_server.log", "ab")  # noqa: SIM115 - the server writes to it
    server = subprocess.Popen(
        [sys.executable, "-m", "dispatch_console.server.main", "--database", url,
         "--port", str(port), *(["--workers", str(workers)] if workers else [])],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if requests.get(base + "/healthz", timeout=1).ok:
                return server, base
        except requests.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def cpu_seconds(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK
    except (OSError, IndexError, ValueError):
        return None


def runqueue_by_thread(pids: list[int]) -> dict[str, float]:
    """Seconds each thread of these processes spent runnable but waiting for a CPU
    (/proc/<pid>/task/<tid>/schedstat, second field, ns): starved, as opposed to blocked. Per
    thread, because the server's pool threads come and go: a sum over the living ones would
    lose what an exited thread had waited (and went negative)."""
    out: dict[str, float] = {}
    for pid in pids:
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tids:
            try:
                with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                    out[f"{pid}/{tid}"] = int(f.read().split()[1]) / 1e9
            except (OSError, IndexError, ValueError):
                continue
    return out


def process_tree(pid: int) -> list[int]:
    """pid and its descendants (the server's worker processes, if it has any)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of all CPUs, from /proc/stat."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + values[4]
    return (sum(values) - idle) / TICK, sum(values) / TICK


@dataclass
class Sample:
    cpu: dict[int, float] = field(default_factory=dict)  # pid -> seconds, first and last seen


class Monitor:
    """Samples once a second while a phase runs: CPU of the named process groups and of the
    bench database's PostgreSQL backends, and the connections held (per application_name)."""

    def __init__(self, dbname: str) -> None:
        self.dbname = dbname
        self._conn = psycopg.connect(PG_ADMIN_URL, autocommit=True)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.groups: dict[str, list[int]] = {}

    def start(self, groups: dict[str, list[int]]) -> None:
        self.groups = groups
        self._first: dict[str, dict[int, float]] = {}
        self._last: dict[str, dict[int, float]] = {}
        self.connections: list[dict[str, int]] = []
        self._t0 = time.monotonic()
        self._busy0 = machine_busy()
        self._server_pids = [p for root in groups.get("server", []) for p in process_tree(root)]
        self._waited0 = runqueue_by_thread(self._server_pids)
        self._waited1 = dict(self._waited0)
        self._stop.clear()
        self._sample()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(1.0):
            self._sample()

    def _sample(self) -> None:
        rows = self._conn.execute(
            "SELECT pid, coalesce(application_name, '') FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            (self.dbname,),
        ).fetchall()
        apps: dict[str, int] = {}
        for _, app in rows:
            key = "consoles" if app.startswith("bench_live_c") else app or "(other)"
            apps[key] = apps.get(key, 0) + 1
        apps["total"] = len(rows)
        self.connections.append(apps)
        groups = {name: pids for name, pids in self.groups.items()}
        groups["server"] = [p for root in self.groups.get("server", []) for p in process_tree(root)]
        groups["postgres"] = [pid for pid, _ in rows]
        self._waited1.update(runqueue_by_thread(groups["server"]))  # exited threads keep theirs
        for name, pids in groups.items():
            first = self._first.setdefault(name, {})
            last = self._last.setdefault(name, {})
            for pid in pids:
                cpu = cpu_seconds(pid)
                if cpu is None:
                    continue
                # a backend born during the phase counts from zero; others from the first sample
                first.setdefault(pid, 0.0 if self.connections[1:] and name == "postgres" else cpu)
                last[pid] = cpu

    def stop(self) -> dict[str, Any]:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self._sample()
        wall = time.monotonic() - self._t0
        busy1 = machine_busy()
        cores = {
            name: round(sum(self._last[name][p] - self._first[name][p] for p in self._last[name])
                        / wall, 2)
            for name in self._last
        }  # fmt: skip
        cores["machine"] = round((busy1[0] - self._busy0[0]) / wall, 2)
        # threads of the server that could have run but found no free CPU, on average
        # (a thread born during the phase counts from zero)
        waited = sum(w - self._waited0.get(k, 0.0) for k, w in self._waited1.items())
        cores["server_waiting_for_cpu"] = round(waited / wall, 2)
        with open("/proc/loadavg") as f:  # how many wanted the 2 cores: other people's work too
            cores["load_avg_1min"] = float(f.read().split()[0])
        peak: dict[str, int] = {}
        for sample in self.connections:
            for key, n in sample.items():
                peak[key] = max(peak.get(key, 0), n)
        return {"cpu_cores": cores, "connections_peak": peak}

    def wait_idle(self, server_pid: int | None, timeout: float = 120.0) -> float:
        """Wait until the server and the bench database's backends have nothing left to do (the
        last run's queued requests); returns how long that took."""
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            pids = process_tree(server_pid) if server_pid else []
            cpu0 = sum(cpu_seconds(p) or 0.0 for p in pids)
            time.sleep(1.0)
            busy = sum(cpu_seconds(p) or 0.0 for p in pids) - cpu0
            row = self._conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND state = 'active'"
                " AND pid <> pg_backend_pid()",
                (self.dbname,),
            ).fetchone()
            if busy < 0.05 and row is not None and row[0] == 0:
                break
        return round(time.monotonic() - t0, 1)

    def database(self) -> dict[str, int]:
        """Size of the bench database and the number of stored idempotency outcomes."""
        size = self._conn.execute("SELECT pg_database_size(%s)", (self.dbname,)).fetchone()
        with psycopg.connect(_pg_url(self.dbname), autocommit=True) as conn:
            keys = conn.execute("SELECT count(*) FROM request_keys").fetchone()
        return {"bytes": int(size[0]) if size else 0, "request_keys": int(keys[0]) if keys else 0}

    def room(self, margin: int = 10) -> int:
        """Connections still free on the PostgreSQL server (all databases), less a margin for
        the other people using it."""
        row = self._conn.execute(
            "SELECT current_setting('max_connections')::int"
            " - current_setting('superuser_reserved_connections')::int"
            " - (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')"
        ).fetchone()
        return int(row[0]) - margin if row else 0

    def close(self) -> None:
        self._conn.close()
