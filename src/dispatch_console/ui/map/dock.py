"""The map dock: the live map beside the ranked list of who should go."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QSplitter

from ...config import MapSettings
from ...ports import Backend, Router
from ..tasks import TaskRunner
from ..widgets import named
from .candidates import CandidatesPanel
from .dispatch import DispatchController
from .panel import MapPanel


def build_map_dock(
    window: QMainWindow,
    backend: Backend,
    runner: TaskRunner,
    settings: MapSettings,
    title: str,
    router: Router | None = None,
) -> tuple[QDockWidget, DispatchController]:
    dock = named(QDockWidget(title, window), "dock_map")
    map_panel = MapPanel(settings, deferred=True)  # built by the controller's first reload
    candidates = CandidatesPanel()
    splitter = named(QSplitter(Qt.Orientation.Horizontal), "map_splitter")
    splitter.addWidget(map_panel)
    splitter.addWidget(candidates)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 2)
    # as its size hints would split it: the map's view has no size of its own until its page loads,
    # after the queue shows, and a splitter would otherwise give it nothing
    splitter.setSizes([360, 640])
    dock.setWidget(splitter)
    # the controller draws on the dock's widgets: it goes with them, and so do its answers
    controller = DispatchController(backend, runner, map_panel, candidates, dock, router=router)
    return dock, controller
