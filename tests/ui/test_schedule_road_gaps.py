"""The dispatch board's travel gaps by road: a desk in Berlin made through the use cases on a
real SQLite database, and a fake OSRM on a real socket answering with OSRM's own published
table (tests/travel/route_service.py). The board opens on the straight-line estimate without
waiting for the service, redraws the gaps by road when they arrive and says which is which;
a failing service leaves the estimate, one log line and no error; a second read asks nothing."""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QLabel, QToolTip
from pytestqt.qtbot import QtBot

from dispatch_console.domain.schedule.travel import STRAIGHT_LINE
from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore
from dispatch_console.travel.road_times import RoadTimes
from dispatch_console.travel.routers import OsrmRouter
from dispatch_console.ui.schedule.geometry import Bar
from dispatch_console.ui.schedule.panel import SchedulePanel
from dispatch_console.ui.tasks import TaskRunner
from travel.route_service import OSRM_EXAMPLE, OSRM_POINTS, FakeRouteService, route_service

from .schedule_desk import EVERY_DAY, NOW, desk_clock, tomorrow

FRIEDRICH, TOR, PLATZ = OSRM_POINTS
SECONDS = OSRM_EXAMPLE["durations"]
# whole minutes, rounded up, as the schedule plans travel: from Ann's position to the 09:00
# job, then on to the 14:00 one
BY_ROAD = [math.ceil(SECONDS[0][1] / 60) * 60.0, math.ceil(SECONDS[1][2] / 60) * 60.0]


def _minutes(origin: tuple[float, float], site: tuple[float, float]) -> float:
    lat, lon = origin
    return math.ceil(float(STRAIGHT_LINE.to_site(np.array([lat]), np.array([lon]), *site)[0]))


ESTIMATED = [_minutes(FRIEDRICH, TOR) * 60.0, _minutes(TOR, PLATZ) * 60.0]
assert ESTIMATED != BY_ROAD  # else the test could not tell them apart


@pytest.fixture
def berlin(store: SqlStore) -> tuple[Services, int]:
    """Ann at Friedrichstraße, booked tomorrow at Torstraße (09:00) and then at the Platz der
    Vereinten Nationen (14:00): OSRM's example points."""
    b = Services(store.unit_of_work, store.feed, Actor("lead", "supervisor"), clock=desk_clock())
    dept = b.create_department("Mitte", "MI")
    ann = b.create_technician("Ann", "13900000001", dept.id, ("printer",))
    b.set_technician_hours(ann.id, EVERY_DAY)
    b.report_position(ann.id, *FRIEDRICH, 10.0, NOW)
    for i, (name, where, hour) in enumerate((("Torstraße", TOR, 9), ("Platz", PLATZ, 14))):
        customer = b.create_customer(name, [f"1381234{i:04d}"])
        site = b.create_site(name, f"{i} Str.", *where, customer_id=customer.id)
        draft = TicketDraft(
            "phone", "printer", "normal", "jam", customer_id=customer.id, site_id=site.id,
            department_id=dept.id,
        )  # fmt: skip
        t = b.create_ticket(draft)
        b.place_visit(t.id, t.version, ann.id, tomorrow(hour))
    return b, ann.id


@pytest.fixture
def osrm() -> Iterator[FakeRouteService]:
    with route_service("osrm") as fake:
        yield fake


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    failed: list[object] = []
    tasks.failed.connect(failed.append)
    yield tasks
    tasks.wait(5000)
    assert failed == []  # nothing reached the console as an error


def _panel(
    qtbot: QtBot, berlin: tuple[Services, int], runner: TaskRunner, road: RoadTimes
) -> SchedulePanel:
    panel = SchedulePanel(berlin[0], runner, "Asia/Shanghai", now=lambda: NOW, road=road)
    qtbot.addWidget(panel)
    panel.resize(1200, 400)
    panel.show()
    qtbot.waitUntil(lambda: len(panel.board.canvas.rows) == 1, timeout=5000)
    panel.board.canvas.scroll_to(tomorrow(7).timestamp())
    return panel


def bars(panel: SchedulePanel, ann: int) -> list[Bar]:
    return panel.board.rows[ann].bars


