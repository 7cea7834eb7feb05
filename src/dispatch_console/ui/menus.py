"""The menu bar: every command with its shortcut in one place, so agents can find the keys."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu


@dataclass
class Commands:
    """What the window can do; the menus only trigger these."""

    new_ticket: Callable[[], object]
    edit_ticket: Callable[[], object]
    add_note: Callable[[], object]
    dispatch: Callable[[], object]
    call_customer: Callable[[], object]
    request_callback: Callable[[], object]
    take_callback: Callable[[], object]
    review_callbacks: Callable[[], object]
    routing_rules: Callable[[], object]
    live_board: Callable[[], object]
    schedule_board: Callable[[], object]
    working_hours: Callable[[], object]
    next_ticket: Callable[[], object]
    previous_ticket: Callable[[], object]
    search: Callable[[], object]
    reload: Callable[[], object]
    settings: Callable[[], object]
    my_contacts: Callable[[], object]
    change_password: Callable[[], object]
    print_labels: Callable[[], object]
    shortcuts: Callable[[], object]
    quit: Callable[[], object]
    about: Callable[[], object] | None = None
    seats: Callable[[], object] | None = None  # a hosted company's administrators


def _add(
    menu: QMenu, text: str, keys: str | QKeySequence.StandardKey, slot: Callable[[], object]
) -> QAction:
    action = menu.addAction(text)
    action.setShortcut(QKeySequence(keys))
    action.triggered.connect(lambda _=False: slot())
    return action


def build_menus(window: QMainWindow, c: Commands) -> dict[str, QAction]:
    bar = window.menuBar()
    actions: dict[str, QAction] = {}
    file = bar.addMenu(QCoreApplication.translate("menus", "&File"))
    actions["new"] = _add(
        file,
        QCoreApplication.translate("menus", "&New ticket…"),
        QKeySequence.StandardKey.New,
        c.new_ticket,
    )
    actions["print_labels"] = _add(
        file,
        QCoreApplication.translate("menus", "Print &QR labels…"),
        "Ctrl+Shift+L",
        c.print_labels,
    )
    actions["routing_rules"] = _add(
        file,
        QCoreApplication.translate("menus", "Routing &rules…"),
        "Ctrl+Shift+U",
        c.routing_rules,
    )
    actions["working_hours"] = _add(
        file,
        QCoreApplication.translate("menus", "Working &hours and leave…"),
        "Ctrl+Shift+H",
        c.working_hours,
    )
    file.addSeparator()
    actions["settings"] = _add(
        file, QCoreApplication.translate("menus", "&Settings…"), "Ctrl+,", c.settings
    )
    actions["my_contacts"] = _add(
        file, QCoreApplication.translate("menus", "Where my &alerts go…"), "", c.my_contacts
    )
    actions["change_password"] = _add(
        file, QCoreApplication.translate("menus", "Change my &password…"), "", c.change_password
    )
    if c.seats is not None:
        actions["seats"] = _add(
            file, QCoreApplication.translate("menus", "S&eats and sign-ins…"), "", c.seats
        )
    file.addSeparator()
    actions["quit"] = _add(file, QCoreApplication.translate("menus", "&Quit"), "Ctrl+Q", c.quit)
    ticket = bar.addMenu(QCoreApplication.translate("menus", "&Ticket"))
    actions["edit"] = _add(
        ticket, QCoreApplication.translate("menus", "&Edit…"), "Ctrl+E", c.edit_ticket
    )
    actions["note"] = _add(
        ticket, QCoreApplication.translate("menus", "Add a &note…"), "Ctrl+M", c.add_note
    )
    actions["dispatch"] = _add(
        ticket, QCoreApplication.translate("menus", "&Dispatch…"), "Ctrl+D", c.dispatch
    )
    actions["call"] = _add(
        ticket,
        QCoreApplication.translate("menus", "&Call the customer"),
        "Ctrl+Shift+D",
        c.call_customer,
    )
    actions["request_callback"] = _add(
        ticket,
        QCoreApplication.translate("menus", "Call &back later…"),
        "Ctrl+Shift+B",
        c.request_callback,
    )
    status = ticket.addMenu(QCoreApplication.translate("menus", "Change &status"))
    actions["status_menu"] = status.menuAction()  # the window fills it with the allowed steps
    ticket.addSeparator()
    actions["next"] = _add(
        ticket, QCoreApplication.translate("menus", "Ne&xt ticket"), "Ctrl+Down", c.next_ticket
    )
    actions["previous"] = _add(
        ticket,
        QCoreApplication.translate("menus", "&Previous ticket"),
        "Ctrl+Up",
        c.previous_ticket,
    )
    callbacks = bar.addMenu(QCoreApplication.translate("menus", "Call&backs"))
    actions["take_callback"] = _add(
        callbacks,
        QCoreApplication.translate("menus", "Take the &next callback"),
        "Ctrl+B",
        c.take_callback,
    )
    actions["review_callbacks"] = _add(
        callbacks,
        QCoreApplication.translate("menus", "&Review and dashboard…"),
        "Ctrl+Shift+R",
        c.review_callbacks,
    )
    view = bar.addMenu(QCoreApplication.translate("menus", "&View"))
    actions["search"] = _add(
        view,
        QCoreApplication.translate("menus", "&Search"),
        QKeySequence.StandardKey.Find,
        c.search,
    )
    actions["reload"] = _add(view, QCoreApplication.translate("menus", "&Reload"), "F5", c.reload)
    actions["live_board"] = _add(
        view, QCoreApplication.translate("menus", "&Live board"), "Ctrl+Shift+W", c.live_board
    )
    actions["schedule_board"] = _add(
        view,
        QCoreApplication.translate("menus", "&Dispatch board"),
        "Ctrl+Shift+S",
        c.schedule_board,
    )
    actions["view_menu"] = view.menuAction()  # the window adds its docks' toggles here
    help_menu = bar.addMenu(QCoreApplication.translate("menus", "&Help"))
    actions["shortcuts"] = _add(
        help_menu, QCoreApplication.translate("menus", "&Keyboard shortcuts"), "F1", c.shortcuts
    )
    if c.about is not None:
        help_menu.addSeparator()
        actions["about"] = _add(
            help_menu, QCoreApplication.translate("menus", "&About Dispatch Console"), "", c.about
        )
    return actions
