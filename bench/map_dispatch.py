"""Map and ranking at fleet scale: 10,000 technicians and 5,000 open tickets around Shanghai.

Measures, in one run:
- ranking for a ticket over 10,000 technicians (the numpy fleet) against a plain Python loop
  over the same technicians (filters, haversine, sort): p50 / p95 over 500 tickets;
- the map ready: a real QtWebEngine page (offscreen) from creating the panel to both layers
  drawn (10,000 technicians, 5,000 tickets), against the naive approach: folium rendering the
  whole page with every marker in it, then loading that page;
- a batch of 1,000 position updates applied in the page (time inside the page, and the round
  trip from Python).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/map_dispatch.py [--technicians 10000]
        [--ranking-only]   (the ranking alone: seconds, no QtWebEngine page)
        [--slots]          (ranking by the earliest slot over 1,000 technicians' days, against
                            the naive loop: bench/_slot_ranking.py; no page)
"""

from __future__ import annotations

import argparse
import math
import os
import random
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import PySide6.QtWebEngineWidgets  # noqa: F401
from PySide6.QtCore import QEventLoop, QTimer, QUrl
from PySide6.QtWidgets import QApplication

from _common import percentiles, write_json
from dispatch_console.config import MapSettings
from dispatch_console.domain.enums import TechnicianStatus
from dispatch_console.domain.ranking import (
    Fleet,
    FleetMember,
    Job,
    RankingPolicy,
    TicketPin,
    rank,
)
from dispatch_console.ui.map.scheme import register_scheme

CENTER = (31.2304, 121.4737)
SKILLS = ("lift", "hvac", "printer", "network", "kiosk")
STATUSES = (
    [TechnicianStatus.AVAILABLE] * 5
    + [TechnicianStatus.EN_ROUTE, TechnicianStatus.ON_SITE, TechnicianStatus.BUSY]
    + [TechnicianStatus.OFF_DUTY] * 2
)
NOW = datetime.now(UTC)


def fleet_members(n: int, rng: random.Random) -> list[FleetMember]:
    return [
        FleetMember(
            id=i + 1,
            name=f"技术员{i + 1:05d}",
            department_id=rng.randint(1, 5),
            skills=tuple(rng.sample(SKILLS, rng.randint(1, 2))),
            status=rng.choice(STATUSES),
            max_open_jobs=5,
            open_jobs=rng.randint(0, 5),
            lat=CENTER[0] + rng.gauss(0, 0.12),
            lon=CENTER[1] + rng.gauss(0, 0.15),
            position_at=NOW - timedelta(minutes=rng.randint(0, 60)),
            parts=frozenset(rng.sample(range(1, 60), 3)),
        )
        for i in range(n)
    ]


def jobs(n: int, rng: random.Random) -> list[Job]:
    return [
        Job(
            ticket_id=i + 1,
            lat=CENTER[0] + rng.gauss(0, 0.1),
            lon=CENTER[1] + rng.gauss(0, 0.12),
            required_skills=(rng.choice(SKILLS),),
            department_id=rng.randint(1, 5),
            arrival_due_at=NOW + timedelta(minutes=rng.randint(30, 480)),
            fitting_parts=frozenset(rng.sample(range(1, 60), 4)),
            previous_technicians=(rng.randint(1, 100),),
        )
        for i in range(n)
    ]


def naive_rank(members: list[FleetMember], job: Job, limit: int = 10) -> list[tuple[float, int]]:
    """The obvious Python: filter, score and sort every technician, one at a time."""
    policy = RankingPolicy()
    scored = []
    due_min = (job.arrival_due_at - NOW).total_seconds() / 60 if job.arrival_due_at else None
    for m in members:
        if m.department_id != job.department_id or m.status is TechnicianStatus.OFF_DUTY:
            continue
        if not set(job.required_skills) <= set(m.skills) or m.open_jobs >= m.max_open_jobs:
            continue
        if m.status is not TechnicianStatus.AVAILABLE or m.lat is None or m.lon is None:
            continue
        p1, p2 = math.radians(m.lat), math.radians(job.lat)
        dp, dl = p2 - p1, math.radians(job.lon - m.lon)
        a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
        km = 2 * 6371.0088 * math.asin(math.sqrt(a))
        eta = km * policy.road_factor / policy.speed_kmh * 60
        score = eta + m.open_jobs * policy.minutes_per_open_job
        if m.parts & job.fitting_parts:
            score -= policy.parts_bonus_minutes
        if m.id in job.previous_technicians:
            score -= policy.previous_bonus_minutes
        if due_min is not None and due_min - eta < 0:
            score += (eta - due_min) * policy.late_weight
        scored.append((score, m.id))
    scored.sort()
    return scored[:limit]