def tooltip_over_leg(panel: SchedulePanel, bar: Bar) -> list[str]:
    canvas = panel.board.canvas
    g = canvas.geometry_
    where = QPoint(int(g.x((bar.reach + bar.start) / 2)), g.y(0) + g.row_px // 2)
    view = canvas.viewport()
    assert canvas.bar_at(where) is None  # over the leg, not the bar
    QApplication.sendEvent(view, QHelpEvent(QEvent.Type.ToolTip, where, view.mapToGlobal(where)))
    assert QToolTip.isVisible()
    lines = QToolTip.text().splitlines()
    QToolTip.hideText()
    return lines


def test_the_board_opens_on_the_estimate_and_redraws_its_gaps_by_road(
    qtbot: QtBot, berlin: tuple[Services, int], osrm: FakeRouteService, runner: TaskRunner
) -> None:
    osrm.mode = "hold"  # the service answers only when the test lets it
    road = RoadTimes(OsrmRouter(osrm.url, timeout_s=5))
    panel = _panel(qtbot, berlin, runner, road)
    _, ann = berlin
    qtbot.waitUntil(lambda: osrm.count == 1, timeout=5000)
    # the board is on screen while the request is held: nothing waited for the service
    assert [b.travel for b in bars(panel, ann)] == ESTIMATED
    assert not any(b.by_road for b in bars(panel, ann))
    assert (
        f"Travel {ESTIMATED[0] / 60:.0f} min before it (straight-line estimate)"
        in tooltip_over_leg(panel, bars(panel, ann)[0])
    )
    legend = [label.text() for label in panel.board.findChildren(QLabel)]
    assert "Travel (solid: by road, dashed: straight-line estimate)" in legend
    osrm.release.set()
    qtbot.waitUntil(lambda: all(b.by_road for b in bars(panel, ann)), timeout=5000)
    assert [b.travel for b in bars(panel, ann)] == BY_ROAD
    assert "Travel 4 min before it, by road" in tooltip_over_leg(panel, bars(panel, ann)[0])
    assert "Travel 5 min before it, by road" in tooltip_over_leg(panel, bars(panel, ann)[1])
    assert osrm.count == 1  # the day's two legs in one table
    # read again (days shown changed, or a refresh): the cache answers, the service is not asked
    panel.reload()
    qtbot.waitUntil(lambda: panel.board.message.text() == "", timeout=5000)
    runner.wait(5000)
    assert [b.travel for b in bars(panel, ann)] == BY_ROAD and osrm.count == 1


@pytest.mark.parametrize("mode", ["500", "garbage", "slow"])
def test_a_failing_service_leaves_the_estimate_one_log_line_and_no_error(
    qtbot: QtBot,
    berlin: tuple[Services, int],
    osrm: FakeRouteService,
    runner: TaskRunner,
    mode: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    osrm.mode, osrm.delay_s = mode, 1.0
    road = RoadTimes(OsrmRouter(osrm.url, timeout_s=0.3))
    with caplog.at_level(logging.INFO, "dispatch_console"):
        panel = _panel(qtbot, berlin, runner, road)
        qtbot.waitUntil(lambda: osrm.count == 1 and runner.in_flight == 0, timeout=5000)
        panel.reload()  # read again during the outage: not asked again, not logged again
        qtbot.waitUntil(lambda: runner.in_flight == 0, timeout=5000)
    _, ann = berlin
    assert [b.travel for b in bars(panel, ann)] == ESTIMATED
    assert not any(b.by_road for b in bars(panel, ann))
    assert osrm.count == 1
    said = [r for r in caplog.records if r.name.startswith("dispatch_console.travel")]
    assert [r.levelname for r in said] == ["WARNING"]
    assert "straight-line estimates until it answers" in said[0].getMessage()
    assert (
        f"Travel {ESTIMATED[0] / 60:.0f} min before it (straight-line estimate)"
        in tooltip_over_leg(panel, bars(panel, ann)[0])
    )


def test_a_day_the_feed_refreshes_asks_only_for_its_new_leg(
    qtbot: QtBot, berlin: tuple[Services, int], osrm: FakeRouteService, runner: TaskRunner
) -> None:
    backend, ann = berlin
    panel = _panel(qtbot, berlin, runner, RoadTimes(OsrmRouter(osrm.url)))
    qtbot.waitUntil(lambda: all(b.by_road for b in bars(panel, ann)), timeout=5000)
    customer = backend.create_customer("Friedrichstraße", ["13812349999"])
    site = backend.create_site("Friedrichstraße", "9 Str.", *FRIEDRICH, customer_id=customer.id)
    draft = TicketDraft(
        "phone", "printer", "normal", "jam", customer_id=customer.id, site_id=site.id,
    )  # fmt: skip
    t = backend.create_ticket(draft)
    backend.place_visit(t.id, t.version, ann, tomorrow(16))  # from the Platz back to Friedrichstr.
    panel.on_events(backend.wait_for_changes(0, timeout=0).events)  # as the feed hands them on
    qtbot.waitUntil(lambda: len(bars(panel, ann)) == 3, timeout=5000)
    qtbot.waitUntil(lambda: bars(panel, ann)[2].by_road, timeout=5000)
    assert [b.travel for b in bars(panel, ann)] == [*BY_ROAD, math.ceil(SECONDS[2][0] / 60) * 60]
    assert osrm.count == 2
    assert "sources=0&destinations=1" in osrm.requests[1][0]  # the new leg alone


def test_the_window_makes_the_boards_road_times_when_it_makes_the_board(
    qtbot: QtBot, berlin: tuple[Services, int], osrm: FakeRouteService
) -> None:
    from dispatch_console.travel.routers import road_times_for
    from dispatch_console.ui.main_window import MainWindow

    made: list[object] = []

    def road_times() -> object:
        made.append(road_times_for("osrm", osrm.url))
        return made[-1]

    backend, _ = berlin
    w = MainWindow(
        backend,
        backend.actor,
        "test",
        road_times=road_times,  # type: ignore[arg-type]
        clock=lambda: NOW,
    )
    qtbot.addWidget(w)
    assert made == []  # not at start: the board (and numpy) come when first shown
    board = w.schedule.board
    assert isinstance(made[0], RoadTimes) and board.gaps is made[0].known
    assert w.schedule is w.schedule and len(made) == 1
    assert road_times_for("osrm", "") is None  # no route service: the estimate alone
