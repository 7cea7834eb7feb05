"""The window's docks: the call log, the callbacks (回访), the map and the dispatch board."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QWidget

from ..config import MapSettings
from ..ports import Backend, Router
from .callbacks.panel import CallbacksPanel
from .calls.log import CallLog
from .map.dispatch import DispatchController
from .map.dock import build_map_dock
from .tasks import TaskRunner
from .widgets import named

BOTTOM = Qt.DockWidgetArea.BottomDockWidgetArea


def _dock(window: QMainWindow, menu: QMenu, name: str, title: str, widget: QWidget) -> QDockWidget:
    dock = named(QDockWidget(title, window), f"dock_{name}")
    dock.setWidget(widget)
    window.addDockWidget(BOTTOM, dock)
    menu.addAction(dock.toggleViewAction())
    return dock


def build_docks(
    window: QMainWindow,
    menu: QMenu,
    backend: Backend,
    runner: TaskRunner,
    region: str,
    map_settings: MapSettings | None,
    router: Router | None,
    me: str,
    dial: Callable[[str, int | None], object],
) -> tuple[CallLog, CallbacksPanel, QDockWidget | None, DispatchController | None]:
    call_log = CallLog(backend, runner, region=region)
    _dock(window, menu, "calls", QCoreApplication.translate("MainWindow", "Calls"), call_log).hide()
    callbacks = CallbacksPanel(backend, runner, me, dial, region)
    _dock(
        window, menu, "callbacks", QCoreApplication.translate("MainWindow", "Callbacks"), callbacks
    ).hide()
    if map_settings is None:  # the map needs QtWebEngine; tests of other panels go without
        return call_log, callbacks, None, None
    map_dock, dispatch = build_map_dock(
        window,
        backend,
        runner,
        map_settings,
        QCoreApplication.translate("MainWindow", "Map"),
        router,
    )
    window.addDockWidget(BOTTOM, map_dock)
    window.resizeDocks([map_dock], [320], Qt.Orientation.Vertical)
    menu.addAction(map_dock.toggleViewAction())
    return call_log, callbacks, map_dock, dispatch


def build_schedule_dock(window: QMainWindow, beside: QDockWidget | None) -> QDockWidget:
    """The dispatch board (派工看板) beside the map, a tab of the same dock area; hidden until
    asked for (View ▸ Dispatch board), so it reads nothing at start."""
    dock = named(
        QDockWidget(QCoreApplication.translate("MainWindow", "Dispatch board"), window),
        "dock_schedule",
    )
    dock.setWidget(QWidget())  # the board itself once it is first shown (MainWindow.schedule)
    window.addDockWidget(BOTTOM, dock)
    if beside is not None:
        window.tabifyDockWidget(beside, dock)
    dock.hide()
    return dock