def bench_ranking(members: list[FleetMember], rng: random.Random) -> dict[str, Any]:
    fleet = Fleet(members)
    sample = jobs(500, rng)
    for job in sample[:20]:  # warm up
        rank(fleet, job, NOW)
    ours, naive = [], []
    for job in sample:
        started = time.perf_counter()
        result = rank(fleet, job, NOW)
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        expected = naive_rank(members, job)
        naive.append(time.perf_counter() - started)
        assert [c.technician_id for c in result.candidates] == [i for _, i in expected]
    ours_p, naive_p = percentiles(ours), percentiles(naive)
    print(
        f"ranking over {len(members):,} technicians: p50 {ours_p['p50_ms']:.2f} ms, "
        f"p95 {ours_p['p95_ms']:.2f} ms; plain Python loop p50 {naive_p['p50_ms']:.1f} ms, "
        f"p95 {naive_p['p95_ms']:.1f} ms ({naive_p['p95_ms'] / ours_p['p95_ms']:.0f}x)"
    )
    return {"ours": ours_p, "naive_loop": naive_p}


def wait_for(app: QApplication, predicate: Any, timeout_s: float = 60.0) -> None:
    """Run the event loop until `predicate()` holds (polled every millisecond)."""
    if predicate():
        return
    loop = QEventLoop()
    deadline = time.monotonic() + timeout_s
    poll = QTimer(interval=1)

    def check() -> None:
        if predicate() or time.monotonic() > deadline:
            loop.quit()

    poll.timeout.connect(check)
    poll.start()
    loop.exec()
    poll.stop()
    if not predicate():
        raise TimeoutError


def bench_map(
    app: QApplication, members: list[FleetMember], pins: list[TicketPin]
) -> dict[str, Any]:
    from dispatch_console.ui.map.panel import MapPanel

    settings = MapSettings(offline=True)  # no tiles over the network in a benchmark
    drawn: dict[str, float] = {}
    started = time.perf_counter()
    panel = MapPanel(settings)
    painted: dict[str, float] = {}
    panel.applied.connect(lambda kind, n, ms: drawn.__setitem__(kind, ms))
    panel.painted.connect(lambda kind, n, ms: painted.__setitem__(kind, ms))
    panel.resize(1200, 800)
    panel.show()
    panel.show_technicians(members, NOW)  # queued until the page is ready
    panel.show_tickets(pins)
    wait_for(app, lambda: {"technicians", "tickets"} <= drawn.keys())
    ready_s = time.perf_counter() - started
    print(
        f"map ready with {len(members):,} technicians and {len(pins):,} tickets: "
        f"{ready_s:.2f} s (drawing in the page: technicians {drawn['technicians']:.0f} ms, "
        f"tickets {drawn['tickets']:.0f} ms)"
    )

    rng = random.Random(7)
    batches = []
    for _ in range(10):
        fixes = [
            (m.id, (m.lat or 0) + rng.gauss(0, 0.002), (m.lon or 0) + rng.gauss(0, 0.002), None)
            for m in rng.sample(members, 1000)
        ]
        drawn.pop("positions", None)
        painted.pop("positions", None)
        t0 = time.perf_counter()
        panel.move_technicians(fixes)
        wait_for(app, lambda: "positions" in painted)
        batches.append(
            (drawn["positions"], painted["positions"], (time.perf_counter() - t0) * 1000)
        )
    # the transport alone: an empty batch on an idle page
    idle = []
    for _ in range(10):
        painted.pop("positions", None)
        t0 = time.perf_counter()
        panel.move_technicians([])
        wait_for(app, lambda: "positions" in painted)
        idle.append((time.perf_counter() - t0) * 1000)
    idle.sort()
    in_page = sorted(b[0] for b in batches)
    with_paint = sorted(b[1] for b in batches)
    round_trip = sorted(b[2] for b in batches)
    mid = len(batches) // 2
    print(
        f"1,000 position updates: applied in the page median {in_page[mid]:.1f} ms "
        f"(max {in_page[-1]:.1f}); with the canvas redrawn {with_paint[mid]:.1f} ms "
        f"(max {with_paint[-1]:.1f}); round trip from Python {round_trip[mid]:.1f} ms "
        f"(an empty batch: {idle[len(idle) // 2]:.1f} ms)"
    )
    panel.deleteLater()
    app.processEvents()
    return {
        "ready_s": round(ready_s, 3),
        "draw_technicians_ms": round(drawn["technicians"], 1),
        "draw_tickets_ms": round(drawn["tickets"], 1),
        "positions_1000_in_page_ms": {"median": in_page[len(in_page) // 2], "max": in_page[-1]},
        "positions_1000_painted_ms": {"median": with_paint[mid], "max": with_paint[-1]},
        "empty_batch_round_trip_ms": idle[len(idle) // 2],
        "positions_1000_round_trip_ms": {
            "median": round_trip[len(round_trip) // 2],
            "max": round_trip[-1],
        },
    }


def bench_naive_map(
    app: QApplication, members: list[FleetMember], pins: list[TicketPin]
) -> dict[str, Any]:
    """Re-rendering: folium builds the page with every marker in it, and the page is loaded."""
    import folium
    from PySide6.QtWebEngineWidgets import QWebEngineView

    from dispatch_console.ui.map.page import ASSETS
    from dispatch_console.ui.map.scheme import PageContent, scheme_handler

    started = time.perf_counter()
    m = folium.Map(location=CENTER, zoom_start=12, tiles=None, prefer_canvas=True)
    m.default_js = [("leaflet", f"{ASSETS}/leaflet/leaflet.js")]
    m.default_css = [("leaflet_css", f"{ASSETS}/leaflet/leaflet.css")]
    for t in members:
        folium.CircleMarker((t.lat, t.lon), radius=7, fill=True, tooltip=t.name).add_to(m)
    for p in pins:
        folium.CircleMarker((p.lat, p.lon), radius=6, fill=True, tooltip=p.number).add_to(m)
    html = m.get_root().render().encode("utf-8")  # type: ignore[attr-defined]
    built_s = time.perf_counter() - started
    scheme_handler().pages["naive"] = PageContent(html, None)
    view = QWebEngineView()
    loaded: list[bool] = []
    view.loadFinished.connect(loaded.append)
    view.resize(1200, 800)
    view.show()
    view.load(QUrl("dcmap:///naive/page.html"))
    wait_for(app, lambda: bool(loaded), timeout_s=120)
    total_s = time.perf_counter() - started
    print(
        f"naive re-render: folium builds {len(html) / 1e6:.1f} MB of HTML in {built_s:.2f} s, "
        f"loaded after {total_s:.2f} s, and again for every update"
    )
    view.deleteLater()
    app.processEvents()
    return {"build_s": round(built_s, 3), "ready_s": round(total_s, 3), "html_mb": len(html) / 1e6}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--technicians", type=int, default=10_000)
    p.add_argument("--tickets", type=int, default=5_000)
    p.add_argument("--ranking-only", action="store_true", help="measure the ranking alone")
    p.add_argument("--slots", action="store_true", help="ranking by the schedule's slots")
    p.add_argument("--slot-technicians", type=int, default=1000)
    p.add_argument("--slot-visits", type=int, default=200)
    args = p.parse_args()
    rng = random.Random(1)
    if args.slots:
        from _slot_ranking import bench_slot_ranking

        found = bench_slot_ranking(args.slot_technicians, args.slot_visits, rng)
        write_json("map_dispatch_slots", {"slots": found})
        return
    members = fleet_members(args.technicians, rng)
    if args.ranking_only:
        write_json("map_dispatch_ranking", {"ranking": bench_ranking(members, rng)})
        return
    pins = [
        TicketPin(i + 1, "电梯困人", CENTER[0] + rng.gauss(0, 0.1), CENTER[1] + rng.gauss(0, 0.12),
                  rng.choice(("critical", "high", "normal", "low")),
                  rng.choice(("ok", "at_risk", "breached")))
        for i in range(args.tickets)
    ]  # fmt: skip
    results: dict[str, Any] = {"ranking": bench_ranking(members, rng)}
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
    register_scheme()
    app = QApplication([])
    results["map"] = bench_map(app, members, pins)
    results["naive_map"] = bench_naive_map(app, members, pins)
    ratio = results["naive_map"]["ready_s"] / results["map"]["ready_s"]
    print(f"first map: {ratio:.1f}x faster than re-rendering; every later update skips it")
    write_json("map_dispatch", results)
    QTimer.singleShot(0, app.quit)
    app.exec()


if __name__ == "__main__":
    main()
